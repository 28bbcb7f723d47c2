import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsISO8601, IsOptional, IsUUID } from 'class-validator';
import type { PublishOpenSessionRequest } from '@invigil/contracts';

export class PublishOpenSessionDto implements PublishOpenSessionRequest {
  @ApiProperty({ description: 'true publishes the block as an open session; false withdraws it' })
  @IsBoolean()
  open!: boolean;
}

export class ListOpenSessionsQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsUUID() examId?: string;
  @ApiPropertyOptional({ description: 'ISO instant; never earlier than the change cut-off from now' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;
  @ApiPropertyOptional({ description: 'ISO instant; default 120 days after `from`' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}

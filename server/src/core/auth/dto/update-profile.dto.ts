import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import type { UpdateProfileRequest } from '@invigil/contracts';
import { IsTimeZone } from '../../http/is-time-zone';

export class UpdateProfileDto implements UpdateProfileRequest {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  displayName?: string;

  @ApiPropertyOptional({ nullable: true, example: 'America/Toronto' })
  @IsOptional()
  @IsTimeZone()
  timeZone?: string | null;
}

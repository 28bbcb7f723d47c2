import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';

export class ListCredentialsDto {
  @ApiPropertyOptional() @IsOptional() @IsUUID() certificationBodyId?: string;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Matches } from 'class-validator';
import type { RecordTrainingRequest } from '@invigil/contracts';

export class RecordTrainingDto implements RecordTrainingRequest {
  @ApiProperty({ example: '2026-01-15', description: 'centre-local date, not in the future' })
  @IsString()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: '$property must be a date written yyyy-MM-dd' })
  trainedOn!: string;

  @ApiPropertyOptional({
    description: 'a currently trained proctor of the same centre; leave out when the operator trained',
  })
  @IsOptional()
  @IsUUID()
  trainerUserId?: string;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import type { AttemptOutcome, RecordAttemptResultRequest } from '@invigil/contracts';

export class RecordAttemptResultDto implements RecordAttemptResultRequest {
  @ApiProperty({ description: 'The score, 0 to the exam’s maximum score' })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(100000)
  score!: number;
}

export class ListAttemptsQueryDto {
  @ApiPropertyOptional({ enum: ['in_progress', 'passed', 'failed', 'voided'] })
  @IsOptional()
  @IsIn(['in_progress', 'passed', 'failed', 'voided'])
  outcome?: AttemptOutcome;
}

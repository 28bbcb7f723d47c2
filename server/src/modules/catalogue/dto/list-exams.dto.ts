import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import type { ExamLevel } from '@invigil/contracts';
import { EXAM_LEVELS } from '../domain/exam-definition';

export class ListExamsDto {
  @ApiPropertyOptional() @IsOptional() @IsUUID() certificationBodyId?: string;

  @ApiPropertyOptional({ enum: EXAM_LEVELS })
  @IsOptional()
  @IsIn(EXAM_LEVELS, { message: `level must be one of ${EXAM_LEVELS.join(', ')}` })
  level?: ExamLevel;

  @ApiPropertyOptional({ description: 'part of the code or title, any case', example: 'excel' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}

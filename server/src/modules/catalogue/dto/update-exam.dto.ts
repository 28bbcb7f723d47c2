import { ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsBoolean, ValidateIf } from 'class-validator';
import type { UpdateExamRequest } from '@invigil/contracts';
import { ExamFieldsBody } from './create-exam.dto';

/**
 * Every field optional; `code` is fixed once created (sending it is refused as an unknown field).
 * PartialType keeps each field's rules and skips only absent ones, so `null` is still refused.
 */
export class UpdateExamDto
  extends PartialType(ExamFieldsBody, { skipNullProperties: false })
  implements UpdateExamRequest
{
  @ApiPropertyOptional({ description: 'inactive exams stay listed but cannot be booked' })
  @ValidateIf((_, value) => value !== undefined)
  @IsBoolean()
  active?: boolean;
}

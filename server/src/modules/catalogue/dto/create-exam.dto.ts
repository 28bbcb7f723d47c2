import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import type { CreateExamRequest, DeliveryMode, ExamLevel, ExamObjectiveDto } from '@invigil/contracts';
import {
  DELIVERY_MODES,
  DURATION_MINUTES,
  EXAM_CODE,
  EXAM_LEVELS,
  OBJECTIVE_CODE,
} from '../domain/exam-definition';

export const MAX_SCORE_LIMIT = 100_000;
export const MAX_OBJECTIVES = 50;

export class ExamObjectiveBody implements ExamObjectiveDto {
  @ApiProperty({ example: '1' })
  @IsString()
  @Matches(OBJECTIVE_CODE, {
    message:
      'code must be 1-20 letters, digits, dots, hyphens or underscores, starting with a letter or digit',
  })
  code!: string;

  @ApiProperty({ example: 'Manage documents' })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  @Matches(/\S/, { message: 'description must not be blank' })
  description!: string;
}

/** The fields shared by creating and patching an exam, each with its rule. */
export class ExamFieldsBody {
  @ApiProperty({ example: 'Microsoft Word (Microsoft 365 Apps)' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @Matches(/\S/, { message: 'title must not be blank' })
  title!: string;

  @ApiProperty({ enum: EXAM_LEVELS })
  @IsIn(EXAM_LEVELS, { message: `level must be one of ${EXAM_LEVELS.join(', ')}` })
  level!: ExamLevel;

  @ApiProperty({ example: 50, minimum: DURATION_MINUTES.min, maximum: DURATION_MINUTES.max })
  @IsInt()
  @Min(DURATION_MINUTES.min)
  @Max(DURATION_MINUTES.max)
  durationMinutes!: number;

  @ApiProperty({ example: 700, minimum: 0 })
  @IsInt()
  @Min(0)
  @Max(MAX_SCORE_LIMIT)
  passingScore!: number;

  @ApiProperty({ example: 1000, minimum: 1 })
  @IsInt()
  @Min(1)
  @Max(MAX_SCORE_LIMIT)
  maxScore!: number;

  @ApiProperty({ enum: DELIVERY_MODES, isArray: true, example: ['in_lab', 'online_proctored'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique({ message: 'deliveryModes must not list a mode twice' })
  @IsIn(DELIVERY_MODES, {
    each: true,
    message: `each of deliveryModes must be one of ${DELIVERY_MODES.join(', ')}`,
  })
  deliveryModes!: DeliveryMode[];

  @ApiProperty({ type: [ExamObjectiveBody], description: 'in outline order' })
  @IsArray()
  @ArrayMaxSize(MAX_OBJECTIVES)
  @ValidateNested({ each: true })
  @Type(() => ExamObjectiveBody)
  objectives!: ExamObjectiveBody[];
}

export class CreateExamDto extends ExamFieldsBody implements CreateExamRequest {
  @ApiProperty({ example: 'MO-100', pattern: EXAM_CODE.source })
  @IsString()
  @Matches(EXAM_CODE, {
    message:
      'code must be 1-32 letters, digits, dots, hyphens or underscores, starting with a letter or digit',
  })
  code!: string;
}

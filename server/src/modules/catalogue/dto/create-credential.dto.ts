import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDefined,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import type { CreateCredentialRequest, ExamLevel, StackingRuleDto } from '@invigil/contracts';
import { EXAM_LEVELS } from '../domain/exam-definition';

export const CREDENTIAL_CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,47}$/;
export const MAX_RULE_ITEMS = 50;

export class StackingRuleBody implements StackingRuleDto {
  @ApiProperty({ enum: ['all', 'any'] })
  @IsIn(['all', 'any'], { message: 'kind must be "all" or "any"' })
  kind!: 'all' | 'any';

  @ApiProperty({ nullable: true, example: 3, description: 'for "any": how many items; null for "all"' })
  @IsOptional()
  @IsInt()
  @Min(1)
  minCount!: number | null;

  @ApiProperty({ type: [String], format: 'uuid', description: 'exams of the same certification body' })
  @IsArray()
  @ArrayMaxSize(MAX_RULE_ITEMS)
  @IsUUID('all', { each: true })
  examIds!: string[];

  @ApiProperty({ type: [String], format: 'uuid', description: 'credentials of the same certification body' })
  @IsArray()
  @ArrayMaxSize(MAX_RULE_ITEMS)
  @IsUUID('all', { each: true })
  credentialIds!: string[];
}

/** Creates a credential; PUT sends the same body to replace one (its code cannot change). */
export class CreateCredentialDto implements CreateCredentialRequest {
  @ApiProperty({ example: 'MOS-ASSOCIATE', pattern: CREDENTIAL_CODE.source })
  @IsString()
  @Matches(CREDENTIAL_CODE, {
    message:
      'code must be 1-48 letters, digits, dots, hyphens or underscores, starting with a letter or digit',
  })
  code!: string;

  @ApiProperty({ example: 'Microsoft Office Specialist: Associate' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @Matches(/\S/, { message: 'title must not be blank' })
  title!: string;

  @ApiPropertyOptional({ example: 'Earned by passing three of the associate-level MOS exams.' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  @ApiProperty({ enum: EXAM_LEVELS })
  @IsIn(EXAM_LEVELS, { message: `level must be one of ${EXAM_LEVELS.join(', ')}` })
  level!: ExamLevel;

  @ApiProperty({ type: StackingRuleBody })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => StackingRuleBody)
  rule!: StackingRuleBody;
}

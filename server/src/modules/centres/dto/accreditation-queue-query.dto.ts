import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn } from 'class-validator';
import type { AccreditationStatus } from '@invigil/contracts';
import { PageQueryDto } from '../../../core/http/page-query.dto';
import { ACCREDITATION_STATUSES } from '../domain/accreditation';

export class AccreditationQueueQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    description: 'comma-separated statuses (default: applied,onboarding)',
    example: 'applied,onboarding',
  })
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.split(',').map((s) => s.trim()) : value,
  )
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(ACCREDITATION_STATUSES.length)
  @IsIn(ACCREDITATION_STATUSES, { each: true })
  status: AccreditationStatus[] = ['applied', 'onboarding'];
}

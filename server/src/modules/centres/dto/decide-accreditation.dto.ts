import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import type { AccreditationAction, AccreditationDecisionRequest } from '@invigil/contracts';
import { ACCREDITATION_ACTIONS } from '../domain/accreditation';
import { MAX_FEE_MINOR, OptionalText } from './field-rules';

/** Which fields an action needs (a fee, a reason) is the accreditation rule's business. */
export class DecideAccreditationDto implements AccreditationDecisionRequest {
  @ApiProperty({ enum: ACCREDITATION_ACTIONS }) @IsIn(ACCREDITATION_ACTIONS) action!: AccreditationAction;

  @ApiPropertyOptional({
    description: 'one-time onboarding fee in minor units; required for start_onboarding',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_FEE_MINOR)
  onboardingFeeMinor?: number;

  @ApiPropertyOptional({ description: 'required for suspend and reject; kept in the audit log' })
  @OptionalText(1000)
  reason?: string;
}

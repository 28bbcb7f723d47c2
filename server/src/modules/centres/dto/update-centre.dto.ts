import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min, ValidateNested } from 'class-validator';
import type { AccessPolicy, UpdateCentreRequest } from '@invigil/contracts';
import { IsTimeZone } from '../../../core/http/is-time-zone';
import { AddressBody } from './address.dto';
import { ACCESS_POLICIES } from './create-centre.dto';
import { CurrencyCode, MAX_FEE_MINOR, OptionalNotNull, Text } from './field-rules';

/** Only the fields given change; the address is replaced as a whole. */
export class UpdateCentreDto implements UpdateCentreRequest {
  @ApiPropertyOptional() @OptionalNotNull() @Text(200) name?: string;

  @ApiPropertyOptional({ example: 'America/Toronto' }) @OptionalNotNull() @IsTimeZone() timeZone?: string;

  @ApiPropertyOptional({ type: AddressBody })
  @OptionalNotNull()
  @ValidateNested()
  @Type(() => AddressBody)
  address?: AddressBody;

  @ApiPropertyOptional({ enum: ACCESS_POLICIES })
  @OptionalNotNull()
  @IsIn(ACCESS_POLICIES)
  accessPolicy?: AccessPolicy;

  @ApiPropertyOptional({ nullable: true, example: 10000 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_FEE_MINOR)
  publicProctoringFeeMinor?: number | null;

  @ApiPropertyOptional({ example: 'USD' }) @OptionalNotNull() @CurrencyCode() currency?: string;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, Max, Min, ValidateNested } from 'class-validator';
import type { AccessPolicy, CreateCentreRequest } from '@invigil/contracts';
import { IsTimeZone } from '../../../core/http/is-time-zone';
import { AddressBody } from './address.dto';
import { CurrencyCode, MAX_FEE_MINOR, Text } from './field-rules';
import { MAX_OPENING_INTERVALS, OpeningHoursBody } from './replace-opening-hours.dto';

export const ACCESS_POLICIES: readonly AccessPolicy[] = ['members_only', 'public'];

export class CreateCentreDto implements CreateCentreRequest {
  @ApiProperty({ example: 'Northfield Downtown Testing Centre' }) @Text(200) name!: string;

  @ApiProperty({ example: 'America/Toronto' }) @IsTimeZone() timeZone!: string;

  @ApiProperty({ type: AddressBody })
  @ValidateNested()
  @Type(() => AddressBody)
  address!: AddressBody;

  @ApiProperty({ enum: ACCESS_POLICIES })
  @IsIn(ACCESS_POLICIES)
  accessPolicy!: AccessPolicy;

  @ApiPropertyOptional({
    nullable: true,
    example: 10000,
    description: 'required when accessPolicy is public',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_FEE_MINOR)
  publicProctoringFeeMinor?: number | null;

  @ApiPropertyOptional({ example: 'USD', default: 'USD' }) @IsOptional() @CurrencyCode() currency?: string;

  @ApiPropertyOptional({ type: [OpeningHoursBody] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_OPENING_INTERVALS)
  @ValidateNested({ each: true })
  @Type(() => OpeningHoursBody)
  openingHours?: OpeningHoursBody[];
}

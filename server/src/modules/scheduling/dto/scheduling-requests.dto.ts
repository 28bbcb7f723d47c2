import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsUUID,
  Matches,
  Max,
  Min,
  ValidateIf,
} from 'class-validator';
import type {
  AddBookingCandidateRequest,
  AssignCentrePoolRequest,
  ChangeReasonRequest,
  CreateBookingRequest,
  CreateMaintenanceWindowRequest,
  CreatePeakPeriodRequest,
  CreateVmPoolRequest,
  DeliveryMode,
  MoveBookingRequest,
  OpenToPublicRequest,
  UpdateInstitutionBookingRulesRequest,
  UpdateVmPoolRequest,
} from '@invigil/contracts';
import { OptionalText, Text } from '../../centres/dto/field-rules';

const DELIVERY_MODES: DeliveryMode[] = ['in_lab', 'virtual_lab', 'online_proctored'];
const INSTANT = { strict: true, strictSeparator: true };
const instantMessage = '$property must be an ISO-8601 instant such as 2026-03-10T14:00:00Z';

export class CreateBookingDto implements CreateBookingRequest {
  @ApiProperty() @IsUUID() examId!: string;

  @ApiProperty({ example: '2026-03-10T14:00:00Z', description: 'start of a slot, on the centre-local hour' })
  @IsISO8601(INSTANT, { message: instantMessage })
  start!: string;

  @ApiProperty({ enum: DELIVERY_MODES }) @IsIn(DELIVERY_MODES) deliveryMode!: DeliveryMode;

  @ApiProperty({ minimum: 1, maximum: 500 }) @IsInt() @Min(1) @Max(500) seats!: number;

  @ApiPropertyOptional() @IsOptional() @IsUUID() labId?: string;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(25)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  proctorIds?: string[];

  @ApiPropertyOptional({ default: false }) @IsOptional() @IsBoolean() confirm?: boolean;

  @ApiPropertyOptional({ description: 'operator only' }) @OptionalText(500) overrideReason?: string;
}

export class MoveBookingDto implements MoveBookingRequest {
  @ApiProperty({ example: '2026-03-10T15:00:00Z' })
  @IsISO8601(INSTANT, { message: instantMessage })
  start!: string;

  @ApiPropertyOptional() @IsOptional() @IsUUID() labId?: string;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(25)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  proctorIds?: string[];

  @ApiPropertyOptional({ description: 'operator only' }) @OptionalText(500) overrideReason?: string;
}

export class ChangeReasonDto implements ChangeReasonRequest {
  @ApiPropertyOptional() @OptionalText(500) reason?: string;
}

export class AddBookingCandidateDto implements AddBookingCandidateRequest {
  @ApiProperty() @IsUUID() userId!: string;
}

export class AvailabilityQueryDto {
  @ApiProperty({ example: '2026-03-02', description: 'first local date of the centre' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'from must be a date written yyyy-MM-dd' })
  from!: string;

  @ApiProperty({ example: '2026-03-22', description: 'last local date (inclusive), at most 42 days on' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'to must be a date written yyyy-MM-dd' })
  to!: string;
}

export class InstantRangeQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsISO8601(INSTANT, { message: instantMessage }) from?: string;
  @ApiPropertyOptional() @IsOptional() @IsISO8601(INSTANT, { message: instantMessage }) to?: string;
}

export class CreateVmPoolDto implements CreateVmPoolRequest {
  @ApiProperty({ example: 'ca-east' })
  @Matches(/^[a-z0-9][a-z0-9-]{0,39}$/, {
    message: 'region must be lower-case letters, digits and dashes, e.g. ca-east',
  })
  region!: string;
  @ApiProperty() @Text(200) name!: string;
  @ApiProperty({ example: 2000 }) @IsInt() @Min(0) @Max(1_000_000) capacityPerHour!: number;
}

export class UpdateVmPoolDto implements UpdateVmPoolRequest {
  @ApiPropertyOptional() @IsOptional() @Text(200) name?: string;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(1_000_000) capacityPerHour?: number;
}

export class AssignCentrePoolDto implements AssignCentrePoolRequest {
  @ApiProperty() @IsUUID() vmPoolId!: string;
}

export class CreateMaintenanceWindowDto implements CreateMaintenanceWindowRequest {
  @ApiProperty() @IsISO8601(INSTANT, { message: instantMessage }) starts!: string;
  @ApiProperty() @IsISO8601(INSTANT, { message: instantMessage }) ends!: string;
  @ApiProperty() @IsInt() @Min(1) @Max(1_000_000) vmsOffline!: number;
  @ApiProperty() @Text(500) reason!: string;
}

export class CreatePeakPeriodDto implements CreatePeakPeriodRequest {
  @ApiProperty() @Text(200) name!: string;
  @ApiProperty() @IsISO8601(INSTANT, { message: instantMessage }) starts!: string;
  @ApiProperty() @IsISO8601(INSTANT, { message: instantMessage }) ends!: string;
}

const nullableDays = (max: number) => [
  ValidateIf((_: object, v: unknown) => v !== null && v !== undefined),
  IsInt(),
  Min(0),
  Max(max),
];
const apply =
  (decorators: PropertyDecorator[]): PropertyDecorator =>
  (target, key) =>
    decorators.forEach((d) => d(target, key));

export class UpdateInstitutionBookingRulesDto implements UpdateInstitutionBookingRulesRequest {
  @ApiPropertyOptional({ nullable: true }) @apply(nullableDays(365)) minLeadDays?: number | null;
  @ApiPropertyOptional({ nullable: true }) @apply(nullableDays(365)) peakMinLeadDays?: number | null;
  @ApiPropertyOptional({ nullable: true }) @apply(nullableDays(730)) maxHorizonDays?: number | null;
}

export class OpenToPublicDto implements OpenToPublicRequest {
  @ApiProperty() @IsBoolean() open!: boolean;
}

export class OpenSessionsQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsUUID() examId?: string;
  @ApiPropertyOptional() @IsOptional() @IsISO8601(INSTANT, { message: instantMessage }) from?: string;
  @ApiPropertyOptional() @IsOptional() @IsISO8601(INSTANT, { message: instantMessage }) to?: string;
}

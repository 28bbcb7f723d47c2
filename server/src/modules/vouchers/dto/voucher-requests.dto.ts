import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import type {
  AssignVoucherRequest,
  InvoiceStatus,
  BulkAssignRequest,
  InstitutionExamPriceRequest,
  OrderItemRequest,
  PriceTierDto,
  RedeemVoucherRequest,
  ReinstateVoucherRequest,
  RetakePolicyRequest,
  UpsertPriceListRequest,
  VoidVoucherRequest,
  VoucherOrderRequest,
} from '@invigil/contracts';
import { PageQueryDto } from '../../../core/http/page-query.dto';

const INVOICE_STATUSES: InvoiceStatus[] = ['open', 'paid', 'void', 'refund_due', 'refunded'];

const MAX_MINOR = 100_000_000; // one million in major units per voucher is plenty

export class PriceTierBody implements PriceTierDto {
  @ApiProperty({ example: 100 }) @IsInt() @Min(1) @Max(1_000_000) minQuantity!: number;
  @ApiProperty({ example: 9900 }) @IsInt() @Min(0) @Max(MAX_MINOR) unitPriceMinor!: number;
}

export class UpsertPriceListDto implements UpsertPriceListRequest {
  @ApiProperty({ example: 'USD' })
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as USD' })
  currency!: string;
  @ApiProperty({ example: 16500 }) @IsInt() @Min(0) @Max(MAX_MINOR) retailPriceMinor!: number;
  @ApiPropertyOptional({ example: 12 }) @IsOptional() @IsInt() @Min(1) @Max(60) validityMonths?: number;
  @ApiProperty({ type: [PriceTierBody] })
  @ValidateNested({ each: true })
  @Type(() => PriceTierBody)
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  tiers!: PriceTierBody[];
}

export class OrderItemBody implements OrderItemRequest {
  @ApiProperty() @IsUUID() examId!: string;
  @ApiProperty({ example: 500, maximum: 10000 }) @IsInt() @Min(1) @Max(10_000) quantity!: number;
}

export class VoucherOrderDtoBody implements VoucherOrderRequest {
  @ApiProperty({ type: [OrderItemBody] })
  @ValidateNested({ each: true })
  @Type(() => OrderItemBody)
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  items!: OrderItemBody[];
}

export class RetailOrderDto {
  @ApiProperty() @IsUUID() examId!: string;
}

export class VoidVoucherDto implements VoidVoucherRequest {
  @ApiProperty() @IsString() @MinLength(3) @MaxLength(500) reason!: string;
}

export class ReinstateVoucherDto implements ReinstateVoucherRequest {
  @ApiProperty({ enum: ['platform', 'centre'] }) @IsIn(['platform', 'centre']) fault!: 'platform' | 'centre';
  @ApiProperty() @IsString() @MinLength(3) @MaxLength(500) reason!: string;
}

export class AssignVoucherDto implements AssignVoucherRequest {
  @ApiProperty() @IsUUID() candidateUserId!: string;
}

export class BulkAssignDto implements BulkAssignRequest {
  @ApiProperty() @IsUUID() examId!: string;
  @ApiProperty({ description: 'CSV with a header row and an `email` column' })
  @IsString()
  @MinLength(1)
  @MaxLength(1_000_000)
  csv!: string;
}

export class RedeemVoucherDto implements RedeemVoucherRequest {
  @ApiProperty({ example: '7K3D-M9QX-2HVA-RT0W-5NPC' })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  code!: string;
}

export class InstitutionExamPriceDtoBody implements InstitutionExamPriceRequest {
  @ApiProperty({ example: 5000 }) @IsInt() @Min(0) @Max(MAX_MINOR) priceMinor!: number;
  @ApiProperty({ example: 'CAD' })
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as USD' })
  currency!: string;
}

export class RetakePolicyDtoBody implements RetakePolicyRequest {
  @ApiProperty({ example: 24 }) @IsInt() @Min(0) @Max(24 * 365) waitHoursAfterFirstFailure!: number;
  @ApiProperty({ example: 48 }) @IsInt() @Min(0) @Max(24 * 365) waitHoursAfterThirdFailure!: number;
  @ApiProperty({ nullable: true, example: 5 }) @IsOptional() @IsInt() @Min(1) @Max(100) maxAttemptsPerYear!:
    | number
    | null;
}

export class VoucherListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    enum: ['available', 'assigned', 'redeemed', 'reserved', 'consumed', 'voided', 'expired'],
  })
  @IsOptional()
  @IsIn(['available', 'assigned', 'redeemed', 'reserved', 'consumed', 'voided', 'expired'])
  status?: 'available' | 'assigned' | 'redeemed' | 'reserved' | 'consumed' | 'voided' | 'expired';

  @ApiPropertyOptional() @IsOptional() @IsUUID() examId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() packId?: string;
  @ApiPropertyOptional({ description: 'last four symbols of a code, or part of a candidate email' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}

export class EntitlementHolderQueryDto {
  @ApiProperty() @IsUUID() examId!: string;
}

export class InvoiceQueryDto {
  @ApiPropertyOptional({ enum: INVOICE_STATUSES })
  @IsOptional()
  @IsIn(INVOICE_STATUSES)
  status?: InvoiceStatus;
}

export class PriceListQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsUUID() certificationBodyId?: string;
}

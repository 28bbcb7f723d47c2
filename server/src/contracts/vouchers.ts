/** Money is always integer minor units plus an ISO 4217 currency code. */
export interface MoneyDto {
  amountMinor: number;
  currency: string;
}

export interface PriceTierDto {
  minQuantity: number;
  unitPriceMinor: number;
}

export interface PriceListDto {
  examId: string;
  examCode: string;
  examTitle: string;
  certificationBodyName: string;
  currency: string;
  retailPriceMinor: number;
  validityMonths: number;
  tiers: PriceTierDto[];
}

/** PUT /api/exams/:examId/price-list (operator) */
export interface UpsertPriceListRequest {
  currency: string;
  retailPriceMinor: number;
  validityMonths?: number;
  tiers: PriceTierDto[];
}

export interface OrderItemRequest {
  examId: string;
  quantity: number;
}

/** POST /api/institutions/:id/voucher-quotes and /voucher-orders (with an Idempotency-Key header) */
export interface VoucherOrderRequest {
  items: OrderItemRequest[];
}

export interface QuoteLineDto {
  examId: string;
  examCode: string;
  examTitle: string;
  quantity: number;
  unitPriceMinor: number;
  retailPriceMinor: number;
  /** the wholesale tier the quantity falls in */
  tierMinQuantity: number;
  lineTotalMinor: number;
}

export interface QuoteDto {
  currency: string;
  lines: QuoteLineDto[];
  totalMinor: number;
  /** what the same vouchers would cost at retail */
  retailTotalMinor: number;
}

/** What sitting the exam at a testing centre open to the public adds: its proctoring fee. */
export interface CentreFeeDto {
  centreId: string;
  centreName: string;
  city: string;
  institutionName: string;
  /** the centre's fee, in its own currency */
  feeMinor: number;
  currency: string;
  /** members of the centre's institution pay no proctoring fee there */
  waived: boolean;
  /** voucher plus fee (0 when waived); null when the two are in different currencies */
  totalMinor: number | null;
}

/** POST /api/me/voucher-quotes: what one retail voucher costs, and with each public centre's fee. */
export interface RetailQuoteDto {
  examId: string;
  examCode: string;
  examTitle: string;
  currency: string;
  /** what a retail order of this exam is invoiced */
  voucherPriceMinor: number;
  /** accredited centres open to the public; their fee is paid to the centre when booking */
  centres: CentreFeeDto[];
}

/** a paid proctoring fee whose seat ended before the exam is `refund_due`, then `refunded` */
export type InvoiceStatus = 'open' | 'paid' | 'void' | 'refund_due' | 'refunded';

export interface InvoiceDto {
  id: string;
  number: string;
  /** what it bills: a voucher order, or the proctoring fee of one open-session seat */
  kind: 'voucher_order' | 'proctoring_fee';
  /** the voucher order; null for a proctoring fee */
  orderId: string | null;
  /** the block of the seat, for a proctoring fee */
  bookingId: string | null;
  /** a proctoring fee's seat, e.g. "Proctoring fee: MO-200 at Lakeside Centre, 2026-03-12 09:00 America/Toronto" */
  description: string | null;
  institutionId: string | null;
  institutionName: string | null;
  buyerEmail: string;
  amountMinor: number;
  currency: string;
  status: InvoiceStatus;
  issuedAt: string;
  dueAt: string;
  settledAt: string | null;
  /** when the seat of a paid fee ended, so its refund is due */
  refundDueAt: string | null;
  /** when the operator recorded the refund */
  refundedAt: string | null;
  provider: string;
}

export interface VoucherPackDto {
  id: string;
  examId: string;
  examCode: string;
  examTitle: string;
  quantity: number;
  unitPriceMinor: number;
  currency: string;
  purchasedAt: string;
  /** the last instant a voucher of the pack can be redeemed */
  expiresAt: string;
  /** the zone the expiry is computed and shown in */
  expiryZone: string;
  /** expiry as a local date-time in expiryZone, e.g. "2027-03-15 23:59 (America/Toronto)" */
  expiresAtLocal: string;
}

export interface VoucherOrderDto {
  id: string;
  institutionId: string | null;
  currency: string;
  totalMinor: number;
  createdAt: string;
  invoice: InvoiceDto;
  /** empty for a retail order until its invoice is settled */
  packs: VoucherPackDto[];
}

export type VoucherStatusName =
  | 'available'
  | 'assigned'
  | 'redeemed'
  | 'reserved'
  | 'consumed'
  | 'voided'
  | 'expired';

export interface VoucherDto {
  id: string;
  packId: string;
  examId: string;
  examCode: string;
  /** the full code: shown only to the owning institution's admins and the voucher's candidate */
  code: string;
  status: VoucherStatusName;
  expiresAt: string;
  assignedTo: { userId: string; email: string; displayName: string } | null;
  redeemedBy: { userId: string; email: string; displayName: string } | null;
  statusReason: string | null;
  statusChangedAt: string;
}

/** POST /api/vouchers/:id/void */
export interface VoidVoucherRequest {
  reason: string;
}

/**
 * POST /api/vouchers/:id/reinstate — a consumed entitlement is good for another attempt because
 * the attempt failed through the platform's fault (the operator decides) or the centre's (its
 * institution admin or the operator decides).
 */
export interface ReinstateVoucherRequest {
  fault: 'platform' | 'centre';
  reason: string;
}

/** POST /api/vouchers/:id/assign */
export interface AssignVoucherRequest {
  candidateUserId: string;
}

/** POST /api/institutions/:id/voucher-assignments : CSV roster with an `email` column */
export interface BulkAssignRequest {
  examId: string;
  csv: string;
}

export interface BulkAssignResultDto {
  assigned: { email: string; voucherId: string }[];
  skipped: { line: number; email: string; reason: string }[];
}

/** POST /api/vouchers/redeem */
export interface RedeemVoucherRequest {
  code: string;
}

/** What a candidate holds: a voucher assigned to them, or an exam entitlement after redemption. */
export interface EntitlementDto {
  voucherId: string;
  examId: string;
  examCode: string;
  examTitle: string;
  certificationBodyName: string;
  institutionId: string | null;
  institutionName: string | null;
  status: VoucherStatusName;
  /** the code, for an assigned voucher not yet redeemed */
  code: string | null;
  expiresAt: string;
  redeemedAt: string | null;
  /** what the candidate owes the institution for this exam, if it charges its learners */
  owed: MoneyDto | null;
}

export interface UtilisationRowDto {
  examId: string | null;
  examCode: string | null;
  bought: number;
  available: number;
  assigned: number;
  redeemed: number;
  reserved: number;
  consumed: number;
  expired: number;
  voided: number;
  /** available + assigned: still usable */
  remaining: number;
  currency: string;
  /** value (at the price paid) of each bucket, minor units */
  value: {
    bought: number;
    /** part of remaining: handed to a candidate, not yet redeemed */
    assigned: number;
    redeemed: number;
    consumed: number;
    expired: number;
    voided: number;
    remaining: number;
  };
}

export interface UtilisationReportDto {
  institutionId: string;
  currency: string;
  byExam: UtilisationRowDto[];
  total: UtilisationRowDto;
}

/** PUT /api/institutions/:id/exam-prices/:examId */
export interface InstitutionExamPriceRequest {
  priceMinor: number;
  currency: string;
}

export interface InstitutionExamPriceDto extends InstitutionExamPriceRequest {
  examId: string;
  examCode: string;
  examTitle: string;
}

export interface RetakePolicyDto {
  certificationBodyId: string;
  waitHoursAfterFirstFailure: number;
  waitHoursAfterThirdFailure: number;
  maxAttemptsPerYear: number | null;
}

/** PUT /api/certification-bodies/:id/retake-policy */
export type RetakePolicyRequest = Omit<RetakePolicyDto, 'certificationBodyId'>;

/**
 * GET /api/institutions/:id/entitlement-holders?examId= (institution admins, instructors): the
 * institution's candidates holding an unreserved (redeemed, not yet seated) entitlement for the
 * exam, i.e. who can fill a seat of a block of that exam.
 */
export interface EntitlementHolderDto {
  userId: string;
  email: string;
  displayName: string;
  /** unreserved entitlements for the exam */
  unreserved: number;
}

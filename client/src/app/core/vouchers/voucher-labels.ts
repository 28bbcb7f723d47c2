import type { InvoiceStatus, PriceTierDto, VoucherStatusName } from '@invigil/contracts';
import type { ChipTone } from '../ui/status-chip.component';

export const VOUCHER_STATUS_LABELS: Record<VoucherStatusName, string> = {
  available: 'Available',
  assigned: 'Assigned',
  redeemed: 'Redeemed',
  reserved: 'Reserved for a booking',
  consumed: 'Used',
  voided: 'Voided',
  expired: 'Expired',
};
export const VOUCHER_STATUSES = Object.keys(VOUCHER_STATUS_LABELS) as VoucherStatusName[];

export function voucherTone(status: VoucherStatusName): ChipTone {
  switch (status) {
    case 'available':
      return 'info';
    case 'assigned':
      return 'warning';
    case 'redeemed':
    case 'reserved':
      return 'success';
    case 'voided':
    case 'expired':
      return 'danger';
    default:
      return 'neutral';
  }
}

export const INVOICE_STATUS_LABELS: Record<InvoiceStatus, string> = {
  open: 'Open — to be settled',
  paid: 'Paid',
  void: 'Void',
  refund_due: 'Refund due',
  refunded: 'Refunded',
};

export function invoiceTone(status: InvoiceStatus): ChipTone {
  switch (status) {
    case 'paid':
      return 'success';
    case 'open':
    case 'refund_due':
      return 'warning';
    default:
      return 'neutral';
  }
}

/** Wholesale tiers as pack-size ranges: 1–99, 100–499, 500–1,499, 1,500+. */
export function tierRanges(tiers: readonly PriceTierDto[]): { label: string; tier: PriceTierDto }[] {
  const sorted = [...tiers].sort((a, b) => a.minQuantity - b.minQuantity);
  const n = (x: number): string => x.toLocaleString('en-US');
  return sorted.map((tier, i) => {
    const next = sorted[i + 1];
    const label = next
      ? next.minQuantity - 1 === tier.minQuantity
        ? n(tier.minQuantity)
        : `${n(tier.minQuantity)}–${n(next.minQuantity - 1)}`
      : `${n(tier.minQuantity)}+`;
    return { label, tier };
  });
}

/**
 * The status to show: an unused voucher past its expiry is expired even before the nightly job
 * records it (the server already refuses to redeem it).
 */
export function shownVoucherStatus(
  status: VoucherStatusName,
  expiresAt: string,
  now: Date = new Date(),
): VoucherStatusName {
  const unused = status === 'available' || status === 'assigned';
  return unused && new Date(expiresAt).getTime() <= now.getTime() ? 'expired' : status;
}

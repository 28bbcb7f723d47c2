import type { UtilisationRowDto } from '@invigil/contracts';
import { formatMoney } from '../../core/format/money';

export type UtilisationBucket =
  | 'bought'
  | 'assigned'
  | 'redeemed'
  | 'consumed'
  | 'expired'
  | 'voided'
  | 'remaining';

export interface UtilisationFigure {
  bucket: UtilisationBucket;
  label: string;
  count: number;
  valueMinor: number;
  /** a colour that tells the buckets apart in the chart */
  color: string;
}

const BUCKETS: { bucket: UtilisationBucket; label: string; color: string }[] = [
  { bucket: 'bought', label: 'Bought', color: '#3f51b5' },
  { bucket: 'assigned', label: 'Assigned', color: '#b26a00' },
  { bucket: 'redeemed', label: 'Redeemed', color: '#1b7f3b' },
  { bucket: 'consumed', label: 'Used', color: '#0b6e79' },
  { bucket: 'expired', label: 'Expired', color: '#8e2430' },
  { bucket: 'voided', label: 'Voided', color: '#6d4c41' },
  { bucket: 'remaining', label: 'Remaining', color: '#5e35b1' },
];

/**
 * The figures of a utilisation row in reading order. Redeemed counts vouchers reserved for a
 * booking too (they are redeemed, not yet used), as the server values them.
 */
export function utilisationFigures(row: UtilisationRowDto): UtilisationFigure[] {
  const counts: Record<UtilisationBucket, number> = {
    bought: row.bought,
    assigned: row.assigned,
    redeemed: row.redeemed + row.reserved,
    consumed: row.consumed,
    expired: row.expired,
    voided: row.voided,
    remaining: row.remaining,
  };
  return BUCKETS.map((b) => ({ ...b, count: counts[b.bucket], valueMinor: row.value[b.bucket] }));
}

/** "12 · $1,980.00" */
export function figureCaption(figure: UtilisationFigure, currency: string, locale?: string): string {
  return `${figure.count.toLocaleString(locale)} · ${formatMoney(figure.valueMinor, currency, locale)}`;
}

/** The share of bought vouchers a bucket holds, as a whole percentage. */
export function shareOfBought(count: number, bought: number): number {
  return bought > 0 ? Math.round((count / bought) * 100) : 0;
}

import { DateTime } from 'luxon';

/**
 * A voucher stays valid until the end of the same calendar day `months` later, in the
 * institution's zone (a pack bought 29 Feb expires at the end of 28 Feb the next year).
 * Returns the UTC instant after which it can no longer be redeemed.
 */
export function voucherExpiry(purchasedAt: Date, months: number, zone: string): Date {
  const local = DateTime.fromJSDate(purchasedAt, { zone });
  if (!local.isValid) throw new RangeError(`invalid zone ${zone}`);
  return local.plus({ months }).endOf('day').toUTC().toJSDate();
}

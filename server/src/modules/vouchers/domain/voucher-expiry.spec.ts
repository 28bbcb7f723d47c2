import { voucherExpiry } from './voucher-expiry';

describe('voucher expiry: end of the same day twelve months later, in the institution zone', () => {
  it('ends at local midnight, shown as the UTC instant', () => {
    // bought 10:00 in Toronto on 15 Mar 2026 (EDT, UTC-4) → valid through 15 Mar 2027 (EDT)
    const expiry = voucherExpiry(new Date('2026-03-15T14:00:00Z'), 12, 'America/Toronto');
    expect(expiry.toISOString()).toBe('2027-03-16T03:59:59.999Z');
  });

  it('uses the local date, not the UTC date, of the purchase', () => {
    // 23:30 on 31 Dec in Auckland is still 31 Dec locally although it is 10:30 UTC
    const expiry = voucherExpiry(new Date('2026-12-31T10:30:00Z'), 12, 'Pacific/Auckland');
    expect(expiry.toISOString()).toBe('2027-12-31T10:59:59.999Z');
  });

  it('clamps a leap-day purchase to 28 February', () => {
    const expiry = voucherExpiry(new Date('2028-02-29T12:00:00Z'), 12, 'Europe/London');
    expect(expiry.toISOString()).toBe('2029-02-28T23:59:59.999Z');
  });

  it('honours a configured validity other than twelve months', () => {
    const expiry = voucherExpiry(new Date('2026-01-10T12:00:00Z'), 6, 'UTC');
    expect(expiry.toISOString()).toBe('2026-07-10T23:59:59.999Z');
  });
});

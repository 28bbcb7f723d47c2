import { allowedActions, transition } from './voucher-lifecycle';

describe('voucher lifecycle', () => {
  it('follows the main path: available → assigned → redeemed → reserved → consumed', () => {
    expect(transition('available', 'assign')).toBe('assigned');
    expect(transition('assigned', 'redeem')).toBe('redeemed');
    expect(transition('redeemed', 'reserve')).toBe('reserved');
    expect(transition('reserved', 'consume')).toBe('consumed');
  });

  it('lets an unassigned code be redeemed directly', () => {
    expect(transition('available', 'redeem')).toBe('redeemed');
  });

  it('reinstates a consumed attempt and releases a cancelled reservation', () => {
    expect(transition('consumed', 'reinstate')).toBe('redeemed');
    expect(transition('reserved', 'release')).toBe('redeemed');
  });

  it('never redeems twice, nor revives a voided or expired voucher', () => {
    expect(transition('redeemed', 'redeem')).toBeNull();
    expect(transition('voided', 'redeem')).toBeNull();
    expect(transition('expired', 'assign')).toBeNull();
    expect(transition('consumed', 'void')).toBeNull();
    expect(allowedActions('voided')).toEqual([]);
    expect(allowedActions('expired')).toEqual([]);
  });
});

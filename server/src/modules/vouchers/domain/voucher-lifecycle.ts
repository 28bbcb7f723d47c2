/**
 * The life of a voucher. The database applies each transition with a conditional update on
 * the `from` state, so two racing requests cannot both move the same voucher.
 */
export type VoucherStatus =
  | 'available'
  | 'assigned'
  | 'redeemed'
  | 'reserved'
  | 'consumed'
  | 'voided'
  | 'expired';

export type VoucherAction =
  | 'assign'
  | 'unassign'
  | 'redeem'
  | 'reserve'
  | 'release'
  | 'consume'
  | 'reinstate'
  | 'void'
  | 'expire';

export const TRANSITIONS: Record<VoucherAction, { from: readonly VoucherStatus[]; to: VoucherStatus }> = {
  assign: { from: ['available'], to: 'assigned' },
  unassign: { from: ['assigned'], to: 'available' },
  redeem: { from: ['available', 'assigned'], to: 'redeemed' },
  /** a seat is booked with the entitlement */
  reserve: { from: ['redeemed'], to: 'reserved' },
  /** the booking was cancelled or the candidate removed */
  release: { from: ['reserved'], to: 'redeemed' },
  /** the exam started */
  consume: { from: ['reserved'], to: 'consumed' },
  /** the attempt failed through the platform's or the centre's fault */
  reinstate: { from: ['consumed'], to: 'redeemed' },
  void: { from: ['available', 'assigned'], to: 'voided' },
  expire: { from: ['available', 'assigned'], to: 'expired' },
};

export function transition(status: VoucherStatus, action: VoucherAction): VoucherStatus | null {
  const rule = TRANSITIONS[action];
  return rule.from.includes(status) ? rule.to : null;
}

export function allowedActions(status: VoucherStatus): VoucherAction[] {
  return (Object.keys(TRANSITIONS) as VoucherAction[]).filter((a) => TRANSITIONS[a].from.includes(status));
}

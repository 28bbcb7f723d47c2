import type { AccreditationAction, AccreditationStatus } from '@invigil/contracts';

/**
 * The accreditation of a testing centre, decided by the platform operator:
 *
 *   applied ──start_onboarding(fee)──▶ onboarding ──record_fee_paid──▶ onboarding (paid)
 *   onboarding (paid) ──accredit──▶ accredited ◀──reinstate── suspended ◀──suspend(reason)── accredited
 *   applied | onboarding ──reject(reason)──▶ rejected
 *
 * The database applies a decision with a conditional update on the state it was planned from
 * (`guard`), so of two racing decisions only one can apply.
 */
export interface AccreditationState {
  status: AccreditationStatus;
  /** the one-time onboarding fee has been recorded as paid */
  feePaid: boolean;
}

export interface AccreditationDecision {
  action: AccreditationAction;
  onboardingFeeMinor?: number | null;
  reason?: string | null;
}

/** What the database must change, and the state it must still be in for the change to apply. */
export interface AccreditationChange {
  guard: AccreditationState;
  to: AccreditationStatus;
  /** set onboarding_fee_minor */
  onboardingFeeMinor?: number;
  markFeePaid?: true;
  markAccredited?: true;
  /** stored as the status reason (null clears the previous one) */
  reason: string | null;
}

export type AccreditationPlan =
  | { ok: true; change: AccreditationChange }
  | { ok: false; problem: 'invalid-input'; errors: { field: string; message: string }[] }
  | {
      ok: false;
      problem: 'invalid-state-transition';
      status: AccreditationStatus;
      allowedActions: AccreditationAction[];
    };

interface Rule {
  from: (state: AccreditationState) => boolean;
  to: AccreditationStatus;
  needsFee?: true;
  needsReason?: true;
}

const RULES: Record<AccreditationAction, Rule> = {
  start_onboarding: { from: (s) => s.status === 'applied', to: 'onboarding', needsFee: true },
  record_fee_paid: { from: (s) => s.status === 'onboarding' && !s.feePaid, to: 'onboarding' },
  accredit: { from: (s) => s.status === 'onboarding' && s.feePaid, to: 'accredited' },
  suspend: { from: (s) => s.status === 'accredited', to: 'suspended', needsReason: true },
  reinstate: { from: (s) => s.status === 'suspended', to: 'accredited' },
  reject: {
    from: (s) => s.status === 'applied' || s.status === 'onboarding',
    to: 'rejected',
    needsReason: true,
  },
};

export const ACCREDITATION_ACTIONS = Object.keys(RULES) as AccreditationAction[];
export const ACCREDITATION_STATUSES: readonly AccreditationStatus[] = [
  'applied',
  'onboarding',
  'accredited',
  'suspended',
  'rejected',
];

/** Only an accredited centre can run exams; a suspended one keeps its history but runs nothing. */
/** The one accreditation status under which a centre can be booked and run exams. */
export const BOOKABLE_STATUS: AccreditationStatus = 'accredited';

export const canRunExams = (status: AccreditationStatus): boolean => status === BOOKABLE_STATUS;

export function allowedActions(state: AccreditationState): AccreditationAction[] {
  return ACCREDITATION_ACTIONS.filter((action) => RULES[action].from(state));
}

/**
 * Checks a decision against the current state. Input errors (a missing fee or reason, a fee
 * given for another action) come first: they are wrong whatever the state.
 */
export function planDecision(state: AccreditationState, decision: AccreditationDecision): AccreditationPlan {
  const rule = RULES[decision.action];
  const reason = decision.reason?.trim() ? decision.reason.trim() : null;
  const fee = decision.onboardingFeeMinor ?? null;
  const errors: { field: string; message: string }[] = [];
  if (rule.needsFee && fee === null) {
    errors.push({
      field: 'onboardingFeeMinor',
      message: `onboardingFeeMinor is required to ${decision.action}`,
    });
  }
  if (!rule.needsFee && fee !== null) {
    errors.push({
      field: 'onboardingFeeMinor',
      message: 'onboardingFeeMinor is only set by start_onboarding',
    });
  }
  if (fee !== null && (!Number.isInteger(fee) || fee < 0)) {
    errors.push({
      field: 'onboardingFeeMinor',
      message: 'onboardingFeeMinor must be a whole number of minor units >= 0',
    });
  }
  if (rule.needsReason && reason === null) {
    errors.push({ field: 'reason', message: `reason is required to ${decision.action}` });
  }
  if (errors.length > 0) return { ok: false, problem: 'invalid-input', errors };

  if (!rule.from(state)) {
    return {
      ok: false,
      problem: 'invalid-state-transition',
      status: state.status,
      allowedActions: allowedActions(state),
    };
  }
  return {
    ok: true,
    change: {
      guard: state,
      to: rule.to,
      ...(decision.action === 'start_onboarding' && fee !== null ? { onboardingFeeMinor: fee } : {}),
      ...(decision.action === 'record_fee_paid' ? { markFeePaid: true as const } : {}),
      // the first accreditation date stays when a suspended centre is reinstated
      ...(decision.action === 'accredit' ? { markAccredited: true as const } : {}),
      reason,
    },
  };
}

import type { AccreditationAction, TestingCentreDto } from '@invigil/contracts';

/** Mirrors the server's accreditation rules so only decisions that can succeed are offered. */
export function availableActions(centre: TestingCentreDto): AccreditationAction[] {
  const a = centre.accreditation;
  switch (a.status) {
    case 'applied':
      return ['start_onboarding', 'reject'];
    case 'onboarding':
      return a.onboardingFeePaidAt ? ['accredit', 'reject'] : ['record_fee_paid', 'reject'];
    case 'accredited':
      return ['suspend'];
    case 'suspended':
      return ['reinstate'];
    case 'rejected':
      return [];
  }
}

export const ACTION_LABELS: Record<AccreditationAction, string> = {
  start_onboarding: 'Start onboarding',
  record_fee_paid: 'Record fee paid',
  accredit: 'Accredit',
  suspend: 'Suspend',
  reinstate: 'Reinstate',
  reject: 'Reject',
};

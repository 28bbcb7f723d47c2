import type { TestingCentreDto } from '@invigil/contracts';
import { availableActions } from './accreditation-actions';

function centre(accreditation: Partial<TestingCentreDto['accreditation']>): TestingCentreDto {
  return {
    accreditation: {
      status: 'applied',
      onboardingFeeMinor: null,
      onboardingFeePaidAt: null,
      accreditedAt: null,
      reason: null,
      changedAt: '2026-01-01T00:00:00Z',
      ...accreditation,
    },
  } as TestingCentreDto;
}

describe('accreditation decisions offered to the operator', () => {
  it.each([
    [{ status: 'applied' }, ['start_onboarding', 'reject']],
    [{ status: 'onboarding', onboardingFeeMinor: 150000 }, ['record_fee_paid', 'reject']],
    [{ status: 'onboarding', onboardingFeePaidAt: '2026-01-02T00:00:00Z' }, ['accredit', 'reject']],
    [{ status: 'accredited' }, ['suspend']],
    [{ status: 'suspended' }, ['reinstate']],
    [{ status: 'rejected' }, []],
  ] as const)('%o → %o', (state, actions) => {
    expect(availableActions(centre(state))).toEqual(actions);
  });
});

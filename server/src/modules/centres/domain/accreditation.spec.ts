import { allowedActions, canRunExams, planDecision } from './accreditation';

const applied = { status: 'applied', feePaid: false } as const;
const onboarding = { status: 'onboarding', feePaid: false } as const;
const paid = { status: 'onboarding', feePaid: true } as const;
const accredited = { status: 'accredited', feePaid: true } as const;
const suspended = { status: 'suspended', feePaid: true } as const;
const rejected = { status: 'rejected', feePaid: false } as const;

describe('accreditation: the main path', () => {
  it('goes applied → onboarding (with the fee) → fee paid → accredited', () => {
    expect(planDecision(applied, { action: 'start_onboarding', onboardingFeeMinor: 150000 })).toEqual({
      ok: true,
      change: { guard: applied, to: 'onboarding', onboardingFeeMinor: 150000, reason: null },
    });
    expect(planDecision(onboarding, { action: 'record_fee_paid' })).toEqual({
      ok: true,
      change: { guard: onboarding, to: 'onboarding', markFeePaid: true, reason: null },
    });
    expect(planDecision(paid, { action: 'accredit', reason: '  site visit passed ' })).toEqual({
      ok: true,
      change: { guard: paid, to: 'accredited', markAccredited: true, reason: 'site visit passed' },
    });
  });

  it('accepts a zero onboarding fee (waived)', () => {
    expect(planDecision(applied, { action: 'start_onboarding', onboardingFeeMinor: 0 }).ok).toBe(true);
  });

  it('suspends with a reason and reinstates, keeping the first accreditation date', () => {
    expect(planDecision(accredited, { action: 'suspend', reason: 'complaint' })).toMatchObject({
      ok: true,
      change: { to: 'suspended', reason: 'complaint' },
    });
    const reinstated = planDecision(suspended, { action: 'reinstate' });
    expect(reinstated).toMatchObject({ ok: true, change: { to: 'accredited' } });
    expect(reinstated.ok && reinstated.change.markAccredited).toBeUndefined();
  });

  it('rejects an application or an onboarding centre with a reason', () => {
    expect(planDecision(applied, { action: 'reject', reason: 'no lab' })).toMatchObject({ ok: true });
    expect(planDecision(paid, { action: 'reject', reason: 'no lab' })).toMatchObject({
      ok: true,
      change: { to: 'rejected' },
    });
  });

  it('lets only an accredited centre run exams', () => {
    expect(canRunExams('accredited')).toBe(true);
    for (const status of ['applied', 'onboarding', 'suspended', 'rejected'] as const) {
      expect(canRunExams(status)).toBe(false);
    }
  });
});

describe('accreditation: refused decisions', () => {
  it.each([
    ['accredit before the fee is paid', onboarding, 'accredit', ['record_fee_paid', 'reject']],
    ['accredit straight from applied', applied, 'accredit', ['start_onboarding', 'reject']],
    ['record the fee twice', paid, 'record_fee_paid', ['accredit', 'reject']],
    ['accredit twice', accredited, 'accredit', ['suspend']],
    ['reinstate an accredited centre', accredited, 'reinstate', ['suspend']],
    ['reject an accredited centre', accredited, 'reject', ['suspend']],
    ['start onboarding twice', onboarding, 'start_onboarding', ['record_fee_paid', 'reject']],
    ['accredit a suspended centre (reinstate instead)', suspended, 'accredit', ['reinstate']],
    ['revive a rejected centre', rejected, 'reinstate', []],
  ] as const)('refuses to %s, naming the status and the allowed actions', (_name, state, action, allowed) => {
    const plan = planDecision(state, {
      action,
      reason: 'because',
      ...(action === 'start_onboarding' ? { onboardingFeeMinor: 100 } : {}),
    });
    expect(plan).toEqual({
      ok: false,
      problem: 'invalid-state-transition',
      status: state.status,
      allowedActions: allowed,
    });
  });

  it('needs a fee to start onboarding and a reason to suspend or reject', () => {
    expect(planDecision(applied, { action: 'start_onboarding' })).toMatchObject({
      ok: false,
      problem: 'invalid-input',
      errors: [{ field: 'onboardingFeeMinor' }],
    });
    for (const action of ['suspend', 'reject'] as const) {
      expect(planDecision(accredited, { action, reason: '   ' })).toMatchObject({
        ok: false,
        problem: 'invalid-input',
        errors: [{ field: 'reason' }],
      });
    }
  });

  it('refuses a fee with any other action, and a negative or fractional fee', () => {
    expect(planDecision(paid, { action: 'accredit', onboardingFeeMinor: 10 })).toMatchObject({
      problem: 'invalid-input',
      errors: [{ field: 'onboardingFeeMinor' }],
    });
    for (const fee of [-1, 1.5]) {
      expect(planDecision(applied, { action: 'start_onboarding', onboardingFeeMinor: fee })).toMatchObject({
        problem: 'invalid-input',
      });
    }
  });

  it('allows nothing from rejected', () => {
    expect(allowedActions(rejected)).toEqual([]);
  });
});

import { mayRetake, RetakePolicy } from './retake-policy';

const policy: RetakePolicy = {
  waitHoursAfterFirstFailure: 24,
  waitHoursAfterThirdFailure: 48,
  maxAttemptsPerYear: 5,
};
const at = (iso: string) => new Date(iso);
const failed = (iso: string) => ({ sittingAt: at(iso), passed: false });

describe('retake policy', () => {
  it('allows a first attempt', () => {
    expect(mayRetake(policy, [], at('2026-05-01T10:00:00Z'))).toEqual({ allowed: true });
  });

  it('makes a candidate wait 24 hours after a first failure', () => {
    const attempts = [failed('2026-05-01T10:00:00Z')];
    expect(mayRetake(policy, attempts, at('2026-05-02T09:59:00Z'))).toEqual({
      allowed: false,
      reason: 'wait',
      notBefore: at('2026-05-02T10:00:00Z'),
    });
    expect(mayRetake(policy, attempts, at('2026-05-02T10:00:00Z'))).toEqual({ allowed: true });
  });

  it('makes a candidate wait 48 hours after a third failure', () => {
    const attempts = [
      failed('2026-05-01T10:00:00Z'),
      failed('2026-05-03T10:00:00Z'),
      failed('2026-05-05T10:00:00Z'),
    ];
    expect(mayRetake(policy, attempts, at('2026-05-06T12:00:00Z'))).toMatchObject({
      allowed: false,
      reason: 'wait',
    });
    expect(mayRetake(policy, attempts, at('2026-05-07T10:00:00Z'))).toEqual({ allowed: true });
  });

  it('caps attempts in a rolling year and says when the next one frees up', () => {
    const attempts = ['2026-01-01', '2026-02-01', '2026-03-01', '2026-04-01', '2026-05-01'].map((d) =>
      failed(`${d}T10:00:00Z`),
    );
    expect(mayRetake(policy, attempts, at('2026-06-01T10:00:00Z'))).toEqual({
      allowed: false,
      reason: 'yearly-limit',
      notBefore: at('2027-01-01T10:00:00Z'),
    });
    expect(mayRetake({ ...policy, maxAttemptsPerYear: null }, attempts, at('2026-06-01T10:00:00Z'))).toEqual({
      allowed: true,
    });
  });

  it('refuses another attempt once the exam is passed', () => {
    expect(
      mayRetake(
        policy,
        [{ sittingAt: at('2026-05-01T10:00:00Z'), passed: true }],
        at('2026-06-01T10:00:00Z'),
      ),
    ).toMatchObject({ allowed: false, reason: 'already-passed' });
  });
});

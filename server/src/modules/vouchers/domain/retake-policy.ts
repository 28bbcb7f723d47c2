/**
 * A certification body's retake rules: how long a candidate waits after a failed attempt, and
 * how many attempts a rolling year allows.
 */
export interface RetakePolicy {
  /** hours to wait after the 1st and 2nd failed attempt */
  waitHoursAfterFirstFailure: number;
  /** hours to wait after the 3rd and every later failed attempt */
  waitHoursAfterThirdFailure: number;
  /** attempts allowed in any 365-day window; null for no limit */
  maxAttemptsPerYear: number | null;
}

export interface Attempt {
  sittingAt: Date;
  passed: boolean;
}

export type RetakeVerdict =
  | { allowed: true }
  | { allowed: false; reason: 'wait' | 'yearly-limit' | 'already-passed'; notBefore: Date | null };

const HOUR = 3_600_000;
const YEAR = 365 * 24 * HOUR;

/** May a candidate with these attempts at one exam sit it again at `at`? */
export function mayRetake(policy: RetakePolicy, attempts: readonly Attempt[], at: Date): RetakeVerdict {
  const history = [...attempts].sort((a, b) => a.sittingAt.getTime() - b.sittingAt.getTime());
  if (history.some((a) => a.passed)) return { allowed: false, reason: 'already-passed', notBefore: null };
  const last = history.at(-1);
  if (last) {
    const failures = history.length;
    const waitHours = failures >= 3 ? policy.waitHoursAfterThirdFailure : policy.waitHoursAfterFirstFailure;
    const notBefore = new Date(last.sittingAt.getTime() + waitHours * HOUR);
    if (at < notBefore) return { allowed: false, reason: 'wait', notBefore };
  }
  if (policy.maxAttemptsPerYear !== null) {
    const inWindow = history.filter((a) => at.getTime() - a.sittingAt.getTime() < YEAR);
    if (inWindow.length >= policy.maxAttemptsPerYear) {
      const oldest = inWindow[0];
      return {
        allowed: false,
        reason: 'yearly-limit',
        notBefore: new Date(oldest.sittingAt.getTime() + YEAR),
      };
    }
  }
  return { allowed: true };
}

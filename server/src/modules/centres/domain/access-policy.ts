import type { AccessPolicy } from '@invigil/contracts';

/**
 * A centre open to the public charges outsiders a proctoring fee (which may be zero); a
 * members-only centre charges none, so it carries no fee. Returns why the pair is wrong, or null.
 */
export function proctoringFeeProblem(accessPolicy: AccessPolicy, feeMinor: number | null): string | null {
  if (accessPolicy === 'public' && feeMinor === null) {
    return 'publicProctoringFeeMinor is required when the centre is open to the public (0 for no fee)';
  }
  if (accessPolicy === 'members_only' && feeMinor !== null) {
    return 'publicProctoringFeeMinor is only for centres open to the public';
  }
  return null;
}

/**
 * The fee a centre ends up with after a change: the one given, otherwise none when it becomes
 * members-only, otherwise the one it had.
 */
export function nextProctoringFee(
  nextPolicy: AccessPolicy,
  givenFeeMinor: number | null | undefined,
  currentFeeMinor: number | null,
): number | null {
  if (givenFeeMinor !== undefined) return givenFeeMinor;
  return nextPolicy === 'members_only' ? null : currentFeeMinor;
}

/** A message is given up on (status `dead`) after this many failed deliveries. */
export const MAX_MAIL_ATTEMPTS = 8;

const FIRST_RETRY_MS = 60_000;
const LONGEST_WAIT_MS = 60 * 60_000;

export type AfterFailure = { status: 'pending'; retryInMs: number } | { status: 'dead' };

/**
 * What happens to a message whose delivery just failed, given how many attempts failed before
 * this one: wait 1, 2, 4 … minutes (at most an hour) and try again, until the last attempt.
 */
export function afterFailedDelivery(previousAttempts: number, maxAttempts = MAX_MAIL_ATTEMPTS): AfterFailure {
  const attempts = previousAttempts + 1;
  if (attempts >= maxAttempts) return { status: 'dead' };
  return { status: 'pending', retryInMs: Math.min(FIRST_RETRY_MS * 2 ** previousAttempts, LONGEST_WAIT_MS) };
}

import type { ReadableProblem } from '../problem/problem';

export interface RedeemMessage {
  title: string;
  advice: string;
}

/** What each way a redemption can fail means to the candidate, by the server's problem type. */
const MESSAGES: Record<string, RedeemMessage> = {
  'voucher-code-malformed': {
    title: 'That is not a voucher code',
    advice: 'A voucher code has 20 letters and digits, usually written in five groups of four.',
  },
  'voucher-code-mistyped': {
    title: 'The code has a typo',
    advice: 'One of its characters is wrong. Compare it with the code you were given, group by group.',
  },
  'voucher-not-found': {
    title: 'No voucher with this code is available to you',
    advice: 'Check the code. A voucher from an institution can only be redeemed by its own candidates.',
  },
  'voucher-voided': {
    title: 'This voucher was voided',
    advice: 'The institution that issued it cancelled it. Ask them for a new voucher.',
  },
  'voucher-expired': {
    title: 'This voucher has expired',
    advice: 'Vouchers are valid for 12 months from purchase. Ask the issuer whether it can be replaced.',
  },
  'voucher-already-redeemed': {
    title: 'This voucher has already been redeemed',
    advice: 'A voucher can be redeemed once. If it was you, the exam is in your list below.',
  },
  'voucher-assigned-to-another': {
    title: 'This voucher is assigned to another candidate',
    advice: 'Only the candidate it was assigned to can redeem it.',
  },
  'redemption-locked': {
    title: 'Too many failed attempts',
    advice: 'Redemption is locked for a while to protect the codes. Try again later.',
  },
  'rate-limited': {
    title: 'Too many attempts',
    advice: 'Wait a minute, then try again.',
  },
  conflict: {
    title: 'The voucher was being redeemed at the same moment',
    advice: 'Reload the page to see whether it is now yours.',
  },
};

export function redeemMessage(problem: ReadableProblem): RedeemMessage {
  return (
    MESSAGES[problem.kind] ?? {
      title: problem.title,
      advice: problem.detail ?? 'Try again in a moment.',
    }
  );
}

import { HttpException } from '@nestjs/common';

/** Stable problem kinds. The `type` URI of each is `/problems/<kind>`; clients branch on it. */
export type ProblemKind =
  | 'validation-failed'
  | 'malformed-request'
  | 'unauthenticated'
  | 'invalid-credentials'
  | 'email-not-verified'
  | 'verification-invalid'
  | 'reset-invalid'
  | 'invalid-token'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'already-exists'
  | 'invalid-state-transition'
  | 'stacking-rule-cycle'
  | 'rate-limited'
  | 'account-locked'
  | 'invitation-invalid'
  | 'payload-too-large'
  | 'service-unavailable'
  | 'internal-error'
  | 'voucher-not-found'
  | 'voucher-code-malformed'
  | 'voucher-code-mistyped'
  | 'voucher-already-redeemed'
  | 'voucher-voided'
  | 'voucher-expired'
  | 'voucher-assigned-to-another'
  | 'redemption-locked'
  | 'idempotency-key-reused'
  | 'price-list-missing'
  | 'no-vouchers-available'
  | 'vm-capacity-exhausted'
  | 'vm-capacity-below-booked'
  | 'lab-seats-exhausted'
  | 'proctors-unavailable'
  | 'outside-booking-window'
  | 'slot-closed'
  | 'centre-not-bookable'
  | 'delivery-mode-not-allowed'
  | 'hold-expired'
  | 'within-change-cutoff'
  | 'no-entitlement'
  | 'booking-full'
  | 'retake-not-allowed'
  | 'attempt-not-startable'
  | 'attempt-already-started';

export interface FieldError {
  field: string;
  messages: string[];
}

/** RFC 9457 problem details, as sent on the wire. */
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

const TITLES: Record<ProblemKind, string> = {
  'validation-failed': 'The request has invalid fields',
  'malformed-request': 'The request could not be read',
  unauthenticated: 'Authentication is required',
  'invalid-credentials': 'Email or password is wrong',
  'email-not-verified': 'Confirm your email address first',
  'verification-invalid': 'The confirmation link is invalid, expired or already used',
  'reset-invalid': 'The password reset link is invalid, expired or already used',
  'invalid-token': 'The token is invalid or expired',
  forbidden: 'You are not allowed to do this',
  'not-found': 'Not found',
  conflict: 'The request conflicts with the current state',
  'already-exists': 'It already exists',
  'invalid-state-transition': 'That change is not allowed from the current state',
  'stacking-rule-cycle': 'The credential would require itself through its stacking rule',
  'rate-limited': 'Too many requests',
  'account-locked': 'Too many failed attempts; try again later',
  'invitation-invalid': 'The invitation is invalid, expired or already used',
  'payload-too-large': 'The request body is too large',
  'service-unavailable': 'A dependency is unavailable',
  'internal-error': 'Something went wrong on our side',
  'voucher-not-found': 'No such voucher code',
  'voucher-code-malformed': 'That is not a voucher code',
  'voucher-code-mistyped': 'The voucher code has a typo',
  'voucher-already-redeemed': 'The voucher has already been redeemed',
  'voucher-voided': 'The voucher was voided',
  'voucher-expired': 'The voucher has expired',
  'voucher-assigned-to-another': 'The voucher is assigned to another candidate',
  'redemption-locked': 'Too many failed redemptions; try again later',
  'idempotency-key-reused': 'The Idempotency-Key was already used for a different request',
  'price-list-missing': 'The exam has no price list',
  'no-vouchers-available': 'Not enough unused vouchers',
  'vm-capacity-exhausted': 'Not enough virtual machines left in that hour',
  'vm-capacity-below-booked': 'Capacity cannot go below the VMs already booked',
  'lab-seats-exhausted': 'Not enough lab seats left',
  'proctors-unavailable': 'Not enough trained proctors are free',
  'outside-booking-window': 'That slot is outside the booking window',
  'slot-closed': 'The centre is closed at that time',
  'centre-not-bookable': 'The centre cannot be booked',
  'delivery-mode-not-allowed': 'The exam cannot be delivered that way',
  'hold-expired': 'The hold has expired',
  'within-change-cutoff': 'Too close to the start; only the operator can change it now',
  'no-entitlement': 'The candidate holds no unreserved entitlement for this exam',
  'booking-full': 'Every seat of the block is taken',
  'retake-not-allowed': 'The certification body’s retake policy does not allow this attempt yet',
  'attempt-not-startable': 'The exam cannot be started now',
  'attempt-already-started': 'The candidate’s exam has already started',
};

export const problemType = (kind: ProblemKind): string => `/problems/${kind}`;

/** The media type of every problem response (RFC 9457). */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

/** The one exception the application throws for anything a client should see. */
export class Problem extends HttpException {
  constructor(
    readonly kind: ProblemKind,
    status: number,
    detail?: string,
    readonly extensions: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    // the standard members come last: an extension may never stand in for the HTTP status
    super({ ...extensions, type: problemType(kind), title: TITLES[kind], status, detail }, status);
  }

  body(instance?: string): ProblemBody {
    return {
      ...this.extensions,
      type: problemType(this.kind),
      title: TITLES[this.kind],
      status: this.getStatus(),
      ...(this.detail ? { detail: this.detail } : {}),
      ...(instance ? { instance } : {}),
    };
  }

  get detail(): string | undefined {
    const response = this.getResponse() as { detail?: string };
    return response.detail;
  }

  static validation(errors: FieldError[]): Problem {
    const fields = errors.map((e) => e.field).join(', ');
    return new Problem('validation-failed', 400, `Invalid field(s): ${fields}`, { errors });
  }
  /** A path no route answers (or one that must look like it). */
  static noSuchRoute(): Problem {
    return new Problem('not-found', 404, 'No such resource or route');
  }
  static notFound(what: string): Problem {
    return new Problem('not-found', 404, `${what} was not found`);
  }
  static forbidden(detail = 'Your role does not allow this action'): Problem {
    return new Problem('forbidden', 403, detail);
  }
  static conflict(kind: ProblemKind, detail: string, extensions: Record<string, unknown> = {}): Problem {
    return new Problem(kind, 409, detail, extensions);
  }
  static unauthenticated(detail = 'Sign in first'): Problem {
    return new Problem('unauthenticated', 401, detail);
  }
}

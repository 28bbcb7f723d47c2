import { FoundationSchema1764000000000 } from './1764000000000-foundation-schema';
import { VoucherLedger1764100000000 } from './1764100000000-voucher-ledger';
import { Scheduling1764200000000 } from './1764200000000-scheduling';
import { ExamAttempts1764300000000 } from './1764300000000-exam-attempts';
import { ProctoringFeeInvoices1764400000000 } from './1764400000000-proctoring-fee-invoices';
import { UpcomingConfirmedIndex1764500000000 } from './1764500000000-upcoming-confirmed-index';
import { SelfSignUp1764600000000 } from './1764600000000-self-sign-up';
import { PasswordResets1764700000000 } from './1764700000000-password-resets';
import { FeeRefunds1764800000000 } from './1764800000000-fee-refunds';
import { BatchedBlockBooking1764900000000 } from './1764900000000-batched-block-booking';
import { BookBlocksParseOnce1765000000000 } from './1765000000000-book-blocks-parse-once';

/** Every migration, in order. The server runs these at boot and the CLI reads the same list. */
export const MIGRATIONS = [
  FoundationSchema1764000000000,
  VoucherLedger1764100000000,
  Scheduling1764200000000,
  ExamAttempts1764300000000,
  ProctoringFeeInvoices1764400000000,
  UpcomingConfirmedIndex1764500000000,
  SelfSignUp1764600000000,
  PasswordResets1764700000000,
  FeeRefunds1764800000000,
  BatchedBlockBooking1764900000000,
  BookBlocksParseOnce1765000000000,
];

/**
 * Exam attempts: a seated candidate's sitting. A proctor of the block starts it (the voucher is
 * consumed), the certification body records the score (passed or failed against the exam's
 * passing score), and an attempt that failed through the platform's or the centre's fault is
 * voided when its voucher is reinstated — voided attempts do not count for the retake policy.
 */
export type AttemptOutcome = 'in_progress' | 'passed' | 'failed' | 'voided';

export interface ExamAttemptDto {
  id: string;
  candidateId: string;
  candidateName: string;
  examId: string;
  examCode: string;
  examTitle: string;
  voucherId: string;
  bookingId: string | null;
  startedAt: string;
  outcome: AttemptOutcome;
  score: number | null;
  passingScore: number;
  maxScore: number;
  finishedAt: string | null;
}

/** POST /api/exam-attempts/:id/result (certification-body admin of the exam, or the operator) */
export interface RecordAttemptResultRequest {
  score: number;
}

/** Extensions of /problems/retake-not-allowed (409) */
export interface RetakeNotAllowedProblem {
  reason: 'wait' | 'yearly-limit' | 'already-passed' | 'attempt-pending';
  /** the first instant a new attempt would be allowed, when known */
  notBefore: string | null;
}

/** Extensions of /problems/attempt-not-startable (409): when the block's exams may be started */
export interface AttemptNotStartableProblem {
  opensAt: string;
  closesAt: string;
  /** the block's status; only a confirmed block's exams start */
  bookingStatus: string;
}

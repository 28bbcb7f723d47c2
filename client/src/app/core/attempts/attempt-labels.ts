import type { AttemptOutcome, ExamAttemptDto } from '@invigil/contracts';
import type { ChipTone } from '../ui/status-chip.component';

/** Outcomes as the candidate reads them. */
export const ATTEMPT_OUTCOME_LABELS: Record<AttemptOutcome, string> = {
  in_progress: 'In progress',
  passed: 'Passed',
  failed: 'Did not pass',
  voided: 'Voided',
};

/** Outcomes as the certification body reads them. */
export const BODY_OUTCOME_LABELS: Record<AttemptOutcome, string> = {
  in_progress: 'Awaiting a result',
  passed: 'Passed',
  failed: 'Failed',
  voided: 'Voided',
};

/** What the certification body filters its attempts by; `all` lists every outcome. */
export type OutcomeFilter = AttemptOutcome | 'all';

export const OUTCOME_FILTERS: { value: OutcomeFilter; label: string }[] = [
  ...(Object.entries(BODY_OUTCOME_LABELS) as [AttemptOutcome, string][]).map(([value, label]) => ({
    value,
    label,
  })),
  { value: 'all', label: 'All attempts' },
];

export function attemptTone(outcome: AttemptOutcome): ChipTone {
  switch (outcome) {
    case 'in_progress':
      return 'info';
    case 'passed':
      return 'success';
    case 'failed':
      return 'danger';
    case 'voided':
      return 'neutral';
  }
}

export const VOIDED_EXPLANATION =
  'Did not count: the attempt failed through no fault of yours and your voucher was reinstated.';

/** A line under the candidate's outcome: what it means for them. */
export function outcomeExplanation(outcome: AttemptOutcome): string {
  switch (outcome) {
    case 'in_progress':
      return 'Your result is not in yet. You get an email once the certification body records it.';
    case 'passed':
      return 'Congratulations: you passed.';
    case 'failed':
      return 'The certification body’s retake policy says when you can sit it again.';
    case 'voided':
      return VOIDED_EXPLANATION;
  }
}

/** "640 of 1,000 · passing score 700", or only the passing score while no score is in. */
export function scoreSummary(
  attempt: Pick<ExamAttemptDto, 'score' | 'maxScore' | 'passingScore'>,
  locale = 'en-US',
): string {
  const n = (x: number): string => x.toLocaleString(locale);
  return attempt.score === null
    ? `Passing score ${n(attempt.passingScore)} of ${n(attempt.maxScore)}`
    : `${n(attempt.score)} of ${n(attempt.maxScore)} · passing score ${n(attempt.passingScore)}`;
}

import { formatInstant } from '../format/date-time';
import { ReadableProblem, retell } from './problem';

type Explainer = (problem: ReadableProblem, when: (iso: unknown) => string | null) => ReadableProblem;

const stringOf = (value: unknown): string | null => (typeof value === 'string' && value ? value : null);

/**
 * Problems whose server wording names instants in UTC or speaks for an API caller, retold for
 * the person at the screen: times in their zone, and what they can do next.
 */
const EXPLAINERS: Record<string, Explainer> = {
  'retake-not-allowed': (p, when) => {
    const notBefore = when(p.extensions['notBefore']);
    switch (p.extensions['reason']) {
      case 'wait':
        return retell(
          p,
          'Too soon for a retake',
          notBefore
            ? `The retake policy asks the candidate to wait until ${notBefore} before sitting this exam again. Choose a block that starts after then.`
            : 'The retake policy asks the candidate to wait before sitting this exam again.',
        );
      case 'yearly-limit':
        return retell(
          p,
          'No attempts left this year',
          `The candidate has used every attempt at this exam the retake policy allows in a year.${
            notBefore ? ` The next one can be sat from ${notBefore}.` : ''
          }`,
        );
      case 'already-passed':
        return retell(
          p,
          'Already passed',
          'The candidate has already passed this exam, so there is nothing to retake.',
        );
      case 'attempt-pending':
        return retell(
          p,
          'A result is still pending',
          'The candidate already has a seat or an attempt at this exam whose result is not in yet. A retake can be booked once the certification body has recorded it.',
        );
      default:
        return p;
    }
  },
  'attempt-not-startable': (p, when) => {
    const status = stringOf(p.extensions['bookingStatus']);
    if (status && status !== 'confirmed') {
      return retell(
        p,
        'This exam cannot be started',
        `The block is ${status}: only the exams of a confirmed block can be started.`,
      );
    }
    const opens = when(p.extensions['opensAt']);
    const closes = when(p.extensions['closesAt']);
    return retell(
      p,
      'Not the time to start this exam',
      opens && closes ? `Exams of this block can be started from ${opens} until ${closes}.` : p.detail,
    );
  },
  'attempt-already-started': (p) =>
    retell(
      p,
      'The exam has already started',
      'This candidate’s exam was started already (by another proctor, or by a second click); their voucher was used once. Reload to see the attempt.',
    ),
};

/** A problem as the person at the screen should read it; times shown in `zone`. */
export function explainProblem(problem: ReadableProblem, zone: string, locale?: string): ReadableProblem {
  const explain = EXPLAINERS[problem.kind];
  if (!explain) return problem;
  return explain(problem, (iso) => {
    const text = stringOf(iso);
    return text ? formatInstant(text, zone, locale) : null;
  });
}

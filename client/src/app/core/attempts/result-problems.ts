import { ReadableProblem, retell } from '../problem/problem';

/**
 * Why recording a result failed, for the body admin: a result already in, an attempt voided
 * meanwhile (its voucher reinstated), or a score out of range (the field error stays).
 */
export function explainResultProblem(problem: ReadableProblem): ReadableProblem {
  if (problem.kind === 'invalid-state-transition') {
    const outcome = problem.extensions['outcome'];
    if (outcome === 'voided') {
      return retell(
        problem,
        'This attempt was voided',
        'Its voucher was reinstated meanwhile, so the attempt does not count and gets no result.',
      );
    }
    return retell(
      problem,
      'The result is already recorded',
      `Someone recorded this attempt’s result already${
        outcome === 'passed' || outcome === 'failed' ? ` (${outcome})` : ''
      }; a result cannot be changed. Reload to see it.`,
    );
  }
  if (problem.kind === 'not-found') {
    return retell(problem, 'This attempt is not there any more', 'Reload the list.');
  }
  return problem;
}

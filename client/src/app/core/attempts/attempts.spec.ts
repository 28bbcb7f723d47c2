import { HttpErrorResponse, HttpHeaders } from '@angular/common/http';
import type { AttemptOutcome } from '@invigil/contracts';
import { parseProblem } from '../problem/problem';
import {
  ATTEMPT_OUTCOME_LABELS,
  attemptTone,
  BODY_OUTCOME_LABELS,
  OUTCOME_FILTERS,
  outcomeExplanation,
  scoreSummary,
} from './attempt-labels';
import { explainResultProblem } from './result-problems';
import { checkScore, passes } from './score';

const problemOf = (status: number, body: Record<string, unknown>) =>
  parseProblem(
    new HttpErrorResponse({
      status,
      headers: new HttpHeaders({ 'content-type': 'application/problem+json' }),
      error: { status, ...body },
    }),
  );

describe('attempt outcomes', () => {
  it('tells the candidate a failure kindly, and the body plainly', () => {
    expect(ATTEMPT_OUTCOME_LABELS.failed).toBe('Did not pass');
    expect(BODY_OUTCOME_LABELS.failed).toBe('Failed');
    expect(BODY_OUTCOME_LABELS.in_progress).toBe('Awaiting a result');
    expect(ATTEMPT_OUTCOME_LABELS.in_progress).toBe('In progress');
  });

  it('explains a voided attempt as one that did not count, with the voucher back', () => {
    expect(ATTEMPT_OUTCOME_LABELS.voided).toBe('Voided');
    expect(outcomeExplanation('voided')).toBe(
      'Did not count: the attempt failed through no fault of yours and your voucher was reinstated.',
    );
    expect(outcomeExplanation('in_progress')).toMatch(/not in yet/);
  });

  it('colours each outcome', () => {
    const tones = (['in_progress', 'passed', 'failed', 'voided'] as AttemptOutcome[]).map(attemptTone);
    expect(tones).toEqual(['info', 'success', 'danger', 'neutral']);
  });

  it('offers the body every outcome to filter by, awaiting a result first, and all of them last', () => {
    expect(OUTCOME_FILTERS.map((f) => f.value)).toEqual(['in_progress', 'passed', 'failed', 'voided', 'all']);
  });

  it('shows a score against the maximum and the passing score', () => {
    expect(scoreSummary({ score: 640, maxScore: 1000, passingScore: 700 })).toBe(
      '640 of 1,000 · passing score 700',
    );
    expect(scoreSummary({ score: null, maxScore: 1000, passingScore: 700 })).toBe(
      'Passing score 700 of 1,000',
    );
  });
});

describe('a typed score', () => {
  it('is a whole number from 0 to the exam’s maximum', () => {
    expect(checkScore('640', 1000)).toEqual({ ok: true, score: 640 });
    expect(checkScore(0, 1000)).toEqual({ ok: true, score: 0 });
    expect(checkScore(' 1000 ', 1000)).toEqual({ ok: true, score: 1000 });
  });

  it('says what is wrong with anything else', () => {
    expect(checkScore('', 1000)).toEqual({ ok: false, error: 'Enter the score' });
    expect(checkScore(null, 1000)).toEqual({ ok: false, error: 'Enter the score' });
    expect(checkScore(6.5, 100)).toEqual({ ok: false, error: 'A whole number, 0 or more' });
    expect(checkScore(-3, 100)).toEqual({ ok: false, error: 'A whole number, 0 or more' });
    expect(checkScore('lots', 100)).toEqual({ ok: false, error: 'A whole number, 0 or more' });
    expect(checkScore(1001, 1000)).toEqual({ ok: false, error: 'At most 1,000' });
  });

  it('passes at the passing score itself, as the server decides', () => {
    expect(passes(700, 700)).toBe(true);
    expect(passes(699, 700)).toBe(false);
  });
});

describe('a result that cannot be recorded', () => {
  it('says when the result was already recorded', () => {
    const p = explainResultProblem(
      problemOf(409, {
        type: '/problems/invalid-state-transition',
        title: 'That change is not allowed from the current state',
        detail: 'A failed attempt cannot get a result',
        outcome: 'failed',
      }),
    );
    expect(p.title).toBe('The result is already recorded');
    expect(p.detail).toContain('(failed)');
    expect(p.message).toContain('cannot be changed');
  });

  it('says when the attempt was voided meanwhile', () => {
    const p = explainResultProblem(
      problemOf(409, { type: '/problems/invalid-state-transition', title: 'No', outcome: 'voided' }),
    );
    expect(p.title).toBe('This attempt was voided');
  });

  it('keeps a score out of range as the server named it', () => {
    const problem = problemOf(400, {
      type: '/problems/validation-failed',
      title: 'The request has invalid fields',
      errors: [{ field: 'score', messages: ['at most 1000 for AZ-900'] }],
    });
    expect(explainResultProblem(problem)).toBe(problem);
    expect(problem.fieldErrors).toEqual([{ field: 'score', messages: ['at most 1000 for AZ-900'] }]);
  });
});

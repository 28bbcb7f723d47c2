import { HttpErrorResponse, HttpHeaders } from '@angular/common/http';
import { parseProblem } from './problem';
import { explainProblem } from './problem-messages';

const problemOf = (status: number, body: Record<string, unknown>) =>
  parseProblem(
    new HttpErrorResponse({
      status,
      headers: new HttpHeaders({ 'content-type': 'application/problem+json' }),
      error: { status, title: 'The request conflicts with the current state', ...body },
    }),
  );

const retake = (reason: string, notBefore: string | null) =>
  problemOf(409, {
    type: '/problems/retake-not-allowed',
    detail: `The retake policy asks the candidate to wait until ${notBefore}`,
    reason,
    notBefore,
  });

const TORONTO = 'America/Toronto';

describe('retake policy refusals', () => {
  it('keeps the extensions of the problem', () => {
    expect(retake('wait', '2027-01-10T15:00:00.000Z').extensions).toEqual({
      reason: 'wait',
      notBefore: '2027-01-10T15:00:00.000Z',
    });
  });

  it('asks to wait until a time in the viewer’s zone', () => {
    const p = explainProblem(retake('wait', '2027-01-10T15:00:00.000Z'), TORONTO, 'en-US');
    expect(p.title).toBe('Too soon for a retake');
    expect(p.detail).toMatch(
      /^The retake policy asks the candidate to wait until Jan 10, 2027, 10:00 AM EST/,
    );
    expect(p.detail).not.toContain('2027-01-10T');
    expect(p.message).toContain('Too soon for a retake');
  });

  it('says when the next attempt of the year can be sat', () => {
    const p = explainProblem(retake('yearly-limit', '2027-06-01T12:00:00.000Z'), 'UTC', 'en-US');
    expect(p.title).toBe('No attempts left this year');
    expect(p.detail).toContain('The next one can be sat from Jun 1, 2027');
  });

  it('says there is nothing to retake after a pass, and to wait for a pending result', () => {
    expect(explainProblem(retake('already-passed', null), TORONTO).title).toBe('Already passed');
    const pending = explainProblem(retake('attempt-pending', null), TORONTO);
    expect(pending.title).toBe('A result is still pending');
    expect(pending.detail).toContain('once the certification body has recorded it');
  });

  it('leaves a reason it does not know as the server said it', () => {
    const p = retake('something-new', null);
    expect(explainProblem(p, TORONTO)).toBe(p);
  });
});

describe('starting an exam', () => {
  it('gives the window a block’s exams can be started in, in the viewer’s zone', () => {
    const p = explainProblem(
      problemOf(409, {
        type: '/problems/attempt-not-startable',
        detail:
          'Exams of this block can be started from 2027-01-10T14:30:00.000Z until 2027-01-10T16:00:00.000Z',
        opensAt: '2027-01-10T14:30:00.000Z',
        closesAt: '2027-01-10T16:00:00.000Z',
        bookingStatus: 'confirmed',
      }),
      TORONTO,
      'en-US',
    );
    expect(p.title).toBe('Not the time to start this exam');
    expect(p.detail).toContain('from Jan 10, 2027, 09:30 AM EST until Jan 10, 2027, 11:00 AM EST');
  });

  it('says a block that is not confirmed cannot start its exams', () => {
    const p = explainProblem(
      problemOf(409, { type: '/problems/attempt-not-startable', bookingStatus: 'cancelled', opensAt: null }),
      TORONTO,
    );
    expect(p.detail).toBe('The block is cancelled: only the exams of a confirmed block can be started.');
  });

  it('says an exam already started was started once', () => {
    const p = explainProblem(
      problemOf(409, {
        type: '/problems/attempt-already-started',
        detail: 'This candidate’s exam has already started',
      }),
      TORONTO,
    );
    expect(p.title).toBe('The exam has already started');
    expect(p.detail).toContain('their voucher was used once');
  });

  it('leaves other problems alone', () => {
    const p = problemOf(404, { type: '/problems/not-found', title: 'Booking was not found' });
    expect(explainProblem(p, TORONTO)).toBe(p);
  });
});

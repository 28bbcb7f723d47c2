import { HttpErrorResponse, HttpHeaders } from '@angular/common/http';
import { FormControl, FormGroup } from '@angular/forms';
import { applyFieldErrors, humanizeField, parseProblem } from './problem';

const problemResponse = (status: number, body: unknown): HttpErrorResponse =>
  new HttpErrorResponse({
    status,
    statusText: 'Error',
    url: '/api/x',
    headers: new HttpHeaders({ 'content-type': 'application/problem+json' }),
    error: body,
  });

describe('parseProblem', () => {
  it('reads an RFC 9457 problem: kind from type, title, detail and field errors', () => {
    const problem = parseProblem(
      problemResponse(400, {
        type: '/problems/validation-failed',
        title: 'The request has invalid fields',
        status: 400,
        detail: 'Invalid field(s): address.city, seats',
        errors: [
          { field: 'address.city', messages: ['city should not be empty'] },
          { field: 'seats', messages: ['seats must not be less than 1', 'seats must be an integer number'] },
        ],
      }),
    );
    expect(problem.kind).toBe('validation-failed');
    expect(problem.status).toBe(400);
    expect(problem.title).toBe('The request has invalid fields');
    expect(problem.detail).toBe('Invalid field(s): address.city, seats');
    expect(problem.fieldErrors).toHaveLength(2);
    expect(problem.message).toBe(
      'The request has invalid fields — Invalid field(s): address.city, seats — Address › city: city should not be empty — ' +
        'Seats: seats must not be less than 1; seats must be an integer number',
    );
  });

  it('parses a problem body that arrived as text', () => {
    const problem = parseProblem(
      problemResponse(
        409,
        JSON.stringify({
          type: '/problems/invalid-state-transition',
          title: 'That change is not allowed from the current state',
          status: 409,
          detail: 'A centre in status accredited cannot be accredited',
        }),
      ),
    );
    expect(problem.kind).toBe('invalid-state-transition');
    expect(problem.detail).toBe('A centre in status accredited cannot be accredited');
    expect(problem.fieldErrors).toEqual([]);
  });

  it('reads a problem whose `status` member was overwritten by a state extension, by its HTTP status', () => {
    const problem = parseProblem(
      problemResponse(409, {
        type: '/problems/invalid-state-transition',
        title: 'That change is not allowed from the current state',
        status: 'redeemed',
        detail: 'A redeemed voucher cannot be voided',
      }),
    );
    expect(problem).toMatchObject({
      kind: 'invalid-state-transition',
      status: 409,
      detail: 'A redeemed voucher cannot be voided',
      extensions: { status: 'redeemed' },
    });
  });

  it('says the server cannot be reached when the request never got an answer', () => {
    const problem = parseProblem(new HttpErrorResponse({ status: 0, error: new ProgressEvent('error') }));
    expect(problem.kind).toBe('network');
    expect(problem.title).toBe('The server cannot be reached');
  });

  it('falls back to the HTTP status for a body that is not a problem (e.g. a proxy error page)', () => {
    const problem = parseProblem(
      new HttpErrorResponse({
        status: 502,
        statusText: 'Bad Gateway',
        error: '<html><body>Bad gateway</body></html>',
      }),
    );
    expect(problem.kind).toBe('http-502');
    expect(problem.title).toBe('The server had a problem');
    expect(problem.detail).toBe('Bad Gateway');
  });

  it('keeps only well-formed field errors', () => {
    const problem = parseProblem(
      problemResponse(400, {
        type: '/problems/validation-failed',
        title: 'Bad',
        status: 400,
        errors: [{ field: 'name', messages: ['required'] }, { nonsense: true }, 'text'],
      }),
    );
    expect(problem.fieldErrors).toEqual([{ field: 'name', messages: ['required'] }]);
  });

  it('turns a thrown Error into a problem too', () => {
    expect(parseProblem(new Error('boom'))).toMatchObject({ kind: 'client-error', detail: 'boom' });
  });
});

describe('humanizeField', () => {
  it('makes dotted API paths readable', () => {
    expect(humanizeField('address.postalCode')).toBe('Address › postal code');
    expect(humanizeField('objectives.0.code')).toBe('Objectives › 1 › code');
    expect(humanizeField('publicProctoringFeeMinor')).toBe('Public proctoring fee minor');
  });
});

describe('applyFieldErrors', () => {
  it('puts server messages on the named controls, through aliases, and returns the rest', () => {
    const form = new FormGroup({
      name: new FormControl(''),
      fee: new FormControl<number | null>(null),
      address: new FormGroup({ city: new FormControl('') }),
    });
    const problem = parseProblem(
      problemResponse(400, {
        type: '/problems/validation-failed',
        title: 'Bad',
        status: 400,
        errors: [
          { field: 'address.city', messages: ['city should not be empty'] },
          { field: 'publicProctoringFeeMinor', messages: ['must be an integer'] },
          { field: 'unknownThing', messages: ['nope'] },
        ],
      }),
    );
    const unplaced = applyFieldErrors(form, problem, { publicProctoringFeeMinor: 'fee' });
    expect(form.get('address.city')?.getError('server')).toBe('city should not be empty');
    expect(form.controls.fee.getError('server')).toBe('must be an integer');
    expect(form.controls.fee.touched).toBe(true);
    expect(unplaced).toEqual([{ field: 'unknownThing', messages: ['nope'] }]);
  });
});

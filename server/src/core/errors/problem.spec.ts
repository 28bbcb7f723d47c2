import { Problem } from './problem';

describe('Problem', () => {
  it('keeps the standard members when an extension uses one of their names', () => {
    const problem = Problem.conflict('invalid-state-transition', 'A voided voucher cannot be assigned', {
      status: 'voided',
      type: 'something-else',
      voucherStatus: 'voided',
    });
    expect(problem.body('/api/vouchers/1/assign')).toMatchObject({
      type: '/problems/invalid-state-transition',
      status: 409,
      detail: 'A voided voucher cannot be assigned',
      instance: '/api/vouchers/1/assign',
      voucherStatus: 'voided',
    });
    expect(problem.getResponse()).toMatchObject({ status: 409, type: '/problems/invalid-state-transition' });
  });

  it('carries field errors of a validation problem', () => {
    const body = Problem.validation([{ field: 'score', messages: ['too high'] }]).body();
    expect(body).toMatchObject({ status: 400, errors: [{ field: 'score', messages: ['too high'] }] });
  });
});

import { nextProctoringFee, proctoringFeeProblem } from './access-policy';

describe('access policy and the public proctoring fee', () => {
  it('requires a fee (zero allowed) from a public centre', () => {
    expect(proctoringFeeProblem('public', null)).toContain('required');
    expect(proctoringFeeProblem('public', 0)).toBeNull();
    expect(proctoringFeeProblem('public', 10000)).toBeNull();
  });

  it('refuses a fee on a members-only centre', () => {
    expect(proctoringFeeProblem('members_only', 100)).toContain('only for centres open to the public');
    expect(proctoringFeeProblem('members_only', null)).toBeNull();
  });

  it('drops the fee when a centre becomes members-only, keeps it otherwise, and takes a given one', () => {
    expect(nextProctoringFee('members_only', undefined, 10000)).toBeNull();
    expect(nextProctoringFee('public', undefined, 10000)).toBe(10000);
    expect(nextProctoringFee('public', 5000, 10000)).toBe(5000);
    expect(nextProctoringFee('public', null, 10000)).toBeNull();
  });
});

import { StackingRule, validateStackingRule } from './stacking-rule';

const rule = (overrides: Partial<StackingRule>): StackingRule => ({
  kind: 'all',
  minCount: null,
  examIds: [],
  credentialIds: [],
  ...overrides,
});
const fields = (r: StackingRule) => validateStackingRule(r).map((v) => v.field);

describe('stacking rule validation', () => {
  it('accepts "all of" two exams', () => {
    expect(validateStackingRule(rule({ examIds: ['dw', 'an'] }))).toEqual([]);
  });

  it('accepts "any 3 of" five credentials', () => {
    expect(
      validateStackingRule(
        rule({ kind: 'any', minCount: 3, credentialIds: ['word', 'excel', 'ppt', 'outlook', 'access'] }),
      ),
    ).toEqual([]);
  });

  it('accepts a mix of exams and credentials, counting both towards minCount', () => {
    expect(
      validateStackingRule(rule({ kind: 'any', minCount: 3, examIds: ['a', 'b'], credentialIds: ['c'] })),
    ).toEqual([]);
  });

  it('accepts a single exam (the credential an exam pass earns)', () => {
    expect(validateStackingRule(rule({ examIds: ['mo-100'] }))).toEqual([]);
  });

  it('accepts "any n of n", which asks for every item', () => {
    expect(validateStackingRule(rule({ kind: 'any', minCount: 2, examIds: ['a', 'b'] }))).toEqual([]);
  });

  it('refuses an empty rule', () => {
    expect(fields(rule({}))).toEqual(['rule']);
    expect(fields(rule({ kind: 'any', minCount: 1 }))).toEqual(['rule']);
  });

  it('refuses a minCount on an "all" rule', () => {
    const violations = validateStackingRule(rule({ minCount: 2, examIds: ['a', 'b'] }));
    expect(violations).toEqual([{ field: 'rule.minCount', message: expect.stringContaining('null') }]);
  });

  it('refuses an "any" rule without minCount', () => {
    expect(fields(rule({ kind: 'any', minCount: null, examIds: ['a', 'b'] }))).toEqual(['rule.minCount']);
  });

  it.each([0, -1, 1.5])('refuses an "any" rule with minCount %p', (minCount) => {
    expect(fields(rule({ kind: 'any', minCount, examIds: ['a', 'b'] }))).toEqual(['rule.minCount']);
  });

  it('refuses a minCount above the number of items and says how many there are', () => {
    const violations = validateStackingRule(
      rule({ kind: 'any', minCount: 4, examIds: ['a', 'b'], credentialIds: ['c'] }),
    );
    expect(violations).toEqual([{ field: 'rule.minCount', message: expect.stringContaining('(3)') }]);
  });

  it('refuses an exam listed twice, naming it', () => {
    const violations = validateStackingRule(rule({ examIds: ['a', 'b', 'a'] }));
    expect(violations).toEqual([
      { field: 'rule.examIds', message: expect.stringContaining('a more than once') },
    ]);
  });

  it('refuses a credential listed twice', () => {
    expect(fields(rule({ kind: 'any', minCount: 1, credentialIds: ['x', 'x'] }))).toEqual([
      'rule.credentialIds',
    ]);
  });

  it('reports every problem at once', () => {
    expect(
      fields(rule({ kind: 'any', minCount: 9, examIds: ['a', 'a'], credentialIds: ['c', 'c'] })),
    ).toEqual(['rule.examIds', 'rule.credentialIds', 'rule.minCount']);
  });
});

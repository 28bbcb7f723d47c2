import { Achievements, evaluateStackingRule, newlyEarnedCredentials, StackingRule } from './stacking-rule';

const has = (exams: string[], credentials: string[] = []): Achievements => ({
  passedExamIds: new Set(exams),
  heldCredentialIds: new Set(credentials),
});
const allOf = (examIds: string[], credentialIds: string[] = []): StackingRule => ({
  kind: 'all',
  minCount: null,
  examIds,
  credentialIds,
});
const anyOf = (minCount: number, examIds: string[], credentialIds: string[] = []): StackingRule => ({
  kind: 'any',
  minCount,
  examIds,
  credentialIds,
});

describe('stacking rule evaluation', () => {
  const webDesign = allOf(['dreamweaver', 'animate']);
  const mosAssociate = anyOf(3, [], ['word', 'excel', 'powerpoint', 'outlook', 'access']);

  it('"all of" is satisfied only when every exam is passed', () => {
    expect(evaluateStackingRule(webDesign, has(['dreamweaver']))).toEqual({
      satisfied: false,
      met: 1,
      required: 2,
    });
    expect(evaluateStackingRule(webDesign, has(['dreamweaver', 'animate', 'photoshop']))).toEqual({
      satisfied: true,
      met: 2,
      required: 2,
    });
  });

  it('"any 3 of 5" needs three of the five credentials, whichever they are', () => {
    expect(evaluateStackingRule(mosAssociate, has([], ['word', 'excel'])).satisfied).toBe(false);
    expect(evaluateStackingRule(mosAssociate, has([], ['word', 'outlook', 'access'])).satisfied).toBe(true);
    expect(evaluateStackingRule(mosAssociate, has([], ['word', 'excel', 'powerpoint', 'outlook']))).toEqual({
      satisfied: true,
      met: 4,
      required: 3,
    });
  });

  it('does not count an exam pass as the credential of the same id, nor the reverse', () => {
    expect(evaluateStackingRule(allOf(['x']), has([], ['x'])).satisfied).toBe(false);
    expect(evaluateStackingRule(allOf([], ['x']), has(['x'])).satisfied).toBe(false);
  });

  it('counts exams and credentials together in a mixed rule', () => {
    const rule = anyOf(2, ['a'], ['b']);
    expect(evaluateStackingRule(rule, has(['a'], ['b'])).satisfied).toBe(true);
    expect(evaluateStackingRule(rule, has(['a'])).satisfied).toBe(false);
  });

  it('never satisfies an empty rule', () => {
    expect(evaluateStackingRule(allOf([]), has(['a'], ['b'])).satisfied).toBe(false);
  });

  it('earns an exam credential and the stack it completes in one pass', () => {
    const credentials = [
      { id: 'mos-associate', rule: mosAssociate },
      { id: 'word', rule: allOf(['mo-100']) },
      { id: 'excel', rule: allOf(['mo-200']) },
      { id: 'powerpoint', rule: allOf(['mo-300']) },
    ];
    expect(newlyEarnedCredentials(credentials, has(['mo-100', 'mo-200', 'mo-300'], ['word']))).toEqual([
      'excel',
      'powerpoint',
      'mos-associate',
    ]);
  });

  it('earns nothing more when the candidate already holds everything the passes give', () => {
    const credentials = [{ id: 'word', rule: allOf(['mo-100']) }];
    expect(newlyEarnedCredentials(credentials, has(['mo-100'], ['word']))).toEqual([]);
  });

  it('follows stacks of stacks to the end', () => {
    const credentials = [
      { id: 'top', rule: allOf([], ['middle']) },
      { id: 'middle', rule: allOf([], ['bottom']) },
      { id: 'bottom', rule: allOf(['exam']) },
    ];
    expect(newlyEarnedCredentials(credentials, has(['exam']))).toEqual(['bottom', 'middle', 'top']);
  });
});

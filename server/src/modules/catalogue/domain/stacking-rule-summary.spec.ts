import { RuleLabels, summarizeStackingRule } from './stacking-rule';

const labels: RuleLabels = {
  exams: new Map([
    ['e1', 'MO-100'],
    ['e2', 'MO-200'],
    ['e3', 'MO-300'],
    ['e4', 'MO-400'],
    ['e5', 'MO-500'],
  ]),
  credentials: new Map([
    ['c1', 'MOS-WORD-EXPERT'],
    ['c2', 'MOS-EXCEL-EXPERT'],
  ]),
};

describe('stacking rule summary', () => {
  it('reads "any n of" with every code, in the order given', () => {
    expect(
      summarizeStackingRule(
        { kind: 'any', minCount: 3, examIds: ['e1', 'e2', 'e3', 'e4', 'e5'], credentialIds: [] },
        labels,
      ),
    ).toBe('Any 3 of: MO-100, MO-200, MO-300, MO-400, MO-500');
  });

  it('reads "all of" over credentials', () => {
    expect(
      summarizeStackingRule(
        { kind: 'all', minCount: null, examIds: [], credentialIds: ['c1', 'c2'] },
        labels,
      ),
    ).toBe('All of: MOS-WORD-EXPERT, MOS-EXCEL-EXPERT');
  });

  it('lists exams before credentials in a mixed rule', () => {
    expect(
      summarizeStackingRule(
        { kind: 'any', minCount: 2, examIds: ['e1'], credentialIds: ['c1', 'c2'] },
        labels,
      ),
    ).toBe('Any 2 of: MO-100, MOS-WORD-EXPERT, MOS-EXCEL-EXPERT');
  });

  it('names a single required item on its own', () => {
    expect(
      summarizeStackingRule({ kind: 'all', minCount: null, examIds: ['e1'], credentialIds: [] }, labels),
    ).toBe('MO-100');
    expect(
      summarizeStackingRule({ kind: 'any', minCount: 1, examIds: ['e2'], credentialIds: [] }, labels),
    ).toBe('MO-200');
  });

  it('shows the id when no code is known rather than dropping the item', () => {
    expect(
      summarizeStackingRule(
        { kind: 'all', minCount: null, examIds: ['e1', 'gone'], credentialIds: [] },
        labels,
      ),
    ).toBe('All of: MO-100, gone');
  });

  it('says so when the rule is empty', () => {
    expect(
      summarizeStackingRule({ kind: 'all', minCount: null, examIds: [], credentialIds: [] }, labels),
    ).toMatch(/empty/);
  });
});

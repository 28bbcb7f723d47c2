import { validateObjectives } from './exam-definition';

describe('exam objectives', () => {
  it('accepts distinct codes', () => {
    expect(
      validateObjectives([
        { code: '1', description: 'Manage documents' },
        { code: '2', description: 'Insert and format text' },
      ]),
    ).toEqual([]);
  });

  it('refuses a repeated code, pointing at the repeat and the first use', () => {
    expect(
      validateObjectives([
        { code: '1', description: 'a' },
        { code: '2', description: 'b' },
        { code: '1', description: 'c' },
      ]),
    ).toEqual([{ field: 'objectives.2.code', message: expect.stringContaining('objectives.0') }]);
  });

  it('treats codes differing only in case as the same', () => {
    expect(
      validateObjectives([
        { code: 'd1', description: 'a' },
        { code: 'D1', description: 'b' },
      ]),
    ).toHaveLength(1);
  });

  it('accepts an exam with no objectives yet', () => {
    expect(validateObjectives([])).toEqual([]);
  });
});

import { validateScoring } from './exam-definition';

describe('exam scoring', () => {
  it.each([
    [700, 1000],
    [0, 1000],
    [1000, 1000],
  ])('accepts a pass mark of %p out of %p', (passingScore, maxScore) => {
    expect(validateScoring({ passingScore, maxScore })).toEqual([]);
  });

  it('refuses a pass mark above the maximum, naming passingScore', () => {
    expect(validateScoring({ passingScore: 1001, maxScore: 1000 })).toEqual([
      { field: 'passingScore', message: expect.stringContaining('(1000)') },
    ]);
  });

  it('refuses a negative pass mark', () => {
    expect(validateScoring({ passingScore: -1, maxScore: 1000 })).toHaveLength(1);
  });

  it('blames maxScore when only the maximum was changed below the stored pass mark', () => {
    expect(
      validateScoring({ passingScore: 700, maxScore: 500 }, { passingScore: false, maxScore: true }),
    ).toEqual([{ field: 'maxScore', message: expect.stringContaining('(700)') }]);
  });
});

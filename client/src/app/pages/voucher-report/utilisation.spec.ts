import type { UtilisationRowDto } from '@invigil/contracts';
import { figureCaption, shareOfBought, utilisationFigures } from './utilisation';

const row: UtilisationRowDto = {
  examId: 'e',
  examCode: 'MO-200',
  currency: 'USD',
  bought: 30,
  available: 20,
  assigned: 4,
  redeemed: 2,
  reserved: 1,
  consumed: 1,
  expired: 0,
  voided: 2,
  remaining: 24,
  value: {
    bought: 495000,
    assigned: 66000,
    redeemed: 49500,
    consumed: 16500,
    expired: 0,
    voided: 33000,
    remaining: 396000,
  },
};

describe('utilisation figures', () => {
  it('lists every bucket with its count and value, counting reserved vouchers as redeemed', () => {
    const figures = utilisationFigures(row);
    expect(figures.map((f) => [f.label, f.count, f.valueMinor])).toEqual([
      ['Bought', 30, 495000],
      ['Assigned', 4, 66000],
      ['Redeemed', 3, 49500],
      ['Used', 1, 16500],
      ['Expired', 0, 0],
      ['Voided', 2, 33000],
      ['Remaining', 24, 396000],
    ]);
    expect(new Set(figures.map((f) => f.color)).size).toBe(figures.length);
  });

  it('captions a bar with the count and the money', () => {
    expect(figureCaption(utilisationFigures(row)[0], 'USD', 'en-US')).toBe('30 · $4,950.00');
  });

  it('gives shares of what was bought', () => {
    expect(shareOfBought(24, 30)).toBe(80);
    expect(shareOfBought(0, 0)).toBe(0);
  });
});

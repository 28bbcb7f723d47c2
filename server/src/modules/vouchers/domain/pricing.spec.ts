import { multiply, PriceList, sum, unitPriceFor, validatePriceList } from './pricing';

const mos: PriceList = {
  currency: 'USD',
  retailPriceMinor: 16500,
  tiers: [
    { minQuantity: 1, unitPriceMinor: 16500 },
    { minQuantity: 100, unitPriceMinor: 9900 },
    { minQuantity: 500, unitPriceMinor: 7900 },
    { minQuantity: 1500, unitPriceMinor: 5900 },
  ],
};

describe('wholesale pricing', () => {
  it('picks the tier a pack size falls in, at the tier boundaries', () => {
    expect(unitPriceFor(mos, 1)).toBe(16500);
    expect(unitPriceFor(mos, 99)).toBe(16500);
    expect(unitPriceFor(mos, 100)).toBe(9900);
    expect(unitPriceFor(mos, 499)).toBe(9900);
    expect(unitPriceFor(mos, 500)).toBe(7900);
    expect(unitPriceFor(mos, 1500)).toBe(5900);
    expect(unitPriceFor(mos, 100000)).toBe(5900);
  });

  it('refuses quantities that are not whole and positive', () => {
    expect(() => unitPriceFor(mos, 0)).toThrow(RangeError);
    expect(() => unitPriceFor(mos, 2.5)).toThrow(RangeError);
  });

  it('computes exact totals in minor units', () => {
    expect(multiply(5900, 1500)).toBe(8_850_000);
    expect(multiply(1, Number.MAX_SAFE_INTEGER)).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => multiply(2, Number.MAX_SAFE_INTEGER)).toThrow(RangeError);
  });

  it('adds only amounts of one currency', () => {
    expect(
      sum(
        [
          { amountMinor: 16500, currency: 'USD' },
          { amountMinor: 10000, currency: 'USD' },
        ],
        'USD',
      ),
    ).toEqual({
      amountMinor: 26500,
      currency: 'USD',
    });
    expect(() => sum([{ amountMinor: 1, currency: 'EUR' }], 'USD')).toThrow(/EUR/);
  });

  it('accepts a sound price list and names what is wrong with an unsound one', () => {
    expect(validatePriceList(mos)).toBeNull();
    expect(validatePriceList({ ...mos, tiers: mos.tiers.slice(1) })).toBe('no-tier-from-one');
    expect(
      validatePriceList({ ...mos, tiers: [...mos.tiers, { minQuantity: 100, unitPriceMinor: 9000 }] }),
    ).toBe('duplicate-tier');
    expect(
      validatePriceList({
        ...mos,
        tiers: [
          { minQuantity: 1, unitPriceMinor: 100 },
          { minQuantity: 10, unitPriceMinor: 200 },
        ],
      }),
    ).toBe('price-rises-with-quantity');
    expect(validatePriceList({ ...mos, retailPriceMinor: 100 })).toBe('tier-above-retail');
  });
});

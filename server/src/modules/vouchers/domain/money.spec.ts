import { formatMoney } from './money';

describe('formatMoney', () => {
  it("writes minor units in the currency's own decimals", () => {
    expect(formatMoney(10000, 'USD')).toBe('$100.00');
    expect(formatMoney(1500, 'JPY')).toBe('¥1,500');
    expect(formatMoney(12345, 'BHD')).toBe('BHD\u00a012.345');
    expect(formatMoney(7900, 'CAD')).toBe('CA$79.00');
  });
});

import { formatMoney } from './money';

describe('formatMoney (shared by the server’s mails and the client)', () => {
  it("writes minor units in the currency's own decimals", () => {
    expect(formatMoney(10000, 'USD', 'en-US')).toBe('$100.00');
    expect(formatMoney(1500, 'JPY', 'en-US')).toBe('¥1,500');
    expect(formatMoney(12345, 'BHD', 'en-US')).toBe('BHD\u00a012.345');
    expect(formatMoney(7900, 'cad', 'en-US')).toBe('CA$79.00');
  });

  it('still writes an amount for a code Intl does not know', () => {
    expect(formatMoney(1234, 'XYZ1', 'en-US')).toBe('12.34 XYZ1');
  });
});

import { randomBytes } from 'node:crypto';
import { VoucherCode } from './voucher-code';

describe('VoucherCode', () => {
  it('carries at least 80 bits of entropy', () => {
    expect(VoucherCode.entropyBits).toBeGreaterThanOrEqual(80);
  });

  it('generates grouped codes that parse back to themselves', () => {
    for (let i = 0; i < 500; i++) {
      const code = VoucherCode.generate(randomBytes);
      expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){4}$/);
      expect(VoucherCode.parse(code)).toEqual({ ok: true, code });
    }
  });

  it('ignores case, dashes and spaces, and folds confusable letters', () => {
    const code = VoucherCode.generate(() => new Uint8Array(19).fill(1)); // all "1"s plus check
    const typed = code.toLowerCase().replace(/-/g, ' ').replace(/1/g, 'l');
    expect(VoucherCode.parse(typed)).toEqual({ ok: true, code });
    const withZeros = VoucherCode.generate(() => new Uint8Array(19).fill(0));
    expect(VoucherCode.parse(withZeros.replace(/0/g, 'o'))).toEqual({ ok: true, code: withZeros });
  });

  it('catches every single mistyped symbol', () => {
    const code = VoucherCode.generate(randomBytes).replace(/-/g, '');
    const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
    for (let position = 0; position < code.length; position++) {
      for (const symbol of alphabet) {
        if (symbol === code[position]) continue;
        const typo = code.slice(0, position) + symbol + code.slice(position + 1);
        expect(VoucherCode.parse(typo)).toEqual({ ok: false, error: 'checksum' });
      }
    }
  });

  it('catches swaps of two different neighbouring symbols', () => {
    let caught = 0;
    let swaps = 0;
    for (let n = 0; n < 200; n++) {
      const code = VoucherCode.generate(randomBytes).replace(/-/g, '');
      for (let i = 0; i < code.length - 1; i++) {
        if (code[i] === code[i + 1]) continue;
        swaps++;
        const swapped = code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2);
        if (!VoucherCode.parse(swapped).ok) caught++;
      }
    }
    // Luhn mod 32 misses only swaps of two symbols whose values differ by 31 ("0"↔"Z")
    expect(caught / swaps).toBeGreaterThan(0.99);
  });

  it('refuses wrong lengths and symbols outside the alphabet as malformed', () => {
    expect(VoucherCode.parse('')).toEqual({ ok: false, error: 'malformed' });
    expect(VoucherCode.parse('ABCD-EFGH')).toEqual({ ok: false, error: 'malformed' });
    expect(VoucherCode.parse('UUUU-UUUU-UUUU-UUUU-UUUU')).toEqual({ ok: false, error: 'malformed' });
    expect(VoucherCode.parse('ABCD-EFGH-JKMN-PQRS-TVW!')).toEqual({ ok: false, error: 'malformed' });
  });
});

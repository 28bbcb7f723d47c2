/**
 * Voucher codes: 19 random Crockford base32 symbols (95 bits) and one Luhn mod 32 check symbol,
 * shown as five groups of four: `7K3D-M9QX-2HVA-RT0W-5NPC`. Input is case- and dash-insensitive and
 * folds the confusable letters (I, L → 1; O → 0), so a code read aloud or retyped still works, and
 * a single mistyped symbol or a swap of two neighbours is caught before any lookup.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const DATA_LENGTH = 19;
const GROUP = 4;

export type VoucherCodeError = 'malformed' | 'checksum';

export type ParsedVoucherCode = { ok: true; code: string } | { ok: false; error: VoucherCodeError };

const valueOf = (symbol: string): number => ALPHABET.indexOf(symbol);

/** Luhn mod N over the alphabet: doubles every second symbol from the right. */
function checkSymbol(data: string): string {
  let sum = 0;
  let double = true;
  for (let i = data.length - 1; i >= 0; i--) {
    let v = valueOf(data[i]);
    if (double) {
      v *= 2;
      v = Math.floor(v / 32) + (v % 32);
    }
    sum += v;
    double = !double;
  }
  return ALPHABET[(32 - (sum % 32)) % 32];
}

function group(code: string): string {
  return code.match(new RegExp(`.{1,${GROUP}}`, 'g'))?.join('-') ?? code;
}

export const VoucherCode = {
  /** bits of entropy in a code */
  entropyBits: DATA_LENGTH * 5,

  /** `randomBytes` must be a CSPRNG (node:crypto randomBytes); it is called once per code. */
  generate(randomBytes: (size: number) => Uint8Array): string {
    const bytes = randomBytes(DATA_LENGTH);
    let data = '';
    for (let i = 0; i < DATA_LENGTH; i++) data += ALPHABET[bytes[i] & 31];
    return group(data + checkSymbol(data));
  },

  /** Normalises what a person typed and verifies the check symbol. */
  parse(input: string): ParsedVoucherCode {
    const folded = input.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
    if (folded.length !== DATA_LENGTH + 1 || [...folded].some((c) => valueOf(c) < 0)) {
      return { ok: false, error: 'malformed' };
    }
    const data = folded.slice(0, DATA_LENGTH);
    if (checkSymbol(data) !== folded[DATA_LENGTH]) return { ok: false, error: 'checksum' };
    return { ok: true, code: group(folded) };
  },
};

/**
 * What a person types as a voucher code, checked the way the server checks it: Crockford base32,
 * case-, space- and dash-insensitive, I/L read as 1 and O as 0, 19 data symbols and a Luhn mod 32
 * check symbol. Catching a typo here spares a failed attempt that counts towards the lockout.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const VOUCHER_CODE_LENGTH = 20;
const GROUP = 4;

export type VoucherCodeCheck = 'empty' | 'incomplete' | 'too-long' | 'bad-symbol' | 'mistyped' | 'ok';

/** Upper case, no spaces or dashes, confusable letters folded. */
export function foldVoucherCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
}

/** Groups of four for display: `7k3d m9qx-2hva` → `7K3D-M9QX-2HVA`. */
export function formatVoucherCode(input: string): string {
  const folded = foldVoucherCode(input);
  return folded.match(new RegExp(`.{1,${GROUP}}`, 'g'))?.join('-') ?? folded;
}

function checkSymbol(data: string): string {
  let sum = 0;
  let double = true;
  for (let i = data.length - 1; i >= 0; i--) {
    let v = ALPHABET.indexOf(data[i]);
    if (double) {
      v *= 2;
      v = Math.floor(v / 32) + (v % 32);
    }
    sum += v;
    double = !double;
  }
  return ALPHABET[(32 - (sum % 32)) % 32];
}

export function checkVoucherCode(input: string): VoucherCodeCheck {
  const folded = foldVoucherCode(input);
  if (folded.length === 0) return 'empty';
  if ([...folded].some((c) => !ALPHABET.includes(c))) return 'bad-symbol';
  if (folded.length < VOUCHER_CODE_LENGTH) return 'incomplete';
  if (folded.length > VOUCHER_CODE_LENGTH) return 'too-long';
  const data = folded.slice(0, VOUCHER_CODE_LENGTH - 1);
  return checkSymbol(data) === folded[VOUCHER_CODE_LENGTH - 1] ? 'ok' : 'mistyped';
}

/** A sentence for a person about what is wrong with the code so far, or null when nothing is. */
export function voucherCodeHint(input: string): string | null {
  const folded = foldVoucherCode(input);
  switch (checkVoucherCode(input)) {
    case 'empty':
    case 'ok':
      return null;
    case 'bad-symbol':
      return 'A voucher code has only letters and digits (U is never used)';
    case 'incomplete':
      return `${folded.length} of ${VOUCHER_CODE_LENGTH} characters`;
    case 'too-long':
      return `That is ${folded.length} characters; a voucher code has ${VOUCHER_CODE_LENGTH}`;
    case 'mistyped':
      return 'Check the code: one of its characters is wrong';
  }
}

/** The code with all but its last group hidden, e.g. `••••-••••-••••-••••-5NPC`. */
export function maskVoucherCode(code: string): string {
  const groups = code.split('-');
  return groups.map((g, i) => (i === groups.length - 1 ? g : '•'.repeat(g.length))).join('-');
}

/**
 * The voucher search sends what looks like a code as its folded last four symbols (the server
 * matches codes by them) and anything else, such as part of an email, as typed.
 */
export function voucherSearchTerm(input: string): string {
  const trimmed = input.trim();
  if (!trimmed || trimmed.includes('@')) return trimmed;
  const looksLikeCode = /[\s-]/.test(trimmed) || /\d/.test(trimmed);
  if (!looksLikeCode) return trimmed;
  const folded = foldVoucherCode(trimmed);
  return [...folded].every((c) => ALPHABET.includes(c)) && folded.length >= GROUP
    ? folded.slice(-GROUP)
    : trimmed;
}

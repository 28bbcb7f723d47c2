import type { ReadableProblem } from '../problem/problem';
import { IdempotencyKeys, orderFingerprint, outcomeUnknown } from './idempotency';
import { redeemMessage } from './redeem-problems';
import {
  checkVoucherCode,
  foldVoucherCode,
  formatVoucherCode,
  maskVoucherCode,
  voucherCodeHint,
  voucherSearchTerm,
} from './voucher-code';
import { shownVoucherStatus, tierRanges } from './voucher-labels';

// made by the server's VoucherCode.generate
const VALID = 'N3H6-DVSR-JW20-0RCE-ECNK';

const problem = (kind: string, status: number): ReadableProblem => ({
  kind,
  status,
  title: kind,
  detail: null,
  fieldErrors: [],
  extensions: {},
  message: kind,
});

describe('voucher code input', () => {
  it('accepts lower case, spaces and dashes anywhere, and folds I, L and O', () => {
    expect(foldVoucherCode(' n3h6 dvsr-jw2o-0rce ecnk ')).toBe('N3H6DVSRJW200RCEECNK');
    expect(foldVoucherCode('il-o')).toBe('110');
    expect(checkVoucherCode('n3h6dvsrjw200rceecnk')).toBe('ok');
    expect(checkVoucherCode('N3H6 DVSR JW2O 0RCE ECNK')).toBe('ok');
  });

  it('shows what was typed in groups of four', () => {
    expect(formatVoucherCode('n3h6dvsrjw2')).toBe('N3H6-DVSR-JW2');
    expect(formatVoucherCode(VALID.toLowerCase())).toBe(VALID);
  });

  it('catches a single wrong character and a swap of two neighbours with the check character', () => {
    expect(checkVoucherCode(VALID.replace('DVSR', 'DVSP'))).toBe('mistyped');
    expect(checkVoucherCode(VALID.replace('N3H6', '3NH6'))).toBe('mistyped');
    expect(voucherCodeHint(VALID.replace('DVSR', 'DVSP'))).toBe(
      'Check the code: one of its characters is wrong',
    );
  });

  it('says how far along an incomplete code is, and refuses symbols codes never use', () => {
    expect(checkVoucherCode('')).toBe('empty');
    expect(voucherCodeHint('')).toBeNull();
    expect(checkVoucherCode('N3H6-DVSR')).toBe('incomplete');
    expect(voucherCodeHint('N3H6-DVSR')).toBe('8 of 20 characters');
    expect(checkVoucherCode(`${VALID}-A`)).toBe('too-long');
    expect(checkVoucherCode('N3H6-DVSU')).toBe('bad-symbol');
    expect(checkVoucherCode('N3H6_DVS')).toBe('bad-symbol');
    expect(voucherCodeHint(VALID)).toBeNull();
  });

  it('hides all but the last group of a code until it is revealed', () => {
    expect(maskVoucherCode(VALID)).toBe('••••-••••-••••-••••-ECNK');
  });

  it('searches by the last four symbols of a code, and by email text as typed', () => {
    expect(voucherSearchTerm(' n3h6-dvsr-jw2o-0rce-ecnk ')).toBe('ECNK');
    expect(voucherSearchTerm('ecnk')).toBe('ecnk');
    expect(voucherSearchTerm('0rce ecnk')).toBe('ECNK');
    expect(voucherSearchTerm('jordan')).toBe('jordan');
    expect(voucherSearchTerm('candidate@northfield.demo')).toBe('candidate@northfield.demo');
    expect(voucherSearchTerm('')).toBe('');
  });
});

describe('idempotency keys for purchases', () => {
  const keys = (): IdempotencyKeys => {
    let n = 0;
    return new IdempotencyKeys(() => `key-${++n}`);
  };
  const order = orderFingerprint('inst-1', [{ examId: 'mo-200', quantity: 500 }]);

  it('reuses the key when a purchase is retried after a network failure or a server error', () => {
    const k = keys();
    expect(k.keyFor(order)).toBe('key-1');
    k.failed(problem('network', 0));
    expect(k.keyFor(order)).toBe('key-1');
    k.failed(problem('internal-error', 500));
    expect(k.keyFor(order)).toBe('key-1');
    k.failed(problem('conflict', 409));
    expect(k.keyFor(order)).toBe('key-1');
  });

  it('starts a new purchase after a success or a definite refusal', () => {
    const k = keys();
    k.keyFor(order);
    k.succeeded();
    expect(k.pendingKey).toBeNull();
    expect(k.keyFor(order)).toBe('key-2');
    k.failed(problem('validation-failed', 400));
    expect(k.keyFor(order)).toBe('key-3');
  });

  it('uses a new key when the order changed, so a retry never replays a different purchase', () => {
    const k = keys();
    k.keyFor(order);
    k.failed(problem('network', 0));
    expect(k.keyFor(orderFingerprint('inst-1', [{ examId: 'mo-200', quantity: 501 }]))).toBe('key-2');
  });

  it('fingerprints items whatever their order', () => {
    const a = { examId: 'a', quantity: 1 };
    const b = { examId: 'b', quantity: 2 };
    expect(orderFingerprint('x', [a, b])).toBe(orderFingerprint('x', [b, a]));
    expect(orderFingerprint('x', [a])).not.toBe(orderFingerprint('y', [a]));
  });

  it('knows which failures leave the outcome unknown', () => {
    expect(outcomeUnknown(problem('network', 0))).toBe(true);
    expect(outcomeUnknown(problem('service-unavailable', 503))).toBe(true);
    expect(outcomeUnknown(problem('idempotency-key-reused', 409))).toBe(false);
    expect(outcomeUnknown(problem('forbidden', 403))).toBe(false);
  });

  it('makes random keys the server accepts (8–200 visible characters)', () => {
    const key = new IdempotencyKeys().keyFor(order);
    expect(key).toMatch(/^[0-9a-f]{32}$/);
    expect(new IdempotencyKeys().keyFor(order)).not.toBe(key);
  });

  it('keeps a pending key across a reload of the page when given the tab storage', () => {
    const saved = new Map<string, string>();
    const storage = {
      getItem: (k: string) => saved.get(k) ?? null,
      setItem: (k: string, v: string) => void saved.set(k, v),
      removeItem: (k: string) => void saved.delete(k),
    };
    let n = 0;
    const page = () => new IdempotencyKeys(() => `key-${++n}`, { storage, name: 'pending-order' });
    const before = page();
    const key = before.keyFor(order);
    before.failed(problem('network', 0));
    // reloaded: a new page object, the same tab storage
    const after = page();
    expect(after.pendingKey).toBe(key);
    expect(after.keyFor(order)).toBe(key);
    after.succeeded();
    expect(page().pendingKey).toBeNull();
    expect(page().keyFor(order)).not.toBe(key);
    // something unreadable in storage is ignored
    saved.set('pending-order', '{not json');
    expect(page().pendingKey).toBeNull();
  });
});

describe('redemption problems', () => {
  it.each([
    'voucher-code-mistyped',
    'voucher-code-malformed',
    'voucher-not-found',
    'voucher-voided',
    'voucher-expired',
    'voucher-already-redeemed',
    'redemption-locked',
    'rate-limited',
  ])('gives %s its own message', (kind) => {
    const message = redeemMessage(problem(kind, 409));
    expect(message.title).not.toBe(kind);
    expect(message.advice.length).toBeGreaterThan(10);
  });

  it('tells each kind apart', () => {
    const titles = ['voucher-voided', 'voucher-expired', 'voucher-already-redeemed', 'redemption-locked'].map(
      (k) => redeemMessage(problem(k, 409)).title,
    );
    expect(new Set(titles).size).toBe(4);
  });

  it('falls back to what the server said for anything else', () => {
    expect(redeemMessage({ ...problem('weird', 500), title: 'Boom', detail: 'It broke' })).toEqual({
      title: 'Boom',
      advice: 'It broke',
    });
  });
});

describe('price tiers', () => {
  const tiers = [
    { minQuantity: 500, unitPriceMinor: 9900 },
    { minQuantity: 1, unitPriceMinor: 16500 },
    { minQuantity: 100, unitPriceMinor: 11900 },
    { minQuantity: 1500, unitPriceMinor: 7900 },
  ];

  it('shows tiers as pack-size ranges', () => {
    expect(tierRanges(tiers).map((t) => t.label)).toEqual(['1–99', '100–499', '500–1,499', '1,500+']);
    expect(
      tierRanges([
        { minQuantity: 1, unitPriceMinor: 1 },
        { minQuantity: 2, unitPriceMinor: 1 },
      ]).map((t) => t.label),
    ).toEqual(['1', '2+']);
  });
});

describe('shown voucher status', () => {
  const now = new Date('2027-03-16T05:00:00Z');

  it('shows an unused voucher past its expiry as expired before the nightly job marks it', () => {
    expect(shownVoucherStatus('available', '2027-03-16T03:59:59Z', now)).toBe('expired');
    expect(shownVoucherStatus('assigned', '2027-03-16T04:59:59Z', now)).toBe('expired');
  });

  it('keeps the status of a voucher still valid, or already used', () => {
    expect(shownVoucherStatus('available', '2027-03-17T03:59:59Z', now)).toBe('available');
    expect(shownVoucherStatus('redeemed', '2027-03-01T00:00:00Z', now)).toBe('redeemed');
    expect(shownVoucherStatus('voided', '2027-03-01T00:00:00Z', now)).toBe('voided');
  });
});

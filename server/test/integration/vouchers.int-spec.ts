import { randomUUID } from 'node:crypto';
import { VoucherCode } from '../../src/modules/vouchers/domain/voucher-code';
import {
  castOfRoles,
  createCertificationBody,
  createInstitution,
  createUser,
  grantRole,
  signedInAs,
  signIn,
} from '../factories/identity.factory';
import { createPricedExam } from '../factories/vouchers.factory';
import type { ApiClient } from '../support/api-client';
import { startTestApp, TestApp } from '../support/test-app';

const count = async (t: TestApp, sql: string, params: unknown[] = []) =>
  Number((await t.pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${sql}`, params)).rows[0].n);

describe('vouchers: buying, codes, assignment and exactly-once redemption', () => {
  let t: TestApp;
  let cast: Awaited<ReturnType<typeof castOfRoles>>;
  let exam: { id: string; code: string };
  let admin: ApiClient;

  const buy = (
    client: ApiClient,
    institutionId: string,
    quantity: number,
    key = randomUUID(),
    examId = exam.id,
  ) =>
    client.post(
      `/institutions/${institutionId}/voucher-orders`,
      { items: [{ examId, quantity }] },
      { 'idempotency-key': key },
    );

  const codesOf = async (institutionId: string, status?: string) => {
    const res = await admin.get(
      `/institutions/${institutionId}/vouchers?limit=200${status ? `&status=${status}` : ''}`,
    );
    return res.body.items as { id: string; code: string; status: string }[];
  };

  beforeAll(async () => {
    t = await startTestApp({
      REDEEM_LIMIT_PER_USER_PER_MINUTE: '10000',
      REDEEM_LIMIT_PER_IP_PER_MINUTE: '100000',
      REDEEM_MAX_FAILURES: '10000',
    });
    cast = await castOfRoles(t.api, t.pool);
    exam = await createPricedExam(t.pool, cast.body.id);
    admin = cast.institutionAdmin.client;
    // a stock of codes for the tests that need a few; each test may also buy its own
    expect((await buy(admin, cast.institution.id, 60)).status).toBe(201);
  });
  afterAll(() => t.close());

  it('quotes at the wholesale tier the pack size falls in, in integer minor units', async () => {
    const quote = await admin.post(`/institutions/${cast.institution.id}/voucher-quotes`, {
      items: [{ examId: exam.id, quantity: 500 }],
    });
    expect(quote.status).toBe(200);
    expect(quote.body).toMatchObject({
      currency: 'USD',
      totalMinor: 500 * 7900,
      retailTotalMinor: 500 * 16500,
      lines: [{ quantity: 500, unitPriceMinor: 7900, tierMinQuantity: 500 }],
    });
  });

  it('issues a whole pack of 1,500 at once, with an open invoice and expiry shown in the institution zone', async () => {
    const res = await buy(admin, cast.institution.id, 1500);
    expect(res.status).toBe(201);
    expect(res.body.invoice).toMatchObject({
      status: 'open',
      amountMinor: 1500 * 7900,
      currency: 'USD',
      provider: 'offline-invoice',
    });
    expect(res.body.packs).toHaveLength(1);
    expect(res.body.packs[0].expiryZone).toBe('America/Toronto');
    expect(res.body.packs[0].expiresAtLocal).toMatch(/23:59 \(America\/Toronto\)$/);
    expect(
      await count(t, `vouchers WHERE pack_id = $1 AND status = 'available'`, [res.body.packs[0].id]),
    ).toBe(1500);
  });

  it('answers a retried order with the same Idempotency-Key with the same order, even when retries race', async () => {
    const key = randomUUID();
    const before = await count(t, 'voucher_packs');
    const results = await Promise.all(
      Array.from({ length: 8 }, () => buy(admin, cast.institution.id, 3, key)),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 200)).toHaveLength(7);
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    expect(await count(t, 'voucher_packs')).toBe(before + 1);

    const reused = await buy(admin, cast.institution.id, 4, key);
    expect(reused.status).toBe(409);
    expect(reused.body.type).toBe('/problems/idempotency-key-reused');
  });

  it('refuses an order without an Idempotency-Key, naming the header, and buys nothing', async () => {
    const before = await count(t, 'voucher_orders');
    const res = await admin.post(`/institutions/${cast.institution.id}/voucher-orders`, {
      items: [{ examId: exam.id, quantity: 2 }],
    });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe('Idempotency-Key');
    expect(await count(t, 'voucher_orders')).toBe(before);
  });

  it.each([
    ['zero quantity', { items: [{ examId: randomUUID(), quantity: 0 }] }, 'items.0.quantity'],
    ['too many', { items: [{ examId: randomUUID(), quantity: 10001 }] }, 'items.0.quantity'],
    ['fractional', { items: [{ examId: randomUUID(), quantity: 1.5 }] }, 'items.0.quantity'],
    ['bad exam id', { items: [{ examId: 'x', quantity: 1 }] }, 'items.0.examId'],
    ['no items', { items: [] }, 'items'],
  ])('refuses an order with %s, naming the field', async (_name, body, field) => {
    const before = await count(t, 'voucher_orders');
    const res = await admin.post(`/institutions/${cast.institution.id}/voucher-orders`, body, {
      'idempotency-key': randomUUID(),
    });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(await count(t, 'voucher_orders')).toBe(before);
  });

  it('refuses an exam without a price list', async () => {
    const res = await buy(admin, cast.institution.id, 1, randomUUID(), randomUUID());
    expect(res.status).toBe(400);
    expect(res.body.type).toBe('/problems/price-list-missing');
  });

  it('lets only the institution admin buy, list and export', async () => {
    for (const who of [cast.instructor, cast.proctor, cast.candidate]) {
      expect((await buy(who.client, cast.institution.id, 1)).status).toBe(403);
      expect((await who.client.get(`/institutions/${cast.institution.id}/vouchers`)).status).toBe(403);
    }
    expect((await buy(cast.bodyAdmin.client, cast.institution.id, 1)).status).toBe(404);
    const csv = await admin.get(`/institutions/${cast.institution.id}/vouchers.csv?status=available`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = (csv.body as string).trim().split('\n');
    expect(lines[0]).toBe('code,exam,status,expires_at,assigned_to,redeemed_by,reason');
    expect(VoucherCode.parse(lines[1].split(',')[0]).ok).toBe(true);
  });

  it('stores no usable code in clear', async () => {
    const [voucher] = await codesOf(cast.institution.id, 'available');
    const { rows } = await t.pool.query(`SELECT * FROM vouchers WHERE id = $1`, [voucher.id]);
    const stored = Object.values(rows[0] as Record<string, unknown>)
      .map((v) => (Buffer.isBuffer(v) ? v.toString('latin1') : JSON.stringify(v)))
      .join('|');
    expect(stored).not.toContain(voucher.code);
    expect(stored).not.toContain(voucher.code.replace(/-/g, ''));
  });

  it('lets exactly one of 200 concurrent redemptions of one code win', async () => {
    const [voucher] = await codesOf(cast.institution.id, 'available');
    const candidates = await Promise.all(
      Array.from(
        { length: 20 },
        async () =>
          (await signedInAs(t.api, t.pool, 'candidate', { institutionId: cast.institution.id })).client,
      ),
    );
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        candidates[i % candidates.length].post('/vouchers/redeem', { code: voucher.code }),
      ),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    const losers = results.filter((r) => r.status !== 200);
    expect(
      losers.every((r) => r.status === 409 && r.body.type === '/problems/voucher-already-redeemed'),
    ).toBe(true);
    expect(
      await count(t, `audit_log WHERE action = 'voucher.redeemed' AND entity_id = $1`, [voucher.id]),
    ).toBe(1);
  });

  it('redeems 1,000 distinct codes concurrently, each exactly once', async () => {
    const order = await buy(admin, cast.institution.id, 1000);
    const packId = order.body.packs[0].id as string;
    const page = async (offset: number) =>
      (
        await admin.get(
          `/institutions/${cast.institution.id}/vouchers?packId=${packId}&limit=200&offset=${offset}`,
        )
      ).body.items as {
        code: string;
      }[];
    const codes = (await Promise.all([0, 200, 400, 600, 800].map(page))).flat().map((v) => v.code);
    expect(new Set(codes).size).toBe(1000);
    const candidates = await Promise.all(
      Array.from(
        { length: 25 },
        async () =>
          (await signedInAs(t.api, t.pool, 'candidate', { institutionId: cast.institution.id })).client,
      ),
    );
    const results: number[] = [];
    // 1,000 requests in flight at once
    await Promise.all(
      codes.map(async (code, i) =>
        results.push((await candidates[i % 25].post('/vouchers/redeem', { code })).status),
      ),
    );
    expect(results.filter((s) => s === 200)).toHaveLength(1000);
    expect(await count(t, `vouchers WHERE pack_id = $1 AND status = 'redeemed'`, [packId])).toBe(1000);
    const { rows } = await t.pool.query(
      `SELECT count(DISTINCT entity_id) AS distinct_ids, count(*) AS n FROM audit_log a JOIN vouchers v ON v.id::text = a.entity_id
        WHERE a.action = 'voucher.redeemed' AND v.pack_id = $1`,
      [packId],
    );
    expect(Number(rows[0].n)).toBe(1000);
    expect(Number(rows[0].distinct_ids)).toBe(1000);
  }, 120_000);

  it('gives each bad code kind its own problem type and changes nothing', async () => {
    const candidate = cast.candidate.client;
    const [toVoid, toExpire, good] = await codesOf(cast.institution.id, 'available');
    expect((await admin.post(`/vouchers/${toVoid.id}/void`, { reason: 'lost by courier' })).status).toBe(200);
    await t.pool.query(`ALTER TABLE vouchers DISABLE TRIGGER vouchers_lifecycle`);
    await t.pool.query(`UPDATE vouchers SET expires_at = now() - interval '1 day' WHERE id = $1`, [
      toExpire.id,
    ]);
    await t.pool.query(`ALTER TABLE vouchers ENABLE TRIGGER vouchers_lifecycle`);
    const typo = good.code.slice(0, -1) + (good.code.endsWith('0') ? '1' : '0');
    const unknown = VoucherCode.generate((n) => new Uint8Array(n).fill(7));
    const before = await t.pool.query(`SELECT id, status FROM vouchers ORDER BY id`);

    const cases: [string, number, string][] = [
      [toVoid.code, 409, '/problems/voucher-voided'],
      [toExpire.code, 409, '/problems/voucher-expired'],
      [typo, 400, '/problems/voucher-code-mistyped'],
      ['hello', 400, '/problems/voucher-code-malformed'],
      [unknown, 404, '/problems/voucher-not-found'],
    ];
    for (const [code, status, type] of cases) {
      const res = await candidate.post('/vouchers/redeem', { code });
      expect({ code, status: res.status, type: res.body.type }).toEqual({ code, status, type });
    }
    const redeemedOnce = (await codesOf(cast.institution.id, 'redeemed'))[0];
    const again = await candidate.post('/vouchers/redeem', { code: redeemedOnce.code });
    expect(again.status).toBe(409);
    expect(again.body.type).toBe('/problems/voucher-already-redeemed');
    expect((await t.pool.query(`SELECT id, status FROM vouchers ORDER BY id`)).rows).toEqual(before.rows);
    expect(await count(t, `audit_log WHERE action = 'voucher.redeem_failed'`)).toBeGreaterThanOrEqual(6);
    // each failure is audited with its reason, against the code's last four characters
    const audited = await t.pool.query<{ entity_id: string; entity_type: string; reason: string }>(
      `SELECT entity_id, entity_type, details->>'reason' AS reason FROM audit_log
        WHERE action = 'voucher.redeem_failed' AND actor_user_id = $1 ORDER BY occurred_at DESC, id DESC LIMIT 6`,
      [cast.candidate.user.id],
    );
    const hint = (code: string) => {
      const parsed = VoucherCode.parse(code);
      return parsed.ok ? `…${parsed.code.slice(-4)}` : code;
    };
    expect(audited.rows.map((r) => [r.entity_type, r.entity_id, r.reason]).reverse()).toEqual([
      ['voucher_code', hint(toVoid.code), 'voucher-voided'],
      ['voucher_code', hint(toExpire.code), 'voucher-expired'],
      ['voucher_code', 'code', 'checksum'],
      ['voucher_code', 'code', 'malformed'],
      ['voucher_code', hint(unknown), 'voucher-not-found'],
      ['voucher_code', hint(redeemedOnce.code), 'voucher-already-redeemed'],
    ]);
  });

  it('accepts a code typed in lower case with spaces and confusable letters', async () => {
    const [voucher] = await codesOf(cast.institution.id, 'available');
    const typed = voucher.code.toLowerCase().replace(/-/g, ' ').replace(/1/g, 'l').replace(/0/g, 'o');
    const res = await cast.candidate.client.post('/vouchers/redeem', { code: typed });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ voucherId: voucher.id, examCode: exam.code, status: 'redeemed' });
  });

  it('assigns a voucher to a candidate, notifies them, and only they can redeem it', async () => {
    const [voucher] = await codesOf(cast.institution.id, 'available');
    const other = await signedInAs(t.api, t.pool, 'candidate', { institutionId: cast.institution.id });
    const assigned = await admin.post(`/vouchers/${voucher.id}/assign`, {
      candidateUserId: cast.candidate.user.id,
    });
    expect(assigned.status).toBe(200);
    expect(assigned.body.status).toBe('assigned');
    expect(
      await count(t, `mail_outbox WHERE to_address = $1 AND template = 'voucher-assigned'`, [
        cast.candidate.user.email,
      ]),
    ).toBe(1);

    const stolen = await other.client.post('/vouchers/redeem', { code: voucher.code });
    expect(stolen.status).toBe(409);
    expect(stolen.body.type).toBe('/problems/voucher-assigned-to-another');

    const mine = await cast.candidate.client.get('/me/entitlements');
    expect(mine.body).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ voucherId: voucher.id, status: 'assigned', code: voucher.code }),
      ]),
    );
    const redeemed = await cast.candidate.client.post(`/vouchers/${voucher.id}/redeem`);
    expect(redeemed.status).toBe(200);
    expect(redeemed.body.status).toBe('redeemed');
  });

  it('assigns vouchers in bulk from a CSV class roster, reporting the lines it skipped', async () => {
    const a = await createUser(t.pool, { email: `roster-a-${randomUUID().slice(0, 6)}@example.test` });
    const b = await createUser(t.pool, { email: `roster-b-${randomUUID().slice(0, 6)}@example.test` });
    await grantRole(t.pool, a.id, 'candidate', { institutionId: cast.institution.id });
    await grantRole(t.pool, b.id, 'candidate', { institutionId: cast.institution.id });
    const csv = `email,name\n${a.email},A\n${b.email},B\nnot-an-email,C\n${a.email},A again\nstranger@example.test,D\n`;
    const res = await admin.post(`/institutions/${cast.institution.id}/voucher-assignments`, {
      examId: exam.id,
      csv,
    });
    expect(res.status).toBe(201);
    expect(res.body.assigned.map((x: { email: string }) => x.email).sort()).toEqual(
      [a.email, b.email].sort(),
    );
    expect(res.body.skipped.map((x: { line: number; reason: string }) => [x.line, x.reason])).toEqual([
      [4, 'not an email address'],
      [5, 'listed twice'],
      [6, 'not a candidate of this institution'],
    ]);
    const bad = await admin.post(`/institutions/${cast.institution.id}/voucher-assignments`, {
      examId: exam.id,
      csv: 'name\nx',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('csv');
  });

  it('keeps institutions apart: no seeing, assigning, voiding or redeeming another institution’s vouchers', async () => {
    const other = await createInstitution(t.pool, { name: `Other ${randomUUID().slice(0, 6)}` });
    const otherAdmin = await signedInAs(t.api, t.pool, 'institution_admin', { institutionId: other.id });
    const outsider = await signedInAs(t.api, t.pool, 'candidate', { institutionId: other.id });
    const [voucher] = await codesOf(cast.institution.id, 'available');

    expect((await otherAdmin.client.get(`/institutions/${cast.institution.id}/vouchers`)).status).toBe(404);
    expect((await otherAdmin.client.get(`/institutions/${cast.institution.id}/vouchers.csv`)).status).toBe(
      404,
    );
    expect(
      (await otherAdmin.client.post(`/vouchers/${voucher.id}/void`, { reason: 'mine now' })).status,
    ).toBe(404);
    expect(
      (await otherAdmin.client.post(`/vouchers/${voucher.id}/assign`, { candidateUserId: outsider.user.id }))
        .status,
    ).toBe(404);
    expect((await otherAdmin.client.get(`/institutions/${cast.institution.id}/voucher-report`)).status).toBe(
      404,
    );
    const redeem = await outsider.client.post('/vouchers/redeem', { code: voucher.code });
    expect(redeem.status).toBe(404);
    expect(redeem.body.type).toBe('/problems/voucher-not-found');
    expect(
      (await t.pool.query(`SELECT status FROM vouchers WHERE id = $1`, [voucher.id])).rows[0].status,
    ).toBe('available');
  });

  it('reinstates a consumed entitlement for a centre fault (admin) or a platform fault (operator only), once', async () => {
    const [voucher] = await codesOf(cast.institution.id, 'available');
    expect((await cast.candidate.client.post('/vouchers/redeem', { code: voucher.code })).status).toBe(200);
    // the exam started: reserved by a booking, then consumed
    await t.pool.query(`UPDATE vouchers SET status = 'reserved' WHERE id = $1`, [voucher.id]);
    await t.pool.query(`UPDATE vouchers SET status = 'consumed' WHERE id = $1`, [voucher.id]);
    const status = async () =>
      (await t.pool.query(`SELECT status FROM vouchers WHERE id = $1`, [voucher.id])).rows[0].status;
    const other = await createInstitution(t.pool, { name: `Other ${randomUUID().slice(0, 6)}` });
    const otherAdmin = await signedInAs(t.api, t.pool, 'institution_admin', { institutionId: other.id });
    const path = `/vouchers/${voucher.id}/reinstate`;

    const bad = await admin.post(path, { fault: 'weather', reason: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['fault', 'reason']);
    expect(
      (await cast.candidate.client.post(path, { fault: 'centre', reason: 'lab power cut' })).status,
    ).toBe(403);
    expect((await otherAdmin.client.post(path, { fault: 'centre', reason: 'lab power cut' })).status).toBe(
      404,
    );
    expect((await admin.post(path, { fault: 'platform', reason: 'VM crashed' })).status).toBe(403);
    expect(await status()).toBe('consumed');

    const ok = await admin.post(path, { fault: 'centre', reason: 'lab power cut mid-exam' });
    expect(ok.status).toBe(200);
    expect(ok.body.status).toBe('redeemed');
    expect(await status()).toBe('redeemed');
    expect(
      await count(t, `audit_log WHERE action = 'voucher.reinstated' AND entity_id = $1`, [voucher.id]),
    ).toBe(1);

    const again = await cast.operator.client.post(path, { fault: 'platform', reason: 'VM crashed' });
    expect(again.status).toBe(409);
    expect(again.body.type).toBe('/problems/invalid-state-transition');
  });

  it('reports pack utilisation with values', async () => {
    const res = await admin.get(`/institutions/${cast.institution.id}/voucher-report`);
    expect(res.status).toBe(200);
    const total = res.body.total;
    expect(total.bought).toBe(
      total.available +
        total.assigned +
        total.redeemed +
        total.reserved +
        total.consumed +
        total.expired +
        total.voided,
    );
    expect(total.remaining).toBe(total.available + total.assigned);
    expect(total.voided).toBeGreaterThanOrEqual(1);
    expect(total.value.bought).toBe(
      total.value.remaining +
        total.value.redeemed +
        total.value.consumed +
        total.value.expired +
        total.value.voided,
    );
    // assigned vouchers are part of what remains, and are valued like the rest
    expect(total.value.assigned).toBeLessThanOrEqual(total.value.remaining);
    expect(total.value.assigned > 0).toBe(total.assigned > 0);
  });

  it('quotes a retail voucher as the order invoices it, with each public centre’s proctoring fee', async () => {
    const { rows } = await t.pool.query<{ id: string }>(
      `INSERT INTO testing_centres (institution_id, name, time_zone, address_line1, city, country, access_policy,
                                    public_proctoring_fee_minor, currency, accreditation_status,
                                    onboarding_fee_minor, onboarding_fee_paid_at, accredited_at)
       VALUES ($1, 'Quote Public Centre', 'America/Toronto', '1 Main St', 'Toronto', 'CA', 'public',
               10000, 'USD', 'accredited', 150000, now(), now())
       RETURNING id`,
      [cast.institution.id],
    );
    const centreId = rows[0].id;
    const outsider = await signIn(t.api, await createUser(t.pool));
    const quote = await outsider.post('/me/voucher-quotes', { examId: exam.id });
    expect(quote.status).toBe(200);
    expect(quote.body).toMatchObject({ examId: exam.id, currency: 'USD', voucherPriceMinor: 16500 });
    // the public pays the centre's fee on top: 165 + 100
    expect(quote.body.centres).toContainEqual(
      expect.objectContaining({ centreId, feeMinor: 10000, waived: false, totalMinor: 26500 }),
    );
    // the institution's own candidates do not
    const own = await cast.candidate.client.post('/me/voucher-quotes', { examId: exam.id });
    expect(own.body.centres).toContainEqual(
      expect.objectContaining({ centreId, waived: true, totalMinor: 16500 }),
    );
    // the order invoices what the quote said
    const order = await outsider.post(
      '/me/voucher-orders',
      { examId: exam.id },
      { 'idempotency-key': randomUUID() },
    );
    expect(order.body.invoice.amountMinor).toBe(quote.body.voucherPriceMinor);
    const missing = await outsider.post('/me/voucher-quotes', { examId: randomUUID() });
    expect(missing.status).toBe(400);
    expect(missing.body.type).toBe('/problems/price-list-missing');
  });

  it('sells a single retail voucher that is issued only when the operator settles the invoice', async () => {
    const buyer = await createUser(t.pool);
    const client = await signIn(t.api, buyer);
    const order = await client.post(
      '/me/voucher-orders',
      { examId: exam.id },
      { 'idempotency-key': randomUUID() },
    );
    expect(order.status).toBe(201);
    expect(order.body).toMatchObject({ totalMinor: 16500, packs: [], invoice: { status: 'open' } });
    expect((await client.post(`/invoices/${order.body.invoice.id}/settle`)).status).toBe(403);
    const settled = await cast.operator.client.post(`/invoices/${order.body.invoice.id}/settle`);
    expect(settled.status).toBe(200);
    expect(settled.body.status).toBe('paid');
    expect((await cast.operator.client.post(`/invoices/${order.body.invoice.id}/settle`)).status).toBe(409);
    const mine = await client.get('/me/entitlements');
    expect(mine.body).toHaveLength(1);
    const redeemed = await client.post('/vouchers/redeem', { code: mine.body[0].code });
    expect(redeemed.status).toBe(200);
  });
});

describe('vouchers: redemption limits', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ REDEEM_MAX_FAILURES: '3', REDEEM_LIMIT_PER_USER_PER_MINUTE: '100' });
  });
  afterAll(() => t.close());

  it('locks a candidate out after repeated failed redemptions', async () => {
    const institution = await createInstitution(t.pool);
    await createCertificationBody(t.pool);
    const { client } = await signedInAs(t.api, t.pool, 'candidate', { institutionId: institution.id });
    for (let i = 0; i < 3; i++)
      expect((await client.post('/vouchers/redeem', { code: 'not a code' })).status).toBe(400);
    const locked = await client.post('/vouchers/redeem', { code: 'not a code' });
    expect(locked.status).toBe(429);
    expect(locked.body.type).toBe('/problems/redemption-locked');
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

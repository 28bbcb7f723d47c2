import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CodeVault } from '../../src/modules/vouchers/code-vault';
import { VoucherCode } from '../../src/modules/vouchers/domain/voucher-code';
import { RedemptionBatcher } from '../../src/modules/vouchers/redemption-batcher';
import {
  RedemptionRequest,
  VoucherLedgerRepository,
} from '../../src/modules/vouchers/voucher-ledger.repository';
import { castOfRoles, createInstitution, createUser, grantRole } from '../factories/identity.factory';
import { createPricedExam } from '../factories/vouchers.factory';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Redemptions asked together go to the database as one statement: each request must still get
 * exactly the answer it would get alone, and one request's failure must stay its own.
 */
describe('vouchers: redemptions answered together', () => {
  let t: TestApp;
  let cast: Awaited<ReturnType<typeof castOfRoles>>;
  let codes: { id: string; code: string }[];
  let hashOf: (code: string) => Buffer;

  beforeAll(async () => {
    t = await startTestApp();
    cast = await castOfRoles(t.api, t.pool);
    const exam = await createPricedExam(t.pool, cast.body.id);
    const admin = cast.institutionAdmin.client;
    const order = await admin.post(
      `/institutions/${cast.institution.id}/voucher-orders`,
      { items: [{ examId: exam.id, quantity: 12 }] },
      { 'idempotency-key': randomUUID() },
    );
    expect(order.status).toBe(201);
    codes = (await admin.get(`/institutions/${cast.institution.id}/vouchers?limit=200`)).body.items;
    const vault = t.app.get(CodeVault);
    hashOf = (code) => {
      const parsed = VoucherCode.parse(code);
      if (!parsed.ok) throw new Error(`not a code: ${code}`);
      return vault.lookupHash(parsed.code);
    };
  });
  afterAll(() => t.close());

  const candidateIn = async (institutionId: string) => {
    const user = await createUser(t.pool);
    await grantRole(t.pool, user.id, 'candidate', { institutionId });
    return user;
  };
  const statusOf = async (id: string) =>
    (await t.pool.query<{ status: string }>(`SELECT status FROM vouchers WHERE id = $1`, [id])).rows[0]
      .status;

  it('gives each request asked together its own answer, and audits each once', async () => {
    const [good, good2, toVoid, toExpire, toAssign] = codes;
    const [a, b, c] = await Promise.all([1, 2, 3].map(() => candidateIn(cast.institution.id)));
    const other = await createInstitution(t.pool);
    const outsider = await candidateIn(other.id);
    const admin = cast.institutionAdmin.client;
    expect((await admin.post(`/vouchers/${toVoid.id}/void`, { reason: 'lost' })).status).toBe(200);
    expect((await admin.post(`/vouchers/${toAssign.id}/assign`, { candidateUserId: c.id })).status).toBe(200);
    await t.pool.query(`ALTER TABLE vouchers DISABLE TRIGGER vouchers_lifecycle`);
    await t.pool.query(`UPDATE vouchers SET expires_at = now() - interval '1 day' WHERE id = $1`, [
      toExpire.id,
    ]);
    await t.pool.query(`ALTER TABLE vouchers ENABLE TRIGGER vouchers_lifecycle`);
    const unknown = VoucherCode.generate((n) => new Uint8Array(n).fill(9));

    const ask = (
      user: { id: string },
      code: string,
      institutionId = cast.institution.id,
    ): RedemptionRequest => ({
      key: hashOf(code),
      userId: user.id,
      ip: '203.0.113.9',
      institutionIds: [institutionId],
      label: code.slice(-4),
    });
    const requests = [
      ask(a, good.code),
      ask(b, good.code), // the same code again, in the same call: it waits for the first
      ask(a, toVoid.code),
      ask(a, toExpire.code),
      ask(outsider, good2.code, other.id), // another institution's code
      ask(a, toAssign.code),
      ask(a, unknown),
      ask(b, good2.code),
    ];
    const ledger = t.app.get(VoucherLedgerRepository);
    await expect(
      ledger.redeem(t.app.get(DataSource).manager, 'code_hash', [requests[0], requests[1]]),
    ).rejects.toThrow('one statement may redeem a key once');
    const statements = jest.spyOn(ledger, 'redeem');
    const batcher = t.app.get(RedemptionBatcher);
    // asked in one turn: each code asked twice goes in a second statement, sent at the same time
    const outcomes = await Promise.all(requests.map((r) => batcher.redeem('code_hash', r)));
    expect(statements.mock.calls.map(([, , asked]) => asked.length)).toEqual([6, 2]);
    statements.mockRestore();

    // the two requests for `good` race: either may win, the other learns who did
    const [winner, loser] = outcomes[0].redeemed ? [a, b] : [b, a];
    const [won, lost] = outcomes[0].redeemed ? [outcomes[0], outcomes[1]] : [outcomes[1], outcomes[0]];
    expect(won.redeemed).toMatchObject({
      id: good.id,
      status: 'redeemed',
      institutionId: cast.institution.id,
    });
    expect(lost.verdict).toEqual({ reason: 'voucher-already-redeemed', redeemedBy: winner.id });
    expect(
      outcomes.slice(2).map((o) => (o.redeemed ? `redeemed ${o.redeemed.id}` : o.verdict?.reason)),
    ).toEqual([
      'voucher-voided',
      'voucher-expired',
      'voucher-not-found',
      'voucher-assigned-to-another',
      'voucher-not-found',
      `redeemed ${good2.id}`,
    ]);
    expect(await statusOf(good.id)).toBe('redeemed');
    expect(await statusOf(toAssign.id)).toBe('assigned');
    expect(await statusOf(toVoid.id)).toBe('voided');

    const audit = await t.pool.query<{
      action: string;
      actor: string;
      entity: string;
      reason: string | null;
    }>(
      `SELECT action, actor_user_id AS actor, entity_id AS entity, details->>'reason' AS reason FROM audit_log
        WHERE actor_user_id = ANY($1::uuid[]) AND action LIKE 'voucher.redeem%' ORDER BY action, entity_id`,
      [[a.id, b.id, outsider.id]],
    );
    const tail = (code: string) => code.slice(-4);
    expect(audit.rows).toEqual(
      [
        {
          action: 'voucher.redeem_failed',
          actor: loser.id,
          entity: tail(good.code),
          reason: 'voucher-already-redeemed',
        },
        { action: 'voucher.redeem_failed', actor: a.id, entity: tail(toVoid.code), reason: 'voucher-voided' },
        {
          action: 'voucher.redeem_failed',
          actor: a.id,
          entity: tail(toExpire.code),
          reason: 'voucher-expired',
        },
        {
          action: 'voucher.redeem_failed',
          actor: outsider.id,
          entity: tail(good2.code),
          reason: 'voucher-not-found',
        },
        {
          action: 'voucher.redeem_failed',
          actor: a.id,
          entity: tail(toAssign.code),
          reason: 'voucher-assigned-to-another',
        },
        { action: 'voucher.redeem_failed', actor: a.id, entity: tail(unknown), reason: 'voucher-not-found' },
        { action: 'voucher.redeemed', actor: winner.id, entity: good.id, reason: null },
        { action: 'voucher.redeemed', actor: b.id, entity: good2.id, reason: null },
      ].sort(
        (x, y) =>
          x.action.localeCompare(y.action) || (x.entity < y.entity ? -1 : x.entity > y.entity ? 1 : 0),
      ),
    );
  });

  it('answers the requests of one turn with one statement, and keeps a failing request’s failure its own', async () => {
    const [, , , , , first, second] = codes;
    const [a, b] = await Promise.all([1, 2].map(() => candidateIn(cast.institution.id)));
    const ledger = t.app.get(VoucherLedgerRepository);
    const statements = jest.spyOn(ledger, 'redeem');
    const batcher = t.app.get(RedemptionBatcher);
    const ask = (user: { id: string }, code: string, institutionIds = [cast.institution.id]) =>
      batcher.redeem('code_hash', {
        key: hashOf(code),
        userId: user.id,
        ip: null,
        institutionIds,
        label: 'x',
      });

    // asked in one turn: one statement for both
    const [one, two] = await Promise.all([ask(a, first.code), ask(b, second.code)]);
    expect(statements.mock.calls.map(([, , requests]) => requests.length)).toEqual([2]);
    expect([one.redeemed?.id, two.redeemed?.id]).toEqual([first.id, second.id]);

    // a request the database refuses (an institution id that is no uuid) fails the statement;
    // then each is tried alone: the good one is redeemed, only the bad one fails
    statements.mockClear();
    const [good] = codes.slice(7);
    const logged = jest.spyOn(console, 'log');
    const results = await Promise.allSettled([ask(a, good.code), ask(b, second.code, ['not-a-uuid'])]);
    // a failed statement is not logged with its SQL and parameters (the caller decides what to log)
    expect(logged).not.toHaveBeenCalled();
    logged.mockRestore();
    expect(results[0]).toMatchObject({ status: 'fulfilled', value: { redeemed: { id: good.id } } });
    expect(results[1].status).toBe('rejected');
    expect(statements.mock.calls.map(([, , requests]) => requests.length)).toEqual([2, 1, 1]);
    expect(await statusOf(good.id)).toBe('redeemed');
    expect(
      Number(
        (
          await t.pool.query(
            `SELECT count(*) AS n FROM audit_log WHERE action = 'voucher.redeemed' AND entity_id = $1`,
            [good.id],
          )
        ).rows[0].n,
      ),
    ).toBe(1);
    statements.mockRestore();
  });

  it('keeps the answers of a turn’s other statements when one of its statements fails', async () => {
    // one turn, two statements: [a: code, c: refused] and [b: the same code]. The first fails and
    // is retried request by request; the second's redemption must not be answered twice
    const [code] = codes.slice(8);
    const [a, b] = await Promise.all([1, 2].map(() => candidateIn(cast.institution.id)));
    const [other] = codes.slice(9);
    const batcher = t.app.get(RedemptionBatcher);
    const ask = (user: { id: string }, c: string, institutionIds = [cast.institution.id]) =>
      batcher.redeem('code_hash', { key: hashOf(c), userId: user.id, ip: null, institutionIds, label: 'x' });
    const results = await Promise.allSettled([
      ask(a, code.code),
      ask(b, code.code),
      ask(a, other.code, ['not-a-uuid']),
    ]);
    expect(results[2].status).toBe('rejected');
    const answers = results.slice(0, 2).map((r) => (r.status === 'fulfilled' ? r.value : null));
    const winners = answers.filter((o) => o?.redeemed);
    expect(winners).toHaveLength(1);
    const loser = answers.find((o) => !o?.redeemed);
    const { rows } = await t.pool.query<{ redeemed_by: string }>(
      `SELECT redeemed_by FROM vouchers WHERE id = $1`,
      [code.id],
    );
    const winner = answers[0]?.redeemed ? a : b;
    expect(rows[0].redeemed_by).toBe(winner.id);
    expect(loser?.verdict).toEqual({ reason: 'voucher-already-redeemed', redeemedBy: winner.id });
  });
});

import { randomBytes } from 'node:crypto';
import type { Pool } from 'pg';
import { createCertificationBody, createInstitution, createUser } from '../factories/identity.factory';
import { createTestDatabase } from '../support/test-database';

/** The database itself refuses illegal voucher moves, whoever writes. */
describe('voucher ledger schema: lifecycle enforced by the database', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let pool: Pool;
  let voucherId: string;
  let candidateId: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    pool = db.pool;
    const institution = await createInstitution(pool);
    const body = await createCertificationBody(pool);
    const buyer = await createUser(pool);
    candidateId = (await createUser(pool)).id;
    const exam = await pool.query<{ id: string }>(
      `INSERT INTO exams (certification_body_id, code, title, level, duration_minutes, passing_score, max_score, delivery_modes)
       VALUES ($1, 'MO-200', 'Excel', 'associate', 50, 700, 1000, ARRAY['in_lab']) RETURNING id`,
      [body.id],
    );
    const order = await pool.query<{ id: string }>(
      `INSERT INTO voucher_orders (institution_id, buyer_user_id, idempotency_key, request_hash, currency, total_minor, items)
       VALUES ($1, $2, 'key-12345678', 'h', 'USD', 100, '[]') RETURNING id`,
      [institution.id, buyer.id],
    );
    const pack = await pool.query<{ id: string }>(
      `INSERT INTO voucher_packs (order_id, institution_id, exam_id, quantity, unit_price_minor, currency, purchased_at, expires_at, expiry_zone)
       VALUES ($1, $2, $3, 1, 100, 'USD', now(), now() + interval '1 year', 'UTC') RETURNING id`,
      [order.rows[0].id, institution.id, exam.rows[0].id],
    );
    const voucher = await pool.query<{ id: string }>(
      `INSERT INTO vouchers (pack_id, institution_id, exam_id, code_hash, code_encrypted, code_hint, expires_at)
       VALUES ($1, $2, $3, $4, $5, 'ABCD', now() + interval '1 year') RETURNING id`,
      [pack.rows[0].id, institution.id, exam.rows[0].id, randomBytes(32), randomBytes(48)],
    );
    voucherId = voucher.rows[0].id;
  });
  afterAll(() => db.drop());

  const move = (set: string, params: unknown[] = []) =>
    pool.query(`UPDATE vouchers SET ${set} WHERE id = $1`, [voucherId, ...params]);

  it('allows the legal path and stamps each change', async () => {
    await move(`status = 'assigned', assigned_to = $2, assigned_at = now()`, [candidateId]);
    await move(`status = 'redeemed', redeemed_by = $2, redeemed_at = now()`, [candidateId]);
    await move(`status = 'reserved'`);
    await move(`status = 'consumed'`);
    await move(`status = 'redeemed'`); // reinstated after a platform fault
    const { rows } = await pool.query(`SELECT status FROM vouchers WHERE id = $1`, [voucherId]);
    expect(rows[0].status).toBe('redeemed');
  });

  it('refuses an illegal move whoever asks', async () => {
    await expect(move(`status = 'available'`)).rejects.toThrow(/cannot go from redeemed to available/);
    await expect(move(`status = 'voided'`)).rejects.toThrow(/cannot go from redeemed to voided/);
  });

  it('refuses a redeemed voucher without a redeemer', async () => {
    await expect(move(`redeemed_by = NULL`)).rejects.toThrow(/vouchers_redeemed/);
  });
});

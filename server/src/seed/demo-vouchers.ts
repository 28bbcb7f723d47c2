import type { EntityManager } from 'typeorm';
import type { AppConfig } from '../core/config/app-config';
import { CodeVault } from '../modules/vouchers/code-vault';
import { voucherExpiry } from '../modules/vouchers/domain/voucher-expiry';
import type { DemoTenant } from './demo-types';

/** Retail prices in USD cents by certification body, with wholesale tiers as a share of retail. */
const RETAIL_BY_BODY: Record<string, number> = {
  microsoft: 16500,
  adobe: 15000,
  apple: 13500,
  pmi: 22500,
  'ec-council': 25000,
};
const TIERS: [minQuantity: number, shareOfRetail: number][] = [
  [1, 1],
  [100, 0.72],
  [500, 0.6],
  [1500, 0.48],
];

/**
 * Demo price lists for every exam, the default retake policy for each body, a pack of 30
 * MO-200 vouchers bought by Northfield College with one assigned to the demo candidate, and
 * Northfield's own price to its learners. Idempotent.
 */
export async function seedDemoVouchers(
  em: EntityManager,
  tenant: DemoTenant,
  config: AppConfig,
): Promise<void> {
  const exams = await em.query<{ id: string; code: string; body: string }[]>(
    `SELECT e.id, e.code, b.code AS body FROM exams e JOIN certification_bodies b ON b.id = e.certification_body_id`,
  );
  for (const exam of exams) {
    const retail = RETAIL_BY_BODY[exam.body] ?? 15000;
    const rows = await em.query<{ id: string }[]>(
      `INSERT INTO voucher_price_lists (exam_id, currency, retail_price_minor) VALUES ($1, 'USD', $2)
       ON CONFLICT (exam_id) DO NOTHING RETURNING id`,
      [exam.id, retail],
    );
    if (rows.length === 0) continue;
    await em.query(
      `INSERT INTO voucher_price_tiers (price_list_id, min_quantity, unit_price_minor) SELECT $1, * FROM unnest($2::int[], $3::int[])`,
      [rows[0].id, TIERS.map(([q]) => q), TIERS.map(([, share]) => Math.round((retail * share) / 100) * 100)],
    );
  }
  await em.query(
    `INSERT INTO retake_policies (certification_body_id, max_attempts_per_year)
     SELECT id, 5 FROM certification_bodies ON CONFLICT DO NOTHING`,
  );

  const [mo200] = await em.query<{ id: string }[]>(`SELECT id FROM exams WHERE code = 'MO-200' LIMIT 1`);
  if (!mo200) return;
  const existing = await em.query<unknown[]>(
    `SELECT 1 FROM voucher_packs WHERE institution_id = $1 LIMIT 1`,
    [tenant.institutionId],
  );
  if (existing.length > 0) return;

  const quantity = 30;
  // 30 vouchers fall in the first tier: retail
  const unit = RETAIL_BY_BODY.microsoft;
  const [order] = await em.query<{ id: string }[]>(
    `INSERT INTO voucher_orders (institution_id, buyer_user_id, idempotency_key, request_hash, currency, total_minor, items)
     VALUES ($1, $2, 'demo-seed-order-1', 'demo', 'USD', $3, $4) RETURNING id`,
    [
      tenant.institutionId,
      tenant.users.institutionAdmin.id,
      unit * quantity,
      JSON.stringify([{ examId: mo200.id, quantity, unitPriceMinor: unit }]),
    ],
  );
  await em.query(
    `INSERT INTO invoices (order_id, number, provider, amount_minor, currency, due_at)
     VALUES ($1, 'INV-' || nextval('invoice_number_seq'), 'offline-invoice', $2, 'USD', now() + interval '30 days')`,
    [order.id, unit * quantity],
  );
  const purchasedAt = new Date();
  const expiresAt = voucherExpiry(purchasedAt, 12, 'America/Toronto');
  const [pack] = await em.query<{ id: string }[]>(
    `INSERT INTO voucher_packs (order_id, institution_id, exam_id, quantity, unit_price_minor, currency, purchased_at, expires_at, expiry_zone)
     VALUES ($1, $2, $3, $4, $5, 'USD', $6, $7, 'America/Toronto') RETURNING id`,
    [order.id, tenant.institutionId, mo200.id, quantity, unit, purchasedAt, expiresAt],
  );
  const vault = new CodeVault(config);
  const codes = Array.from({ length: quantity }, () => vault.mint());
  await em.query(
    `INSERT INTO vouchers (pack_id, institution_id, exam_id, expires_at, code_hash, code_encrypted, code_hint)
     SELECT $1, $2, $3, $4, h, c, n FROM unnest($5::bytea[], $6::bytea[], $7::text[]) AS t(h, c, n)`,
    [
      pack.id,
      tenant.institutionId,
      mo200.id,
      expiresAt,
      codes.map((c) => c.hash),
      codes.map((c) => c.encrypted),
      codes.map((c) => c.hint),
    ],
  );
  await em.query(
    `UPDATE vouchers SET status = 'assigned', assigned_to = $2, assigned_at = now()
      WHERE id = (SELECT id FROM vouchers WHERE pack_id = $1 ORDER BY id LIMIT 1)`,
    [pack.id, tenant.users.candidate.id],
  );
  await em.query(
    `INSERT INTO institution_exam_prices (institution_id, exam_id, price_minor, currency) VALUES ($1, $2, 5000, 'CAD')
     ON CONFLICT DO NOTHING`,
    [tenant.institutionId, mo200.id],
  );
}

import type { Pool } from 'pg';
import { randomBytes } from 'node:crypto';

/** An exam of a certification body with a price list: retail 165.00 USD, tiers from 100 and 500. */
export async function createPricedExam(
  pool: Pool,
  certificationBodyId: string,
  attrs: { code?: string; currency?: string; validityMonths?: number } = {},
): Promise<{ id: string; code: string }> {
  const code = attrs.code ?? `EX-${randomBytes(3).toString('hex').toUpperCase()}`;
  const { rows } = await pool.query<{ id: string }>(
    `INSERT INTO exams (certification_body_id, code, title, level, duration_minutes, passing_score, max_score, delivery_modes)
     VALUES ($1, $2, $3, 'associate', 50, 700, 1000, ARRAY['in_lab','online_proctored']) RETURNING id`,
    [certificationBodyId, code, `Exam ${code}`],
  );
  const list = await pool.query<{ id: string }>(
    `INSERT INTO voucher_price_lists (exam_id, currency, retail_price_minor, validity_months) VALUES ($1, $2, 16500, $3) RETURNING id`,
    [rows[0].id, attrs.currency ?? 'USD', attrs.validityMonths ?? 12],
  );
  await pool.query(
    `INSERT INTO voucher_price_tiers (price_list_id, min_quantity, unit_price_minor) VALUES ($1, 1, 16500), ($1, 100, 9900), ($1, 500, 7900)`,
    [list.rows[0].id],
  );
  return { id: rows[0].id, code };
}

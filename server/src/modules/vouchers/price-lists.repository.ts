import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { rowsOf } from '../../core/database/query-result';
import type { PriceList } from './domain/pricing';

export interface PriceListRow extends PriceList {
  examId: string;
  examCode: string;
  examTitle: string;
  certificationBodyId: string;
  certificationBodyName: string;
  validityMonths: number;
}

const SELECT = `
  SELECT p.exam_id AS "examId", e.code AS "examCode", e.title AS "examTitle",
         e.certification_body_id AS "certificationBodyId", b.name AS "certificationBodyName",
         p.currency, p.retail_price_minor AS "retailPriceMinor", p.validity_months AS "validityMonths",
         coalesce((SELECT json_agg(json_build_object('minQuantity', t.min_quantity, 'unitPriceMinor', t.unit_price_minor)
                                   ORDER BY t.min_quantity)
                     FROM voucher_price_tiers t WHERE t.price_list_id = p.id), '[]') AS tiers
    FROM voucher_price_lists p
    JOIN exams e ON e.id = p.exam_id
    JOIN certification_bodies b ON b.id = e.certification_body_id`;

/** Price lists and institution prices. */
@Injectable()
export class PriceListsRepository {
  async upsert(
    em: EntityManager,
    examId: string,
    list: { currency: string; retailPriceMinor: number; validityMonths: number; tiers: PriceList['tiers'] },
  ): Promise<void> {
    const [row] = await em.query<{ id: string }[]>(
      `INSERT INTO voucher_price_lists (exam_id, currency, retail_price_minor, validity_months)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (exam_id) DO UPDATE
         SET currency = EXCLUDED.currency, retail_price_minor = EXCLUDED.retail_price_minor,
             validity_months = EXCLUDED.validity_months, updated_at = now()
       RETURNING id`,
      [examId, list.currency, list.retailPriceMinor, list.validityMonths],
    );
    await em.query(`DELETE FROM voucher_price_tiers WHERE price_list_id = $1`, [row.id]);
    await em.query(
      `INSERT INTO voucher_price_tiers (price_list_id, min_quantity, unit_price_minor)
       SELECT $1, * FROM unnest($2::int[], $3::int[])`,
      [row.id, list.tiers.map((t) => t.minQuantity), list.tiers.map((t) => t.unitPriceMinor)],
    );
  }

  list(em: EntityManager, filter: { certificationBodyId?: string } = {}): Promise<PriceListRow[]> {
    return filter.certificationBodyId
      ? em.query(`${SELECT} WHERE e.certification_body_id = $1 ORDER BY b.name, e.code`, [
          filter.certificationBodyId,
        ])
      : em.query(`${SELECT} ORDER BY b.name, e.code`);
  }

  forExams(em: EntityManager, examIds: string[]): Promise<PriceListRow[]> {
    return em.query(`${SELECT} WHERE p.exam_id = ANY($1::uuid[])`, [examIds]);
  }

  async examExists(em: EntityManager, examId: string): Promise<boolean> {
    const rows = await em.query<unknown[]>(`SELECT 1 FROM exams WHERE id = $1`, [examId]);
    return rows.length > 0;
  }

  // --- institution prices to learners ---------------------------------------------------

  async setInstitutionPrice(
    em: EntityManager,
    institutionId: string,
    examId: string,
    priceMinor: number,
    currency: string,
  ) {
    await em.query(
      `INSERT INTO institution_exam_prices (institution_id, exam_id, price_minor, currency) VALUES ($1, $2, $3, $4)
       ON CONFLICT (institution_id, exam_id) DO UPDATE SET price_minor = EXCLUDED.price_minor,
         currency = EXCLUDED.currency, updated_at = now()`,
      [institutionId, examId, priceMinor, currency],
    );
  }

  async removeInstitutionPrice(em: EntityManager, institutionId: string, examId: string): Promise<boolean> {
    const rows = await em.query<unknown[]>(
      `DELETE FROM institution_exam_prices WHERE institution_id = $1 AND exam_id = $2 RETURNING exam_id`,
      [institutionId, examId],
    );
    return rowsOf(rows).length > 0;
  }

  institutionPrices(
    em: EntityManager,
    institutionId: string,
  ): Promise<
    { examId: string; examCode: string; examTitle: string; priceMinor: number; currency: string }[]
  > {
    return em.query(
      `SELECT p.exam_id AS "examId", e.code AS "examCode", e.title AS "examTitle", p.price_minor AS "priceMinor", p.currency
         FROM institution_exam_prices p JOIN exams e ON e.id = p.exam_id
        WHERE p.institution_id = $1 ORDER BY e.code`,
      [institutionId],
    );
  }

  // --- retake policies -----------------------------------------------------------------

  async setRetakePolicy(
    em: EntityManager,
    bodyId: string,
    p: {
      waitHoursAfterFirstFailure: number;
      waitHoursAfterThirdFailure: number;
      maxAttemptsPerYear: number | null;
    },
  ): Promise<void> {
    await em.query(
      `INSERT INTO retake_policies (certification_body_id, wait_hours_after_first_failure, wait_hours_after_third_failure, max_attempts_per_year)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (certification_body_id) DO UPDATE SET
         wait_hours_after_first_failure = EXCLUDED.wait_hours_after_first_failure,
         wait_hours_after_third_failure = EXCLUDED.wait_hours_after_third_failure,
         max_attempts_per_year = EXCLUDED.max_attempts_per_year, updated_at = now()`,
      [bodyId, p.waitHoursAfterFirstFailure, p.waitHoursAfterThirdFailure, p.maxAttemptsPerYear],
    );
  }

  async retakePolicy(
    em: EntityManager,
    bodyId: string,
  ): Promise<{
    waitHoursAfterFirstFailure: number;
    waitHoursAfterThirdFailure: number;
    maxAttemptsPerYear: number | null;
  } | null> {
    const rows = await em.query<
      {
        waitHoursAfterFirstFailure: number;
        waitHoursAfterThirdFailure: number;
        maxAttemptsPerYear: number | null;
      }[]
    >(
      `SELECT wait_hours_after_first_failure AS "waitHoursAfterFirstFailure",
              wait_hours_after_third_failure AS "waitHoursAfterThirdFailure",
              max_attempts_per_year AS "maxAttemptsPerYear"
         FROM retake_policies WHERE certification_body_id = $1`,
      [bodyId],
    );
    return rows[0] ?? null;
  }

  async certificationBodyExists(em: EntityManager, bodyId: string): Promise<boolean> {
    const rows = await em.query<unknown[]>(`SELECT 1 FROM certification_bodies WHERE id = $1`, [bodyId]);
    return rows.length > 0;
  }
}

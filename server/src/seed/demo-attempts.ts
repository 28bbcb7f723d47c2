import { DateTime } from 'luxon';
import type { EntityManager } from 'typeorm';
import { rowsOf } from '../core/database/query-result';
import type { DemoTenant } from './demo-types';

const DOWNTOWN = 'Northfield Downtown Testing Centre';
const TORONTO = 'America/Toronto';

/**
 * Who sat yesterday's MO-200 block in Lab A, and how it went (null: result not in yet). The demo
 * candidate's failed attempt lets them retake after the default 24-hour wait, so they can still
 * be seated in the bookable weeks ahead.
 */
const SITTINGS: { email: string; score: number | null }[] = [
  { email: 'lucas.martin@northfield.demo', score: null },
  { email: 'candidate@northfield.demo', score: 640 },
];

/**
 * Exam attempts for the demo: yesterday's in-lab MO-200 block at the Downtown centre, proctored
 * by the demo proctor, where one candidate's result is awaited (so the Microsoft admin has one
 * to record) and one did not pass. Each seat's voucher walks the real lifecycle
 * (available → redeemed → reserved → consumed). Idempotent: nothing is added once the demo
 * candidates have attempts.
 */
export async function seedDemoAttempts(
  em: EntityManager,
  tenant: DemoTenant,
  now = new Date(),
): Promise<void> {
  const [exam] = await em.query<{ id: string }[]>(`SELECT id FROM exams WHERE code = 'MO-200'`);
  const [lab] = await em.query<{ id: string; centreId: string }[]>(
    `SELECT l.id, c.id AS "centreId" FROM labs l JOIN testing_centres c ON c.id = l.centre_id
      WHERE c.institution_id = $1 AND c.name = $2 AND l.name = 'Lab A'`,
    [tenant.institutionId, DOWNTOWN],
  );
  if (!exam || !lab) return;
  const people = await em.query<{ id: string; email: string }[]>(
    `SELECT id, email FROM users WHERE email = ANY($1::text[])`,
    [SITTINGS.map((s) => s.email)],
  );
  if (people.length !== SITTINGS.length) return;
  const [{ n }] = await em.query<{ n: number }[]>(
    `SELECT count(*)::int AS n FROM exam_attempts WHERE candidate_id = ANY($1::uuid[])`,
    [people.map((p) => p.id)],
  );
  if (n > 0) return;

  const start = DateTime.fromJSDate(now, { zone: TORONTO })
    .startOf('day')
    .minus({ days: 1 })
    .set({ hour: 10 });
  const end = start.plus({ hours: 1 });
  const [{ id: bookingId }] = await em.query<{ id: string }[]>(
    `INSERT INTO bookings (centre_id, institution_id, exam_id, delivery_mode, seats, filled_seats, lab_id,
                           starts_at, ends_at, status, booked_by)
     VALUES ($1, $2, $3, 'in_lab', 10, $4, $5, $6, $7, 'confirmed', $8) RETURNING id`,
    [
      lab.centreId,
      tenant.institutionId,
      exam.id,
      SITTINGS.length,
      lab.id,
      start.toJSDate(),
      end.toJSDate(),
      tenant.users.instructor.id,
    ],
  );
  await em.query(
    `INSERT INTO booking_proctors (booking_id, centre_id, proctor_id, during) VALUES ($1, $2, $3, tstzrange($4, $5, '[)'))`,
    [bookingId, lab.centreId, tenant.users.proctor.id, start.toJSDate(), end.toJSDate()],
  );
  for (const sitting of SITTINGS) {
    const person = people.find((p) => p.email === sitting.email) as { id: string };
    const [voucher] = rowsOf<{ id: string }>(
      await em.query(
        `UPDATE vouchers SET status = 'redeemed', redeemed_by = $2, redeemed_at = $4
        WHERE id = (SELECT id FROM vouchers WHERE institution_id = $1 AND exam_id = $3 AND status = 'available'
                     ORDER BY id LIMIT 1)
        RETURNING id`,
        [tenant.institutionId, person.id, exam.id, start.minus({ days: 14 }).toJSDate()],
      ),
    );
    if (!voucher) return;
    await em.query(`UPDATE vouchers SET status = 'reserved' WHERE id = $1`, [voucher.id]);
    await em.query(
      `INSERT INTO booking_candidates (booking_id, candidate_id, voucher_id, during, added_by)
       VALUES ($1, $2, $3, tstzrange($4, $5, '[)'), $6)`,
      [bookingId, person.id, voucher.id, start.toJSDate(), end.toJSDate(), tenant.users.instructor.id],
    );
    await em.query(`UPDATE vouchers SET status = 'consumed' WHERE id = $1`, [voucher.id]);
    await em.query(
      `INSERT INTO exam_attempts (candidate_id, exam_id, voucher_id, booking_id, started_at, started_by,
                                  outcome, score, finished_at, recorded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        person.id,
        exam.id,
        voucher.id,
        bookingId,
        start.plus({ minutes: 5 }).toJSDate(),
        tenant.users.proctor.id,
        sitting.score === null ? 'in_progress' : sitting.score >= 700 ? 'passed' : 'failed',
        sitting.score,
        sitting.score === null ? null : end.toJSDate(),
        sitting.score === null ? null : tenant.users.bodyAdmin.id,
      ],
    );
  }
}

import * as argon2 from 'argon2';
import { DateTime } from 'luxon';
import type { Pool } from 'pg';

export const PASSWORD = 'bench password 2026';
export const ZONE = 'America/Toronto';

export interface BookingFixture {
  institutionId: string;
  centreId: string;
  /** every centre of the institution (the first is `centreId`) */
  centreIds: string[];
  poolId: string;
  examId: string;
  instructorEmail: string;
}

/**
 * An institution with one accredited centre open around the clock in a region whose pool has
 * `capacityPerHour` VMs, `proctors` trained proctors, an exam and an instructor.
 */
export async function bookingFixture(
  pool: Pool,
  opts: { capacityPerHour: number; proctors: number; tag?: string; centres?: number },
): Promise<BookingFixture> {
  const tag = opts.tag ?? 'bench';
  const hash = await argon2.hash(PASSWORD, { type: argon2.argon2id });
  const one = async <T>(sql: string, params: unknown[] = []) => (await pool.query(sql, params)).rows[0] as T;
  const { id: institutionId } = await one<{ id: string }>(
    `INSERT INTO institutions (name, kind, country, time_zone) VALUES ($1, 'college', 'CA', $2) RETURNING id`,
    [`Bench College ${tag}`, ZONE],
  );
  const { id: poolId } = await one<{ id: string }>(
    `INSERT INTO vm_pools (region, name, capacity_per_hour) VALUES ($1, 'Bench pool', $2) RETURNING id`,
    [`bench-${tag}`, opts.capacityPerHour],
  );
  const centreIds = (
    await pool.query<{ id: string }>(
      `INSERT INTO testing_centres (institution_id, name, time_zone, address_line1, city, country, access_policy,
                                    accreditation_status, onboarding_fee_minor, onboarding_fee_paid_at, accredited_at, vm_pool_id)
       SELECT $1, 'Bench centre' || CASE WHEN g = 1 THEN '' ELSE ' ' || g END, $2, '1 Main St', 'Toronto', 'CA',
              'members_only', 'accredited', 0, now(), now(), $3
         FROM generate_series(1, $4) g ORDER BY g
       RETURNING id`,
      [institutionId, ZONE, poolId, opts.centres ?? 1],
    )
  ).rows.map((r) => r.id);
  const centreId = centreIds[0];
  await pool.query(
    `INSERT INTO centre_opening_hours (centre_id, weekday, opens, closes)
     SELECT c, d, '00:00', '24:00' FROM unnest($1::uuid[]) c, generate_series(1, 7) d`,
    [centreIds],
  );
  const { id: bodyId } = await one<{ id: string }>(
    `INSERT INTO certification_bodies (code, name) VALUES ($1, 'Bench body') RETURNING id`,
    [`bench-${tag}`],
  );
  const { id: examId } = await one<{ id: string }>(
    `INSERT INTO exams (certification_body_id, code, title, level, duration_minutes, passing_score, max_score, delivery_modes)
     VALUES ($1, 'BN-100', 'Bench exam', 'associate', 50, 700, 1000, ARRAY['in_lab','virtual_lab','online_proctored']) RETURNING id`,
    [bodyId],
  );
  const instructorEmail = `bench-instructor-${tag}@example.test`;
  const { id: instructorId } = await one<{ id: string }>(
    `INSERT INTO users (email, display_name, password_hash) VALUES ($1, 'Bench instructor', $2) RETURNING id`,
    [instructorEmail, hash],
  );
  await pool.query(`INSERT INTO memberships (user_id, role, institution_id) VALUES ($1, 'instructor', $2)`, [
    instructorId,
    institutionId,
  ]);
  const trainedOn = DateTime.now().setZone(ZONE).minus({ months: 1 }).toISODate();
  // `proctors` proctors at each centre
  await pool.query(
    `WITH u AS (
       INSERT INTO users (email, display_name, password_hash)
       SELECT 'bench-proctor-' || $4 || '-' || c.n || '-' || g || '@example.test', 'Proctor ' || c.n || '-' || g, $2
         FROM generate_series(1, $3) g, unnest($5::uuid[]) WITH ORDINALITY AS c(id, n)
       RETURNING id, email),
     placed AS (
       SELECT u.id, c.id AS centre_id FROM u
         JOIN unnest($5::uuid[]) WITH ORDINALITY AS c(id, n) ON u.email LIKE 'bench-proctor-' || $4 || '-' || c.n || '-%'),
     m AS (INSERT INTO memberships (user_id, role, institution_id) SELECT id, 'proctor', $1 FROM u),
     p AS (INSERT INTO centre_proctors (centre_id, user_id) SELECT centre_id, id FROM placed)
     INSERT INTO proctor_trainings (centre_id, user_id, trained_on, trained_by_operator)
     SELECT centre_id, id, $6::date, true FROM placed`,
    [institutionId, hash, opts.proctors, tag, centreIds, trainedOn],
  );
  return { institutionId, centreId, centreIds, poolId, examId, instructorEmail };
}

export async function login(baseUrl: string, email: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

/** The UTC instant of a local hour `days` from today in the bench zone. */
export const slotAt = (days: number, hour: number): string =>
  DateTime.now().setZone(ZONE).startOf('day').plus({ days }).set({ hour }).toUTC().toISO() as string;

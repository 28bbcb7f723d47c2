import { DateTime } from 'luxon';
import type { Pool } from 'pg';
import { randomBytes } from 'node:crypto';

const unique = () => randomBytes(4).toString('hex');

/** A valid body for POST /api/institutions/:id/centres. */
export const centreBody = (overrides: Record<string, unknown> = {}) => ({
  name: `Centre ${unique()}`,
  timeZone: 'America/Toronto',
  address: { line1: '220 King St W', city: 'Toronto', region: 'ON', postalCode: 'M5H 1K4', country: 'CA' },
  accessPolicy: 'public',
  publicProctoringFeeMinor: 10000,
  currency: 'USD',
  ...overrides,
});

export type CentreStatus = 'applied' | 'onboarding' | 'accredited' | 'suspended' | 'rejected';

/** A centre straight in the database, in any accreditation status (fee paid where the status needs it). */
export async function createCentre(
  pool: Pool,
  institutionId: string,
  attrs: { name?: string; status?: CentreStatus; timeZone?: string; feePaid?: boolean } = {},
): Promise<{ id: string; name: string }> {
  const name = attrs.name ?? `Centre ${unique()}`;
  const status = attrs.status ?? 'applied';
  const feePaid = attrs.feePaid ?? (status === 'accredited' || status === 'suspended');
  const { rows } = await pool.query<{ id: string }>(
    `INSERT INTO testing_centres (institution_id, name, time_zone, address_line1, city, country, access_policy,
                                  accreditation_status, onboarding_fee_minor, onboarding_fee_paid_at, accredited_at)
     VALUES ($1, $2, $3, '1 Main St', 'Toronto', 'CA', 'members_only', $4,
             CASE WHEN $4 <> 'applied' THEN 150000 END, CASE WHEN $5 THEN now() END,
             CASE WHEN $4 IN ('accredited', 'suspended') THEN now() END)
     RETURNING id`,
    [institutionId, name, attrs.timeZone ?? 'America/Toronto', status, feePaid],
  );
  return { id: rows[0].id, name };
}

export async function createLab(
  pool: Pool,
  centreId: string,
  attrs: { name?: string; seats?: number } = {},
): Promise<{ id: string; name: string }> {
  const name = attrs.name ?? `Lab ${unique()}`;
  const { rows } = await pool.query<{ id: string }>(
    `INSERT INTO labs (centre_id, name, seats) VALUES ($1, $2, $3) RETURNING id`,
    [centreId, name, attrs.seats ?? 20],
  );
  return { id: rows[0].id, name };
}

export async function assignProctor(pool: Pool, centreId: string, userId: string): Promise<void> {
  await pool.query(`INSERT INTO centre_proctors (centre_id, user_id) VALUES ($1, $2)`, [centreId, userId]);
}

/** A training record; by the operator unless a trainer is named. */
export async function recordTraining(
  pool: Pool,
  centreId: string,
  userId: string,
  trainedOn: string,
  trainerUserId: string | null = null,
): Promise<void> {
  await pool.query(
    `INSERT INTO proctor_trainings (centre_id, user_id, trained_on, trained_by_operator, trainer_user_id)
     VALUES ($1, $2, $3::date, $4, $5)`,
    [centreId, userId, trainedOn, trainerUserId === null, trainerUserId],
  );
}

/** Today's date in `zone`, shifted (e.g. `{ months: -2 }`), as "yyyy-MM-dd". */
export const localDate = (zone: string, shift: { months?: number; days?: number } = {}): string =>
  DateTime.now().setZone(zone).startOf('day').plus(shift).toISODate() as string;

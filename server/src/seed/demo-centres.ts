import { DateTime } from 'luxon';
import type { EntityManager } from 'typeorm';
import type { AccessPolicy, AccreditationStatus, OpeningHoursDto } from '@invigil/contracts';
import type { DemoTenant } from './demo-types';

interface DemoCentre {
  name: string;
  timeZone: string;
  address: { line1: string; city: string; region: string | null; postalCode: string; country: string };
  accessPolicy: AccessPolicy;
  publicProctoringFeeMinor: number | null;
  currency: string;
  status: AccreditationStatus;
  onboardingFeeMinor: number | null;
  feePaid: boolean;
  hours: OpeningHoursDto[];
  labs: { name: string; seats: number }[];
}

const weekdays = (days: number[], opens: string, closes: string): OpeningHoursDto[] =>
  days.map((weekday) => ({ weekday, opens, closes }));

const DOWNTOWN: DemoCentre = {
  name: 'Northfield Downtown Testing Centre',
  timeZone: 'America/Toronto',
  address: { line1: '220 King St W', city: 'Toronto', region: 'ON', postalCode: 'M5H 1K4', country: 'CA' },
  accessPolicy: 'public',
  publicProctoringFeeMinor: 10000,
  currency: 'USD',
  status: 'accredited',
  onboardingFeeMinor: 250000,
  feePaid: true,
  hours: [...weekdays([1, 2, 3, 4, 5], '08:00', '20:00'), ...weekdays([6], '09:00', '17:00')],
  labs: [
    { name: 'Lab A', seats: 24 },
    { name: 'Lab B', seats: 16 },
  ],
};

const NORTH_CAMPUS: DemoCentre = {
  name: 'Northfield North Campus',
  timeZone: 'America/Toronto',
  address: { line1: '1750 Finch Ave E', city: 'Toronto', region: 'ON', postalCode: 'M2J 2X5', country: 'CA' },
  accessPolicy: 'members_only',
  publicProctoringFeeMinor: null,
  currency: 'USD',
  status: 'applied',
  onboardingFeeMinor: null,
  feePaid: false,
  hours: weekdays([1, 2, 3, 4, 5], '09:00', '17:00'),
  labs: [],
};

const LAKESIDE: DemoCentre = {
  name: 'Lakeside Polytechnic Testing Centre',
  timeZone: 'Europe/London',
  address: {
    line1: '12 Lakeside Way',
    city: 'Manchester',
    region: null,
    postalCode: 'M1 4BT',
    country: 'GB',
  },
  accessPolicy: 'members_only',
  publicProctoringFeeMinor: null,
  currency: 'GBP',
  status: 'onboarding',
  onboardingFeeMinor: 200000,
  feePaid: false,
  hours: weekdays([1, 2, 3, 4, 5], '09:00', '18:00'),
  labs: [{ name: 'Main Lab', seats: 30 }],
};

/**
 * Testing centres of the demo institutions, with labs, opening hours and trained proctors.
 * Idempotent: a centre found by name is left as it is; labs, proctors and trainings are added
 * only when missing. Training dates are relative to the first run ("2 months ago").
 */
export async function seedDemoCentres(
  em: EntityManager,
  tenant: DemoTenant,
  now = new Date(),
): Promise<void> {
  const downtownId = await ensureCentre(em, tenant.institutionId, DOWNTOWN);
  await ensureCentre(em, tenant.institutionId, NORTH_CAMPUS);
  await ensureCentre(em, tenant.otherInstitutionId, LAKESIDE);

  const today = DateTime.fromJSDate(now, { zone: DOWNTOWN.timeZone }).startOf('day');
  const { proctor, proctor2, operator, institutionAdmin } = tenant.users;
  // proctor 1 was trained by the operator; proctor 1 then trained proctor 2 (train-the-trainer)
  await ensureTrainedProctor(em, downtownId, proctor.id, {
    trainedOn: today.minus({ months: 2 }).toISODate() as string,
    trainerUserId: null,
    recordedBy: operator.id,
  });
  await ensureTrainedProctor(em, downtownId, proctor2.id, {
    trainedOn: today.minus({ months: 1 }).toISODate() as string,
    trainerUserId: proctor.id,
    recordedBy: institutionAdmin.id,
  });
}

async function ensureCentre(em: EntityManager, institutionId: string, centre: DemoCentre): Promise<string> {
  const existing = await em.query<{ id: string }[]>(
    `SELECT id FROM testing_centres WHERE institution_id = $1 AND name = $2`,
    [institutionId, centre.name],
  );
  const id = existing[0]?.id ?? (await insertCentre(em, institutionId, centre));
  for (const lab of centre.labs) {
    await em.query(
      `INSERT INTO labs (centre_id, name, seats) VALUES ($1, $2, $3) ON CONFLICT ON CONSTRAINT labs_name_key DO NOTHING`,
      [id, lab.name, lab.seats],
    );
  }
  return id;
}

/** A new centre in its demo state, with its opening hours. */
async function insertCentre(em: EntityManager, institutionId: string, centre: DemoCentre): Promise<string> {
  const [{ id }] = await em.query<{ id: string }[]>(
    `INSERT INTO testing_centres (institution_id, name, time_zone, address_line1, city, region, postal_code, country,
                                  access_policy, public_proctoring_fee_minor, currency, accreditation_status,
                                  onboarding_fee_minor, onboarding_fee_paid_at, accredited_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13,
             CASE WHEN $14 THEN now() END, CASE WHEN $12 = 'accredited' THEN now() END)
     RETURNING id`,
    [
      institutionId,
      centre.name,
      centre.timeZone,
      centre.address.line1,
      centre.address.city,
      centre.address.region,
      centre.address.postalCode,
      centre.address.country,
      centre.accessPolicy,
      centre.publicProctoringFeeMinor,
      centre.currency,
      centre.status,
      centre.onboardingFeeMinor,
      centre.feePaid,
    ],
  );
  for (const h of centre.hours) {
    await em.query(
      `INSERT INTO centre_opening_hours (centre_id, weekday, opens, closes) VALUES ($1, $2, $3::time, $4::time)`,
      [id, h.weekday, h.opens, h.closes],
    );
  }
  return id;
}

async function ensureTrainedProctor(
  em: EntityManager,
  centreId: string,
  userId: string,
  training: { trainedOn: string; trainerUserId: string | null; recordedBy: string },
): Promise<void> {
  await em.query(`INSERT INTO centre_proctors (centre_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [
    centreId,
    userId,
  ]);
  const trained = await em.query<unknown[]>(
    `SELECT 1 FROM proctor_trainings WHERE centre_id = $1 AND user_id = $2 LIMIT 1`,
    [centreId, userId],
  );
  if (trained.length > 0) return;
  await em.query(
    `INSERT INTO proctor_trainings (centre_id, user_id, trained_on, trained_by_operator, trainer_user_id, recorded_by)
     VALUES ($1, $2, $3::date, $4, $5, $6)`,
    [
      centreId,
      userId,
      training.trainedOn,
      training.trainerUserId === null,
      training.trainerUserId,
      training.recordedBy,
    ],
  );
}

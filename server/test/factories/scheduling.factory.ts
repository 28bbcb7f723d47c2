import { DateTime } from 'luxon';
import type { Pool } from 'pg';
import { randomBytes, randomUUID } from 'node:crypto';
import { assignProctor, createCentre, createLab, localDate, recordTraining } from './centres.factory';
import { createExam } from './catalogue.factory';
import {
  createCertificationBody,
  createInstitution,
  createUser,
  grantRole,
  signedInAs,
} from './identity.factory';
import { BOOKABLE_STATUS } from '../../src/modules/centres/domain/accreditation';
import type { NewBlock } from '../../src/modules/scheduling/scheduling.repository';
import type { ApiClient } from '../support/api-client';

const unique = () => randomBytes(4).toString('hex');

export async function createVmPool(
  pool: Pool,
  attrs: { region?: string; capacityPerHour?: number } = {},
): Promise<{ id: string; region: string }> {
  const region = attrs.region ?? `r-${unique()}`;
  const { rows } = await pool.query<{ id: string }>(
    `INSERT INTO vm_pools (region, name, capacity_per_hour) VALUES ($1, $2, $3) RETURNING id`,
    [region, `Pool ${region}`, attrs.capacityPerHour ?? 100],
  );
  return { id: rows[0].id, region };
}

/** Opening hours for every day of the week (default: around the clock). */
export async function openEveryDay(
  pool: Pool,
  centreId: string,
  opens = '00:00',
  closes = '24:00',
): Promise<void> {
  await pool.query(
    `INSERT INTO centre_opening_hours (centre_id, weekday, opens, closes)
     SELECT $1, d, $2::time, $3::time FROM generate_series(1, 7) d`,
    [centreId, opens, closes],
  );
}

/** `count` proctors of the centre, trained a month ago by the operator. */
export async function trainedProctors(
  pool: Pool,
  institutionId: string,
  centreId: string,
  count: number,
  zone = 'America/Toronto',
): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const user = await createUser(pool);
    await grantRole(pool, user.id, 'proctor', { institutionId });
    await assignProctor(pool, centreId, user.id);
    await recordTraining(pool, centreId, user.id, localDate(zone, { months: -1 }));
    ids.push(user.id);
  }
  return ids;
}

/** The UTC instant of a centre-local hour `days` from today, as ISO. */
export const slotAt = (zone: string, days: number, hour: number): string =>
  DateTime.now().setZone(zone).startOf('day').plus({ days }).set({ hour }).toUTC().toISO() as string;

/**
 * A redeemed (unreserved) entitlement of `candidateId` for the exam, issued by the institution:
 * an order, a pack of one and the voucher, straight in the database.
 */
export async function redeemedEntitlement(
  pool: Pool,
  attrs: { institutionId: string; examId: string; candidateId: string; buyerId: string },
): Promise<string> {
  const order = await pool.query<{ id: string }>(
    `INSERT INTO voucher_orders (institution_id, buyer_user_id, idempotency_key, request_hash, currency, total_minor, items)
     VALUES ($1, $2, $3, 'test', 'USD', 7900, '[]') RETURNING id`,
    [attrs.institutionId, attrs.buyerId, `key-${unique()}-${unique()}`],
  );
  const pack = await pool.query<{ id: string }>(
    `INSERT INTO voucher_packs (order_id, institution_id, exam_id, quantity, unit_price_minor, currency,
                                purchased_at, expires_at, expiry_zone)
     VALUES ($1, $2, $3, 1, 7900, 'USD', now(), now() + interval '12 months', 'UTC') RETURNING id`,
    [order.rows[0].id, attrs.institutionId, attrs.examId],
  );
  const voucher = await pool.query<{ id: string }>(
    `INSERT INTO vouchers (pack_id, institution_id, exam_id, code_hash, code_encrypted, code_hint, status,
                           expires_at, redeemed_by, redeemed_at)
     VALUES ($1, $2, $3, $4, '\\x00', 'XXXX', 'redeemed', now() + interval '12 months', $5, now()) RETURNING id`,
    [pack.rows[0].id, attrs.institutionId, attrs.examId, randomBytes(32), attrs.candidateId],
  );
  return voucher.rows[0].id;
}

export interface SchedulingWorld {
  institution: { id: string; name: string };
  centre: { id: string; name: string };
  zone: string;
  vmPool: { id: string; region: string };
  exam: { id: string; code: string };
  labs: { id: string; name: string }[];
  proctorIds: string[];
  instructor: { user: { id: string; email: string }; client: ApiClient };
  admin: { user: { id: string; email: string }; client: ApiClient };
}

/**
 * An institution with an accredited centre open around the clock in `zone`, in a region whose
 * pool has `capacityPerHour` VMs, with labs, trained proctors, an exam and a signed-in
 * instructor and institution admin.
 */
export async function schedulingWorld(
  api: ApiClient,
  pool: Pool,
  opts: {
    capacityPerHour?: number;
    proctors?: number;
    labSeats?: number[];
    zone?: string;
    vmPool?: { id: string; region: string };
    deliveryModes?: ('in_lab' | 'virtual_lab' | 'online_proctored')[];
  } = {},
): Promise<SchedulingWorld> {
  const zone = opts.zone ?? 'America/Toronto';
  const institution = await createInstitution(pool);
  const centre = await createCentre(pool, institution.id, { status: 'accredited', timeZone: zone });
  const vmPool = opts.vmPool ?? (await createVmPool(pool, { capacityPerHour: opts.capacityPerHour ?? 100 }));
  await pool.query(`UPDATE testing_centres SET vm_pool_id = $2 WHERE id = $1`, [centre.id, vmPool.id]);
  await openEveryDay(pool, centre.id);
  const labs = [];
  for (const seats of opts.labSeats ?? [30]) labs.push(await createLab(pool, centre.id, { seats }));
  const proctorIds = await trainedProctors(pool, institution.id, centre.id, opts.proctors ?? 3, zone);
  const body = await createCertificationBody(pool);
  const exam = await createExam(pool, body.id, {
    deliveryModes: opts.deliveryModes ?? ['in_lab', 'virtual_lab', 'online_proctored'],
  });
  const instructor = await signedInAs(api, pool, 'instructor', { institutionId: institution.id });
  const admin = await signedInAs(api, pool, 'institution_admin', { institutionId: institution.id });
  return { institution, centre, zone, vmPool, exam, labs, proctorIds, instructor, admin };
}

/** Row counts of the scheduling tables and the audit log, to show a refused request changed nothing. */
export async function schedulingFootprint(pool: Pool): Promise<Record<string, number>> {
  const tables = [
    'bookings',
    'booking_vm_hours',
    'booking_proctors',
    'booking_candidates',
    'vm_capacity_hours',
    'audit_log',
    'mail_outbox',
  ];
  const { rows } = await pool.query<Record<string, number>>(
    `SELECT ${tables.map((t) => `(SELECT count(*)::int FROM ${t}) AS ${t}`).join(', ')},
            (SELECT coalesce(sum(used), 0)::int FROM vm_capacity_hours) AS vms_used`,
  );
  return rows[0];
}

/**
 * A one-hour online block of the world's centre starting at `start`, as BookingsService hands
 * it to `SchedulingRepository.bookBlocks`: one VM per seat for that hour, its proctors named or
 * (by default one) picked by the statement, a confirmation mail only when `mailTo` is given.
 */
export function newBlock(
  w: SchedulingWorld,
  start: Date,
  opts: { seats?: number; named?: string[]; pick?: number; mailTo?: string; localDay?: string } = {},
): NewBlock {
  return {
    id: randomUUID(),
    centreId: w.centre.id,
    institutionId: w.institution.id,
    examId: w.exam.id,
    deliveryMode: 'online_proctored',
    seats: opts.seats ?? 1,
    labId: null,
    vmPoolId: w.vmPool.id,
    startsAt: start,
    endsAt: new Date(start.getTime() + 3_600_000),
    status: 'confirmed',
    holdMinutes: 10,
    bookedBy: w.instructor.user.id,
    windowOverrideReason: null,
    vmHours: [start],
    bookableStatus: BOOKABLE_STATUS,
    proctors: opts.named ? { named: opts.named } : { pick: { count: opts.pick ?? 1 } },
    audit: { actorIp: null, action: 'booking.booked', details: { start: start.toISOString() } },
    localDay: opts.localDay ?? (DateTime.fromJSDate(start, { zone: w.zone }).toISODate() as string),
    mail: opts.mailTo
      ? {
          to: opts.mailTo,
          subject: 'Booked',
          text: 'Your exam block is booked.',
          template: 'booking-confirmed',
        }
      : null,
  };
}

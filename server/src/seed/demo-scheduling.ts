import type { DeliveryMode } from '@invigil/contracts';
import { DateTime } from 'luxon';
import type { EntityManager } from 'typeorm';
import { blockHourStarts, hoursOccupied, vmHoursOf } from '../modules/scheduling/domain/block-requirements';
import { rowsOf } from '../core/database/query-result';
import type { DemoTenant } from './demo-types';

const DOWNTOWN = 'Northfield Downtown Testing Centre';
const TORONTO = 'America/Toronto';
/** the demo's default set-up buffer (BOOKING_SETUP_BUFFER_MINUTES) */
const SETUP_BUFFER_MINUTES = 10;

/** Small on purpose, so the demo's few blocks colour the calendar and the heat map. */
const POOLS = [
  { region: 'ca-east', name: 'Canada East', capacityPerHour: 50 },
  { region: 'uk-north', name: 'UK North', capacityPerHour: 40 },
];

/** Northfield candidates and how many MO-200 entitlements (redeemed vouchers) each holds. */
const ENTITLEMENTS: { email: string; count: number }[] = [
  { email: 'candidate@northfield.demo', count: 1 },
  { email: 'priya.shah@northfield.demo', count: 1 },
  // one of Lucas's is seated in a demo block, one stays free
  { email: 'lucas.martin@northfield.demo', count: 2 },
];

interface DemoBlock {
  exam: string;
  mode: DeliveryMode;
  seats: number;
  /** whole days after the seed's first run, moved off Sunday (the centre is closed) */
  inDays: number;
  /** local hour at the centre */
  hour: number;
  lab?: string;
  proctors: ('proctor' | 'proctor2')[];
  candidates?: string[];
}

const BLOCKS: DemoBlock[] = [
  {
    exam: 'MO-200',
    mode: 'online_proctored',
    seats: 30,
    inDays: 16,
    hour: 10,
    proctors: ['proctor', 'proctor2'],
    candidates: ['lucas.martin@northfield.demo'],
  },
  { exam: 'AZ-900', mode: 'in_lab', seats: 20, inDays: 16, hour: 14, lab: 'Lab A', proctors: ['proctor'] },
  { exam: 'MO-201', mode: 'virtual_lab', seats: 40, inDays: 23, hour: 11, proctors: ['proctor', 'proctor2'] },
];

/**
 * Scheduling demo data: a VM pool per demo region with the demo centres on it, a peak period
 * and a maintenance window of the Canadian pool, a few confirmed blocks at the Downtown centre,
 * and MO-200 entitlements (redeemed vouchers) for three Northfield candidates so an instructor
 * can fill seats. Idempotent: pools are found by region; the peak period, maintenance and blocks
 * are added only while the pool (or centre) has none; entitlements only up to their count.
 * Dates are relative to the first run. Written in SQL against the scheduling migration: a block's
 * `booking_vm_hours` rows move the pool's hourly counters through the migration's commit-time
 * trigger, exactly as for booked blocks.
 */
export async function seedDemoScheduling(
  em: EntityManager,
  tenant: DemoTenant,
  now = new Date(),
): Promise<void> {
  const poolIds = new Map<string, string>();
  for (const pool of POOLS) {
    await em.query(
      `INSERT INTO vm_pools (region, name, capacity_per_hour) VALUES ($1, $2, $3)
       ON CONFLICT ON CONSTRAINT vm_pools_region_key DO NOTHING`,
      [pool.region, pool.name, pool.capacityPerHour],
    );
    const [{ id }] = await em.query<{ id: string }[]>(`SELECT id FROM vm_pools WHERE region = $1`, [
      pool.region,
    ]);
    poolIds.set(pool.region, id);
  }
  const caEast = poolIds.get('ca-east') as string;
  await em.query(
    `UPDATE testing_centres SET vm_pool_id = $2 WHERE institution_id = $1 AND vm_pool_id IS NULL`,
    [tenant.institutionId, caEast],
  );
  await em.query(
    `UPDATE testing_centres SET vm_pool_id = $2 WHERE institution_id = $1 AND vm_pool_id IS NULL`,
    [tenant.otherInstitutionId, poolIds.get('uk-north')],
  );

  const today = DateTime.fromJSDate(now, { zone: TORONTO }).startOf('day');
  const hasPeak = await em.query<unknown[]>(`SELECT 1 FROM peak_periods WHERE pool_id = $1 LIMIT 1`, [
    caEast,
  ]);
  if (hasPeak.length === 0) {
    // 17 to 19 days out: inside the 21-day peak lead time, so the calendar greys them "peak period"
    await em.query(`INSERT INTO peak_periods (pool_id, name, starts_at, ends_at) VALUES ($1, $2, $3, $4)`, [
      caEast,
      'Winter certification week',
      today.plus({ days: 17 }).toJSDate(),
      today.plus({ days: 20 }).toJSDate(),
    ]);
  }
  const starts = weekday(today.plus({ days: 22 })).set({ hour: 18 });
  const ends = starts.plus({ hours: 2 });
  // only while none of its hours has a counter yet: those counters are born with maintenance counted
  const inTheWay = await em.query<unknown[]>(
    `SELECT 1 FROM vm_maintenance_windows WHERE pool_id = $1
     UNION ALL SELECT 1 FROM vm_capacity_hours WHERE pool_id = $1 AND hour >= $2 AND hour < $3 LIMIT 1`,
    [caEast, starts.toJSDate(), ends.toJSDate()],
  );
  if (inTheWay.length === 0) {
    await em.query(
      `INSERT INTO vm_maintenance_windows (pool_id, starts_at, ends_at, vms_offline, reason, created_by)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        caEast,
        starts.toJSDate(),
        ends.toJSDate(),
        POOLS[0].capacityPerHour,
        'Hypervisor upgrade of the Canada East pool',
        tenant.users.operator.id,
      ],
    );
  }

  await ensureEntitlements(em, tenant.institutionId);

  const [downtown] = await em.query<{ id: string }[]>(
    `SELECT id FROM testing_centres WHERE institution_id = $1 AND name = $2`,
    [tenant.institutionId, DOWNTOWN],
  );
  if (!downtown) return;
  const booked = await em.query<unknown[]>(`SELECT 1 FROM bookings WHERE centre_id = $1 LIMIT 1`, [
    downtown.id,
  ]);
  if (booked.length > 0) return;
  for (const block of BLOCKS) {
    await seedBlock(em, tenant, { centreId: downtown.id, poolId: caEast, today }, block);
  }
}

/** Mondays to Saturdays: the Downtown centre is closed on Sundays. */
function weekday(day: DateTime): DateTime {
  return day.weekday === 7 ? day.plus({ days: 1 }) : day;
}

async function ensureEntitlements(em: EntityManager, institutionId: string): Promise<void> {
  const [exam] = await em.query<{ id: string }[]>(`SELECT id FROM exams WHERE code = 'MO-200'`);
  if (!exam) return;
  for (const e of ENTITLEMENTS) {
    const [user] = await em.query<{ id: string }[]>(`SELECT id FROM users WHERE email = $1`, [e.email]);
    if (!user) continue;
    const [{ held }] = await em.query<{ held: number }[]>(
      `SELECT count(*)::int AS held FROM vouchers WHERE redeemed_by = $1 AND exam_id = $2 AND institution_id = $3`,
      [user.id, exam.id, institutionId],
    );
    for (let i = held; i < e.count; i++) {
      // an unassigned code of the institution's pack, redeemed as the candidate would
      await em.query(
        `UPDATE vouchers SET status = 'redeemed', redeemed_by = $2, redeemed_at = now()
          WHERE id = (SELECT id FROM vouchers WHERE institution_id = $1 AND exam_id = $3 AND status = 'available'
                       ORDER BY id LIMIT 1)`,
        [institutionId, user.id, exam.id],
      );
    }
  }
}

async function seedBlock(
  em: EntityManager,
  tenant: DemoTenant,
  at: { centreId: string; poolId: string; today: DateTime },
  block: DemoBlock,
): Promise<void> {
  const [exam] = await em.query<{ id: string; durationMinutes: number }[]>(
    `SELECT id, duration_minutes AS "durationMinutes" FROM exams WHERE code = $1`,
    [block.exam],
  );
  if (!exam) return;
  const start = weekday(at.today.plus({ days: block.inDays }))
    .set({ hour: block.hour })
    .toJSDate();
  const hours = blockHourStarts(start, hoursOccupied(exam.durationMinutes, SETUP_BUFFER_MINUTES));
  const end = new Date(hours[hours.length - 1].getTime() + 3_600_000);
  const labId = block.lab
    ? ((
        await em.query<{ id: string }[]>(`SELECT id FROM labs WHERE centre_id = $1 AND name = $2`, [
          at.centreId,
          block.lab,
        ])
      )[0]?.id ?? null)
    : null;
  const usesVms = block.mode !== 'in_lab';
  const [{ id: bookingId }] = await em.query<{ id: string }[]>(
    `INSERT INTO bookings (centre_id, institution_id, exam_id, delivery_mode, seats, lab_id, vm_pool_id,
                           starts_at, ends_at, status, booked_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'confirmed', $10) RETURNING id`,
    [
      at.centreId,
      tenant.institutionId,
      exam.id,
      block.mode,
      block.seats,
      labId,
      usesVms ? at.poolId : null,
      start,
      end,
      tenant.users.instructor.id,
    ],
  );
  // the pool's hourly counters follow at commit (the migration's trigger), refusing an overflow
  if (usesVms) {
    await em.query(
      `INSERT INTO booking_vm_hours (booking_id, pool_id, hour, seats) SELECT $1, $2, h, $4 FROM unnest($3::timestamptz[]) h`,
      [bookingId, at.poolId, vmHoursOf(start, end), block.seats],
    );
  }
  await em.query(
    `INSERT INTO booking_proctors (booking_id, centre_id, proctor_id, during)
     SELECT $1, $2, p, tstzrange($4, $5, '[)') FROM unnest($3::uuid[]) p`,
    [bookingId, at.centreId, block.proctors.map((p) => tenant.users[p].id), start, end],
  );
  for (const email of block.candidates ?? []) {
    const [user] = await em.query<{ id: string }[]>(`SELECT id FROM users WHERE email = $1`, [email]);
    if (!user) continue;
    // one of their unreserved entitlements pays for the seat (redeemed → reserved)
    const reserved: unknown = await em.query(
      `UPDATE vouchers SET status = 'reserved'
        WHERE id = (SELECT id FROM vouchers WHERE redeemed_by = $1 AND exam_id = $2 AND institution_id = $3
                       AND status = 'redeemed' ORDER BY redeemed_at, id LIMIT 1)
        RETURNING id`,
      [user.id, exam.id, tenant.institutionId],
    );
    const voucherId = rowsOf<{ id: string }>(reserved)[0]?.id;
    if (!voucherId) continue;
    await em.query(`UPDATE bookings SET filled_seats = filled_seats + 1 WHERE id = $1`, [bookingId]);
    await em.query(
      `INSERT INTO booking_candidates (booking_id, candidate_id, voucher_id, during, added_by)
       VALUES ($1, $2, $3, tstzrange($4, $5, '[)'), $6)`,
      [bookingId, user.id, voucherId, start, end, tenant.users.instructor.id],
    );
  }
}

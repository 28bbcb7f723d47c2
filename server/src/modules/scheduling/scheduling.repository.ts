import { Injectable } from '@nestjs/common';
import type { AccreditationStatus, BookingStatus, DeliveryMode } from '@invigil/contracts';
import { EntityManager, QueryFailedError } from 'typeorm';
import { rowsOf } from '../../core/database/query-result';
import { TRAINING_VALIDITY_MONTHS } from '../centres/domain/proctor-training';

export interface SchedulingCentreRow {
  id: string;
  institutionId: string;
  name: string;
  timeZone: string;
  accreditationStatus: AccreditationStatus;
  vmPoolId: string | null;
  region: string | null;
  accessPolicy: 'members_only' | 'public';
  proctoringFeeMinor: number | null;
  currency: string;
  address: string;
}

export interface ExamRow {
  id: string;
  code: string;
  title: string;
  durationMinutes: number;
  deliveryModes: DeliveryMode[];
  active: boolean;
}

export interface BookingContextRow {
  centre: SchedulingCentreRow;
  exam: ExamRow | null;
  hours: { weekday: number; opens: string; closes: string }[];
  rules: BookingRulesRow | null;
  /** peak periods of the region that contain the start */
  peaks: { startsAt: string; endsAt: string }[];
  bookerEmail: string | null;
  labs: LabRow[];
  /**
   * The centre's proctors who still hold the proctor role and whose training covers the local
   * day of the start (the rule of `currentlyTrained`, in SQL; a test holds the two together).
   * With a block, only the block's named proctors are judged: a booking that picks its proctors
   * has the write judge each one it tries, instead of every proctor of the centre here.
   */
  trainedProctorIds: string[];
  /** when asked for (and the exam exists): what `bookingHints` would say of the block */
  hints: BookingHints | null;
}

export interface AvailabilityContextRow {
  centre: SchedulingCentreRow;
  poolCapacityPerHour: number | null;
  hours: { weekday: number; opens: string; closes: string }[];
  labs: LabRow[];
  rules: BookingRulesRow | null;
  /** live blocks of the centre's labs overlapping the range */
  labBlocks: { labId: string; startsAt: string; endsAt: string }[];
  capacity: { hour: string; capacity: number; used: number }[];
  /** VMs per hour still counted for holds whose time ran out */
  lapsed: { hour: string; lapsed: number }[];
  maintenance: { startsAt: string; endsAt: string; vmsOffline: number }[];
  peaks: { startsAt: string; endsAt: string }[];
}

export interface LabRow {
  id: string;
  name: string;
  seats: number;
}

export interface BookingRow {
  id: string;
  centreId: string;
  centreName: string;
  institutionId: string;
  timeZone: string;
  examId: string;
  examCode: string;
  examTitle: string;
  durationMinutes: number;
  deliveryMode: DeliveryMode;
  seats: number;
  filledSeats: number;
  labId: string | null;
  labName: string | null;
  vmPoolId: string | null;
  startsAt: Date;
  endsAt: Date;
  status: BookingStatus;
  holdExpiresAt: Date | null;
  /** a hold whose time ran out (its capacity is free, whether or not it was reclaimed yet) */
  lapsed: boolean;
  bookedBy: string;
  windowOverrideReason: string | null;
  openToPublic: boolean;
  accessPolicy: 'members_only' | 'public';
  proctoringFeeMinor: number | null;
  currency: string;
  address: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface NewBooking {
  centreId: string;
  institutionId: string;
  examId: string;
  deliveryMode: DeliveryMode;
  seats: number;
  labId: string | null;
  vmPoolId: string | null;
  startsAt: Date;
  endsAt: Date;
  status: 'held' | 'confirmed';
  holdMinutes: number;
  bookedBy: string;
  windowOverrideReason: string | null;
  /** the UTC hours of the pool it takes (online delivery), empty otherwise */
  vmHours: Date[];
}

/** A whole new block, written with its VM hours, proctors, audit entry and mail (see `bookBlocks`). */
export interface NewBlock extends NewBooking {
  id: string;
  /** the accreditation status a centre needs to be booked */
  bookableStatus: string;
  proctors: { named: readonly string[] } | { pick: { count: number } };
  audit: { actorIp: string | null; action: string; details: Record<string, unknown> };
  /** the start's day on the centre's calendar ('yyyy-MM-dd'): picked proctors are trained on it */
  localDay: string;
  /** the confirmation, committed with the block; null when there is none to send */
  mail: { to: string; subject: string; text: string; template: string } | null;
}

export interface BookedBlock {
  /** false when the centre is no longer bookable (nothing was written) */
  centreOk: boolean;
  /** proctors found: fewer than needed means nothing was written */
  picked: number;
  /** null when nothing was written */
  booking: { holdExpiresAt: Date | null; createdAt: Date; updatedAt: Date } | null;
  proctors: PersonRow[];
  /** the proctors found for it (when not written: fewer than it needs) */
  foundProctorIds: string[];
}

/** What a booking wants to know before it writes anything (see `bookingHints`). */
export interface BookingHints {
  /** lapsed holds that hold something this booking needs */
  lapsed: string[];
  /** VMs left in each of the block's hours */
  vmsLeft: { hour: string; left: number }[];
  /** of the named proctors, those in another block at the time */
  busy: string[];
}

export interface PersonRow {
  bookingId: string;
  userId: string;
  displayName: string;
  email: string;
}

export interface CandidateRow extends PersonRow {
  voucherId: string;
  addedAt: Date;
}

export interface VmPoolRow {
  id: string;
  region: string;
  name: string;
  capacityPerHour: number;
  createdAt: Date;
}

export interface MaintenanceRow {
  id: string;
  vmPoolId: string;
  startsAt: Date;
  endsAt: Date;
  vmsOffline: number;
  reason: string;
}

export interface PeakRow {
  id: string;
  vmPoolId: string;
  name: string;
  startsAt: Date;
  endsAt: Date;
}

export interface CapacityHourRow {
  hour: Date;
  capacity: number;
  used: number;
}

export interface BookingRulesRow {
  minLeadDays: number | null;
  peakMinLeadDays: number | null;
  maxHorizonDays: number | null;
}

/** A live block of a centre, as the availability view needs it. */
export interface CentreBlockRow {
  id: string;
  labId: string | null;
  startsAt: Date;
  endsAt: Date;
}

const PG_EXCLUSION_VIOLATION = '23P01';
const PG_FOREIGN_KEY_VIOLATION = '23503';
const PG_UNIQUE_VIOLATION = '23505';

/** What `book_blocks` answers for one block. */
type BookBlocksAnswer =
  | { error: { code: string; constraint: string | null; detail: string | null; message: string } }
  | {
      centreOk: boolean;
      picked: number;
      /** when not written: the proctors that were found */
      pickedIds?: string[];
      holdExpiresAt?: string | null;
      createdAt?: string;
      updatedAt?: string;
      proctors?: PersonRow[];
    };

/**
 * A block `book_blocks` refused (the other blocks of the statement stand), in the shape of the
 * error the database raises for it, so that the helpers below read it like a failed statement's
 * error (`vmShortageOf`, `isExclusionViolation`, ...).
 */
export class BlockRefused extends Error {
  readonly code: string;
  readonly constraint: string | null;
  readonly detail: string | null;

  constructor(refusal: { code: string; constraint: string | null; detail: string | null; message: string }) {
    super(refusal.message);
    this.code = refusal.code;
    this.constraint = refusal.constraint;
    this.detail = refusal.detail;
  }
}

const pgCode = (error: unknown): { code?: string; constraint?: string | null; detail?: string | null } =>
  error instanceof QueryFailedError
    ? (error.driverError as { code?: string; constraint?: string; detail?: string })
    : error instanceof BlockRefused
      ? error
      : {};

/** The database refused a row because it would overlap another (lab, proctor or candidate). */
export const isExclusionViolation = (error: unknown, constraint?: string): boolean =>
  pgCode(error).code === PG_EXCLUSION_VIOLATION &&
  (constraint === undefined || pgCode(error).constraint === constraint);
export const isForeignKeyViolation = (error: unknown): boolean =>
  pgCode(error).code === PG_FOREIGN_KEY_VIOLATION;
export const isUniqueViolation = (error: unknown, constraint?: string): boolean =>
  pgCode(error).code === PG_UNIQUE_VIOLATION &&
  (constraint === undefined || pgCode(error).constraint === constraint);

const BOOKING_SELECT = `
  SELECT b.id, b.centre_id AS "centreId", c.name AS "centreName", b.institution_id AS "institutionId",
         c.time_zone AS "timeZone", b.exam_id AS "examId", e.code AS "examCode", e.title AS "examTitle",
         e.duration_minutes AS "durationMinutes", b.delivery_mode AS "deliveryMode", b.seats,
         b.filled_seats AS "filledSeats", b.lab_id AS "labId", l.name AS "labName", b.vm_pool_id AS "vmPoolId",
         b.starts_at AS "startsAt", b.ends_at AS "endsAt", b.status, b.hold_expires_at AS "holdExpiresAt",
         (b.status = 'held' AND b.hold_expires_at <= now()) AS lapsed,
         b.booked_by AS "bookedBy", b.window_override_reason AS "windowOverrideReason",
         b.open_to_public AS "openToPublic", c.access_policy AS "accessPolicy",
         c.public_proctoring_fee_minor AS "proctoringFeeMinor", c.currency,
         concat_ws(', ', c.address_line1, c.address_line2, c.city, c.region, c.postal_code, c.country) AS address,
         b.created_at AS "createdAt", b.updated_at AS "updatedAt"
    FROM bookings b
    JOIN testing_centres c ON c.id = b.centre_id
    JOIN exams e ON e.id = b.exam_id
    LEFT JOIN labs l ON l.id = b.lab_id`;

/**
 * Lists of ids cross the wire as comma-separated text, both ways: pg parses an array column
 * character by character and escapes every element of an array parameter, which for a centre's
 * trained proctors (read and sent back on every booking) was a twentieth of the API's time in
 * bench:booking. `uuidList` turns such a text parameter into uuid[] in SQL; `idsOf` splits one.
 */
const uuidList = (param: string) => `string_to_array(${param}, ',')::uuid[]`;
const idsOf = (text: string | null): string[] => (text ? text.split(',') : []);

/**
 * Whether the centre's proctor `user` may be given a block on the centre's local `day`: they
 * still hold the proctor role at the centre's institution and a training at the centre covers
 * that day (`currentlyTrained`'s rule; scheduling-trained-proctors.int-spec holds the two
 * together). Arguments are SQL expressions.
 */
const TRAINED = (user: string, centre: string, institution: string, day: string, months: string) => `
  EXISTS (SELECT 1 FROM memberships m
           WHERE m.user_id = ${user} AND m.role = 'proctor' AND m.institution_id = ${institution})
  AND EXISTS (SELECT 1 FROM proctor_trainings t
               WHERE t.centre_id = ${centre} AND t.user_id = ${user}
                 AND t.trained_on <= ${day}::date
                 AND ${day}::date < (t.trained_on + make_interval(months => ${months}::int))::date)`;

/**
 * Up to `count` of the `candidates` (proctor user ids) of a centre who are in no block
 * overlapping [from, to), tried in the order given (the caller puts preferred ones first and
 * shuffles the rest, so concurrent bookings spread over the free proctors). Candidates are
 * tried one by one only until `count` are found: each try is an index probe of the proctor's
 * blocks, and only a proctor trained on the start's day (`trained`) is taken. The lateral form
 * keeps the plan a nested loop in the array's order (no sort, so the limit stops it): joined as
 * a table, the planner hashed every candidate and probed all of them (60 probes per booking at
 * a centre of 60 proctors, measured under bench:booking). A proctor is
 * locked only once found free, and proctors another booking is choosing right now are skipped;
 * the exclusion constraint on booking_proctors still refuses a double booking. Arguments are
 * placeholders; `candidates` holds comma-separated ids (see `uuidList`).
 */
const FREE_PROCTORS = (
  centre: string,
  candidates: string,
  count: string,
  from: string,
  to: string,
  trained: { institution: string; day: string; months: string },
) => `
  SELECT cp.user_id
    FROM unnest(${uuidList(candidates)}) WITH ORDINALITY AS t(p, n)
    CROSS JOIN LATERAL (
      SELECT x.user_id FROM centre_proctors x
       WHERE x.centre_id = ${centre} AND x.user_id = t.p
         AND ${TRAINED('x.user_id', centre, trained.institution, trained.day, trained.months)}
         AND NOT EXISTS (SELECT 1 FROM booking_proctors bp
                          WHERE bp.proctor_id = x.user_id AND bp.during && tstzrange(${from}, ${to}, '[)'))
      OFFSET 0) cp
   ORDER BY t.n
   LIMIT ${count} FOR NO KEY UPDATE OF cp SKIP LOCKED`;

/**
 * The columns `lapsed`, `vmsLeft` and `busy` of `BookingHints`, for a block of the centre over
 * [from, to) taking the pool's `hours` (pool null: no VMs), with the named `proctors`. Arguments
 * are SQL expressions; the aliases inside are unique so outer ones can be passed in. With no
 * named proctors `busy` is not looked up at all: the prepared plan, made while the table was
 * small, scanned all of booking_proctors for an empty list (a third of the booking context's
 * time under bench:booking).
 */
const HINTS = (
  centre: string,
  from: string,
  to: string,
  pool: string,
  hours: string,
  proctors: string,
  exceptBooking: string,
) => `
  coalesce((SELECT json_agg(hl.id) FROM (
      SELECT hb.id FROM bookings hb
       WHERE hb.status = 'held' AND hb.hold_expires_at <= now()
         AND (
           (hb.centre_id = ${centre} AND hb.during && tstzrange(${from}, ${to}, '[)'))
           OR EXISTS (SELECT 1 FROM booking_vm_hours hv
                       WHERE hv.booking_id = hb.id AND hv.pool_id = ${pool} AND hv.hour = ANY(${hours}::timestamptz[]))
           OR EXISTS (SELECT 1 FROM booking_proctors hp
                       WHERE hp.booking_id = hb.id AND hp.proctor_id = ANY(${proctors}::uuid[])
                         AND hp.during && tstzrange(${from}, ${to}, '[)'))
         )
       LIMIT 100) hl), '[]'::json) AS lapsed,
  coalesce((SELECT json_agg(json_build_object(
                     'hour', hh, 'left', coalesce(hc.capacity - hc.used, ${CAPACITY_OF_HOUR('hpool', 'hh')})::int))
              FROM unnest(${hours}::timestamptz[]) hh
              JOIN vm_pools hpool ON hpool.id = ${pool}
              LEFT JOIN vm_capacity_hours hc ON hc.pool_id = hpool.id AND hc.hour = hh), '[]'::json) AS "vmsLeft",
  coalesce((SELECT json_agg(DISTINCT hp.proctor_id) FROM booking_proctors hp
             WHERE cardinality(${proctors}::uuid[]) > 0
               AND hp.proctor_id = ANY(${proctors}::uuid[]) AND hp.during && tstzrange(${from}, ${to}, '[)')
               AND hp.booking_id IS DISTINCT FROM ${exceptBooking}::uuid), '[]'::json) AS busy`;

/** `candidates` in the order to try them: the preferred first, then the rest at random. */
export function tryingOrder(candidates: readonly string[], prefer: readonly string[]): string[] {
  const preferred = new Set(prefer);
  const rest = candidates.filter((c) => !preferred.has(c));
  for (let i = rest.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [rest[i], rest[j]] = [rest[j], rest[i]];
  }
  return [...candidates.filter((c) => preferred.has(c)), ...rest];
}

/** BOOKING_SELECT for a seat `bc` of it: whether the candidate took it at an open session themselves. */
const CANDIDATE_BOOKING_SELECT = BOOKING_SELECT.replace(
  'SELECT b.id,',
  'SELECT (b.open_to_public AND bc.added_by = bc.candidate_id) AS "selfSeated", b.id,',
);

/** Capacity of a pool's hour: its VMs per hour less whatever maintenance takes offline, not below 0. */
const CAPACITY_OF_HOUR = (pool: string, hour: string) => `
  greatest(0, ${pool}.capacity_per_hour - coalesce((
    SELECT sum(m.vms_offline) FROM vm_maintenance_windows m
     WHERE m.pool_id = ${pool}.id AND m.starts_at < ${hour} + interval '1 hour' AND m.ends_at > ${hour}), 0))::int`;

/** One block whose context `bookingContexts` reads. */
export interface BookingContextRequest {
  centreId: string;
  examId: string;
  bookerId: string;
  start: Date;
  needsVms: boolean;
  namedProctors: readonly string[];
}

/** A context row as it comes from the database (`CONTEXT_SELECT`, maybe with `HINTS`). */
type ContextSqlRow = SchedulingCentreRow &
  Omit<BookingContextRow, 'centre' | 'trainedProctorIds' | 'hints'> & {
    trainedProctorIds: string | null;
  } & Partial<BookingHints>;

/**
 * The columns of a booking context (`BookingContextRow`) of the centre `c`; `CONTEXT_FROM`
 * gives the tables they read. With a block, only its named proctors are judged trained.
 */
const CONTEXT_SELECT = `
  SELECT c.id, c.institution_id AS "institutionId", c.name, c.time_zone AS "timeZone",
         c.accreditation_status AS "accreditationStatus", c.vm_pool_id AS "vmPoolId", p.region,
         c.access_policy AS "accessPolicy", c.public_proctoring_fee_minor AS "proctoringFeeMinor", c.currency,
         concat_ws(', ', c.address_line1, c.address_line2, c.city, c.region, c.postal_code, c.country) AS address,
         (SELECT json_build_object('id', e.id, 'code', e.code, 'title', e.title, 'durationMinutes', e.duration_minutes,
                                   'deliveryModes', e.delivery_modes, 'active', e.active)
            FROM exams e WHERE e.id = q.exam) AS exam,
         coalesce((SELECT json_agg(json_build_object('weekday', h.weekday, 'opens', to_char(h.opens, 'HH24:MI'),
                                                     'closes', to_char(h.closes, 'HH24:MI'))
                                   ORDER BY h.weekday, h.opens)
                     FROM centre_opening_hours h WHERE h.centre_id = c.id), '[]'::json) AS hours,
         (SELECT json_build_object('minLeadDays', r.min_lead_days, 'peakMinLeadDays', r.peak_min_lead_days,
                                   'maxHorizonDays', r.max_horizon_days)
            FROM institution_booking_rules r WHERE r.institution_id = c.institution_id) AS rules,
         coalesce((SELECT json_agg(json_build_object('startsAt', pp.starts_at, 'endsAt', pp.ends_at))
                     FROM peak_periods pp WHERE pp.pool_id = c.vm_pool_id AND pp.starts_at <= q.start AND pp.ends_at > q.start),
                  '[]'::json) AS peaks,
         (SELECT email FROM users WHERE id = q.booker) AS "bookerEmail",
         coalesce((SELECT json_agg(json_build_object('id', l.id, 'name', l.name, 'seats', l.seats) ORDER BY l.name)
                     FROM labs l WHERE l.centre_id = c.id), '[]'::json) AS labs,
         array_to_string(ARRAY(SELECT cp.user_id FROM centre_proctors cp
                WHERE cp.centre_id = c.id
                  AND (q.named IS NULL OR (cardinality(q.named) > 0 AND cp.user_id = ANY(q.named)))
                  AND ${TRAINED('cp.user_id', 'c.id', 'c.institution_id', 'local.day', 'q.months')}
                ORDER BY cp.user_id), ',') AS "trainedProctorIds"`;

/**
 * The tables of `CONTEXT_SELECT` for the centre, exam, booker and start given (SQL
 * expressions, as are the training cover in months and, with a block, its named proctors
 * (uuid[]) and set-up buffer in minutes); `blk` is the block's span and VM hours when a block
 * is given, worked out as `hoursOccupied` does.
 */
const CONTEXT_FROM = (
  at: { centre: string; exam: string; booker: string; start: string; months: string },
  block?: { named: string; buffer: string },
) => `
    FROM (SELECT ${at.exam}::uuid AS exam, ${at.booker}::uuid AS booker, ${at.start}::timestamptz AS start,
                 ${at.months}::int AS months, ${block ? block.named : 'NULL::uuid[]'} AS named) q
    JOIN testing_centres c ON c.id = ${at.centre}
    LEFT JOIN vm_pools p ON p.id = c.vm_pool_id
    -- the start's day on the centre's calendar, worked out once
    CROSS JOIN LATERAL (SELECT (q.start AT TIME ZONE c.time_zone)::date AS day) local
    ${
      block
        ? `LEFT JOIN LATERAL (
             SELECT q.start AS starts, q.start + make_interval(hours => k.n) AS ends,
                    ARRAY(SELECT generate_series(date_trunc('hour', q.start, 'UTC'),
                                                 q.start + make_interval(hours => k.n) - interval '1 microsecond',
                                                 interval '1 hour')) AS vm_hours
               FROM exams e
               CROSS JOIN LATERAL (SELECT greatest(1, ceil((e.duration_minutes + ${block.buffer}) / 60.0))::int AS n) k
              WHERE e.id = q.exam) blk ON true`
        : ''
    }`;

function toBookingContext(row: ContextSqlRow): BookingContextRow {
  const {
    exam,
    hours,
    rules,
    peaks,
    bookerEmail,
    labs,
    trainedProctorIds,
    lapsed,
    vmsLeft,
    busy,
    ...centre
  } = row as ContextSqlRow & { n?: string };
  // a batched read numbers its rows; the number is not the centre's
  delete centre.n;
  return {
    centre,
    exam,
    hours,
    rules,
    peaks,
    bookerEmail,
    labs,
    trainedProctorIds: idsOf(trainedProctorIds),
    hints: lapsed && vmsLeft && busy ? { lapsed, vmsLeft, busy } : null,
  };
}

/** All SQL of scheduling: pools, capacity, bookings and what they hold. */
@Injectable()
export class SchedulingRepository {
  // --- reference data ---------------------------------------------------------------------

  async findCentre(em: EntityManager, centreId: string, lock?: 'share'): Promise<SchedulingCentreRow | null> {
    const rows = await em.query<SchedulingCentreRow[]>(
      `SELECT c.id, c.institution_id AS "institutionId", c.name, c.time_zone AS "timeZone",
              c.accreditation_status AS "accreditationStatus", c.vm_pool_id AS "vmPoolId", p.region,
              c.access_policy AS "accessPolicy", c.public_proctoring_fee_minor AS "proctoringFeeMinor", c.currency,
              concat_ws(', ', c.address_line1, c.address_line2, c.city, c.region, c.postal_code, c.country) AS address
         FROM testing_centres c LEFT JOIN vm_pools p ON p.id = c.vm_pool_id
        WHERE c.id = $1 ${lock === 'share' ? 'FOR SHARE OF c' : ''}`,
      [centreId],
    );
    return rows[0] ?? null;
  }

  /**
   * Everything a booking is judged by, in one round trip: the centre (with its region), the
   * exam, the opening hours, the institution's rules, the region's peak periods at `start`, the
   * booker's address for the confirmation, the centre's labs and its trained proctors. A new
   * block's context, with the hints of the block, comes from `bookingContexts`.
   */
  async bookingContext(
    em: EntityManager,
    centreId: string,
    examId: string,
    bookerId: string,
    start: Date,
  ): Promise<BookingContextRow | null> {
    const rows = await em.query<ContextSqlRow[]>(
      `${CONTEXT_SELECT} ${CONTEXT_FROM({ centre: '$1', exam: '$2', booker: '$3', start: '$4', months: '$5' })}
        WHERE c.id = $1`,
      [centreId, examId, bookerId, start, TRAINING_VALIDITY_MONTHS],
    );
    return rows[0] ? toBookingContext(rows[0]) : null;
  }

  /**
   * The contexts of several blocks about to be booked, in one round trip: what `bookingContext`
   * reads (only the named proctors judged trained) and the hints of each block, its hours worked
   * out here as `hoursOccupied` does, from the exam's duration and the set-up buffer (a hint may
   * be wrong, the constraints and the commit-time trigger are not). Null where the centre does
   * not exist; in the order of `blocks`.
   */
  async bookingContexts(
    em: EntityManager,
    blocks: readonly BookingContextRequest[],
    bufferMinutes: number,
  ): Promise<(BookingContextRow | null)[]> {
    const block = { needsVms: 'req.needs_vms', named: 'req.named', buffer: '$8' };
    const rows = await em.query<(ContextSqlRow & { n: string })[]>(
      `SELECT req.n, ctx.*
         FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::timestamptz[], $6::boolean[], $7::text[])
              WITH ORDINALITY AS req(centre, exam, booker, start, needs_vms, named_text, n)
        CROSS JOIN LATERAL (SELECT ${uuidList('req.named_text')} AS named) nm
        CROSS JOIN LATERAL (
          ${CONTEXT_SELECT}, ${HINTS('c.id', 'blk.starts', 'blk.ends', `CASE WHEN ${block.needsVms} THEN c.vm_pool_id END`, 'blk.vm_hours', 'nm.named', 'NULL')}
          ${CONTEXT_FROM({ centre: 'req.centre', exam: 'req.exam', booker: 'req.booker', start: 'req.start', months: '$5' }, { named: 'nm.named', buffer: block.buffer })}
           WHERE c.id = req.centre) ctx`,
      [
        blocks.map((b) => b.centreId),
        blocks.map((b) => b.examId),
        blocks.map((b) => b.bookerId),
        blocks.map((b) => b.start),
        TRAINING_VALIDITY_MONTHS,
        blocks.map((b) => b.needsVms),
        blocks.map((b) => b.namedProctors.join(',')),
        bufferMinutes,
      ],
    );
    const found = new Map(rows.map((row) => [Number(row.n), row]));
    return blocks.map((_, i) => {
      const row = found.get(i + 1);
      return row ? toBookingContext(row) : null;
    });
  }

  /**
   * What the availability of a centre over [from, to) needs, in one round trip: the centre and
   * its region, opening hours, labs, institution rules, its live blocks, and the pool's capacity
   * rows, held VMs, maintenance and peak periods. Instants come back as ISO strings.
   */
  async availabilityContext(
    em: EntityManager,
    centreId: string,
    from: Date,
    to: Date,
  ): Promise<AvailabilityContextRow | null> {
    const rows = await em.query<(SchedulingCentreRow & Omit<AvailabilityContextRow, 'centre'>)[]>(
      `SELECT c.id, c.institution_id AS "institutionId", c.name, c.time_zone AS "timeZone",
              c.accreditation_status AS "accreditationStatus", c.vm_pool_id AS "vmPoolId", p.region,
              c.access_policy AS "accessPolicy", c.public_proctoring_fee_minor AS "proctoringFeeMinor", c.currency,
              concat_ws(', ', c.address_line1, c.address_line2, c.city, c.region, c.postal_code, c.country) AS address,
              p.capacity_per_hour AS "poolCapacityPerHour",
              coalesce((SELECT json_agg(json_build_object('weekday', h.weekday, 'opens', to_char(h.opens, 'HH24:MI'),
                                                          'closes', to_char(h.closes, 'HH24:MI'))
                                        ORDER BY h.weekday, h.opens)
                          FROM centre_opening_hours h WHERE h.centre_id = c.id), '[]'::json) AS hours,
              coalesce((SELECT json_agg(json_build_object('id', l.id, 'name', l.name, 'seats', l.seats) ORDER BY l.name)
                          FROM labs l WHERE l.centre_id = c.id), '[]'::json) AS labs,
              (SELECT json_build_object('minLeadDays', r.min_lead_days, 'peakMinLeadDays', r.peak_min_lead_days,
                                        'maxHorizonDays', r.max_horizon_days)
                 FROM institution_booking_rules r WHERE r.institution_id = c.institution_id) AS rules,
              coalesce((SELECT json_agg(json_build_object('labId', b.lab_id, 'startsAt', b.starts_at, 'endsAt', b.ends_at))
                          FROM bookings b
                         WHERE b.centre_id = c.id AND b.status IN ('held','confirmed') AND b.lab_id IS NOT NULL
                           AND b.starts_at < $3 AND b.starts_at >= $2::timestamptz - interval '1 day' AND b.ends_at > $2
                           AND NOT (b.status = 'held' AND b.hold_expires_at <= now())), '[]'::json) AS "labBlocks",
              coalesce((SELECT json_agg(json_build_object('hour', v.hour, 'capacity', v.capacity, 'used', v.used))
                          FROM vm_capacity_hours v WHERE v.pool_id = c.vm_pool_id AND v.hour >= $2 AND v.hour < $3),
                       '[]'::json) AS capacity,
              coalesce((SELECT json_agg(json_build_object('hour', x.hour, 'lapsed', x.lapsed)) FROM (
                          SELECT v.hour, sum(v.seats)::int AS lapsed
                            FROM bookings b JOIN booking_vm_hours v ON v.booking_id = b.id
                           WHERE b.status = 'held' AND b.hold_expires_at <= now()
                             AND v.pool_id = c.vm_pool_id AND v.hour >= $2 AND v.hour < $3
                           GROUP BY v.hour) x), '[]'::json) AS lapsed,
              coalesce((SELECT json_agg(json_build_object('startsAt', m.starts_at, 'endsAt', m.ends_at, 'vmsOffline', m.vms_offline))
                          FROM vm_maintenance_windows m WHERE m.pool_id = c.vm_pool_id AND m.starts_at < $3 AND m.ends_at > $2),
                       '[]'::json) AS maintenance,
              coalesce((SELECT json_agg(json_build_object('startsAt', pp.starts_at, 'endsAt', pp.ends_at))
                          FROM peak_periods pp WHERE pp.pool_id = c.vm_pool_id AND pp.starts_at < $3 AND pp.ends_at > $2),
                       '[]'::json) AS peaks
         FROM testing_centres c LEFT JOIN vm_pools p ON p.id = c.vm_pool_id
        WHERE c.id = $1`,
      [centreId, from, to],
    );
    const row = rows[0];
    if (!row) return null;
    const {
      poolCapacityPerHour,
      hours,
      labs,
      rules,
      labBlocks,
      capacity,
      lapsed,
      maintenance,
      peaks,
      ...centre
    } = row;
    return {
      centre,
      poolCapacityPerHour,
      hours,
      labs,
      rules,
      labBlocks,
      capacity,
      lapsed,
      maintenance,
      peaks,
    };
  }

  labs(em: EntityManager, centreId: string): Promise<LabRow[]> {
    return em.query<LabRow[]>(`SELECT id, name, seats FROM labs WHERE centre_id = $1 ORDER BY name`, [
      centreId,
    ]);
  }

  /** One lab of the centre, share-locked so its seat count holds until commit. */
  async findLab(em: EntityManager, centreId: string, labId: string): Promise<LabRow | null> {
    const rows = await em.query<LabRow[]>(
      `SELECT id, name, seats FROM labs WHERE centre_id = $1 AND id = $2 FOR SHARE`,
      [centreId, labId],
    );
    return rows[0] ?? null;
  }

  /**
   * A lab of the centre with enough seats and no live block overlapping `during`, the smallest
   * first; labs another booking is choosing right now are skipped, so concurrent bookings
   * spread over the free labs (the exclusion constraint still has the last word).
   */
  async pickFreeLab(
    em: EntityManager,
    centreId: string,
    seats: number,
    during: [Date, Date],
    exceptBookingId: string | null,
    prefer: string | null = null,
  ): Promise<LabRow | null> {
    const rows = await em.query<LabRow[]>(
      `SELECT l.id, l.name, l.seats FROM labs l
        WHERE l.centre_id = $1 AND l.seats >= $2
          AND NOT EXISTS (SELECT 1 FROM bookings b
                           WHERE b.lab_id = l.id AND b.status IN ('held','confirmed')
                             AND b.during && tstzrange($3, $4, '[)') AND b.id IS DISTINCT FROM $5::uuid)
        ORDER BY l.id = $6::uuid DESC NULLS LAST, l.seats, l.name
        LIMIT 1 FOR NO KEY UPDATE OF l SKIP LOCKED`,
      [centreId, seats, during[0], during[1], exceptBookingId, prefer],
    );
    return rows[0] ?? null;
  }

  /**
   * Assigns up to `count` of `candidates` (proctor user ids) of the centre who are in no block
   * overlapping `during`, preferring `prefer`, and returns them. Proctors another booking is
   * choosing right now are skipped, so concurrent bookings spread over the free ones; the
   * exclusion constraint still refuses a double booking.
   */
  async assignFreeProctors(
    em: EntityManager,
    bookingId: string,
    centreId: string,
    candidates: readonly string[],
    count: number,
    during: [Date, Date],
    trainedOn: { institutionId: string; localDay: string },
    prefer: readonly string[] = [],
  ): Promise<PersonRow[]> {
    return em.query<PersonRow[]>(
      `WITH picked AS (${FREE_PROCTORS('$2', '$3', '$4', '$5', '$6', { institution: '$7', day: '$8', months: '$9' })}),
       assigned AS (
         INSERT INTO booking_proctors (booking_id, centre_id, proctor_id, during)
         SELECT $1, $2, user_id, tstzrange($5, $6, '[)') FROM picked
         RETURNING booking_id, proctor_id)
       SELECT a.booking_id AS "bookingId", u.id AS "userId", u.display_name AS "displayName", u.email
         FROM assigned a JOIN users u ON u.id = a.proctor_id ORDER BY u.display_name, u.email`,
      [
        bookingId,
        centreId,
        tryingOrder(candidates, prefer).join(','),
        count,
        during[0],
        during[1],
        trainedOn.institutionId,
        trainedOn.localDay,
        TRAINING_VALIDITY_MONTHS,
      ],
    );
  }

  /** Of `proctorIds`, those in a block overlapping `during` (other than `exceptBookingId`). */
  async busyProctors(
    em: EntityManager,
    proctorIds: readonly string[],
    during: [Date, Date],
    exceptBookingId: string | null = null,
  ): Promise<string[]> {
    const rows = await em.query<{ proctorId: string }[]>(
      `SELECT DISTINCT proctor_id AS "proctorId" FROM booking_proctors
        WHERE proctor_id = ANY($1::uuid[]) AND during && tstzrange($2, $3, '[)')
          AND booking_id IS DISTINCT FROM $4::uuid`,
      [proctorIds, during[0], during[1], exceptBookingId],
    );
    return rows.map((r) => r.proctorId);
  }

  async bookingRules(em: EntityManager, institutionId: string): Promise<BookingRulesRow | null> {
    const rows = await em.query<BookingRulesRow[]>(
      `SELECT min_lead_days AS "minLeadDays", peak_min_lead_days AS "peakMinLeadDays",
              max_horizon_days AS "maxHorizonDays"
         FROM institution_booking_rules WHERE institution_id = $1`,
      [institutionId],
    );
    return rows[0] ?? null;
  }

  async upsertBookingRules(em: EntityManager, institutionId: string, rules: BookingRulesRow): Promise<void> {
    await em.query(
      `INSERT INTO institution_booking_rules (institution_id, min_lead_days, peak_min_lead_days, max_horizon_days)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (institution_id) DO UPDATE
         SET min_lead_days = EXCLUDED.min_lead_days, peak_min_lead_days = EXCLUDED.peak_min_lead_days,
             max_horizon_days = EXCLUDED.max_horizon_days, updated_at = now()`,
      [institutionId, rules.minLeadDays, rules.peakMinLeadDays, rules.maxHorizonDays],
    );
  }

  async institutionExists(em: EntityManager, institutionId: string): Promise<boolean> {
    const rows = await em.query<unknown[]>(`SELECT 1 FROM institutions WHERE id = $1`, [institutionId]);
    return rows.length === 1;
  }

  // --- bookings ---------------------------------------------------------------------------

  /**
   * Books blocks in one statement (`book_blocks`, see its migration), so in one round trip and
   * one commit, each block all or nothing on its own: share-locks the centre while it is
   * bookable, takes the VMs of its hours, picks the block's proctors (or takes the named ones),
   * and only if all of it is there writes the block, its VM hours, its proctors, the audit entry
   * and the confirmation. Answers come in the order of `blocks`: a block short of VMs answers a
   * `BlockRefused` (IV001, with the hour and what is left), one short of proctors or at a centre
   * no longer bookable answers a `BookedBlock` without a booking. A statement the constraints
   * refuse as a whole (a race with another process) rejects, with nothing written. Run on its
   * own the statement commits by itself; in a transaction it commits with it.
   */
  async bookBlocks(em: EntityManager, blocks: readonly NewBlock[]): Promise<(BookedBlock | BlockRefused)[]> {
    const requests = blocks.map((b) => {
      const named = 'named' in b.proctors;
      return {
        id: b.id,
        centre_id: b.centreId,
        institution_id: b.institutionId,
        exam_id: b.examId,
        delivery_mode: b.deliveryMode,
        seats: b.seats,
        lab_id: b.labId,
        vm_pool_id: b.vmPoolId,
        starts_at: b.startsAt.toISOString(),
        ends_at: b.endsAt.toISOString(),
        status: b.status,
        hold_minutes: b.holdMinutes,
        booked_by: b.bookedBy,
        window_override_reason: b.windowOverrideReason,
        bookable_status: b.bookableStatus,
        named,
        named_proctors: 'named' in b.proctors ? b.proctors.named.join(',') : null,
        needed: 'named' in b.proctors ? b.proctors.named.length : b.proctors.pick.count,
        // taken hour by hour in time order, as every writer of the counters does
        vm_hours: b.vmPoolId ? [...b.vmHours].sort((x, y) => x.getTime() - y.getTime()) : [],
        actor_ip: b.audit.actorIp,
        action: b.audit.action,
        details: b.audit.details,
        mail_to: b.mail?.to ?? null,
        mail_subject: b.mail?.subject ?? null,
        mail_text: b.mail?.text ?? null,
        mail_template: b.mail?.template ?? null,
        // the training rule's day and cover, for picked proctors (named ones were judged)
        local_day: b.localDay,
        training_months: TRAINING_VALIDITY_MONTHS,
      };
    });
    const rows = await em.query<{ answers: BookBlocksAnswer[] }[]>(
      `SELECT book_blocks($1::json) AS answers`,
      [JSON.stringify(requests)],
    );
    const answers = rows[0].answers;
    if (answers.length !== blocks.length)
      throw new Error(`book_blocks answered ${answers.length} of ${blocks.length} blocks`);
    return answers.map((a) =>
      'error' in a
        ? new BlockRefused(a.error)
        : {
            centreOk: a.centreOk,
            picked: a.picked,
            booking: a.createdAt
              ? {
                  holdExpiresAt: a.holdExpiresAt ? new Date(a.holdExpiresAt) : null,
                  createdAt: new Date(a.createdAt),
                  updatedAt: new Date(a.updatedAt ?? a.createdAt),
                }
              : null,
            proctors: a.proctors ?? [],
            foundProctorIds: a.pickedIds ?? (a.proctors ?? []).map((p) => p.userId),
          },
    );
  }

  async findBooking(em: EntityManager, bookingId: string, lock?: 'update'): Promise<BookingRow | null> {
    const rows = await em.query<BookingRow[]>(
      `${BOOKING_SELECT} WHERE b.id = $1 ${lock === 'update' ? 'FOR UPDATE OF b' : ''}`,
      [bookingId],
    );
    return rows[0] ?? null;
  }

  listCentreBookings(em: EntityManager, centreId: string, from: Date, to: Date): Promise<BookingRow[]> {
    return em.query<BookingRow[]>(
      `${BOOKING_SELECT} WHERE b.centre_id = $1 AND b.starts_at >= $2 AND b.starts_at < $3
        ORDER BY b.starts_at, b.created_at`,
      [centreId, from, to],
    );
  }

  async proctorsOf(em: EntityManager, bookingIds: readonly string[]): Promise<PersonRow[]> {
    if (bookingIds.length === 0) return [];
    return em.query<PersonRow[]>(
      `SELECT bp.booking_id AS "bookingId", u.id AS "userId", u.display_name AS "displayName", u.email
         FROM booking_proctors bp JOIN users u ON u.id = bp.proctor_id
        WHERE bp.booking_id = ANY($1::uuid[]) ORDER BY u.display_name, u.email`,
      [bookingIds],
    );
  }

  async candidatesOf(em: EntityManager, bookingIds: readonly string[]): Promise<CandidateRow[]> {
    if (bookingIds.length === 0) return [];
    return em.query<CandidateRow[]>(
      `SELECT bc.booking_id AS "bookingId", u.id AS "userId", u.display_name AS "displayName", u.email,
              bc.voucher_id AS "voucherId", bc.added_at AS "addedAt"
         FROM booking_candidates bc JOIN users u ON u.id = bc.candidate_id
        WHERE bc.booking_id = ANY($1::uuid[]) ORDER BY bc.added_at, u.email`,
      [bookingIds],
    );
  }

  async isProctorOf(em: EntityManager, bookingId: string, userId: string): Promise<boolean> {
    const rows = await em.query<unknown[]>(
      `SELECT 1 FROM booking_proctors WHERE booking_id = $1 AND proctor_id = $2`,
      [bookingId, userId],
    );
    return rows.length === 1;
  }

  /** Assigns proctors for the block's time range; the exclusion constraint refuses a double booking. */
  async insertProctors(
    em: EntityManager,
    bookingId: string,
    centreId: string,
    proctorIds: readonly string[],
    during: [Date, Date],
  ): Promise<PersonRow[]> {
    return em.query<PersonRow[]>(
      `WITH assigned AS (
         INSERT INTO booking_proctors (booking_id, centre_id, proctor_id, during)
         SELECT $1, $2, p, tstzrange($4, $5, '[)') FROM unnest($3::uuid[]) p
         RETURNING booking_id, proctor_id)
       SELECT a.booking_id AS "bookingId", u.id AS "userId", u.display_name AS "displayName", u.email
         FROM assigned a JOIN users u ON u.id = a.proctor_id ORDER BY u.display_name, u.email`,
      [bookingId, centreId, proctorIds, during[0], during[1]],
    );
  }

  async deleteProctors(em: EntityManager, bookingId: string): Promise<void> {
    await em.query(`DELETE FROM booking_proctors WHERE booking_id = $1`, [bookingId]);
  }

  /** Moves a live block in time (and lab); the exclusion constraints judge the new range. */
  async reschedule(
    em: EntityManager,
    bookingId: string,
    startsAt: Date,
    endsAt: Date,
    labId: string | null,
  ): Promise<void> {
    await em.query(
      `UPDATE bookings SET starts_at = $2, ends_at = $3, lab_id = $4, updated_at = now() WHERE id = $1`,
      [bookingId, startsAt, endsAt, labId],
    );
    await em.query(`UPDATE booking_candidates SET during = tstzrange($2, $3, '[)') WHERE booking_id = $1`, [
      bookingId,
      startsAt,
      endsAt,
    ]);
  }

  /** Held → confirmed while the hold is live; false if it lapsed or is no longer held. */
  async confirm(em: EntityManager, bookingId: string): Promise<boolean> {
    const rows = rowsOf<{ id: string }>(
      await em.query(
        `UPDATE bookings SET status = 'confirmed', hold_expires_at = NULL, updated_at = now()
          WHERE id = $1 AND status = 'held' AND hold_expires_at > now() RETURNING id`,
        [bookingId],
      ),
    );
    return rows.length === 1;
  }

  /**
   * Ends a live block: gives its VMs back hour by hour (ascending, as they are taken), frees its
   * lab, proctors and candidates, and returns the vouchers its seats had reserved.
   */
  async end(
    em: EntityManager,
    bookingId: string,
    status: 'cancelled' | 'expired',
    reason: string | null,
  ): Promise<{ voucherIds: string[] } | null> {
    const ended = rowsOf<{ id: string }>(
      await em.query(
        `UPDATE bookings SET status = $2, cancel_reason = $3, filled_seats = 0,
                cancelled_at = CASE WHEN $2 = 'cancelled' THEN now() END, updated_at = now()
          WHERE id = $1 AND status IN ('held','confirmed')
            AND ($2 = 'cancelled' OR (status = 'held' AND hold_expires_at <= now()))
          RETURNING id`,
        [bookingId, status, reason],
      ),
    );
    if (ended.length === 0) return null;
    // the deferred trigger gives the VMs back to each hour's counter at commit
    await em.query(`DELETE FROM booking_vm_hours WHERE booking_id = $1`, [bookingId]);
    await this.deleteProctors(em, bookingId);
    const candidates = rowsOf<{ voucherId: string }>(
      await em.query(
        `DELETE FROM booking_candidates WHERE booking_id = $1 RETURNING voucher_id AS "voucherId"`,
        [bookingId],
      ),
    );
    return { voucherIds: candidates.map((c) => c.voucherId) };
  }

  /**
   * In one round trip, what a booking wants to know before it writes anything: lapsed holds in
   * its way (they keep counting in the capacity rows until reclaimed: of the centre at that
   * time, of the pool in those hours, or of the named proctors), the VMs left in each of its
   * hours, and which of the named proctors are already in a block then (other than
   * `exceptBookingId`). Hints only: the constraints and the commit-time trigger decide.
   */
  async bookingHints(
    em: EntityManager,
    centreId: string,
    during: [Date, Date],
    poolId: string | null,
    hours: readonly Date[],
    proctorIds: readonly string[],
    exceptBookingId: string | null = null,
  ): Promise<BookingHints> {
    const rows = await em.query<BookingHints[]>(`SELECT ${HINTS('$1', '$2', '$3', '$4', '$5', '$6', '$7')}`, [
      centreId,
      during[0],
      during[1],
      poolId,
      hours,
      proctorIds,
      exceptBookingId,
    ]);
    return rows[0];
  }

  // --- VM capacity ------------------------------------------------------------------------

  /**
   * VMs left in each of the pool's hours (hours never booked have the pool's full capacity less
   * maintenance). A hint to refuse early; the commit-time trigger is what actually decides.
   */
  async vmsLeft(
    em: EntityManager,
    poolId: string,
    hours: readonly Date[],
  ): Promise<{ hour: Date; left: number }[]> {
    return em.query(
      `SELECT h AS hour,
              coalesce(c.capacity - c.used, ${CAPACITY_OF_HOUR('p', 'h')})::int AS left
         FROM unnest($2::timestamptz[]) h
         JOIN vm_pools p ON p.id = $1
         LEFT JOIN vm_capacity_hours c ON c.pool_id = p.id AND c.hour = h`,
      [poolId, hours],
    );
  }

  /** Records the VMs a block takes, hour by hour in ascending order; the counters move at commit. */
  async recordVmHours(
    em: EntityManager,
    bookingId: string,
    poolId: string,
    hours: readonly Date[],
    seats: number,
  ): Promise<void> {
    if (hours.length === 0) return;
    // ascending, so that at commit every booking takes its hours in the same order
    const sorted = [...hours].sort((a, b) => new Date(a).getTime() - new Date(b).getTime());
    await em.query(
      `INSERT INTO booking_vm_hours (booking_id, pool_id, hour, seats)
       SELECT $1, $2, h, $4 FROM unnest($3::timestamptz[]) WITH ORDINALITY AS t(h, n) ORDER BY n`,
      [bookingId, poolId, sorted, seats],
    );
  }

  async vmHoursOf(
    em: EntityManager,
    bookingId: string,
  ): Promise<{ poolId: string; hour: Date; seats: number }[]> {
    return em.query(
      `SELECT pool_id AS "poolId", hour, seats FROM booking_vm_hours WHERE booking_id = $1 ORDER BY hour`,
      [bookingId],
    );
  }

  async deleteVmHours(em: EntityManager, bookingId: string, hours: readonly Date[]): Promise<void> {
    await em.query(`DELETE FROM booking_vm_hours WHERE booking_id = $1 AND hour = ANY($2::timestamptz[])`, [
      bookingId,
      hours,
    ]);
  }

  /** Capacity rows of a pool between two instants (only hours that were ever booked have one). */
  capacityRows(em: EntityManager, poolId: string, from: Date, to: Date): Promise<CapacityHourRow[]> {
    return em.query<CapacityHourRow[]>(
      `SELECT hour, capacity, used FROM vm_capacity_hours WHERE pool_id = $1 AND hour >= $2 AND hour < $3`,
      [poolId, from, to],
    );
  }

  /** VMs held per hour, split into live holds and holds whose time ran out. */
  heldVms(
    em: EntityManager,
    poolId: string,
    from: Date,
    to: Date,
  ): Promise<{ hour: Date; live: number; lapsed: number }[]> {
    return em.query(
      `SELECT v.hour,
              coalesce(sum(v.seats) FILTER (WHERE b.hold_expires_at > now()), 0)::int AS live,
              coalesce(sum(v.seats) FILTER (WHERE b.hold_expires_at <= now()), 0)::int AS lapsed
         FROM bookings b JOIN booking_vm_hours v ON v.booking_id = b.id
        WHERE b.status = 'held' AND v.pool_id = $1 AND v.hour >= $2 AND v.hour < $3
        GROUP BY v.hour`,
      [poolId, from, to],
    );
  }

  /** Live blocks of a centre overlapping a range, lapsed holds left out. */
  centreBlocks(em: EntityManager, centreId: string, from: Date, to: Date): Promise<CentreBlockRow[]> {
    return em.query<CentreBlockRow[]>(
      `SELECT id, lab_id AS "labId", starts_at AS "startsAt", ends_at AS "endsAt" FROM bookings
        WHERE centre_id = $1 AND status IN ('held','confirmed')
          AND starts_at < $3 AND starts_at >= $2::timestamptz - interval '1 day' AND ends_at > $2
          AND NOT (status = 'held' AND hold_expires_at <= now())`,
      [centreId, from, to],
    );
  }

  /** Blocks of the given proctors overlapping a range (at any centre), lapsed holds left out. */
  proctorBlocks(
    em: EntityManager,
    proctorIds: readonly string[],
    from: Date,
    to: Date,
  ): Promise<{ proctorId: string; from: number; to: number }[]> {
    if (proctorIds.length === 0) return Promise.resolve([]);
    // as epoch milliseconds: a 3-week calendar reads thousands of these, and parsing each
    // timestamp's text into a Date was a tenth of the availability read's own time
    return em.query(
      `SELECT bp.proctor_id AS "proctorId",
              (extract(epoch FROM lower(bp.during)) * 1000)::float8 AS "from",
              (extract(epoch FROM upper(bp.during)) * 1000)::float8 AS "to"
         FROM booking_proctors bp JOIN bookings b ON b.id = bp.booking_id
        WHERE bp.proctor_id = ANY($1::uuid[]) AND bp.during && tstzrange($2, $3, '[)')
          AND NOT (b.status = 'held' AND b.hold_expires_at <= now())`,
      [proctorIds, from, to],
    );
  }

  // --- open sessions -----------------------------------------------------------------------

  async setOpenToPublic(em: EntityManager, bookingId: string, open: boolean): Promise<void> {
    await em.query(`UPDATE bookings SET open_to_public = $2, updated_at = now() WHERE id = $1`, [
      bookingId,
      open,
    ]);
  }

  /** Upcoming confirmed open sessions of public centres with a seat left, soonest first. */
  openSessions(
    em: EntityManager,
    filter: { examId?: string; from: Date; to: Date },
    limit: number,
  ): Promise<BookingRow[]> {
    return em.query<BookingRow[]>(
      `${BOOKING_SELECT}
        WHERE b.open_to_public AND b.status = 'confirmed' AND c.access_policy = 'public'
          AND c.accreditation_status = 'accredited' AND b.filled_seats < b.seats
          AND b.starts_at >= $1 AND b.starts_at < $2 AND ($3::uuid IS NULL OR b.exam_id = $3)
        ORDER BY b.starts_at, b.id LIMIT $4`,
      [filter.from, filter.to, filter.examId ?? null, limit],
    );
  }

  // --- candidates -------------------------------------------------------------------------

  /** Takes one more seat of a live block; false when every seat is filled. */
  async takeSeat(em: EntityManager, bookingId: string): Promise<boolean> {
    const rows = rowsOf<{ id: string }>(
      await em.query(
        `UPDATE bookings SET filled_seats = filled_seats + 1, updated_at = now()
          WHERE id = $1 AND filled_seats < seats RETURNING id`,
        [bookingId],
      ),
    );
    return rows.length === 1;
  }

  async insertCandidate(
    em: EntityManager,
    bookingId: string,
    candidateId: string,
    voucherId: string,
    during: [Date, Date],
    addedBy: string,
  ): Promise<void> {
    await em.query(
      `INSERT INTO booking_candidates (booking_id, candidate_id, voucher_id, during, added_by)
       VALUES ($1, $2, $3, tstzrange($4, $5, '[)'), $6)`,
      [bookingId, candidateId, voucherId, during[0], during[1], addedBy],
    );
  }

  /** Removes a candidate from a block and frees their seat; the voucher they held, or null. */
  async removeCandidate(em: EntityManager, bookingId: string, candidateId: string): Promise<string | null> {
    const rows = rowsOf<{ voucherId: string }>(
      await em.query(
        `DELETE FROM booking_candidates WHERE booking_id = $1 AND candidate_id = $2 RETURNING voucher_id AS "voucherId"`,
        [bookingId, candidateId],
      ),
    );
    if (rows.length === 0) return null;
    await em.query(`UPDATE bookings SET filled_seats = filled_seats - 1, updated_at = now() WHERE id = $1`, [
      bookingId,
    ]);
    return rows[0].voucherId;
  }

  /** A candidate's live blocks; `selfSeated` where they took an open session's seat themselves. */
  upcomingOfCandidate(
    em: EntityManager,
    candidateId: string,
  ): Promise<(BookingRow & { selfSeated: boolean })[]> {
    return em.query(
      `${CANDIDATE_BOOKING_SELECT}
         JOIN booking_candidates bc ON bc.booking_id = b.id
        WHERE bc.candidate_id = $1 AND b.status IN ('held','confirmed') AND b.ends_at > now()
        ORDER BY b.starts_at`,
      [candidateId],
    );
  }

  blocksOfProctor(em: EntityManager, proctorId: string, since: Date): Promise<BookingRow[]> {
    return em.query<BookingRow[]>(
      `${BOOKING_SELECT} JOIN booking_proctors bp ON bp.booking_id = b.id
        WHERE bp.proctor_id = $1 AND b.status IN ('held','confirmed') AND b.ends_at > $2
          AND NOT (b.status = 'held' AND b.hold_expires_at <= now())
        ORDER BY b.starts_at`,
      [proctorId, since],
    );
  }

  /** Blocks a user booked or proctors, for their calendar feed. */
  calendarBlocks(em: EntityManager, userId: string, since: Date): Promise<BookingRow[]> {
    return em.query<BookingRow[]>(
      `${BOOKING_SELECT}
        WHERE b.id IN (SELECT id FROM bookings WHERE booked_by = $1 AND starts_at > $2::timestamptz - interval '1 day'
                       UNION SELECT booking_id FROM booking_proctors WHERE proctor_id = $1)
          AND b.status = 'confirmed' AND b.ends_at > $2
        ORDER BY b.starts_at LIMIT 1000`,
      [userId, since],
    );
  }

  async userEmail(em: EntityManager, userId: string): Promise<string | null> {
    const rows = await em.query<{ email: string }[]>(`SELECT email FROM users WHERE id = $1`, [userId]);
    return rows[0]?.email ?? null;
  }

  // --- reminders and calendar feeds ---------------------------------------------------------

  /** Records that a reminder went out; false if it already had (the job ran twice). */
  async markReminderSent(
    em: EntityManager,
    bookingId: string,
    kind: string,
    startsAt: Date,
  ): Promise<boolean> {
    const rows = await em.query<unknown[]>(
      `INSERT INTO booking_reminders_sent (booking_id, kind, starts_at) VALUES ($1, $2, $3)
       ON CONFLICT DO NOTHING RETURNING booking_id`,
      [bookingId, kind, startsAt],
    );
    return rows.length === 1;
  }

  /**
   * Reminders not yet sent of confirmed blocks still to start, that fall due before
   * `now + aheadMs` and not before the block was booked (`offsets`: each kind's time before the
   * start, in ms).
   */
  unsentReminders(
    em: EntityManager,
    now: Date,
    aheadMs: number,
    offsets: Record<string, number>,
  ): Promise<{ bookingId: string; kind: string; startsAt: Date }[]> {
    return em.query(
      `SELECT b.id AS "bookingId", k.kind, b.starts_at AS "startsAt"
         FROM unnest($3::text[], $4::bigint[]) AS k(kind, before_ms)
         JOIN bookings b ON b.status = 'confirmed' AND b.starts_at > $1
                        AND b.starts_at <= $1::timestamptz + make_interval(secs => ($2 + k.before_ms) / 1000.0)
        -- a reminder is for the blocks that were booked when it fell due
        WHERE b.created_at <= b.starts_at - make_interval(secs => k.before_ms / 1000.0)
          AND NOT EXISTS (SELECT 1 FROM booking_reminders_sent r
                           WHERE r.booking_id = b.id AND r.kind = k.kind AND r.starts_at = b.starts_at)
        ORDER BY b.starts_at, k.kind`,
      [now, aheadMs, Object.keys(offsets), Object.values(offsets)],
    );
  }

  async replaceCalendarToken(em: EntityManager, userId: string, tokenHash: Buffer): Promise<void> {
    await em.query(
      `INSERT INTO calendar_feeds (user_id, token_hash) VALUES ($1, $2)
       ON CONFLICT (user_id) DO UPDATE SET token_hash = EXCLUDED.token_hash, created_at = now()`,
      [userId, tokenHash],
    );
  }

  async calendarOwner(em: EntityManager, tokenHash: Buffer): Promise<string | null> {
    const rows = await em.query<{ userId: string }[]>(
      `SELECT user_id AS "userId" FROM calendar_feeds WHERE token_hash = $1`,
      [tokenHash],
    );
    return rows[0]?.userId ?? null;
  }

  // --- pools, maintenance, peak periods ------------------------------------------------------

  listPools(em: EntityManager): Promise<VmPoolRow[]> {
    return em.query<VmPoolRow[]>(
      `SELECT id, region, name, capacity_per_hour AS "capacityPerHour", created_at AS "createdAt"
         FROM vm_pools ORDER BY region`,
    );
  }

  async findPool(em: EntityManager, poolId: string, lock?: 'update'): Promise<VmPoolRow | null> {
    const rows = await em.query<VmPoolRow[]>(
      `SELECT id, region, name, capacity_per_hour AS "capacityPerHour", created_at AS "createdAt"
         FROM vm_pools WHERE id = $1 ${lock === 'update' ? 'FOR UPDATE' : ''}`,
      [poolId],
    );
    return rows[0] ?? null;
  }

  /** null when the region already has a pool. */
  async insertPool(
    em: EntityManager,
    pool: { region: string; name: string; capacityPerHour: number },
  ): Promise<string | null> {
    const rows = await em.query<{ id: string }[]>(
      `INSERT INTO vm_pools (region, name, capacity_per_hour) VALUES ($1, $2, $3)
       ON CONFLICT ON CONSTRAINT vm_pools_region_key DO NOTHING RETURNING id`,
      [pool.region, pool.name, pool.capacityPerHour],
    );
    return rows[0]?.id ?? null;
  }

  async updatePool(
    em: EntityManager,
    poolId: string,
    changes: { name?: string; capacityPerHour?: number },
  ): Promise<void> {
    await em.query(
      `UPDATE vm_pools SET name = coalesce($2, name), capacity_per_hour = coalesce($3, capacity_per_hour),
              updated_at = now() WHERE id = $1`,
      [poolId, changes.name ?? null, changes.capacityPerHour ?? null],
    );
  }

  /**
   * Recomputes the capacity of the pool's booked hours in a range after a change of capacity or
   * maintenance. The row check refuses capacity below what is already taken: the caller's
   * transaction then fails as a whole. Returns the first hour that would be overbooked, if any.
   */
  async recomputeCapacity(
    em: EntityManager,
    poolId: string,
    from: Date | null,
    to: Date | null,
    /** hours to give a row now, so that a booking committing meanwhile waits for this change */
    materialise?: { from: Date; to: Date },
  ): Promise<Date | null> {
    if (materialise) {
      // a booking's commit-time trigger creates missing rows with ON CONFLICT DO NOTHING: with the
      // rows inserted here first, it waits for this transaction and then sees the new capacity
      await em.query(
        `INSERT INTO vm_capacity_hours (pool_id, hour, capacity, used)
         SELECT p.id, h, ${CAPACITY_OF_HOUR('p', 'h')}, 0
           FROM vm_pools p, generate_series(date_trunc('hour', $2::timestamptz), $3::timestamptz - interval '1 microsecond',
                                            interval '1 hour') h
          WHERE p.id = $1
         ON CONFLICT (pool_id, hour) DO NOTHING`,
        [poolId, materialise.from, materialise.to],
      );
    }
    const over = await em.query<{ hour: Date }[]>(
      `SELECT c.hour FROM vm_capacity_hours c JOIN vm_pools p ON p.id = c.pool_id
        WHERE c.pool_id = $1 AND ($2::timestamptz IS NULL OR c.hour >= date_trunc('hour', $2::timestamptz))
          AND ($3::timestamptz IS NULL OR c.hour < $3) AND c.used > ${CAPACITY_OF_HOUR('p', 'c.hour')}
        ORDER BY c.hour LIMIT 1`,
      [poolId, from, to],
    );
    if (over.length > 0) return over[0].hour;
    await em.query(
      `UPDATE vm_capacity_hours c SET capacity = ${CAPACITY_OF_HOUR('p', 'c.hour')}
         FROM vm_pools p
        WHERE p.id = c.pool_id AND c.pool_id = $1
          AND ($2::timestamptz IS NULL OR c.hour >= date_trunc('hour', $2::timestamptz))
          AND ($3::timestamptz IS NULL OR c.hour < $3)`,
      [poolId, from, to],
    );
    return null;
  }

  async assignCentrePool(em: EntityManager, centreId: string, poolId: string): Promise<void> {
    await em.query(`UPDATE testing_centres SET vm_pool_id = $2, updated_at = now() WHERE id = $1`, [
      centreId,
      poolId,
    ]);
  }

  maintenance(em: EntityManager, poolId: string, from: Date, to: Date): Promise<MaintenanceRow[]> {
    return em.query<MaintenanceRow[]>(
      `SELECT id, pool_id AS "vmPoolId", starts_at AS "startsAt", ends_at AS "endsAt", vms_offline AS "vmsOffline", reason
         FROM vm_maintenance_windows WHERE pool_id = $1 AND starts_at < $3 AND ends_at > $2 ORDER BY starts_at`,
      [poolId, from, to],
    );
  }

  async insertMaintenance(
    em: EntityManager,
    poolId: string,
    m: { startsAt: Date; endsAt: Date; vmsOffline: number; reason: string; createdBy: string },
  ): Promise<string> {
    const rows = await em.query<{ id: string }[]>(
      `INSERT INTO vm_maintenance_windows (pool_id, starts_at, ends_at, vms_offline, reason, created_by)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [poolId, m.startsAt, m.endsAt, m.vmsOffline, m.reason, m.createdBy],
    );
    return rows[0].id;
  }

  async deleteMaintenance(em: EntityManager, poolId: string, id: string): Promise<MaintenanceRow | null> {
    const rows = rowsOf<MaintenanceRow>(
      await em.query(
        `DELETE FROM vm_maintenance_windows WHERE pool_id = $1 AND id = $2
         RETURNING id, pool_id AS "vmPoolId", starts_at AS "startsAt", ends_at AS "endsAt", vms_offline AS "vmsOffline", reason`,
        [poolId, id],
      ),
    );
    return rows[0] ?? null;
  }

  peaks(em: EntityManager, poolId: string, from: Date, to: Date): Promise<PeakRow[]> {
    return em.query<PeakRow[]>(
      `SELECT id, pool_id AS "vmPoolId", name, starts_at AS "startsAt", ends_at AS "endsAt"
         FROM peak_periods WHERE pool_id = $1 AND starts_at < $3 AND ends_at > $2 ORDER BY starts_at`,
      [poolId, from, to],
    );
  }

  async insertPeak(
    em: EntityManager,
    poolId: string,
    p: { name: string; startsAt: Date; endsAt: Date },
  ): Promise<string> {
    const rows = await em.query<{ id: string }[]>(
      `INSERT INTO peak_periods (pool_id, name, starts_at, ends_at) VALUES ($1, $2, $3, $4) RETURNING id`,
      [poolId, p.name, p.startsAt, p.endsAt],
    );
    return rows[0].id;
  }

  async deletePeak(em: EntityManager, poolId: string, id: string): Promise<PeakRow | null> {
    const rows = rowsOf<PeakRow>(
      await em.query(
        `DELETE FROM peak_periods WHERE pool_id = $1 AND id = $2
         RETURNING id, pool_id AS "vmPoolId", name, starts_at AS "startsAt", ends_at AS "endsAt"`,
        [poolId, id],
      ),
    );
    return rows[0] ?? null;
  }
}

/** What the commit-time capacity trigger found short (SQLSTATE IV001), or null for any other error. */
export function vmShortageOf(
  error: unknown,
): { vmPoolId: string; hour: string; requested: number; left: number } | null {
  const driver = pgCode(error);
  if (driver.code !== 'IV001' || !driver.detail) return null;
  const detail = JSON.parse(driver.detail) as {
    vmPoolId: string;
    hour: string;
    requested: number;
    left: number;
  };
  return { ...detail, hour: new Date(detail.hour).toISOString() };
}

/** The database broke a deadlock or a serialisation conflict by aborting this transaction: retry it. */
export const isTransientConflict = (error: unknown): boolean =>
  pgCode(error).code === '40P01' || pgCode(error).code === '40001';

import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Scheduling: VM pools by region with hourly capacity, maintenance windows and peak periods;
 * institution booking rules; bookings (exam blocks) with their VM hours, proctors and candidates.
 *
 * What must never be overbooked is refused by the database itself:
 * - VMs: one `vm_capacity_hours` row per (pool, UTC hour), taken with a conditional
 *   `UPDATE ... SET used = used + n WHERE used + n <= capacity` run at commit by a deferred
 *   constraint trigger on `booking_vm_hours`, and `CHECK (used <= capacity)`.
 * - labs: a lab holds one live block at a time (exclusion constraint on the block's time range).
 * - proctors and candidates: never in two overlapping live blocks (exclusion constraints).
 * - candidates per block: `filled_seats <= seats`.
 * A hold that lapsed (hold_expires_at <= now()) still counts in these rows until it is reclaimed;
 * the booking path reclaims lapsed holds in its way before it takes capacity, and availability
 * counts them as free, so no background job has to run on time.
 */
export class Scheduling1764200000000 implements MigrationInterface {
  name = 'Scheduling1764200000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);

    await q.query(`
      CREATE TABLE vm_pools (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        region text NOT NULL CHECK (region ~ '^[a-z0-9][a-z0-9-]{0,39}$'),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        capacity_per_hour int NOT NULL CHECK (capacity_per_hour BETWEEN 0 AND 1000000),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT vm_pools_region_key UNIQUE (region)
      )`);

    await q.query(
      `ALTER TABLE testing_centres ADD COLUMN vm_pool_id uuid REFERENCES vm_pools(id) ON DELETE RESTRICT`,
    );

    await q.query(`
      CREATE TABLE vm_maintenance_windows (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        pool_id uuid NOT NULL REFERENCES vm_pools(id) ON DELETE CASCADE,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        vms_offline int NOT NULL CHECK (vms_offline >= 1),
        reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
        created_by uuid REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT vm_maintenance_windows_order CHECK (ends_at > starts_at)
      )`);
    await q.query(
      `CREATE INDEX vm_maintenance_windows_pool_idx ON vm_maintenance_windows (pool_id, starts_at)`,
    );

    await q.query(`
      CREATE TABLE peak_periods (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        pool_id uuid NOT NULL REFERENCES vm_pools(id) ON DELETE CASCADE,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT peak_periods_order CHECK (ends_at > starts_at)
      )`);
    await q.query(`CREATE INDEX peak_periods_pool_idx ON peak_periods (pool_id, starts_at)`);

    await q.query(`
      CREATE TABLE institution_booking_rules (
        institution_id uuid PRIMARY KEY REFERENCES institutions(id) ON DELETE CASCADE,
        min_lead_days int CHECK (min_lead_days BETWEEN 0 AND 365),
        peak_min_lead_days int CHECK (peak_min_lead_days BETWEEN 0 AND 365),
        max_horizon_days int CHECK (max_horizon_days BETWEEN 1 AND 730),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE bookings (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        centre_id uuid NOT NULL REFERENCES testing_centres(id) ON DELETE RESTRICT,
        institution_id uuid NOT NULL REFERENCES institutions(id) ON DELETE RESTRICT,
        exam_id uuid NOT NULL REFERENCES exams(id) ON DELETE RESTRICT,
        delivery_mode text NOT NULL CHECK (delivery_mode IN ('in_lab','virtual_lab','online_proctored')),
        seats int NOT NULL CHECK (seats BETWEEN 1 AND 500),
        filled_seats int NOT NULL DEFAULT 0,
        lab_id uuid REFERENCES labs(id) ON DELETE RESTRICT,
        vm_pool_id uuid REFERENCES vm_pools(id) ON DELETE RESTRICT,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        during tstzrange GENERATED ALWAYS AS (tstzrange(starts_at, ends_at, '[)')) STORED,
        status text NOT NULL CHECK (status IN ('held','confirmed','cancelled','expired')),
        hold_expires_at timestamptz,
        booked_by uuid NOT NULL REFERENCES users(id) ON DELETE RESTRICT,
        window_override_reason text,
        -- at a centre open to the public: candidates may take a seat themselves
        open_to_public boolean NOT NULL DEFAULT false,
        cancel_reason text,
        cancelled_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT bookings_order CHECK (ends_at > starts_at),
        CONSTRAINT bookings_filled CHECK (filled_seats BETWEEN 0 AND seats),
        CONSTRAINT bookings_hold CHECK (status <> 'held' OR hold_expires_at IS NOT NULL),
        CONSTRAINT bookings_lab_mode CHECK (delivery_mode <> 'in_lab' OR lab_id IS NOT NULL),
        CONSTRAINT bookings_pool_mode CHECK (delivery_mode = 'in_lab' OR vm_pool_id IS NOT NULL),
        CONSTRAINT bookings_one_block_per_lab EXCLUDE USING gist (lab_id WITH =, during WITH &&)
          WHERE (lab_id IS NOT NULL AND status IN ('held','confirmed'))
      )`);
    await q.query(`CREATE INDEX bookings_centre_idx ON bookings (centre_id, starts_at)`);
    await q.query(`CREATE INDEX bookings_held_idx ON bookings (hold_expires_at) WHERE status = 'held'`);
    await q.query(`CREATE INDEX bookings_booked_by_idx ON bookings (booked_by, starts_at)`);
    await q.query(
      `CREATE INDEX bookings_open_idx ON bookings (exam_id, starts_at) WHERE open_to_public AND status = 'confirmed'`,
    );
    await q.query(`CREATE INDEX bookings_institution_idx ON bookings (institution_id, starts_at)`);

    // One row per (pool, UTC hour) that has ever been booked; created on first use.
    await q.query(`
      CREATE TABLE vm_capacity_hours (
        pool_id uuid NOT NULL REFERENCES vm_pools(id) ON DELETE CASCADE,
        hour timestamptz NOT NULL,
        capacity int NOT NULL CHECK (capacity >= 0),
        used int NOT NULL DEFAULT 0,
        PRIMARY KEY (pool_id, hour),
        CONSTRAINT vm_capacity_hours_used CHECK (used BETWEEN 0 AND capacity)
      )`);

    // What each live block took from the pool, so it can be given back exactly.
    await q.query(`
      CREATE TABLE booking_vm_hours (
        booking_id uuid NOT NULL REFERENCES bookings(id) ON DELETE CASCADE,
        pool_id uuid NOT NULL REFERENCES vm_pools(id) ON DELETE RESTRICT,
        hour timestamptz NOT NULL,
        seats int NOT NULL CHECK (seats >= 1),
        PRIMARY KEY (booking_id, hour)
      )`);
    await q.query(`CREATE INDEX booking_vm_hours_pool_idx ON booking_vm_hours (pool_id, hour)`);

    // The counter follows booking_vm_hours, and is changed only when the transaction commits:
    // the hot row of a popular hour is then locked for the commit itself, never across a round
    // trip to the application, so bookings of one hour do not queue behind each other's network
    // latency. A take that does not fit raises IV001 with what is left, and the commit fails.
    await q.query(`
      CREATE FUNCTION booking_vm_hours_count() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        left_now int;
      BEGIN
        IF TG_OP = 'DELETE' THEN
          UPDATE vm_capacity_hours SET used = used - OLD.seats WHERE pool_id = OLD.pool_id AND hour = OLD.hour;
          RETURN NULL;
        END IF;
        UPDATE vm_capacity_hours SET used = used + NEW.seats
         WHERE pool_id = NEW.pool_id AND hour = NEW.hour AND used + NEW.seats <= capacity;
        IF FOUND THEN
          RETURN NULL;
        END IF;
        INSERT INTO vm_capacity_hours (pool_id, hour, capacity, used)
        SELECT p.id, NEW.hour,
               greatest(0, p.capacity_per_hour - coalesce((
                 SELECT sum(m.vms_offline) FROM vm_maintenance_windows m
                  WHERE m.pool_id = p.id AND m.starts_at < NEW.hour + interval '1 hour' AND m.ends_at > NEW.hour), 0)),
               0
          FROM vm_pools p WHERE p.id = NEW.pool_id
        ON CONFLICT (pool_id, hour) DO NOTHING;
        UPDATE vm_capacity_hours SET used = used + NEW.seats
         WHERE pool_id = NEW.pool_id AND hour = NEW.hour AND used + NEW.seats <= capacity;
        IF FOUND THEN
          RETURN NULL;
        END IF;
        SELECT capacity - used INTO left_now FROM vm_capacity_hours WHERE pool_id = NEW.pool_id AND hour = NEW.hour;
        RAISE EXCEPTION 'not enough VMs in pool % at %', NEW.pool_id, NEW.hour
          USING ERRCODE = 'IV001',
                DETAIL = json_build_object('vmPoolId', NEW.pool_id, 'hour', NEW.hour,
                                           'requested', NEW.seats, 'left', greatest(0, coalesce(left_now, 0)))::text;
      END $$`);
    await q.query(`
      CREATE CONSTRAINT TRIGGER booking_vm_hours_capacity AFTER INSERT OR DELETE ON booking_vm_hours
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION booking_vm_hours_count()`);

    await q.query(`
      CREATE TABLE booking_proctors (
        booking_id uuid NOT NULL REFERENCES bookings(id) ON DELETE CASCADE,
        centre_id uuid NOT NULL,
        proctor_id uuid NOT NULL,
        during tstzrange NOT NULL,
        PRIMARY KEY (booking_id, proctor_id),
        FOREIGN KEY (centre_id, proctor_id) REFERENCES centre_proctors(centre_id, user_id) ON DELETE RESTRICT,
        CONSTRAINT booking_proctors_no_overlap EXCLUDE USING gist (proctor_id WITH =, during WITH &&)
      )`);

    await q.query(`
      CREATE TABLE booking_candidates (
        booking_id uuid NOT NULL REFERENCES bookings(id) ON DELETE CASCADE,
        candidate_id uuid NOT NULL REFERENCES users(id) ON DELETE RESTRICT,
        voucher_id uuid NOT NULL REFERENCES vouchers(id) ON DELETE RESTRICT,
        during tstzrange NOT NULL,
        added_by uuid REFERENCES users(id) ON DELETE SET NULL,
        added_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (booking_id, candidate_id),
        CONSTRAINT booking_candidates_voucher_key UNIQUE (voucher_id),
        CONSTRAINT booking_candidates_no_overlap EXCLUDE USING gist (candidate_id WITH =, during WITH &&)
      )`);
    await q.query(`CREATE INDEX booking_candidates_candidate_idx ON booking_candidates (candidate_id)`);

    // A reminder is sent once per booking, kind and start, however often its job runs.
    await q.query(`
      CREATE TABLE booking_reminders_sent (
        booking_id uuid NOT NULL REFERENCES bookings(id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('7d','1d')),
        starts_at timestamptz NOT NULL,
        sent_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (booking_id, kind, starts_at)
      )`);

    await q.query(`
      CREATE TABLE calendar_feeds (
        user_id uuid PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
        token_hash bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT calendar_feeds_token_key UNIQUE (token_hash)
      )`);
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'calendar_feeds',
      'booking_reminders_sent',
      'booking_candidates',
      'booking_proctors',
      'booking_vm_hours',
      'vm_capacity_hours',
      'bookings',
      'institution_booking_rules',
      'peak_periods',
      'vm_maintenance_windows',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${table} CASCADE`);
    }
    await q.query(`DROP FUNCTION IF EXISTS booking_vm_hours_count()`);
    await q.query(`ALTER TABLE testing_centres DROP COLUMN IF EXISTS vm_pool_id`);
    await q.query(`DROP TABLE IF EXISTS vm_pools CASCADE`);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Open sessions: a block at a centre open to the public can be published, and candidates then
 * take a single seat in it themselves. A seat taken by someone who is not a member of the
 * centre's institution records the proctoring fee they owe the centre, fixed when they book.
 */
export class OpenSessions1764400000000 implements MigrationInterface {
  name = 'OpenSessions1764400000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE bookings ADD COLUMN open_to_public boolean NOT NULL DEFAULT false`);
    await q.query(
      `CREATE INDEX bookings_open_sessions_idx ON bookings (exam_id, starts_at) WHERE open_to_public AND status = 'confirmed'`,
    );
    await q.query(`
      ALTER TABLE booking_candidates
        ADD COLUMN proctoring_fee_minor int CHECK (proctoring_fee_minor >= 0),
        ADD COLUMN fee_currency char(3) CHECK (fee_currency ~ '^[A-Z]{3}$'),
        ADD CONSTRAINT booking_candidates_fee CHECK ((proctoring_fee_minor IS NULL) = (fee_currency IS NULL))`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE booking_candidates DROP CONSTRAINT IF EXISTS booking_candidates_fee`);
    await q.query(
      `ALTER TABLE booking_candidates DROP COLUMN IF EXISTS fee_currency, DROP COLUMN IF EXISTS proctoring_fee_minor`,
    );
    await q.query(`DROP INDEX IF EXISTS bookings_open_sessions_idx`);
    await q.query(`ALTER TABLE bookings DROP COLUMN IF EXISTS open_to_public`);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The hourly reminder sweep (QueueBookingRemindersJob) asks for confirmed blocks starting in
 * the next week; without this index it read every booking ever made (a million in
 * bench:availability's database) each hour.
 */
export class UpcomingConfirmedIndex1764500000000 implements MigrationInterface {
  name = 'UpcomingConfirmedIndex1764500000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX bookings_confirmed_start_idx ON bookings (starts_at) WHERE status = 'confirmed'`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS bookings_confirmed_start_idx`);
  }
}

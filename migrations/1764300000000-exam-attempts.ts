import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Exam attempts: a seated candidate's sitting, started by a proctor of the block (the voucher
 * goes reserved → consumed in the same transaction), and its result, recorded by the exam's
 * certification body (passed/failed against the exam's passing score). An attempt that failed
 * through the platform's or the centre's fault is voided when its voucher is reinstated, and
 * then does not count for the retake policy.
 */
export class ExamAttempts1764300000000 implements MigrationInterface {
  name = 'ExamAttempts1764300000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE exam_attempts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        candidate_id uuid NOT NULL REFERENCES users(id) ON DELETE RESTRICT,
        exam_id uuid NOT NULL REFERENCES exams(id) ON DELETE RESTRICT,
        voucher_id uuid NOT NULL REFERENCES vouchers(id) ON DELETE RESTRICT,
        booking_id uuid REFERENCES bookings(id) ON DELETE SET NULL,
        started_at timestamptz NOT NULL DEFAULT now(),
        started_by uuid REFERENCES users(id) ON DELETE SET NULL,
        outcome text NOT NULL DEFAULT 'in_progress'
          CHECK (outcome IN ('in_progress','passed','failed','voided')),
        score int CHECK (score >= 0),
        finished_at timestamptz,
        recorded_by uuid REFERENCES users(id) ON DELETE SET NULL,
        CONSTRAINT exam_attempts_result CHECK (
          (outcome IN ('passed','failed')) = (score IS NOT NULL AND finished_at IS NOT NULL)
          OR outcome = 'voided'
        )
      )`);
    // a voucher pays for one sitting at a time: starting it twice finds the unique index
    await q.query(
      `CREATE UNIQUE INDEX exam_attempts_one_open_per_voucher ON exam_attempts (voucher_id) WHERE outcome = 'in_progress'`,
    );
    await q.query(
      `CREATE INDEX exam_attempts_candidate_exam_idx ON exam_attempts (candidate_id, exam_id, started_at)`,
    );
    await q.query(
      `CREATE INDEX exam_attempts_open_idx ON exam_attempts (exam_id) WHERE outcome = 'in_progress'`,
    );

    // A reinstated voucher may seat its candidate again in a later block; the voucher lifecycle
    // (redeemed → reserved is one conditional update) still keeps it in one live seat at a time.
    await q.query(`ALTER TABLE booking_candidates DROP CONSTRAINT booking_candidates_voucher_key`);
    await q.query(`CREATE INDEX booking_candidates_voucher_idx ON booking_candidates (voucher_id)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS booking_candidates_voucher_idx`);
    await q.query(
      `ALTER TABLE booking_candidates ADD CONSTRAINT booking_candidates_voucher_key UNIQUE (voucher_id)`,
    );
    await q.query(`DROP TABLE IF EXISTS exam_attempts`);
  }
}

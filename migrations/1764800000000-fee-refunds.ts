import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A proctoring fee follows its seat. When a seat ends before the exam (the candidate gives it
 * back, the block's instructor removes them, the block is cancelled), an open fee invoice is
 * voided and a paid one becomes `refund_due`: the operator refunds it through the payment
 * provider (offline for the built-in one) and records it, `refunded`. Taking the same seat again
 * while its refund is still due puts the fee back to paid instead of billing twice.
 */
export class FeeRefunds1764800000000 implements MigrationInterface {
  name = 'FeeRefunds1764800000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE invoices DROP CONSTRAINT invoices_status_check`);
    await q.query(`ALTER TABLE invoices DROP CONSTRAINT invoices_settled`);
    await q.query(`
      ALTER TABLE invoices
        ADD COLUMN refund_due_at timestamptz,
        ADD COLUMN refunded_at timestamptz,
        ADD CONSTRAINT invoices_status_check
          CHECK (status IN ('open', 'paid', 'void', 'refund_due', 'refunded')),
        ADD CONSTRAINT invoices_refunds_are_fees
          CHECK (status NOT IN ('refund_due', 'refunded') OR kind = 'proctoring_fee'),
        ADD CONSTRAINT invoices_settled
          CHECK ((status IN ('paid', 'refund_due', 'refunded')) = (settled_at IS NOT NULL)),
        ADD CONSTRAINT invoices_refund_due
          CHECK ((status IN ('refund_due', 'refunded')) = (refund_due_at IS NOT NULL)),
        ADD CONSTRAINT invoices_refunded CHECK ((status = 'refunded') = (refunded_at IS NOT NULL))`);
    // a seat's live fee: billed, paid, or paid and waiting for its refund (never two at once)
    await q.query(`DROP INDEX invoices_one_fee_per_seat`);
    await q.query(`
      CREATE UNIQUE INDEX invoices_one_fee_per_seat ON invoices (booking_id, buyer_user_id)
       WHERE kind = 'proctoring_fee' AND status IN ('open', 'paid', 'refund_due')`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(
      `UPDATE invoices SET status = 'void', settled_at = NULL WHERE status IN ('refund_due', 'refunded')`,
    );
    await q.query(`DROP INDEX invoices_one_fee_per_seat`);
    await q.query(`
      CREATE UNIQUE INDEX invoices_one_fee_per_seat ON invoices (booking_id, buyer_user_id)
       WHERE kind = 'proctoring_fee' AND status <> 'void'`);
    await q.query(`
      ALTER TABLE invoices
        DROP CONSTRAINT invoices_refunded, DROP CONSTRAINT invoices_refund_due,
        DROP CONSTRAINT invoices_settled, DROP CONSTRAINT invoices_refunds_are_fees,
        DROP CONSTRAINT invoices_status_check,
        DROP COLUMN refunded_at, DROP COLUMN refund_due_at`);
    await q.query(`
      ALTER TABLE invoices
        ADD CONSTRAINT invoices_status_check CHECK (status IN ('open', 'paid', 'void')),
        ADD CONSTRAINT invoices_settled CHECK ((status = 'paid') = (settled_at IS NOT NULL))`);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Proctoring fees are invoiced. A member of the public who takes a seat of an open session at a
 * centre that charges a proctoring fee owes it: an invoice of kind `proctoring_fee` for that seat
 * (the booking and the candidate), raised through the payment provider and settled offline like
 * a retail order's. At most one live (open or paid) fee invoice per seat; giving the seat back
 * voids an open one.
 */
export class ProctoringFeeInvoices1764400000000 implements MigrationInterface {
  name = 'ProctoringFeeInvoices1764400000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE invoices ALTER COLUMN order_id DROP NOT NULL`);
    await q.query(`
      ALTER TABLE invoices
        ADD COLUMN kind text NOT NULL DEFAULT 'voucher_order' CHECK (kind IN ('voucher_order', 'proctoring_fee')),
        ADD COLUMN booking_id uuid REFERENCES bookings(id) ON DELETE RESTRICT,
        ADD COLUMN buyer_user_id uuid REFERENCES users(id) ON DELETE RESTRICT,
        ADD CONSTRAINT invoices_kind_refs CHECK (
          (kind = 'voucher_order' AND order_id IS NOT NULL AND booking_id IS NULL AND buyer_user_id IS NULL)
          OR (kind = 'proctoring_fee' AND order_id IS NULL AND booking_id IS NOT NULL AND buyer_user_id IS NOT NULL))`);
    await q.query(`
      CREATE UNIQUE INDEX invoices_one_fee_per_seat ON invoices (booking_id, buyer_user_id)
       WHERE kind = 'proctoring_fee' AND status <> 'void'`);
    await q.query(
      `CREATE INDEX invoices_buyer_idx ON invoices (buyer_user_id) WHERE buyer_user_id IS NOT NULL`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM invoices WHERE kind = 'proctoring_fee'`);
    await q.query(`DROP INDEX IF EXISTS invoices_buyer_idx`);
    await q.query(`DROP INDEX IF EXISTS invoices_one_fee_per_seat`);
    await q.query(`
      ALTER TABLE invoices DROP CONSTRAINT invoices_kind_refs,
        DROP COLUMN buyer_user_id, DROP COLUMN booking_id, DROP COLUMN kind`);
    await q.query(`ALTER TABLE invoices ALTER COLUMN order_id SET NOT NULL`);
  }
}

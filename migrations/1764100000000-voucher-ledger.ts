import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The voucher ledger: price lists with wholesale tiers, idempotent orders with invoices, packs,
 * vouchers whose codes are stored only as a keyed hash (for lookup) and encrypted (for the
 * owning institution to view), retake policies, institution prices, and expiry warnings.
 * The voucher lifecycle is enforced by a trigger: no code path can make an illegal move.
 */
export class VoucherLedger1764100000000 implements MigrationInterface {
  name = 'VoucherLedger1764100000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE voucher_price_lists (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        exam_id uuid NOT NULL REFERENCES exams(id) ON DELETE CASCADE,
        currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        retail_price_minor int NOT NULL CHECK (retail_price_minor >= 0),
        validity_months int NOT NULL DEFAULT 12 CHECK (validity_months BETWEEN 1 AND 60),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT voucher_price_lists_exam_key UNIQUE (exam_id)
      )`);
    await q.query(`
      CREATE TABLE voucher_price_tiers (
        price_list_id uuid NOT NULL REFERENCES voucher_price_lists(id) ON DELETE CASCADE,
        min_quantity int NOT NULL CHECK (min_quantity >= 1),
        unit_price_minor int NOT NULL CHECK (unit_price_minor >= 0),
        PRIMARY KEY (price_list_id, min_quantity)
      )`);

    await q.query(`
      CREATE TABLE voucher_orders (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        institution_id uuid REFERENCES institutions(id) ON DELETE RESTRICT,
        buyer_user_id uuid NOT NULL REFERENCES users(id) ON DELETE RESTRICT,
        idempotency_key text NOT NULL CHECK (length(idempotency_key) BETWEEN 8 AND 200),
        request_hash text NOT NULL,
        currency char(3) NOT NULL,
        total_minor bigint NOT NULL CHECK (total_minor >= 0),
        -- what was bought: [{examId, quantity, unitPriceMinor}]; retail packs are issued from it on settlement
        items jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT voucher_orders_idempotency_key UNIQUE (buyer_user_id, idempotency_key)
      )`);
    await q.query(
      `CREATE INDEX voucher_orders_institution_idx ON voucher_orders (institution_id, created_at DESC)`,
    );

    await q.query(`
      CREATE TABLE invoices (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        order_id uuid NOT NULL REFERENCES voucher_orders(id) ON DELETE RESTRICT,
        number text NOT NULL,
        provider text NOT NULL,
        provider_reference text,
        amount_minor bigint NOT NULL CHECK (amount_minor >= 0),
        currency char(3) NOT NULL,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open','paid','void')),
        issued_at timestamptz NOT NULL DEFAULT now(),
        due_at timestamptz NOT NULL,
        settled_at timestamptz,
        CONSTRAINT invoices_order_key UNIQUE (order_id),
        CONSTRAINT invoices_number_key UNIQUE (number),
        CONSTRAINT invoices_settled CHECK ((status = 'paid') = (settled_at IS NOT NULL))
      )`);
    await q.query(`CREATE SEQUENCE invoice_number_seq START 1000`);

    await q.query(`
      CREATE TABLE voucher_packs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        order_id uuid NOT NULL REFERENCES voucher_orders(id) ON DELETE RESTRICT,
        institution_id uuid REFERENCES institutions(id) ON DELETE RESTRICT,
        owner_user_id uuid REFERENCES users(id) ON DELETE RESTRICT,
        exam_id uuid NOT NULL REFERENCES exams(id) ON DELETE RESTRICT,
        quantity int NOT NULL CHECK (quantity BETWEEN 1 AND 10000),
        unit_price_minor int NOT NULL CHECK (unit_price_minor >= 0),
        currency char(3) NOT NULL,
        purchased_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        expiry_zone text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT voucher_packs_owner CHECK ((institution_id IS NULL) <> (owner_user_id IS NULL)),
        CONSTRAINT voucher_packs_expiry CHECK (expires_at > purchased_at)
      )`);
    await q.query(
      `CREATE INDEX voucher_packs_institution_idx ON voucher_packs (institution_id, purchased_at DESC)`,
    );

    await q.query(`
      CREATE TABLE vouchers (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        pack_id uuid NOT NULL REFERENCES voucher_packs(id) ON DELETE RESTRICT,
        institution_id uuid REFERENCES institutions(id) ON DELETE RESTRICT,
        owner_user_id uuid REFERENCES users(id) ON DELETE RESTRICT,
        exam_id uuid NOT NULL REFERENCES exams(id) ON DELETE RESTRICT,
        code_hash bytea NOT NULL,
        code_encrypted bytea NOT NULL,
        code_hint text NOT NULL,
        status text NOT NULL DEFAULT 'available'
          CHECK (status IN ('available','assigned','redeemed','reserved','consumed','voided','expired')),
        expires_at timestamptz NOT NULL,
        assigned_to uuid REFERENCES users(id) ON DELETE SET NULL,
        assigned_at timestamptz,
        redeemed_by uuid REFERENCES users(id) ON DELETE RESTRICT,
        redeemed_at timestamptz,
        status_reason text,
        status_changed_at timestamptz NOT NULL DEFAULT now(),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT vouchers_code_hash_key UNIQUE (code_hash),
        CONSTRAINT vouchers_owner CHECK ((institution_id IS NULL) <> (owner_user_id IS NULL)),
        CONSTRAINT vouchers_assigned CHECK (status <> 'assigned' OR assigned_to IS NOT NULL),
        CONSTRAINT vouchers_redeemed CHECK (
          status NOT IN ('redeemed','reserved','consumed') OR (redeemed_by IS NOT NULL AND redeemed_at IS NOT NULL)
        )
      )`);
    await q.query(`CREATE INDEX vouchers_pack_status_idx ON vouchers (pack_id, status)`);
    await q.query(`CREATE INDEX vouchers_institution_status_idx ON vouchers (institution_id, status)`);
    await q.query(
      `CREATE INDEX vouchers_assigned_idx ON vouchers (assigned_to) WHERE assigned_to IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX vouchers_redeemed_by_idx ON vouchers (redeemed_by, exam_id) WHERE redeemed_by IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX vouchers_expiring_idx ON vouchers (expires_at) WHERE status IN ('available','assigned')`,
    );

    // The lifecycle, as in modules/vouchers/domain/voucher-lifecycle.ts, enforced for every writer.
    await q.query(`
      CREATE FUNCTION vouchers_check_transition() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.status = OLD.status THEN
          RETURN NEW;
        END IF;
        IF (OLD.status, NEW.status) IN (
          ('available','assigned'), ('assigned','available'),
          ('available','redeemed'), ('assigned','redeemed'),
          ('redeemed','reserved'), ('reserved','redeemed'),
          ('reserved','consumed'), ('consumed','redeemed'),
          ('available','voided'), ('assigned','voided'),
          ('available','expired'), ('assigned','expired')
        ) THEN
          NEW.status_changed_at := now();
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'voucher % cannot go from % to %', OLD.id, OLD.status, NEW.status
          USING ERRCODE = 'check_violation', CONSTRAINT = 'vouchers_lifecycle';
      END $$`);
    await q.query(`
      CREATE TRIGGER vouchers_lifecycle BEFORE UPDATE OF status ON vouchers
        FOR EACH ROW EXECUTE FUNCTION vouchers_check_transition()`);

    await q.query(`
      CREATE TABLE retake_policies (
        certification_body_id uuid PRIMARY KEY REFERENCES certification_bodies(id) ON DELETE CASCADE,
        wait_hours_after_first_failure int NOT NULL DEFAULT 24 CHECK (wait_hours_after_first_failure >= 0),
        wait_hours_after_third_failure int NOT NULL DEFAULT 48 CHECK (wait_hours_after_third_failure >= 0),
        max_attempts_per_year int CHECK (max_attempts_per_year >= 1),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE institution_exam_prices (
        institution_id uuid NOT NULL REFERENCES institutions(id) ON DELETE CASCADE,
        exam_id uuid NOT NULL REFERENCES exams(id) ON DELETE CASCADE,
        price_minor int NOT NULL CHECK (price_minor >= 0),
        currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (institution_id, exam_id)
      )`);

    // One warning per pack per day, however often the daily job runs.
    await q.query(`
      CREATE TABLE voucher_expiry_warnings (
        pack_id uuid NOT NULL REFERENCES voucher_packs(id) ON DELETE CASCADE,
        warned_on date NOT NULL,
        vouchers_expiring int NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (pack_id, warned_on)
      )`);
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'voucher_expiry_warnings',
      'institution_exam_prices',
      'retake_policies',
      'vouchers',
      'voucher_packs',
      'invoices',
      'voucher_orders',
      'voucher_price_tiers',
      'voucher_price_lists',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${table} CASCADE`);
    }
    await q.query(`DROP SEQUENCE IF EXISTS invoice_number_seq`);
    await q.query(`DROP FUNCTION IF EXISTS vouchers_check_transition()`);
  }
}

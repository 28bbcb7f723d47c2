import { containsPattern } from '../../core/database/like';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { rowsOf } from '../../core/database/query-result';
import type { InvoiceStatus } from '@invigil/contracts';
import type { VoucherStatus } from './domain/voucher-lifecycle';

export interface PublicCentreRow {
  centreId: string;
  centreName: string;
  city: string;
  institutionId: string;
  institutionName: string;
  feeMinor: number;
  currency: string;
}

export interface OrderRow {
  id: string;
  institutionId: string | null;
  buyerUserId: string;
  requestHash: string;
  currency: string;
  totalMinor: string;
  items: { examId: string; quantity: number; unitPriceMinor: number }[];
  createdAt: Date;
}

export interface InvoiceRow {
  id: string;
  number: string;
  kind: 'voucher_order' | 'proctoring_fee';
  orderId: string | null;
  bookingId: string | null;
  description: string | null;
  institutionId: string | null;
  institutionName: string | null;
  buyerEmail: string;
  amountMinor: string;
  currency: string;
  status: InvoiceStatus;
  issuedAt: Date;
  dueAt: Date;
  settledAt: Date | null;
  refundDueAt: Date | null;
  refundedAt: Date | null;
  provider: string;
}

export interface PackRow {
  id: string;
  orderId: string;
  examId: string;
  examCode: string;
  examTitle: string;
  quantity: number;
  unitPriceMinor: number;
  currency: string;
  purchasedAt: Date;
  expiresAt: Date;
  expiryZone: string;
}

export interface VoucherRow {
  id: string;
  packId: string;
  institutionId: string | null;
  ownerUserId: string | null;
  examId: string;
  examCode: string;
  codeEncrypted: Buffer;
  status: VoucherStatus;
  expiresAt: Date;
  assignedTo: string | null;
  assignedEmail: string | null;
  assignedName: string | null;
  redeemedBy: string | null;
  redeemedEmail: string | null;
  redeemedName: string | null;
  statusReason: string | null;
  statusChangedAt: Date;
}

export interface VoucherFilter {
  status?: VoucherStatus;
  examId?: string;
  packId?: string;
  /** the last four symbols of a code, or part of a candidate's email */
  q?: string;
}

const VOUCHER_SELECT = `
  SELECT v.id, v.pack_id AS "packId", v.institution_id AS "institutionId", v.owner_user_id AS "ownerUserId",
         v.exam_id AS "examId", e.code AS "examCode", v.code_encrypted AS "codeEncrypted",
         CASE WHEN v.status IN ('available', 'assigned') AND v.expires_at <= now() THEN 'expired' ELSE v.status END AS status,
         v.expires_at AS "expiresAt", v.assigned_to AS "assignedTo", ua.email AS "assignedEmail",
         ua.display_name AS "assignedName", v.redeemed_by AS "redeemedBy", ur.email AS "redeemedEmail",
         ur.display_name AS "redeemedName", v.status_reason AS "statusReason", v.status_changed_at AS "statusChangedAt"
    FROM vouchers v
    JOIN exams e ON e.id = v.exam_id
    LEFT JOIN users ua ON ua.id = v.assigned_to
    LEFT JOIN users ur ON ur.id = v.redeemed_by`;

const PACK_SELECT = `
  SELECT p.id, p.order_id AS "orderId", p.exam_id AS "examId", e.code AS "examCode", e.title AS "examTitle",
         p.quantity, p.unit_price_minor AS "unitPriceMinor", p.currency, p.purchased_at AS "purchasedAt",
         p.expires_at AS "expiresAt", p.expiry_zone AS "expiryZone"
    FROM voucher_packs p JOIN exams e ON e.id = p.exam_id`;

const INVOICE_SELECT = `
  SELECT i.id, i.number, i.kind, i.order_id AS "orderId", i.booking_id AS "bookingId",
         CASE WHEN i.kind = 'proctoring_fee'
              THEN 'Proctoring fee: ' || e.code || ' at ' || c.name || ', '
                   || to_char(b.starts_at AT TIME ZONE c.time_zone, 'YYYY-MM-DD HH24:MI') || ' ' || c.time_zone
         END AS description,
         o.institution_id AS "institutionId", inst.name AS "institutionName",
         u.email AS "buyerEmail", i.amount_minor AS "amountMinor", i.currency, i.status, i.issued_at AS "issuedAt",
         i.due_at AS "dueAt", i.settled_at AS "settledAt", i.refund_due_at AS "refundDueAt",
         i.refunded_at AS "refundedAt", i.provider
    FROM invoices i
    LEFT JOIN voucher_orders o ON o.id = i.order_id
    LEFT JOIN bookings b ON b.id = i.booking_id
    LEFT JOIN exams e ON e.id = b.exam_id
    LEFT JOIN testing_centres c ON c.id = b.centre_id
    JOIN users u ON u.id = coalesce(o.buyer_user_id, i.buyer_user_id)
    LEFT JOIN institutions inst ON inst.id = o.institution_id`;

export interface EntitlementRow {
  id: string;
  examId: string;
  examCode: string;
  examTitle: string;
  certificationBodyName: string;
  institutionId: string | null;
  institutionName: string | null;
  status: VoucherStatus;
  codeEncrypted: Buffer;
  expiresAt: Date;
  redeemedAt: Date | null;
  owedMinor: number | null;
  owedCurrency: string | null;
}

const ENTITLEMENT_SELECT = `
  SELECT v.id, v.exam_id AS "examId", e.code AS "examCode", e.title AS "examTitle", b.name AS "certificationBodyName",
         v.institution_id AS "institutionId", i.name AS "institutionName", v.status, v.code_encrypted AS "codeEncrypted",
         v.expires_at AS "expiresAt", v.redeemed_at AS "redeemedAt",
         ip.price_minor AS "owedMinor", ip.currency AS "owedCurrency"
    FROM vouchers v
    JOIN exams e ON e.id = v.exam_id
    JOIN certification_bodies b ON b.id = e.certification_body_id
    LEFT JOIN institutions i ON i.id = v.institution_id
    LEFT JOIN institution_exam_prices ip ON ip.institution_id = v.institution_id AND ip.exam_id = v.exam_id`;

/** Why a redemption redeemed nothing, decided by the database (see VERDICT_COLUMNS). */
export interface RedemptionVerdict {
  reason:
    | 'voucher-not-found'
    | 'voucher-already-redeemed'
    | 'voucher-voided'
    | 'voucher-expired'
    | 'voucher-assigned-to-another';
  redeemedBy: string | null;
}

/**
 * The verdict on the code's row `s` (all NULL when there is none) for the candidate `user` of
 * the institutions `institutions` (SQL expressions): the reason a redemption fails, and whether
 * that row could have been redeemed.
 */
const VERDICT_COLUMNS = (user: string, institutions: string) => `
  CASE
    WHEN s.id IS NULL
      OR NOT (COALESCE(s.owner_user_id = ${user}, false) OR COALESCE(s.institution_id = ANY(${institutions}), false))
      THEN 'voucher-not-found'
    WHEN s.status IN ('redeemed', 'reserved', 'consumed') THEN 'voucher-already-redeemed'
    WHEN s.status = 'voided' THEN 'voucher-voided'
    WHEN s.status = 'expired' OR s.expires_at <= now() THEN 'voucher-expired'
    ELSE 'voucher-assigned-to-another'
  END AS reason,
  s.redeemed_by AS "redeemedBy",
  COALESCE(s.status IN ('available', 'assigned') AND s.expires_at > now()
    AND (s.assigned_to IS NULL OR s.assigned_to = ${user})
    AND (COALESCE(s.institution_id = ANY(${institutions}), false) OR COALESCE(s.owner_user_id = ${user}, false)), false) AS redeemable`;

/** One redemption asked of `VoucherLedgerRepository.redeem`. */
export interface RedemptionRequest {
  /** the code's keyed hash, or the voucher's id (see the column the batch is for) */
  key: Buffer | string;
  userId: string;
  ip: string | null;
  /** the institutions in which the user is a candidate */
  institutionIds: string[];
  /** what the audit log names on a failure: the code's last characters, or the voucher's id */
  label: string;
}

export type RedemptionOutcome =
  | { redeemed: EntitlementRow; verdict: null }
  | { redeemed: null; verdict: RedemptionVerdict }
  /** nothing redeemed, yet the code's row looked redeemable: a change the update and the read saw differently */
  | { redeemed: null; verdict: null };

export type RedemptionKey = 'code_hash' | 'id';

/**
 * The redemption statement (see `VoucherLedgerRepository.redeem`) for codes' keyed hashes or
 * vouchers' ids, built once: a statement's text is its prepared statement's key. Its requests
 * arrive as parallel arrays ($1 keys, $2 users, $3 each user's institutions as comma-separated
 * ids, $4 addresses, $5 audit labels) and are numbered by their position (ord).
 *
 * `done` aggregates every redeemed request, so no verdict row is formed before the update has
 * finished (the fenced subquery feeds the verdict's lateral read only rows that needed `done`):
 * a verdict is read only for requests that redeemed nothing, and none of them is for a row this
 * statement updated (the caller never puts one key twice in a statement).
 */
const REDEEM_BATCH = (column: RedemptionKey) =>
  `WITH req AS (
         SELECT r.ord::int AS ord, r.key, r.user_id, string_to_array(r.institutions, ',')::uuid[] AS institutions,
                r.ip, r.label
           FROM unnest($1::${column === 'id' ? 'uuid' : 'bytea'}[], $2::uuid[], $3::text[], $4::text[], $5::text[])
                WITH ORDINALITY AS r(key, user_id, institutions, ip, label, ord)
       ), redeemed AS (
         UPDATE vouchers v SET status = 'redeemed', redeemed_by = r.user_id, redeemed_at = now()
           FROM req r
          WHERE v.${column} = r.key
            AND v.status IN ('available', 'assigned') AND v.expires_at > now()
            AND (v.assigned_to IS NULL OR v.assigned_to = r.user_id)
            AND (v.institution_id = ANY(r.institutions) OR v.owner_user_id = r.user_id)
          RETURNING v.*, r.ord, r.ip AS actor_ip
       ), audited AS (
         INSERT INTO audit_log (actor_user_id, actor_ip, action, entity_type, entity_id, institution_id)
         SELECT redeemed_by, actor_ip, 'voucher.redeemed', 'voucher', id::text, institution_id FROM redeemed
       ), entitlement AS (
         ${ENTITLEMENT_SELECT.replace('SELECT ', 'SELECT v.ord AS "redeemedOrd", ').replace('FROM vouchers v', 'FROM redeemed v')}
       ), done AS (
         SELECT COALESCE(array_agg(ord), '{}') AS ords FROM redeemed
       ), verdict AS (
         SELECT r.ord, r.user_id, r.ip, r.label, ${VERDICT_COLUMNS('r.user_id', 'r.institutions')}
           FROM (SELECT r.* FROM req r, done d WHERE r.ord <> ALL (d.ords) OFFSET 0) r
           LEFT JOIN LATERAL (
                  SELECT * FROM (SELECT *, 1 AS judged FROM vouchers WHERE ${column} = r.key FOR SHARE SKIP LOCKED) latest
                  UNION ALL
                  SELECT *, 2 FROM vouchers WHERE ${column} = r.key
                  ORDER BY judged LIMIT 1
                ) s ON true
       ), failed AS (
         INSERT INTO audit_log (actor_user_id, actor_ip, action, entity_type, entity_id, details)
         SELECT user_id, ip, 'voucher.redeem_failed', 'voucher_code', label, jsonb_build_object('reason', reason)
           FROM verdict WHERE NOT redeemable
       )
       SELECT r.ord, e.*,
              CASE WHEN NOT v.redeemable THEN jsonb_build_object('reason', v.reason, 'redeemedBy', v."redeemedBy") END AS verdict
         FROM req r
         LEFT JOIN entitlement e ON e."redeemedOrd" = r.ord
         LEFT JOIN verdict v ON v.ord = r.ord`;
const REDEEM_STATEMENTS: Record<RedemptionKey, string> = {
  code_hash: REDEEM_BATCH('code_hash'),
  id: REDEEM_BATCH('id'),
};

/** All SQL of the voucher ledger: orders, invoices, packs and vouchers. */
@Injectable()
export class VoucherLedgerRepository {
  // --- orders and invoices -------------------------------------------------------------

  /** Inserts the order unless this buyer already used the key; null means the key was taken. */
  async insertOrder(
    em: EntityManager,
    order: Omit<OrderRow, 'id' | 'createdAt' | 'totalMinor'> & { idempotencyKey: string; totalMinor: number },
  ): Promise<string | null> {
    const rows = await em.query<{ id: string }[]>(
      `INSERT INTO voucher_orders (institution_id, buyer_user_id, idempotency_key, request_hash, currency, total_minor, items)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT ON CONSTRAINT voucher_orders_idempotency_key DO NOTHING
       RETURNING id`,
      [
        order.institutionId,
        order.buyerUserId,
        order.idempotencyKey,
        order.requestHash,
        order.currency,
        order.totalMinor,
        JSON.stringify(order.items),
      ],
    );
    return rows[0]?.id ?? null;
  }

  async findOrderByKey(
    em: EntityManager,
    buyerUserId: string,
    idempotencyKey: string,
  ): Promise<OrderRow | null> {
    const rows = await em.query<OrderRow[]>(
      `SELECT id, institution_id AS "institutionId", buyer_user_id AS "buyerUserId", request_hash AS "requestHash",
              currency, total_minor AS "totalMinor", items, created_at AS "createdAt"
         FROM voucher_orders WHERE buyer_user_id = $1 AND idempotency_key = $2`,
      [buyerUserId, idempotencyKey],
    );
    return rows[0] ?? null;
  }

  async findOrder(em: EntityManager, orderId: string): Promise<OrderRow | null> {
    const rows = await em.query<OrderRow[]>(
      `SELECT id, institution_id AS "institutionId", buyer_user_id AS "buyerUserId", request_hash AS "requestHash",
              currency, total_minor AS "totalMinor", items, created_at AS "createdAt"
         FROM voucher_orders WHERE id = $1`,
      [orderId],
    );
    return rows[0] ?? null;
  }

  listOrderIds(
    em: EntityManager,
    filter: { institutionId?: string; buyerUserId?: string },
  ): Promise<{ id: string }[]> {
    return filter.institutionId
      ? em.query(
          `SELECT id FROM voucher_orders WHERE institution_id = $1 ORDER BY created_at DESC LIMIT 200`,
          [filter.institutionId],
        )
      : em.query(
          `SELECT id FROM voucher_orders WHERE buyer_user_id = $1 AND institution_id IS NULL ORDER BY created_at DESC LIMIT 200`,
          [filter.buyerUserId],
        );
  }

  async insertInvoice(
    em: EntityManager,
    invoice: {
      orderId: string;
      provider: string;
      providerReference: string | null;
      amountMinor: number;
      currency: string;
      dueAt: Date;
    },
  ): Promise<void> {
    await em.query(
      `INSERT INTO invoices (order_id, number, provider, provider_reference, amount_minor, currency, due_at)
       VALUES ($1, 'INV-' || nextval('invoice_number_seq'), $2, $3, $4, $5, $6)`,
      [
        invoice.orderId,
        invoice.provider,
        invoice.providerReference,
        invoice.amountMinor,
        invoice.currency,
        invoice.dueAt,
      ],
    );
  }

  async invoiceOfOrder(em: EntityManager, orderId: string): Promise<InvoiceRow> {
    const rows = await em.query<InvoiceRow[]>(`${INVOICE_SELECT} WHERE i.order_id = $1`, [orderId]);
    return rows[0];
  }

  listInvoices(em: EntityManager, status?: InvoiceStatus): Promise<InvoiceRow[]> {
    return status
      ? em.query(`${INVOICE_SELECT} WHERE i.status = $1 ORDER BY i.issued_at DESC LIMIT 500`, [status])
      : em.query(`${INVOICE_SELECT} ORDER BY i.issued_at DESC LIMIT 500`);
  }

  /** Marks an open invoice paid, exactly once; null when it was not open. */
  async settleInvoice(em: EntityManager, invoiceId: string): Promise<{ orderId: string | null } | null> {
    const rows = rowsOf<{ orderId: string | null }>(
      await em.query(
        `UPDATE invoices SET status = 'paid', settled_at = now() WHERE id = $1 AND status = 'open' RETURNING order_id AS "orderId"`,
        [invoiceId],
      ),
    );
    return rows[0] ?? null;
  }

  async invoiceById(em: EntityManager, invoiceId: string): Promise<InvoiceRow> {
    const rows = await em.query<InvoiceRow[]>(`${INVOICE_SELECT} WHERE i.id = $1`, [invoiceId]);
    return rows[0];
  }

  /**
   * Invoices the proctoring fee of one seat; null when the seat already has a live fee invoice
   * (the partial unique index: never billed twice).
   */
  async insertFeeInvoice(
    em: EntityManager,
    fee: {
      bookingId: string;
      buyerUserId: string;
      provider: string;
      providerReference: string | null;
      amountMinor: number;
      currency: string;
      dueAt: Date;
    },
  ): Promise<string | null> {
    const rows = await em.query<{ id: string }[]>(
      `INSERT INTO invoices (kind, booking_id, buyer_user_id, number, provider, provider_reference, amount_minor, currency, due_at)
       VALUES ('proctoring_fee', $1, $2, 'INV-' || nextval('invoice_number_seq'), $3, $4, $5, $6, $7)
       ON CONFLICT (booking_id, buyer_user_id) WHERE kind = 'proctoring_fee' AND status IN ('open', 'paid', 'refund_due')
       DO NOTHING
       RETURNING id`,
      [
        fee.bookingId,
        fee.buyerUserId,
        fee.provider,
        fee.providerReference,
        fee.amountMinor,
        fee.currency,
        fee.dueAt,
      ],
    );
    return rows[0]?.id ?? null;
  }

  /**
   * The seats of a block ended (one candidate's, or all when `buyerUserId` is null): their open
   * fee invoices are voided and their paid ones become due for a refund, in one statement.
   */
  async endSeatFees(
    em: EntityManager,
    bookingId: string,
    buyerUserId: string | null,
  ): Promise<{ voided: string[]; refundDue: string[] }> {
    const rows = rowsOf<{ id: string; status: 'void' | 'refund_due' }>(
      await em.query(
        `UPDATE invoices
            SET status = CASE status WHEN 'open' THEN 'void' ELSE 'refund_due' END,
                refund_due_at = CASE status WHEN 'paid' THEN now() END
          WHERE kind = 'proctoring_fee' AND booking_id = $1 AND ($2::uuid IS NULL OR buyer_user_id = $2)
            AND status IN ('open', 'paid')
          RETURNING id, status`,
        [bookingId, buyerUserId],
      ),
    );
    return {
      voided: rows.filter((r) => r.status === 'void').map((r) => r.id),
      refundDue: rows.filter((r) => r.status === 'refund_due').map((r) => r.id),
    };
  }

  invoicesByIds(em: EntityManager, ids: readonly string[]): Promise<InvoiceRow[]> {
    return em.query(`${INVOICE_SELECT} WHERE i.id = ANY($1::uuid[]) ORDER BY i.number`, [ids]);
  }

  /** A candidate's proctoring fee invoices, whatever became of their seats, newest first. */
  feeInvoicesOf(em: EntityManager, buyerUserId: string): Promise<InvoiceRow[]> {
    return em.query(
      `${INVOICE_SELECT} WHERE i.kind = 'proctoring_fee' AND i.buyer_user_id = $1 ORDER BY i.issued_at DESC LIMIT 200`,
      [buyerUserId],
    );
  }

  /** The seat was taken again while its paid fee waited for a refund: paid again; false if none. */
  async resumeSeatFee(em: EntityManager, bookingId: string, buyerUserId: string): Promise<boolean> {
    const rows = rowsOf<{ id: string }>(
      await em.query(
        `UPDATE invoices SET status = 'paid', refund_due_at = NULL
          WHERE kind = 'proctoring_fee' AND booking_id = $1 AND buyer_user_id = $2 AND status = 'refund_due'
          RETURNING id`,
        [bookingId, buyerUserId],
      ),
    );
    return rows.length > 0;
  }

  /** Records the refund of a fee whose refund was due, exactly once; false when it was not due. */
  async refundInvoice(em: EntityManager, invoiceId: string): Promise<boolean> {
    const rows = rowsOf<{ id: string }>(
      await em.query(
        `UPDATE invoices SET status = 'refunded', refunded_at = now() WHERE id = $1 AND status = 'refund_due' RETURNING id`,
        [invoiceId],
      ),
    );
    return rows.length > 0;
  }

  /** The live fee invoices of a candidate's seats, by block. */
  async seatFees(
    em: EntityManager,
    buyerUserId: string,
    bookingIds: readonly string[],
  ): Promise<InvoiceRow[]> {
    if (bookingIds.length === 0) return [];
    return em.query<InvoiceRow[]>(
      `${INVOICE_SELECT} WHERE i.kind = 'proctoring_fee' AND i.buyer_user_id = $1 AND i.booking_id = ANY($2::uuid[])
          AND i.status IN ('open', 'paid')`,
      [buyerUserId, bookingIds],
    );
  }

  async invoiceStatus(em: EntityManager, invoiceId: string): Promise<string | null> {
    const rows = await em.query<{ status: string }[]>(`SELECT status FROM invoices WHERE id = $1`, [
      invoiceId,
    ]);
    return rows[0]?.status ?? null;
  }

  // --- packs and vouchers --------------------------------------------------------------

  async insertPack(
    em: EntityManager,
    pack: Omit<PackRow, 'id' | 'examCode' | 'examTitle'> & {
      institutionId: string | null;
      ownerUserId: string | null;
    },
  ): Promise<string> {
    const rows = await em.query<{ id: string }[]>(
      `INSERT INTO voucher_packs (order_id, institution_id, owner_user_id, exam_id, quantity, unit_price_minor, currency,
                                  purchased_at, expires_at, expiry_zone)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
      [
        pack.orderId,
        pack.institutionId,
        pack.ownerUserId,
        pack.examId,
        pack.quantity,
        pack.unitPriceMinor,
        pack.currency,
        pack.purchasedAt,
        pack.expiresAt,
        pack.expiryZone,
      ],
    );
    return rows[0].id;
  }

  /** Inserts a whole pack's vouchers in one statement, however many. */
  async insertVouchers(
    em: EntityManager,
    pack: {
      id: string;
      institutionId: string | null;
      ownerUserId: string | null;
      examId: string;
      expiresAt: Date;
    },
    codes: { hash: Buffer; encrypted: Buffer; hint: string }[],
  ): Promise<void> {
    await em.query(
      `INSERT INTO vouchers (pack_id, institution_id, owner_user_id, exam_id, expires_at, code_hash, code_encrypted, code_hint)
       SELECT $1, $2, $3, $4, $5, h, c, n FROM unnest($6::bytea[], $7::bytea[], $8::text[]) AS t(h, c, n)`,
      [
        pack.id,
        pack.institutionId,
        pack.ownerUserId,
        pack.examId,
        pack.expiresAt,
        codes.map((c) => c.hash),
        codes.map((c) => c.encrypted),
        codes.map((c) => c.hint),
      ],
    );
  }

  packsOfOrder(em: EntityManager, orderId: string): Promise<PackRow[]> {
    return em.query(`${PACK_SELECT} WHERE p.order_id = $1 ORDER BY e.code`, [orderId]);
  }

  async listVouchers(
    em: EntityManager,
    institutionId: string,
    filter: VoucherFilter,
    limit: number,
    offset: number,
  ): Promise<{ rows: VoucherRow[]; total: number }> {
    const where = ['v.institution_id = $1'];
    const params: unknown[] = [institutionId];
    // an unused voucher past its expiry counts as expired even before the nightly job marks it
    if (filter.status === 'expired')
      where.push(
        `(CASE WHEN v.status IN ('available', 'assigned') AND v.expires_at <= now() THEN 'expired' ELSE v.status END) = 'expired'`,
      );
    else if (filter.status === 'available' || filter.status === 'assigned') {
      where.push(`v.status = $${params.push(filter.status)} AND v.expires_at > now()`);
    } else if (filter.status) where.push(`v.status = $${params.push(filter.status)}`);
    if (filter.examId) where.push(`v.exam_id = $${params.push(filter.examId)}`);
    if (filter.packId) where.push(`v.pack_id = $${params.push(filter.packId)}`);
    if (filter.q) {
      const q = filter.q.trim();
      where.push(
        `(v.code_hint = upper($${params.push(q.slice(-4))}) OR ua.email ILIKE $${params.push(containsPattern(q))} OR ur.email ILIKE $${params.length})`,
      );
    }
    const clause = `WHERE ${where.join(' AND ')}`;
    const [{ count }] = await em.query<{ count: string }[]>(
      `SELECT count(*) FROM vouchers v LEFT JOIN users ua ON ua.id = v.assigned_to LEFT JOIN users ur ON ur.id = v.redeemed_by ${clause}`,
      params,
    );
    const rows = await em.query<VoucherRow[]>(
      `${VOUCHER_SELECT} ${clause} ORDER BY v.created_at, v.id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, limit, offset],
    );
    return { rows, total: Number(count) };
  }

  async findVoucher(em: EntityManager, voucherId: string): Promise<VoucherRow | null> {
    const rows = await em.query<VoucherRow[]>(`${VOUCHER_SELECT} WHERE v.id = $1`, [voucherId]);
    return rows[0] ?? null;
  }

  /** Applies a lifecycle move only from the expected states; false when the voucher had moved on. */
  async move(
    em: EntityManager,
    voucherId: string,
    from: readonly VoucherStatus[],
    to: VoucherStatus,
    extra: { assignedTo?: string | null; reason?: string | null } = {},
  ): Promise<boolean> {
    const sets = ['status = $3'];
    const params: unknown[] = [voucherId, from, to];
    if (extra.assignedTo !== undefined) {
      sets.push(
        `assigned_to = $${params.push(extra.assignedTo)}`,
        `assigned_at = CASE WHEN $${params.length}::uuid IS NULL THEN NULL ELSE now() END`,
      );
    }
    if (extra.reason !== undefined) sets.push(`status_reason = $${params.push(extra.reason)}`);
    const rows = rowsOf<{ id: string }>(
      await em.query(
        `UPDATE vouchers SET ${sets.join(', ')} WHERE id = $1 AND status = ANY($2::text[]) AND expires_at > now() RETURNING id`,
        params,
      ),
    );
    return rows.length === 1;
  }

  /**
   * consumed → redeemed, and the attempt it paid for is voided so the retake policy does not
   * count it; false when the voucher was not consumed (or has expired).
   */
  async reinstate(em: EntityManager, voucherId: string, reason: string): Promise<boolean> {
    if (!(await this.move(em, voucherId, ['consumed'], 'redeemed', { reason }))) return false;
    await em.query(
      `UPDATE exam_attempts SET outcome = 'voided'
        WHERE id = (SELECT id FROM exam_attempts WHERE voucher_id = $1 AND outcome <> 'voided'
                     ORDER BY started_at DESC LIMIT 1)`,
      [voucherId],
    );
    return true;
  }

  /** Takes `count` available vouchers of an exam for assignment, skipping ones another request holds. */
  async takeAvailable(
    em: EntityManager,
    institutionId: string,
    examId: string,
    count: number,
  ): Promise<string[]> {
    const rows = await em.query<{ id: string }[]>(
      `SELECT id FROM vouchers
        WHERE institution_id = $1 AND exam_id = $2 AND status = 'available' AND expires_at > now()
        ORDER BY expires_at, id
        LIMIT $3 FOR UPDATE SKIP LOCKED`,
      [institutionId, examId, count],
    );
    return rows.map((r) => r.id);
  }

  /**
   * Redeems codes (or vouchers by id) for candidates in one statement: each in one conditional
   * update, which requires it unused, unexpired, not assigned to someone else, and of one of the
   * candidate's institutions (or theirs). Of any number of racing requests for one code, exactly
   * one gets the row. The audit entries are written by the same statement, so all commit together
   * in a single round trip; the answers come back in the requests' order.
   *
   * For a request that redeemed nothing, the same statement judges the code's row and, unless it
   * looked redeemable, audits the failure and returns the verdict. The judged row is read FOR
   * SHARE: a loser of a race has waited for the winner's commit in its update, and a locking read
   * returns the version the winner left (in READ COMMITTED it reads the latest version), so the
   * loser learns "already redeemed" in this one statement. The read skips a row another statement
   * holds and judges the statement's snapshot instead, which is what the update judged too: a
   * verdict that waited for a lock while this statement held its own rows' locks could deadlock
   * with the statement it waited for (a statement failing for an outsider's request on a code
   * that another one was redeeming showed it). Only when its verdict still looks redeemable with
   * nothing redeemed does `failRedemption`, which reads afresh, tell why.
   *
   * A key may appear once per statement: its second request would judge the snapshot that the
   * first one's update replaced (`RedemptionBatcher` sends such a request in a further
   * statement). The requests go in key order, so statements that join them to their rows in that
   * order take the rows' locks in the same order.
   */
  async redeem(
    em: EntityManager,
    column: RedemptionKey,
    requests: RedemptionRequest[],
  ): Promise<RedemptionOutcome[]> {
    const order = requests.map((request, at) => ({ request, at, key: redemptionKeyText(request.key) }));
    order.sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
    for (let i = 1; i < order.length; i++)
      if (order[i - 1].key === order[i].key) throw new Error('one statement may redeem a key once');
    const rows = await em.query<
      (Partial<EntitlementRow> & {
        ord: number;
        redeemedOrd: number | null;
        verdict: RedemptionVerdict | null;
      })[]
    >(REDEEM_STATEMENTS[column], [
      order.map((o) => o.request.key),
      order.map((o) => o.request.userId),
      order.map((o) => o.request.institutionIds.join(',')),
      order.map((o) => o.request.ip),
      order.map((o) => o.request.label),
    ]);
    const outcomes = new Array<RedemptionOutcome>(requests.length);
    for (const { ord, redeemedOrd, verdict, ...row } of rows)
      outcomes[order[ord - 1].at] =
        redeemedOrd !== null
          ? { redeemed: row as EntitlementRow, verdict: null }
          : { redeemed: null, verdict: verdict ?? null };
    return outcomes;
  }

  /** Why a redemption found nothing to update, read afresh; audits the failed attempt. */
  async failRedemption(
    em: EntityManager,
    column: RedemptionKey,
    request: RedemptionRequest,
  ): Promise<RedemptionVerdict> {
    const rows = await em.query<RedemptionVerdict[]>(
      `WITH verdict AS (
         SELECT ${VERDICT_COLUMNS('$2::uuid', '$3::uuid[]')}
           FROM (SELECT 1) one LEFT JOIN (SELECT * FROM vouchers WHERE ${column} = $1) s ON true
       ), failed AS (
         INSERT INTO audit_log (actor_user_id, actor_ip, action, entity_type, entity_id, details)
         SELECT $2, $4, 'voucher.redeem_failed', 'voucher_code', $5, jsonb_build_object('reason', reason) FROM verdict
       )
       SELECT reason, "redeemedBy" FROM verdict`,
      [request.key, request.userId, request.institutionIds, request.ip, request.label],
    );
    return rows[0];
  }

  entitlementsOf(em: EntityManager, userId: string): Promise<EntitlementRow[]> {
    return em.query(
      `${ENTITLEMENT_SELECT}
        WHERE v.redeemed_by = $1
           OR (v.assigned_to = $1 AND v.status = 'assigned')
           OR (v.owner_user_id = $1 AND v.status = 'available')
        ORDER BY v.status_changed_at DESC`,
      [userId],
    );
  }

  utilisation(
    em: EntityManager,
    institutionId: string,
  ): Promise<
    {
      examId: string;
      examCode: string;
      currency: string;
      status: VoucherStatus;
      count: string;
      value: string;
    }[]
  > {
    return em.query(
      `SELECT v.exam_id AS "examId", e.code AS "examCode", p.currency, CASE WHEN v.status IN ('available', 'assigned') AND v.expires_at <= now() THEN 'expired' ELSE v.status END AS status,
              count(*) AS count, sum(p.unit_price_minor) AS value
         FROM vouchers v
         JOIN voucher_packs p ON p.id = v.pack_id
         JOIN exams e ON e.id = v.exam_id
        WHERE v.institution_id = $1
        GROUP BY 1, 2, 3, 4
        ORDER BY e.code`,
      [institutionId],
    );
  }

  /** Moves every unused voucher past its expiry to `expired`; returns how many. */
  async expireOverdue(em: EntityManager): Promise<number> {
    const rows = rowsOf<{ id: string }>(
      await em.query(
        `UPDATE vouchers SET status = 'expired' WHERE status IN ('available', 'assigned') AND expires_at <= now() RETURNING id`,
      ),
    );
    return rows.length;
  }

  /**
   * Records today's warning for every pack with unused vouchers expiring within `days`; returns
   * only the packs newly recorded, so a second run the same day warns nobody twice.
   */
  recordExpiryWarnings(
    em: EntityManager,
    days: number,
    today: string,
  ): Promise<
    { packId: string; institutionId: string; examCode: string; expiresAt: Date; expiring: number }[]
  > {
    return em.query(
      `WITH due AS (
         SELECT p.id AS pack_id, p.institution_id, e.code AS exam_code, p.expires_at, count(v.id)::int AS expiring
           FROM voucher_packs p
           JOIN vouchers v ON v.pack_id = p.id AND v.status IN ('available', 'assigned')
           JOIN exams e ON e.id = p.exam_id
          WHERE p.institution_id IS NOT NULL AND p.expires_at > now() AND p.expires_at <= now() + make_interval(days => $1)
          GROUP BY p.id, p.institution_id, e.code, p.expires_at
       ), recorded AS (
         INSERT INTO voucher_expiry_warnings (pack_id, warned_on, vouchers_expiring)
         SELECT pack_id, $2::date, expiring FROM due
         ON CONFLICT (pack_id, warned_on) DO NOTHING
         RETURNING pack_id
       )
       SELECT d.pack_id AS "packId", d.institution_id AS "institutionId", d.exam_code AS "examCode",
              d.expires_at AS "expiresAt", d.expiring
         FROM due d JOIN recorded r ON r.pack_id = d.pack_id`,
      [days, today],
    );
  }

  institutionAdminEmails(em: EntityManager, institutionId: string): Promise<{ email: string }[]> {
    return em.query(
      `SELECT u.email FROM memberships m JOIN users u ON u.id = m.user_id
        WHERE m.institution_id = $1 AND m.role = 'institution_admin' ORDER BY u.email`,
      [institutionId],
    );
  }

  /** Accredited centres open to the public that charge a proctoring fee. */
  publicCentres(em: EntityManager): Promise<PublicCentreRow[]> {
    return em.query(
      `SELECT c.id AS "centreId", c.name AS "centreName", c.city, c.institution_id AS "institutionId",
              i.name AS "institutionName", c.public_proctoring_fee_minor::int AS "feeMinor", c.currency
         FROM testing_centres c JOIN institutions i ON i.id = c.institution_id
        WHERE c.access_policy = 'public' AND c.accreditation_status = 'accredited'
          AND c.public_proctoring_fee_minor IS NOT NULL
        ORDER BY c.name`,
    );
  }

  async institutionZone(em: EntityManager, institutionId: string): Promise<string | null> {
    const rows = await em.query<{ time_zone: string }[]>(`SELECT time_zone FROM institutions WHERE id = $1`, [
      institutionId,
    ]);
    return rows[0]?.time_zone ?? null;
  }

  /** Candidates (by email) who hold the candidate role in the institution. */
  candidatesByEmail(
    em: EntityManager,
    institutionId: string,
    emails: string[],
  ): Promise<{ id: string; email: string }[]> {
    return em.query(
      `SELECT u.id, u.email FROM users u JOIN memberships m ON m.user_id = u.id
        WHERE m.institution_id = $1 AND m.role = 'candidate' AND u.email = ANY($2::text[])`,
      [institutionId, emails],
    );
  }

  async isCandidateOf(
    em: EntityManager,
    institutionId: string,
    userId: string,
  ): Promise<{ email: string; displayName: string } | null> {
    const rows = await em.query<{ email: string; displayName: string }[]>(
      `SELECT u.email, u.display_name AS "displayName" FROM users u JOIN memberships m ON m.user_id = u.id
        WHERE m.institution_id = $1 AND m.role = 'candidate' AND u.id = $2`,
      [institutionId, userId],
    );
    return rows[0] ?? null;
  }

  /** The institution's candidates holding redeemed, unreserved entitlements for the exam. */
  async entitlementHolders(
    em: EntityManager,
    institutionId: string,
    examId: string,
  ): Promise<{ userId: string; email: string; displayName: string; unreserved: number }[]> {
    return em.query(
      `SELECT u.id AS "userId", u.email, u.display_name AS "displayName", count(*)::int AS unreserved
         FROM vouchers v
         JOIN users u ON u.id = v.redeemed_by
         JOIN memberships m ON m.user_id = u.id AND m.institution_id = v.institution_id AND m.role = 'candidate'
        WHERE v.institution_id = $1 AND v.exam_id = $2 AND v.status = 'redeemed'
        GROUP BY u.id, u.email, u.display_name
        ORDER BY u.display_name, u.email`,
      [institutionId, examId],
    );
  }

  // --- for scheduling: seats paid with entitlements -------------------------------------

  /**
   * Reserves one of the candidate's redeemed (unreserved) entitlements for the exam, issued by
   * the institution, for a booked seat (`redeemed → reserved`); null when they hold none.
   */
  async reserveEntitlement(
    em: EntityManager,
    candidateId: string,
    examId: string,
    institutionId: string,
  ): Promise<string | null> {
    const rows = rowsOf<{ id: string }>(
      await em.query(
        `UPDATE vouchers SET status = 'reserved'
          WHERE id = (SELECT id FROM vouchers
                       WHERE redeemed_by = $1 AND exam_id = $2 AND institution_id = $3 AND status = 'redeemed'
                       ORDER BY redeemed_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
            AND status = 'redeemed'
          RETURNING id`,
        [candidateId, examId, institutionId],
      ),
    );
    return rows[0]?.id ?? null;
  }

  /**
   * Reserves one of the candidate's own redeemed entitlements for the exam, whoever issued it,
   * for a seat they take themselves in an open session; null when they hold none.
   */
  async reserveOwnEntitlement(
    em: EntityManager,
    candidateId: string,
    examId: string,
  ): Promise<string | null> {
    const rows = rowsOf<{ id: string }>(
      await em.query(
        `UPDATE vouchers SET status = 'reserved'
          WHERE id = (SELECT id FROM vouchers
                       WHERE redeemed_by = $1 AND exam_id = $2 AND status = 'redeemed'
                       ORDER BY redeemed_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
            AND status = 'redeemed'
          RETURNING id`,
        [candidateId, examId],
      ),
    );
    return rows[0]?.id ?? null;
  }

  /** Gives reserved entitlements back (`reserved → redeemed`) when their seat is cancelled. */
  async releaseReservations(em: EntityManager, voucherIds: readonly string[]): Promise<number> {
    if (voucherIds.length === 0) return 0;
    const rows = rowsOf<{ id: string }>(
      await em.query(
        `UPDATE vouchers SET status = 'redeemed' WHERE id = ANY($1::uuid[]) AND status = 'reserved' RETURNING id`,
        [voucherIds],
      ),
    );
    return rows.length;
  }
}

/**
 * A redemption key as text that identifies it and sorts as the database's index does: a code
 * hash in hex (bytea compares bytewise), a voucher id in lower case (so does uuid).
 */
export function redemptionKeyText(key: Buffer | string): string {
  return typeof key === 'string' ? key.toLowerCase() : key.toString('hex');
}

import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { DeliveryMode } from '@invigil/contracts';
import { rowsOf } from '../../core/database/query-result';

export interface OpenSessionRow {
  bookingId: string;
  centreId: string;
  centreName: string;
  institutionId: string;
  institutionName: string;
  city: string;
  address: string;
  timeZone: string;
  examId: string;
  examCode: string;
  examTitle: string;
  deliveryMode: DeliveryMode;
  startsAt: Date;
  endsAt: Date;
  durationMinutes: number;
  freeSeats: number;
  publicFeeMinor: number | null;
  currency: string;
  haveEntitlement: boolean;
  seated: boolean;
}

/** What publishing a block needs to know about it and its centre. */
export interface PublishableBlock {
  id: string;
  institutionId: string;
  status: string;
  startsAt: Date;
  accessPolicy: string;
  openToPublic: boolean;
}

const SESSION_SELECT = `
  SELECT b.id AS "bookingId", c.id AS "centreId", c.name AS "centreName", i.id AS "institutionId",
         i.name AS "institutionName", c.city,
         concat_ws(', ', c.address_line1, c.address_line2, c.city, c.region, c.postal_code, c.country) AS address,
         c.time_zone AS "timeZone", e.id AS "examId", e.code AS "examCode", e.title AS "examTitle",
         b.delivery_mode AS "deliveryMode", b.starts_at AS "startsAt", b.ends_at AS "endsAt",
         e.duration_minutes AS "durationMinutes", (b.seats - b.filled_seats)::int AS "freeSeats",
         c.public_proctoring_fee_minor::int AS "publicFeeMinor", c.currency,
         EXISTS (SELECT 1 FROM vouchers v WHERE v.redeemed_by = $1 AND v.exam_id = b.exam_id AND v.status = 'redeemed')
           AS "haveEntitlement",
         EXISTS (SELECT 1 FROM booking_candidates bc WHERE bc.booking_id = b.id AND bc.candidate_id = $1) AS seated
    FROM bookings b
    JOIN testing_centres c ON c.id = b.centre_id
    JOIN institutions i ON i.id = c.institution_id
    JOIN exams e ON e.id = b.exam_id`;

/** Published blocks and the seats candidates take in them themselves. */
@Injectable()
export class OpenSessionsRepository {
  async publishable(em: EntityManager, bookingId: string): Promise<PublishableBlock | null> {
    const rows = rowsOf<PublishableBlock>(
      await em.query(
        `SELECT b.id, b.institution_id AS "institutionId", b.status, b.starts_at AS "startsAt",
                c.access_policy AS "accessPolicy", b.open_to_public AS "openToPublic"
           FROM bookings b JOIN testing_centres c ON c.id = b.centre_id
          WHERE b.id = $1 FOR UPDATE OF b`,
        [bookingId],
      ),
    );
    return rows[0] ?? null;
  }

  async setOpen(em: EntityManager, bookingId: string, open: boolean): Promise<void> {
    await em.query(`UPDATE bookings SET open_to_public = $2, updated_at = now() WHERE id = $1`, [
      bookingId,
      open,
    ]);
  }

  /**
   * Published, confirmed blocks at accredited public centres starting after `from`, for the
   * caller `userId` (their entitlements and seats), soonest first.
   */
  list(
    em: EntityManager,
    userId: string,
    filter: { examId: string | null; from: Date; to: Date },
  ): Promise<OpenSessionRow[]> {
    return em.query(
      `${SESSION_SELECT}
        WHERE b.open_to_public AND b.status = 'confirmed' AND c.access_policy = 'public'
          AND c.accreditation_status = 'accredited'
          AND b.starts_at > $2 AND b.starts_at < $3 AND ($4::uuid IS NULL OR b.exam_id = $4)
        ORDER BY b.starts_at, c.name
        LIMIT 200`,
      [userId, filter.from, filter.to, filter.examId],
    );
  }

  async find(em: EntityManager, userId: string, bookingId: string): Promise<OpenSessionRow | null> {
    const rows = rowsOf<OpenSessionRow>(
      await em.query(
        `${SESSION_SELECT}
          WHERE b.id = $2 AND b.open_to_public AND b.status = 'confirmed' AND c.access_policy = 'public'
            AND c.accreditation_status = 'accredited'`,
        [userId, bookingId],
      ),
    );
    return rows[0] ?? null;
  }

  /** Reserves one of the caller's own redeemed entitlements for the exam, whoever issued it. */
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

  async recordFee(
    em: EntityManager,
    bookingId: string,
    candidateId: string,
    fee: { minor: number; currency: string } | null,
  ): Promise<void> {
    await em.query(
      `UPDATE booking_candidates SET proctoring_fee_minor = $3, fee_currency = $4 WHERE booking_id = $1 AND candidate_id = $2`,
      [bookingId, candidateId, fee?.minor ?? null, fee?.currency ?? null],
    );
  }

  async emailOf(em: EntityManager, userId: string): Promise<string> {
    const rows = rowsOf<{ email: string }>(await em.query(`SELECT email FROM users WHERE id = $1`, [userId]));
    return rows[0].email;
  }
}

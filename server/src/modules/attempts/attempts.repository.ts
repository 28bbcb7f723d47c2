import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AttemptOutcome, ExamAttemptDto } from '@invigil/contracts';
import { rowsOf } from '../../core/database/query-result';
import type { Attempt, RetakePolicy } from '../vouchers/domain/retake-policy';

/** What starting a seated candidate's exam needs to know, read under a lock on the seat's voucher. */
export interface SeatForStart {
  bookingId: string;
  institutionId: string;
  examId: string;
  examCode: string;
  status: string;
  startsAt: Date;
  endsAt: Date;
  voucherId: string;
  voucherStatus: string;
  candidateEmail: string;
  isProctor: boolean;
}

export interface AttemptRow extends ExamAttemptDto {
  certificationBodyId: string;
  institutionId: string | null;
  candidateEmail: string;
}

const ATTEMPT_SELECT = `
  SELECT a.id, a.candidate_id AS "candidateId", u.display_name AS "candidateName", u.email AS "candidateEmail",
         a.exam_id AS "examId", e.code AS "examCode", e.title AS "examTitle", e.certification_body_id AS "certificationBodyId",
         e.passing_score AS "passingScore", e.max_score AS "maxScore",
         a.voucher_id AS "voucherId", v.institution_id AS "institutionId", a.booking_id AS "bookingId",
         a.started_at AS "startedAt", a.outcome, a.score, a.finished_at AS "finishedAt"
    FROM exam_attempts a
    JOIN users u ON u.id = a.candidate_id
    JOIN exams e ON e.id = a.exam_id
    JOIN vouchers v ON v.id = a.voucher_id`;

/** Exam attempts and what the retake policy reads; the only place that touches exam_attempts. */
@Injectable()
export class AttemptsRepository {
  /** Serialises retake checks and seat-taking of one candidate across concurrent requests. */
  async lockCandidate(em: EntityManager, candidateId: string): Promise<void> {
    await em.query(`SELECT id FROM users WHERE id = $1 FOR UPDATE`, [candidateId]);
  }

  /** The exam's certification body's retake policy (the platform defaults when it set none). */
  async retakePolicy(em: EntityManager, examId: string): Promise<RetakePolicy> {
    const rows = rowsOf<RetakePolicy>(
      await em.query(
        `SELECT coalesce(p.wait_hours_after_first_failure, 24) AS "waitHoursAfterFirstFailure",
                coalesce(p.wait_hours_after_third_failure, 48) AS "waitHoursAfterThirdFailure",
                p.max_attempts_per_year AS "maxAttemptsPerYear"
           FROM exams e LEFT JOIN retake_policies p ON p.certification_body_id = e.certification_body_id
          WHERE e.id = $1`,
        [examId],
      ),
    );
    return (
      rows[0] ?? { waitHoursAfterFirstFailure: 24, waitHoursAfterThirdFailure: 48, maxAttemptsPerYear: null }
    );
  }

  /** Finished attempts that count (voided ones do not), oldest first. */
  async countedAttempts(em: EntityManager, candidateId: string, examId: string): Promise<Attempt[]> {
    const rows = rowsOf<{ sittingAt: Date; passed: boolean }>(
      await em.query(
        `SELECT started_at AS "sittingAt", outcome = 'passed' AS passed
           FROM exam_attempts
          WHERE candidate_id = $1 AND exam_id = $2 AND outcome IN ('passed','failed')
          ORDER BY started_at`,
        [candidateId, examId],
      ),
    );
    return rows.map((r) => ({ sittingAt: new Date(r.sittingAt), passed: r.passed }));
  }

  /**
   * Whether the candidate already has an attempt at this exam whose result is not in: a seat
   * not started yet (its voucher still reserved) or an attempt in progress.
   */
  async hasPendingAttempt(em: EntityManager, candidateId: string, examId: string): Promise<boolean> {
    const rows = rowsOf<{ pending: boolean }>(
      await em.query(
        `SELECT EXISTS (
                  SELECT 1 FROM booking_candidates bc
                    JOIN bookings b ON b.id = bc.booking_id
                    JOIN vouchers v ON v.id = bc.voucher_id
                   WHERE bc.candidate_id = $1 AND b.exam_id = $2
                     AND b.status IN ('held','confirmed') AND v.status = 'reserved'
                ) OR EXISTS (
                  SELECT 1 FROM exam_attempts WHERE candidate_id = $1 AND exam_id = $2 AND outcome = 'in_progress'
                ) AS pending`,
        [candidateId, examId],
      ),
    );
    return rows[0]?.pending ?? false;
  }

  /** The seat of `candidateId` in the block, its voucher locked; null when they have none there. */
  async seatForStart(
    em: EntityManager,
    bookingId: string,
    candidateId: string,
    proctorId: string,
  ): Promise<SeatForStart | null> {
    const rows = rowsOf<SeatForStart>(
      await em.query(
        `SELECT b.id AS "bookingId", b.institution_id AS "institutionId", b.exam_id AS "examId", e.code AS "examCode",
                b.status, b.starts_at AS "startsAt", b.ends_at AS "endsAt",
                v.id AS "voucherId", v.status AS "voucherStatus", u.email AS "candidateEmail",
                EXISTS (SELECT 1 FROM booking_proctors bp WHERE bp.booking_id = b.id AND bp.proctor_id = $3) AS "isProctor"
           FROM booking_candidates bc
           JOIN bookings b ON b.id = bc.booking_id
           JOIN exams e ON e.id = b.exam_id
           JOIN vouchers v ON v.id = bc.voucher_id
           JOIN users u ON u.id = bc.candidate_id
          WHERE bc.booking_id = $1 AND bc.candidate_id = $2
            FOR UPDATE OF v`,
        [bookingId, candidateId, proctorId],
      ),
    );
    return rows[0] ?? null;
  }

  /** The booking's institution and whether `userId` proctors it; null when there is no such booking. */
  async bookingAccess(
    em: EntityManager,
    bookingId: string,
    userId: string,
  ): Promise<{ institutionId: string; isProctor: boolean } | null> {
    const rows = rowsOf<{ institutionId: string; isProctor: boolean }>(
      await em.query(
        `SELECT b.institution_id AS "institutionId",
                EXISTS (SELECT 1 FROM booking_proctors bp WHERE bp.booking_id = b.id AND bp.proctor_id = $2) AS "isProctor"
           FROM bookings b WHERE b.id = $1`,
        [bookingId, userId],
      ),
    );
    return rows[0] ?? null;
  }

  /** reserved → consumed and a new attempt, or null when the voucher was not reserved. */
  async start(
    em: EntityManager,
    seat: { voucherId: string; candidateId: string; examId: string; bookingId: string },
    startedBy: string,
  ): Promise<string | null> {
    const consumed = rowsOf<{ id: string }>(
      await em.query(
        `UPDATE vouchers SET status = 'consumed' WHERE id = $1 AND status = 'reserved' RETURNING id`,
        [seat.voucherId],
      ),
    );
    if (consumed.length === 0) return null;
    const rows = rowsOf<{ id: string }>(
      await em.query(
        `INSERT INTO exam_attempts (candidate_id, exam_id, voucher_id, booking_id, started_by)
         VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [seat.candidateId, seat.examId, seat.voucherId, seat.bookingId, startedBy],
      ),
    );
    return rows[0].id;
  }

  /** in_progress → passed/failed against the exam's passing score; false when not in progress. */
  async recordResult(
    em: EntityManager,
    attemptId: string,
    score: number,
    recordedBy: string,
  ): Promise<boolean> {
    const rows = rowsOf<{ id: string }>(
      await em.query(
        `UPDATE exam_attempts a
            SET outcome = CASE WHEN $2 >= e.passing_score THEN 'passed' ELSE 'failed' END,
                score = $2, finished_at = now(), recorded_by = $3
           FROM exams e
          WHERE a.id = $1 AND e.id = a.exam_id AND a.outcome = 'in_progress'
          RETURNING a.id`,
        [attemptId, score, recordedBy],
      ),
    );
    return rows.length === 1;
  }

  async find(em: EntityManager, attemptId: string): Promise<AttemptRow | null> {
    const rows = rowsOf<AttemptRow>(await em.query(`${ATTEMPT_SELECT} WHERE a.id = $1`, [attemptId]));
    return rows[0] ?? null;
  }

  ofCandidate(em: EntityManager, candidateId: string): Promise<AttemptRow[]> {
    return em.query(`${ATTEMPT_SELECT} WHERE a.candidate_id = $1 ORDER BY a.started_at DESC LIMIT 200`, [
      candidateId,
    ]);
  }

  ofBooking(em: EntityManager, bookingId: string): Promise<AttemptRow[]> {
    return em.query(`${ATTEMPT_SELECT} WHERE a.booking_id = $1 ORDER BY u.display_name`, [bookingId]);
  }

  ofBody(em: EntityManager, bodyId: string, outcome: AttemptOutcome | null): Promise<AttemptRow[]> {
    return em.query(
      `${ATTEMPT_SELECT} WHERE e.certification_body_id = $1 AND ($2::text IS NULL OR a.outcome = $2)
        ORDER BY a.started_at DESC LIMIT 500`,
      [bodyId, outcome],
    );
  }
}

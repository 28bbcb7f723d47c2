import { Injectable } from '@nestjs/common';
import type { AttemptNotStartableProblem, AttemptOutcome, ExamAttemptDto } from '@invigil/contracts';
import type { Actor } from '../../core/auth/actor';
import { AuditService } from '../../core/audit/audit.service';
import { TransactionRunner } from '../../core/database/transaction-runner';
import { Problem } from '../../core/errors/problem';
import { MailService } from '../../core/mail/mail.service';
import { AttemptRow, AttemptsRepository } from './attempts.repository';

/** A proctor may start a seated candidate's exam from this long before the block starts. */
export const START_EARLY_MINUTES = 30;

/** Starting seated candidates' exams (their vouchers are consumed) and recording results. */
@Injectable()
export class AttemptsService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly attempts: AttemptsRepository,
    private readonly audit: AuditService,
    private readonly mail: MailService,
  ) {}

  /**
   * A proctor of the block (or the operator) starts a seated candidate's exam, once they have
   * checked the candidate's identity: the voucher goes reserved → consumed and an attempt opens.
   */
  async start(
    actor: Actor,
    bookingId: string,
    candidateId: string,
    now = new Date(),
  ): Promise<ExamAttemptDto> {
    const attemptId = await this.tx.run(async (em) => {
      const seat = await this.attempts.seatForStart(em, bookingId, candidateId, actor.userId);
      if (!seat) {
        const access = await this.attempts.bookingAccess(em, bookingId, actor.userId);
        if (access && (actor.isOperator || access.isProctor || actor.isMemberOf(access.institutionId)))
          throw Problem.notFound('Seat');
        throw Problem.notFound('Booking');
      }
      if (!seat.isProctor && !actor.isOperator) {
        if (actor.isMemberOf(seat.institutionId))
          throw Problem.forbidden('Only a proctor of this block starts its exams');
        throw Problem.notFound('Booking');
      }
      if (seat.voucherStatus === 'consumed')
        throw Problem.conflict('attempt-already-started', 'This candidate’s exam has already started');
      const opensAt = new Date(new Date(seat.startsAt).getTime() - START_EARLY_MINUTES * 60_000);
      if (seat.status !== 'confirmed' || now < opensAt || now >= new Date(seat.endsAt)) {
        throw Problem.conflict(
          'attempt-not-startable',
          seat.status !== 'confirmed'
            ? `A ${seat.status} block's exams cannot be started`
            : `Exams of this block can be started from ${opensAt.toISOString()} until ${new Date(seat.endsAt).toISOString()}`,
          // not `status`: that member is the HTTP status of the problem (RFC 9457)
          {
            opensAt: opensAt.toISOString(),
            closesAt: new Date(seat.endsAt).toISOString(),
            bookingStatus: seat.status,
          } satisfies AttemptNotStartableProblem,
        );
      }
      const id = await this.attempts.start(
        em,
        { voucherId: seat.voucherId, candidateId, examId: seat.examId, bookingId },
        actor.userId,
      );
      if (!id) throw Problem.conflict('attempt-already-started', 'This candidate’s exam has already started');
      await this.audit.record(em, actor, {
        action: 'exam_attempt.started',
        entityType: 'exam_attempt',
        entityId: id,
        institutionId: seat.institutionId,
        details: { bookingId, candidateId, voucherId: seat.voucherId },
      });
      return id;
    });
    return this.toDto((await this.attempts.find(this.tx.manager, attemptId)) as AttemptRow);
  }

  /** The certification body (or the operator) records the score; passed or failed follows from it. */
  async recordResult(actor: Actor, attemptId: string, score: number): Promise<ExamAttemptDto> {
    await this.tx.run(async (em) => {
      const attempt = await this.attempts.find(em, attemptId);
      if (!attempt) throw Problem.notFound('Exam attempt');
      if (!actor.isOperator && !actor.certificationBodyIds().includes(attempt.certificationBodyId))
        throw attempt.candidateId === actor.userId ? Problem.forbidden() : Problem.notFound('Exam attempt');
      if (score > attempt.maxScore)
        throw Problem.validation([
          { field: 'score', messages: [`at most ${attempt.maxScore} for ${attempt.examCode}`] },
        ]);
      if (!(await this.attempts.recordResult(em, attemptId, score, actor.userId))) {
        throw Problem.conflict(
          'invalid-state-transition',
          `A ${attempt.outcome} attempt cannot get a result`,
          {
            outcome: attempt.outcome,
          },
        );
      }
      const passed = score >= attempt.passingScore;
      await this.audit.record(em, actor, {
        action: 'exam_attempt.result_recorded',
        entityType: 'exam_attempt',
        entityId: attemptId,
        institutionId: attempt.institutionId,
        certificationBodyId: attempt.certificationBodyId,
        details: { score, passed },
      });
      await this.mail.enqueue(em, {
        to: attempt.candidateEmail,
        subject: `${attempt.examCode}: you ${passed ? 'passed' : 'did not pass'}`,
        text: [
          `Your result for ${attempt.examCode} ${attempt.examTitle}: ${score} of ${attempt.maxScore} (passing score ${attempt.passingScore}).`,
          passed
            ? 'Congratulations: you passed.'
            : 'You did not pass this time. Your certification body’s retake policy says when you can sit it again.',
        ].join('\n\n'),
        template: 'exam-result',
      });
    });
    return this.toDto((await this.attempts.find(this.tx.manager, attemptId)) as AttemptRow);
  }

  async mine(actor: Actor): Promise<ExamAttemptDto[]> {
    return (await this.attempts.ofCandidate(this.tx.manager, actor.userId)).map((r) => this.toDto(r));
  }

  /** The block's attempts: for its proctors, its institution's admins and instructors, the operator. */
  async ofBooking(actor: Actor, bookingId: string): Promise<ExamAttemptDto[]> {
    const access = await this.attempts.bookingAccess(this.tx.manager, bookingId, actor.userId);
    if (!access) throw Problem.notFound('Booking');
    if (
      !actor.isOperator &&
      !access.isProctor &&
      !actor.hasInstitutionRole(access.institutionId, ['institution_admin', 'instructor'])
    ) {
      if (actor.isMemberOf(access.institutionId)) throw Problem.forbidden();
      throw Problem.notFound('Booking');
    }
    return (await this.attempts.ofBooking(this.tx.manager, bookingId)).map((r) => this.toDto(r));
  }

  async ofBody(actor: Actor, bodyId: string, outcome: AttemptOutcome | null): Promise<ExamAttemptDto[]> {
    actor.requireCertificationBodyAdmin(bodyId);
    return (await this.attempts.ofBody(this.tx.manager, bodyId, outcome)).map((r) => this.toDto(r));
  }

  private toDto(r: AttemptRow): ExamAttemptDto {
    return {
      id: r.id,
      candidateId: r.candidateId,
      candidateName: r.candidateName,
      examId: r.examId,
      examCode: r.examCode,
      examTitle: r.examTitle,
      voucherId: r.voucherId,
      bookingId: r.bookingId,
      startedAt: new Date(r.startedAt).toISOString(),
      outcome: r.outcome,
      score: r.score,
      passingScore: r.passingScore,
      maxScore: r.maxScore,
      finishedAt: r.finishedAt ? new Date(r.finishedAt).toISOString() : null,
    };
  }
}

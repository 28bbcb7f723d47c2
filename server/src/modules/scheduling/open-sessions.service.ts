import { Injectable } from '@nestjs/common';
import type { OpenSessionDto, OpenSessionSeatDto } from '@invigil/contracts';
import { AuditService } from '../../core/audit/audit.service';
import type { Actor } from '../../core/auth/actor';
import { TransactionRunner } from '../../core/database/transaction-runner';
import { Problem } from '../../core/errors/problem';
import { MailService } from '../../core/mail/mail.service';
import { RetakeGate } from '../attempts/retake-gate';
import { VoucherLedgerRepository } from '../vouchers/voucher-ledger.repository';
import { localParts } from './booking.mapper';
import { withinChangeCutoff } from './domain/block-requirements';
import { OpenSessionRow, OpenSessionsRepository } from './open-sessions.repository';
import { SchedulingPolicy } from './scheduling-policy';
import { isExclusionViolation, SchedulingRepository } from './scheduling.repository';

const DAY = 86_400_000;

/**
 * Open sessions: an institution publishes a block at its public centre; candidates — its own or
 * members of the public — take one seat each with their own entitlement for the exam. Seats are
 * taken with the same conditional update as a roster's, so a session never overfills.
 */
@Injectable()
export class OpenSessionsService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly sessions: OpenSessionsRepository,
    private readonly scheduling: SchedulingRepository,
    private readonly ledger: VoucherLedgerRepository,
    private readonly retakes: RetakeGate,
    private readonly policy: SchedulingPolicy,
    private readonly audit: AuditService,
    private readonly mail: MailService,
  ) {}

  async publish(
    actor: Actor,
    bookingId: string,
    open: boolean,
  ): Promise<{ bookingId: string; open: boolean }> {
    return this.tx.run(async (em) => {
      const block = await this.sessions.publishable(em, bookingId);
      if (!block) throw Problem.notFound('Booking');
      actor.requireInstitutionRole(block.institutionId, ['institution_admin', 'instructor'], {
        what: 'Booking',
      });
      if (open && block.accessPolicy !== 'public')
        throw Problem.conflict(
          'centre-members-only',
          'Only a centre open to the public can publish open sessions',
        );
      if (open && (block.status !== 'confirmed' || new Date(block.startsAt) <= new Date()))
        throw Problem.conflict(
          'invalid-state-transition',
          'Only a confirmed block that has not started can be published',
          {
            status: block.status,
          },
        );
      if (block.openToPublic !== open) {
        await this.sessions.setOpen(em, bookingId, open);
        await this.audit.record(em, actor, {
          action: open ? 'booking.published' : 'booking.unpublished',
          entityType: 'booking',
          entityId: bookingId,
          institutionId: block.institutionId,
        });
      }
      return { bookingId, open };
    });
  }

  /** Sessions a candidate can still book (from the change cut-off on), soonest first. */
  async list(
    actor: Actor,
    query: { examId?: string; from?: string; to?: string },
  ): Promise<OpenSessionDto[]> {
    const earliest = new Date(Date.now() + this.policy.cutoffHours * 3_600_000);
    const from = query.from ? new Date(Math.max(Date.parse(query.from), earliest.getTime())) : earliest;
    const to = query.to ? new Date(query.to) : new Date(from.getTime() + 120 * DAY);
    const rows = await this.sessions.list(this.tx.manager, actor.userId, {
      examId: query.examId ?? null,
      from,
      to,
    });
    return rows.map((r) => this.toDto(actor, r));
  }

  async takeSeat(actor: Actor, bookingId: string): Promise<OpenSessionSeatDto> {
    return this.tx.run(async (em) => {
      const session = await this.sessions.find(em, actor.userId, bookingId);
      if (!session) throw Problem.notFound('Open session');
      this.requireBeforeCutoff(session);
      await this.retakes.assertMayBook(em, actor.userId, session.examId, new Date(session.startsAt));
      if (!(await this.scheduling.takeSeat(em, bookingId)))
        throw Problem.conflict('booking-full', 'Every seat of this session is taken');
      const voucherId = await this.sessions.reserveOwnEntitlement(em, actor.userId, session.examId);
      if (!voucherId)
        throw Problem.conflict(
          'no-entitlement',
          `Redeem a ${session.examCode} voucher first: you hold no unreserved entitlement for it`,
          {
            examId: session.examId,
          },
        );
      try {
        await this.scheduling.insertCandidate(
          em,
          bookingId,
          actor.userId,
          voucherId,
          [new Date(session.startsAt), new Date(session.endsAt)],
          actor.userId,
        );
      } catch (error) {
        if (isExclusionViolation(error, 'booking_candidates_no_overlap'))
          throw Problem.conflict('conflict', 'You are seated in another exam at that time');
        throw error;
      }
      const fee = this.feeFor(actor, session);
      await this.sessions.recordFee(em, bookingId, actor.userId, fee.minor > 0 ? fee : null);
      await this.audit.record(em, actor, {
        action: 'booking.seat_taken',
        entityType: 'booking',
        entityId: bookingId,
        institutionId: session.institutionId,
        details: { voucherId, proctoringFeeMinor: fee.minor, currency: fee.currency },
      });
      const { localStart, offset } = localParts(new Date(session.startsAt), session.timeZone);
      await this.mail.enqueue(em, {
        to: await this.sessions.emailOf(em, actor.userId),
        subject: `Booked: ${session.examCode} on ${localStart.replace('T', ' at ')} (${session.timeZone})`,
        text: [
          `You have a seat for ${session.examCode} ${session.examTitle} at ${session.centreName}, ${session.address}.`,
          `It starts ${localStart.replace('T', ' at ')} ${session.timeZone} (UTC${offset}).`,
          fee.minor > 0
            ? `The centre's proctoring fee, ${(fee.minor / 100).toFixed(2)} ${fee.currency}, is payable to the centre.`
            : 'There is no proctoring fee for you at this centre.',
        ].join('\n\n'),
        template: 'open-session-seat',
      });
      return { bookingId, voucherId, proctoringFeeMinor: fee.minor, currency: fee.currency };
    });
  }

  /** Gives up one's own seat before the cut-off; the entitlement is unreserved again. */
  async leaveSeat(actor: Actor, bookingId: string): Promise<void> {
    await this.tx.run(async (em) => {
      const session = await this.sessions.find(em, actor.userId, bookingId);
      if (!session || !session.seated) throw Problem.notFound('Seat');
      this.requireBeforeCutoff(session);
      const voucherId = await this.scheduling.removeCandidate(em, bookingId, actor.userId);
      if (!voucherId) throw Problem.notFound('Seat');
      await this.ledger.releaseReservations(em, [voucherId]);
      await this.audit.record(em, actor, {
        action: 'booking.seat_released',
        entityType: 'booking',
        entityId: bookingId,
        institutionId: session.institutionId,
        details: { voucherId },
      });
    });
  }

  private requireBeforeCutoff(session: OpenSessionRow): void {
    if (withinChangeCutoff(new Date(session.startsAt), new Date(), this.policy.cutoffHours))
      throw Problem.conflict(
        'within-change-cutoff',
        `Seats can be taken or given up until ${this.policy.cutoffHours} hours before the start`,
        { cutoffHours: this.policy.cutoffHours },
      );
  }

  /** Members of the centre's institution pay no proctoring fee; the public pays the centre's. */
  private feeFor(actor: Actor, r: OpenSessionRow): { minor: number; currency: string } {
    return { minor: actor.isMemberOf(r.institutionId) ? 0 : (r.publicFeeMinor ?? 0), currency: r.currency };
  }

  private toDto(actor: Actor, r: OpenSessionRow): OpenSessionDto {
    const start = new Date(r.startsAt);
    const fee = this.feeFor(actor, r);
    return {
      bookingId: r.bookingId,
      centreId: r.centreId,
      centreName: r.centreName,
      institutionName: r.institutionName,
      city: r.city,
      address: r.address,
      timeZone: r.timeZone,
      examId: r.examId,
      examCode: r.examCode,
      examTitle: r.examTitle,
      deliveryMode: r.deliveryMode,
      start: start.toISOString(),
      ...localParts(start, r.timeZone),
      durationMinutes: r.durationMinutes,
      freeSeats: r.freeSeats,
      proctoringFeeMinor: fee.minor,
      currency: fee.currency,
      haveEntitlement: r.haveEntitlement,
      seated: r.seated,
    };
  }
}

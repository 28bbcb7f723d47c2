import { Injectable } from '@nestjs/common';
import type { BookingDto, DeliveryMode, OpenSeatDto, OpenSessionDto } from '@invigil/contracts';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { AuditService } from '../../core/audit/audit.service';
import type { Actor } from '../../core/auth/actor';
import { TransactionRunner } from '../../core/database/transaction-runner';
import { Problem } from '../../core/errors/problem';
import { parseIsoInstant } from '../../core/time/instants';
import { RetakeGate } from '../attempts/retake-gate';
import { CentresService } from '../centres/centres.service';
import { BOOKABLE_STATUS, canRunExams } from '../centres/domain/accreditation';
import { ProctoringFees } from '../vouchers/proctoring-fees';
import { VoucherLedgerRepository } from '../vouchers/voucher-ledger.repository';
import { BlockWriter } from './block-writer';
import { ContextReader } from './context-reader';
import { BookingNotifications } from './booking-notifications';
import { toBookingDto, toOpenSessionDto } from './booking.mapper';
import {
  blockHourStarts,
  BlockRequirements,
  requirementsOf,
  vmHoursOf,
  withinChangeCutoff,
} from './domain/block-requirements';
import { checkBookingWindow } from './domain/booking-window-policy';
import type { CreateBookingDto, MoveBookingDto } from './dto/scheduling-requests.dto';
import { SchedulingPolicy } from './scheduling-policy';
import { SchedulingProblems } from './scheduling-problems';
import {
  BookedBlock,
  BookingContextRow,
  BookingHints,
  BookingRow,
  ExamRow,
  isExclusionViolation,
  isForeignKeyViolation,
  isTransientConflict,
  LabRow,
  PersonRow,
  SchedulingCentreRow,
  SchedulingRepository,
  vmShortageOf,
} from './scheduling.repository';

/** Roles of the centre's institution that book and change blocks. */
export const BOOKERS = ['institution_admin', 'instructor'] as const;

/** Lost a race another booking won (a proctor or lab taken meanwhile): run the transaction again. */
class RaceLost extends Error {
  constructor(readonly problem: Problem) {
    super(problem.message);
  }
}

const ATTEMPTS = 4;

/** Changes nobody asked for (a lapsed hold reclaimed on the way of a booking). */
const SYSTEM = { userId: null, ip: null };

/** Everything decided about a block before its transaction: where, when, what it needs. */
interface BlockPlan {
  centre: SchedulingCentreRow;
  exam: ExamRow;
  mode: DeliveryMode;
  seats: number;
  start: Date;
  end: Date;
  needs: BlockRequirements;
  vmHours: Date[];
  /** the start's day on the centre's calendar: proctors must be trained on it */
  localDay: string;
  /** of the proctors judged (see `BookingContextRow`), those trained on `localDay` */
  trainedProctorIds: string[];
  overrideReason: string | null;
  bookerEmail: string | null;
}

const during = (plan: { start: Date; end: Date }): [Date, Date] => [plan.start, plan.end];

function parseInstant(value: string, field: string): Date {
  const parsed = parseIsoInstant(value);
  if (!parsed) throw Problem.validation([{ field, messages: [`${field} is not a valid instant`] }]);
  return parsed;
}

/**
 * Exam blocks: hold, book, confirm, move, cancel, and the candidates seated in them. Every
 * reservation (VMs of each hour, the lab, proctors, seats) happens in one transaction and is
 * refused by the database when it would overbook.
 */
@Injectable()
export class BookingsService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly repository: SchedulingRepository,
    private readonly policy: SchedulingPolicy,
    private readonly centres: CentresService,
    private readonly ledger: VoucherLedgerRepository,
    private readonly audit: AuditService,
    private readonly notifications: BookingNotifications,
    private readonly retakes: RetakeGate,
    private readonly fees: ProctoringFees,
    private readonly writer: BlockWriter,
    private readonly contexts: ContextReader,
  ) {}

  // --- reading ------------------------------------------------------------------------------

  async get(actor: Actor, bookingId: string): Promise<BookingDto> {
    const em = this.tx.manager;
    const booking = await this.repository.findBooking(em, bookingId);
    if (!booking) throw Problem.notFound('Booking');
    await this.requireViewer(em, actor, booking);
    return (await this.present(em, [booking]))[0];
  }

  async listForCentre(actor: Actor, centreId: string, from?: string, to?: string): Promise<BookingDto[]> {
    const em = this.tx.manager;
    const centre = await this.repository.findCentre(em, centreId);
    if (!centre) throw Problem.notFound('Centre');
    actor.requireInstitutionRole(centre.institutionId, BOOKERS, { what: 'Centre' });
    const fromAt = from ? parseInstant(from, 'from') : new Date(Date.now() - 7 * 86_400_000);
    const toAt = to ? parseInstant(to, 'to') : new Date(fromAt.getTime() + 42 * 86_400_000);
    if (toAt <= fromAt) throw Problem.validation([{ field: 'to', messages: ['to must be after from'] }]);
    if (toAt.getTime() - fromAt.getTime() > 180 * 86_400_000)
      throw Problem.validation([{ field: 'to', messages: ['the range may span at most 180 days'] }]);
    return this.present(em, await this.repository.listCentreBookings(em, centreId, fromAt, toAt));
  }

  // --- holding and booking --------------------------------------------------------------------

  async create(actor: Actor, centreId: string, dto: CreateBookingDto): Promise<BookingDto> {
    const start = parseInstant(dto.start, 'start');
    const overrideReason = this.overrideReason(actor, dto.overrideReason);
    // the hints of the block come with the context: one round trip before the write
    const context = await this.contexts.read({
      centreId,
      examId: dto.examId,
      bookerId: actor.userId,
      start,
      needsVms: requirementsOf(dto.deliveryMode, dto.seats).vms,
      namedProctors: dto.proctorIds ?? [],
    });
    if (!context) throw Problem.notFound('Centre');
    actor.requireInstitutionRole(context.centre.institutionId, BOOKERS, { what: 'Centre' });
    if (!context.exam || !context.exam.active)
      throw Problem.validation([{ field: 'examId', messages: ['examId must name an active exam'] }]);
    const plan = this.plan(context, dto.deliveryMode, dto.seats, start, overrideReason);
    const { busy } = await this.clearTheWay(plan, dto.proctorIds ?? [], undefined, context.hints);
    const booking = await this.withRetries(() => this.reserve(actor, plan, dto, context.labs, busy));
    if (dto.confirm) await this.notifications.scheduleReminders(booking.id, start);
    return booking;
  }

  async confirm(actor: Actor, bookingId: string): Promise<BookingDto> {
    const outcome = await this.tx.run(async (em) => {
      const booking = await this.loadForChange(em, actor, bookingId);
      if (booking.status === 'confirmed') return 'already' as const;
      if (booking.status === 'expired') return 'expired' as const;
      if (booking.status !== 'held')
        throw new Problem('invalid-state-transition', 409, `A ${booking.status} block cannot be confirmed`);
      if (booking.lapsed || !(await this.repository.confirm(em, bookingId))) {
        // the hold ran out: give back what it still counted, and say so
        await this.endBlock(em, actor, booking, 'expired', null);
        return 'expired' as const;
      }
      await this.audit.record(em, actor, {
        action: 'booking.confirmed',
        entityType: 'booking',
        entityId: bookingId,
        institutionId: booking.institutionId,
      });
      await this.notifications.confirmation(em, { ...booking, status: 'confirmed' });
      return 'confirmed' as const;
    });
    if (outcome === 'expired')
      throw Problem.conflict('hold-expired', 'The hold expired and its seats were released; book again', {
        bookingId,
      });
    if (outcome === 'confirmed') {
      const booking = await this.repository.findBooking(this.tx.manager, bookingId);
      if (booking) await this.notifications.scheduleReminders(bookingId, booking.startsAt);
    }
    return this.get(actor, bookingId);
  }

  async cancel(actor: Actor, bookingId: string, reason?: string): Promise<BookingDto> {
    await this.tx.run(async (em) => {
      const booking = await this.loadForChange(em, actor, bookingId);
      if (booking.status !== 'held' && booking.status !== 'confirmed')
        throw new Problem('invalid-state-transition', 409, `The block is already ${booking.status}`);
      this.requireBeforeCutoff(actor, booking, reason);
      // the people it concerns are told while it still knows them; a hold told nobody yet
      if (booking.status === 'confirmed') await this.notifications.cancelled(em, booking, reason ?? null);
      await this.endBlock(em, actor, booking, 'cancelled', reason ?? null);
    });
    return this.get(actor, bookingId);
  }

  /**
   * Moves a block to another start. The new hours' VMs, the lab and the proctors are taken
   * before the old hours are given back, in one transaction: if anything is short, nothing
   * changes and the block stays where it was.
   */
  async move(actor: Actor, bookingId: string, dto: MoveBookingDto): Promise<BookingDto> {
    const start = parseInstant(dto.start, 'start');
    const overrideReason = this.overrideReason(actor, dto.overrideReason);
    const em = this.tx.manager;
    const current = await this.repository.findBooking(em, bookingId);
    if (!current) throw Problem.notFound('Booking');
    this.requireBooker(actor, current);
    this.requireLive(current);
    this.requireBeforeCutoff(actor, current, overrideReason ?? undefined);
    const context = await this.repository.bookingContext(
      em,
      current.centreId,
      current.examId,
      actor.userId,
      start,
    );
    if (!context?.exam) throw Problem.notFound('Booking');
    const centre = context.centre;
    const plan = this.plan(context, current.deliveryMode, current.seats, start, overrideReason);
    await this.clearTheWay(plan, dto.proctorIds ?? [], bookingId);
    await this.withRetries(() =>
      this.tx.run(async (tx) => {
        const booking = await this.loadForChange(tx, actor, bookingId);
        this.requireLive(booking);
        await this.requireBookableCentre(tx, centre.id);
        const lab = await this.labFor(tx, plan, dto.labId ?? null, booking);
        try {
          await this.repository.reschedule(tx, bookingId, plan.start, plan.end, lab?.id ?? null);
        } catch (error) {
          if (isExclusionViolation(error, 'bookings_one_block_per_lab'))
            throw this.labRace(dto.labId ?? null, plan.seats);
          if (isExclusionViolation(error, 'booking_candidates_no_overlap'))
            throw Problem.conflict('conflict', 'A seated candidate has another exam at the new time');
          throw error;
        }
        const previous = await this.repository.proctorsOf(tx, [bookingId]);
        const previousProctors = previous.map((p) => p.userId);
        await this.repository.deleteProctors(tx, bookingId);
        await this.assignProctors(tx, bookingId, plan, dto.proctorIds, previousProctors);
        if (plan.needs.vms && plan.centre.vmPoolId) {
          const old = await this.repository.vmHoursOf(tx, bookingId);
          const oldKeys = new Set(old.map((h) => new Date(h.hour).getTime()));
          const newKeys = new Set(plan.vmHours.map((h) => h.getTime()));
          const added = plan.vmHours.filter((h) => !oldKeys.has(h.getTime()));
          const removed = old.filter((h) => !newKeys.has(new Date(h.hour).getTime()));
          // at commit the new hours are taken before the old are given back; short means no commit
          await this.repository.recordVmHours(tx, bookingId, plan.centre.vmPoolId, added, plan.seats);
          await this.repository.deleteVmHours(
            tx,
            bookingId,
            removed.map((h) => h.hour),
          );
        }
        await this.audit.record(tx, actor, {
          action: 'booking.moved',
          entityType: 'booking',
          entityId: bookingId,
          institutionId: booking.institutionId,
          details: {
            from: new Date(booking.startsAt).toISOString(),
            to: plan.start.toISOString(),
            labId: lab?.id ?? null,
            overrideReason,
          },
        });
        if (booking.status === 'confirmed') {
          const now = await this.repository.findBooking(tx, bookingId);
          const stayed = new Set((await this.repository.proctorsOf(tx, [bookingId])).map((p) => p.userId));
          if (now)
            await this.notifications.moved(
              tx,
              now,
              new Date(booking.startsAt),
              previous.filter((p) => !stayed.has(p.userId)).map((p) => p.email),
            );
        }
      }),
    );
    const moved = await this.repository.findBooking(em, bookingId);
    if (moved?.status === 'confirmed') await this.notifications.scheduleReminders(bookingId, moved.startsAt);
    return this.get(actor, bookingId);
  }

  // --- candidates -------------------------------------------------------------------------------

  async addCandidate(actor: Actor, bookingId: string, candidateId: string): Promise<BookingDto> {
    await this.tx.run(async (em) => {
      const booking = await this.loadForChange(em, actor, bookingId);
      this.requireLive(booking);
      // a hold may lapse unattended; vouchers seated in it would stay reserved until reclaimed
      if (booking.status !== 'confirmed')
        throw new Problem('invalid-state-transition', 409, 'Confirm the hold before seating candidates');
      if (!(await this.ledger.isCandidateOf(em, booking.institutionId, candidateId)))
        throw Problem.notFound('Candidate');
      await this.retakes.assertMayBook(em, candidateId, booking.examId, new Date(booking.startsAt));
      if (!(await this.repository.takeSeat(em, bookingId)))
        throw Problem.conflict('booking-full', `All ${booking.seats} seats of the block are filled`, {
          seats: booking.seats,
        });
      const voucherId = await this.ledger.reserveEntitlement(
        em,
        candidateId,
        booking.examId,
        booking.institutionId,
      );
      if (!voucherId)
        throw Problem.conflict(
          'no-entitlement',
          `The candidate holds no unreserved ${booking.examCode} entitlement from this institution`,
          { candidateId, examId: booking.examId },
        );
      try {
        await this.repository.insertCandidate(
          em,
          bookingId,
          candidateId,
          voucherId,
          [new Date(booking.startsAt), new Date(booking.endsAt)],
          actor.userId,
        );
      } catch (error) {
        if (isExclusionViolation(error, 'booking_candidates_no_overlap'))
          throw Problem.conflict('conflict', 'The candidate is seated in another block at that time', {
            candidateId,
          });
        throw error;
      }
      await this.audit.record(em, actor, {
        action: 'booking.candidate_added',
        entityType: 'booking',
        entityId: bookingId,
        institutionId: booking.institutionId,
        details: { candidateId, voucherId },
      });
    });
    return this.get(actor, bookingId);
  }

  async removeCandidate(
    actor: Actor,
    bookingId: string,
    candidateId: string,
    reason?: string,
  ): Promise<BookingDto> {
    await this.tx.run(async (em) => {
      const booking = await this.loadForChange(em, actor, bookingId);
      this.requireBeforeCutoff(actor, booking, reason);
      const voucherId = await this.repository.removeCandidate(em, bookingId, candidateId);
      if (!voucherId) throw Problem.notFound('Candidate');
      await this.ledger.releaseReservations(em, [voucherId]);
      const fees = await this.fees.endSeats(em, bookingId, candidateId);
      await this.audit.record(em, actor, {
        action: 'booking.candidate_removed',
        entityType: 'booking',
        entityId: bookingId,
        institutionId: booking.institutionId,
        details: { candidateId, voucherId, reason: reason ?? null, fees },
      });
      await this.notifications.candidateRemoved(em, booking, candidateId, reason ?? null);
    });
    return this.get(actor, bookingId);
  }

  // --- open sessions ---------------------------------------------------------------------------

  /** Publishes a confirmed block of a centre open to the public as an open session, or withdraws it. */
  async setOpenToPublic(actor: Actor, bookingId: string, open: boolean): Promise<BookingDto> {
    await this.tx.run(async (em) => {
      const booking = await this.loadForChange(em, actor, bookingId);
      if (open && booking.accessPolicy !== 'public')
        throw new Problem(
          'invalid-state-transition',
          409,
          'Only a centre open to the public can publish open sessions',
        );
      if (open && booking.status !== 'confirmed')
        throw new Problem('invalid-state-transition', 409, 'Only a confirmed block can be an open session');
      if (booking.openToPublic === open) return;
      await this.repository.setOpenToPublic(em, bookingId, open);
      await this.audit.record(em, actor, {
        action: open ? 'booking.opened_to_public' : 'booking.closed_to_public',
        entityType: 'booking',
        entityId: bookingId,
        institutionId: booking.institutionId,
      });
    });
    return this.get(actor, bookingId);
  }

  async openSessions(examId?: string, from?: string, to?: string): Promise<OpenSessionDto[]> {
    const fromAt = from ? parseInstant(from, 'from') : new Date();
    const toAt = to ? parseInstant(to, 'to') : new Date(fromAt.getTime() + 120 * 86_400_000);
    if (toAt <= fromAt) throw Problem.validation([{ field: 'to', messages: ['to must be after from'] }]);
    const rows = await this.repository.openSessions(
      this.tx.manager,
      { examId, from: new Date(Math.max(fromAt.getTime(), Date.now())), to: toAt },
      200,
    );
    return rows.map(toOpenSessionDto);
  }

  /**
   * A candidate takes one seat of an open session with one of their own unreserved entitlements
   * for the exam; the seat count and the voucher move in one transaction.
   */
  async takeOpenSeat(actor: Actor, bookingId: string): Promise<OpenSeatDto> {
    const fee = await this.tx.run(async (em) => {
      const booking = await this.repository.findBooking(em, bookingId, 'update');
      if (
        !booking ||
        !booking.openToPublic ||
        booking.accessPolicy !== 'public' ||
        booking.status !== 'confirmed'
      )
        throw Problem.notFound('Open session');
      if (new Date(booking.startsAt).getTime() <= Date.now())
        throw new Problem('invalid-state-transition', 409, 'The session has started');
      await this.retakes.assertMayBook(em, actor.userId, booking.examId, new Date(booking.startsAt));
      if (!(await this.repository.takeSeat(em, bookingId)))
        throw Problem.conflict('booking-full', 'Every seat of the session is taken', {
          seats: booking.seats,
        });
      const voucherId = await this.ledger.reserveOwnEntitlement(em, actor.userId, booking.examId);
      if (!voucherId)
        throw Problem.conflict(
          'no-entitlement',
          `You hold no unreserved ${booking.examCode} entitlement; redeem a voucher first`,
          { examId: booking.examId },
        );
      try {
        await this.repository.insertCandidate(
          em,
          bookingId,
          actor.userId,
          voucherId,
          [new Date(booking.startsAt), new Date(booking.endsAt)],
          actor.userId,
        );
      } catch (error) {
        if (isExclusionViolation(error, 'booking_candidates_no_overlap'))
          throw Problem.conflict('conflict', 'You are seated in another exam at that time');
        throw error;
      }
      await this.audit.record(em, actor, {
        action: 'booking.open_seat_taken',
        entityType: 'booking',
        entityId: bookingId,
        institutionId: booking.institutionId,
        details: { candidateId: actor.userId, voucherId },
      });
      // the centre's fee for the public; its own institution's members sit for free
      const feeMinor = booking.proctoringFeeMinor ?? 0;
      if (feeMinor <= 0 || actor.institutionIds().includes(booking.institutionId)) return null;
      return this.fees.chargeSeat(em, {
        bookingId,
        candidateId: actor.userId,
        candidateEmail: (await this.repository.userEmail(em, actor.userId)) ?? '',
        amountMinor: feeMinor,
        currency: booking.currency,
      });
    });
    return { bookingId, taken: true, fee };
  }

  /** A candidate gives their open-session seat back (before the cut-off); the voucher is released. */
  async releaseOpenSeat(actor: Actor, bookingId: string): Promise<void> {
    await this.tx.run(async (em) => {
      const booking = await this.repository.findBooking(em, bookingId, 'update');
      if (!booking || !booking.openToPublic) throw Problem.notFound('Open session');
      this.requireBeforeCutoff(actor, booking, undefined);
      const voucherId = await this.repository.removeCandidate(em, bookingId, actor.userId);
      if (!voucherId) throw Problem.notFound('Seat');
      await this.ledger.releaseReservations(em, [voucherId]);
      const fees = await this.fees.endSeats(em, bookingId, actor.userId);
      await this.audit.record(em, actor, {
        action: 'booking.open_seat_released',
        entityType: 'booking',
        entityId: bookingId,
        institutionId: booking.institutionId,
        details: { candidateId: actor.userId, voucherId, fees },
      });
    });
  }

  // --- the reservation itself --------------------------------------------------------------------

  /** Checks everything that needs no lock: accreditation, exam, delivery mode, slot, window. */
  private plan(
    context: BookingContextRow,
    mode: DeliveryMode,
    seats: number,
    start: Date,
    overrideReason: string | null,
  ): BlockPlan {
    const { centre } = context;
    const exam = context.exam as ExamRow;
    if (!canRunExams(centre.accreditationStatus))
      throw Problem.conflict('centre-not-bookable', 'Only an accredited centre can be booked', {
        accreditationStatus: centre.accreditationStatus,
      });
    if (!exam.deliveryModes.includes(mode))
      throw Problem.conflict('delivery-mode-not-allowed', `${exam.code} cannot be delivered ${mode}`, {
        allowed: exam.deliveryModes,
      });
    const needs = requirementsOf(mode, seats);
    if (needs.vms && !centre.vmPoolId)
      throw Problem.conflict(
        'centre-not-bookable',
        'The centre belongs to no VM pool region yet, so only in-lab exams can be booked',
      );
    const slot = this.policy.slotFor(context.hours, centre.timeZone, start, exam.durationMinutes);
    if (!slot)
      throw Problem.conflict(
        'slot-closed',
        'That is not the start of an open hour of the centre, or the exam would run past closing',
        { start: start.toISOString() },
      );
    const verdict = checkBookingWindow(
      this.policy.windowFrom(context.rules),
      context.peaks.map((p) => ({ starts: new Date(p.startsAt), ends: new Date(p.endsAt) })),
      start,
      new Date(),
      overrideReason !== null,
    );
    if (!verdict.bookable) throw SchedulingProblems.outsideWindow(verdict);
    const hours = blockHourStarts(start, this.policy.hoursOf(exam.durationMinutes));
    const end = new Date(hours[hours.length - 1].getTime() + 3_600_000);
    return {
      centre,
      exam,
      mode,
      seats,
      start,
      end,
      needs,
      vmHours: needs.vms ? vmHoursOf(start, end) : [],
      // the slot's own local wall time: "2026-11-01T01:00" starts on "2026-11-01"
      localDay: slot.localStart.slice(0, 10),
      trainedProctorIds: context.trainedProctorIds,
      overrideReason,
      bookerEmail: context.bookerEmail,
    };
  }

  /**
   * Writes the block. Everything it needs is checked first from what is already known (the
   * centre's labs, the named proctors, the hints read before); then the block goes to the
   * database with the others asked for while the last booking statement ran (`BlockWriter`):
   * one statement that, for each block on its own, takes the centre's share lock, the VMs of its
   * hours and its proctors, writes the blocks that got everything with their proctors, audit
   * entries and confirmations, and commits them all at once. A block that lacked something (VMs
   * short, a proctor taken meanwhile) is not written and gets its own answer. Only an
   * automatically chosen lab needs a transaction around it, to hold the lab it picked. The answer
   * is built from what the statement returns rather than read back.
   */
  private async reserve(
    actor: Actor,
    plan: BlockPlan,
    dto: CreateBookingDto,
    labs: readonly LabRow[],
    busyNamed: readonly string[],
  ): Promise<BookingDto> {
    const named = dto.proctorIds && dto.proctorIds.length > 0 ? [...new Set(dto.proctorIds)] : null;
    if (named) this.requireNamedProctors(plan, named, busyNamed);
    const lab = this.namedLab(plan, dto.labId ?? null, labs);
    if (lab !== 'pick') return this.writeBlock(this.tx.manager, actor, plan, dto, lab, named);
    return this.tx.run(async (tx) => {
      const picked = await this.repository.pickFreeLab(tx, plan.centre.id, plan.seats, during(plan), null);
      if (!picked) throw await this.noFreeLab(tx, plan, null);
      return this.writeBlock(tx, actor, plan, dto, picked, named);
    });
  }

  private async writeBlock(
    em: EntityManager,
    actor: Actor,
    plan: BlockPlan,
    dto: CreateBookingDto,
    lab: LabRow | null,
    named: string[] | null,
  ): Promise<BookingDto> {
    const status = dto.confirm ? 'confirmed' : 'held';
    const now = new Date();
    const row: BookingRow = {
      id: randomUUID(),
      centreId: plan.centre.id,
      centreName: plan.centre.name,
      institutionId: plan.centre.institutionId,
      timeZone: plan.centre.timeZone,
      examId: plan.exam.id,
      examCode: plan.exam.code,
      examTitle: plan.exam.title,
      durationMinutes: plan.exam.durationMinutes,
      deliveryMode: plan.mode,
      seats: plan.seats,
      filledSeats: 0,
      labId: lab?.id ?? null,
      labName: lab?.name ?? null,
      vmPoolId: plan.needs.vms ? plan.centre.vmPoolId : null,
      startsAt: plan.start,
      endsAt: plan.end,
      status,
      holdExpiresAt: null,
      lapsed: false,
      bookedBy: actor.userId,
      windowOverrideReason: plan.overrideReason,
      openToPublic: false,
      accessPolicy: plan.centre.accessPolicy,
      proctoringFeeMinor: plan.centre.proctoringFeeMinor,
      currency: plan.centre.currency,
      address: plan.centre.address,
      createdAt: now,
      updatedAt: now,
    };
    const needed = plan.needs.proctors;
    let booked: BookedBlock;
    try {
      booked = await this.writer.write(
        {
          id: row.id,
          centreId: row.centreId,
          institutionId: row.institutionId,
          examId: row.examId,
          deliveryMode: row.deliveryMode,
          seats: row.seats,
          labId: row.labId,
          vmPoolId: row.vmPoolId,
          startsAt: plan.start,
          endsAt: plan.end,
          status,
          holdMinutes: this.policy.holdMinutes,
          bookedBy: actor.userId,
          windowOverrideReason: plan.overrideReason,
          vmHours: plan.vmHours,
          localDay: plan.localDay,
          bookableStatus: BOOKABLE_STATUS,
          proctors: named ? { named } : { pick: { count: needed } },
          audit: {
            actorIp: actor.ip,
            action: dto.confirm ? 'booking.booked' : 'booking.held',
            details: {
              centreId: plan.centre.id,
              examId: plan.exam.id,
              start: plan.start.toISOString(),
              deliveryMode: plan.mode,
              seats: plan.seats,
              labId: lab?.id ?? null,
              overrideReason: plan.overrideReason,
            },
          },
          mail:
            dto.confirm && plan.bookerEmail
              ? this.notifications.confirmationMail(row, plan.bookerEmail)
              : null,
        },
        em,
      );
    } catch (error) {
      if (isExclusionViolation(error, 'bookings_one_block_per_lab'))
        throw this.labRace(dto.labId ?? null, plan.seats);
      if (
        named &&
        (isExclusionViolation(error, 'booking_proctors_no_overlap') || isForeignKeyViolation(error))
      )
        throw SchedulingProblems.proctorsUnavailable({ needed, available: 0, unavailableProctorIds: named });
      if (isExclusionViolation(error, 'booking_proctors_no_overlap'))
        throw new RaceLost(
          SchedulingProblems.proctorsUnavailable({ needed, available: 0, unavailableProctorIds: [] }),
        );
      throw error;
    }
    if (!booked.centreOk)
      throw Problem.conflict('centre-not-bookable', 'Only an accredited centre can be booked');
    if (!booked.booking) {
      const found = new Set(booked.foundProctorIds);
      const problem = SchedulingProblems.proctorsUnavailable({
        needed,
        available: booked.picked,
        unavailableProctorIds: named ? named.filter((id) => !found.has(id)) : [],
      });
      // named proctors are simply not all free; chosen ones may have been taken by a racing booking
      throw named ? problem : new RaceLost(problem);
    }
    return toBookingDto({ ...row, ...booked.booking }, booked.proctors, []);
  }

  /** Named proctors must be trained at the centre, free at the time, and enough. */
  private requireNamedProctors(plan: BlockPlan, named: readonly string[], busy: readonly string[]): void {
    const trained = new Set(plan.trainedProctorIds);
    const unavailable = [...new Set([...named.filter((id) => !trained.has(id)), ...busy])];
    if (unavailable.length > 0 || named.length < plan.needs.proctors)
      throw SchedulingProblems.proctorsUnavailable({
        needed: plan.needs.proctors,
        available: named.length - unavailable.length,
        unavailableProctorIds: unavailable,
      });
  }

  /** The lab of a new block, from the centre's labs: none, the one named, or 'pick' a free one. */
  private namedLab(plan: BlockPlan, labId: string | null, labs: readonly LabRow[]): LabRow | null | 'pick' {
    if (plan.needs.lab === 'none') {
      if (labId)
        throw Problem.validation([{ field: 'labId', messages: ['online-proctored blocks take no lab'] }]);
      return null;
    }
    if (!labId) return plan.needs.lab === 'optional' ? null : 'pick';
    const lab = labs.find((l) => l.id === labId);
    if (!lab) throw Problem.notFound('Lab');
    if (lab.seats < plan.seats)
      throw SchedulingProblems.labSeatsExhausted({ labId: lab.id, requested: plan.seats, left: lab.seats });
    return lab;
  }

  /** The lab the block sits in: the one named, or a free one big enough; null when it needs none. */
  private async labFor(
    em: EntityManager,
    plan: BlockPlan,
    labId: string | null,
    moving: BookingRow | null,
  ): Promise<LabRow | null> {
    if (plan.needs.lab === 'none') {
      if (labId)
        throw Problem.validation([{ field: 'labId', messages: ['online-proctored blocks take no lab'] }]);
      return null;
    }
    // a virtual-lab block sits in a lab only if asked to (or if it already did, when moved)
    if (!labId && plan.needs.lab === 'optional' && !moving?.labId) return null;
    if (labId) {
      const lab = await this.repository.findLab(em, plan.centre.id, labId);
      if (!lab) throw Problem.notFound('Lab');
      if (lab.seats < plan.seats)
        throw SchedulingProblems.labSeatsExhausted({ labId: lab.id, requested: plan.seats, left: lab.seats });
      return lab;
    }
    const free = await this.repository.pickFreeLab(
      em,
      plan.centre.id,
      plan.seats,
      during(plan),
      moving?.id ?? null,
      // a moved block keeps its lab when that lab is free at the new time
      moving?.labId ?? null,
    );
    if (free) return free;
    throw await this.noFreeLab(em, plan, moving);
  }

  /** No lab was free and big enough: how many seats the biggest free one has (a lab may free up). */
  private async noFreeLab(em: EntityManager, plan: BlockPlan, moving: BookingRow | null): Promise<RaceLost> {
    const labs = await this.repository.labs(em, plan.centre.id);
    const blocks = await this.repository.centreBlocks(em, plan.centre.id, plan.start, plan.end);
    const left = Math.max(
      0,
      ...labs.filter((l) => !blocks.some((b) => b.labId === l.id && b.id !== moving?.id)).map((l) => l.seats),
    );
    return new RaceLost(SchedulingProblems.labSeatsExhausted({ labId: null, requested: plan.seats, left }));
  }

  private labRace(labId: string | null, seats: number): Error {
    const problem = SchedulingProblems.labSeatsExhausted({ labId, requested: seats, left: 0 });
    // a named lab is simply taken; an automatically chosen one may have a free sibling
    return labId ? problem : new RaceLost(problem);
  }

  /** Named proctors must be trained, of the centre and free; otherwise free ones are chosen. */
  private async assignProctors(
    em: EntityManager,
    bookingId: string,
    plan: BlockPlan,
    named: readonly string[] | undefined,
    prefer: readonly string[],
  ): Promise<PersonRow[]> {
    const needed = plan.needs.proctors;
    let chosen: string[];
    if (named && named.length > 0) {
      const trained = new Set(plan.trainedProctorIds);
      const unavailable = named.filter((id) => !trained.has(id));
      unavailable.push(...(await this.repository.busyProctors(em, named, during(plan), bookingId)));
      if (unavailable.length > 0 || named.length < needed)
        throw SchedulingProblems.proctorsUnavailable({
          needed,
          available: named.length - unavailable.length,
          unavailableProctorIds: [...new Set(unavailable)],
        });
      chosen = [...named];
    } else {
      let assigned: PersonRow[];
      try {
        assigned = await this.repository.assignFreeProctors(
          em,
          bookingId,
          plan.centre.id,
          plan.trainedProctorIds,
          needed,
          during(plan),
          { institutionId: plan.centre.institutionId, localDay: plan.localDay },
          prefer,
        );
      } catch (error) {
        if (isExclusionViolation(error, 'booking_proctors_no_overlap'))
          throw new RaceLost(
            SchedulingProblems.proctorsUnavailable({ needed, available: 0, unavailableProctorIds: [] }),
          );
        throw error;
      }
      if (assigned.length < needed)
        throw new RaceLost(
          SchedulingProblems.proctorsUnavailable({
            needed,
            available: assigned.length,
            unavailableProctorIds: [],
          }),
        );
      return assigned;
    }
    try {
      return await this.repository.insertProctors(em, bookingId, plan.centre.id, chosen, during(plan));
    } catch (error) {
      if (isExclusionViolation(error, 'booking_proctors_no_overlap') || isForeignKeyViolation(error))
        throw SchedulingProblems.proctorsUnavailable({
          needed,
          available: 0,
          unavailableProctorIds: [...chosen],
        });
      throw error;
    }
  }

  /** Ends a block and gives back all it held, vouchers included. */
  private async endBlock(
    em: EntityManager,
    actor: Actor | typeof SYSTEM,
    booking: BookingRow,
    status: 'cancelled' | 'expired',
    reason: string | null,
  ): Promise<void> {
    const ended = await this.repository.end(em, booking.id, status, reason);
    if (!ended) return;
    await this.ledger.releaseReservations(em, ended.voucherIds);
    const fees = await this.fees.endSeats(em, booking.id, null);
    await this.audit.record(em, actor, {
      action: status === 'cancelled' ? 'booking.cancelled' : 'booking.hold_expired',
      entityType: 'booking',
      entityId: booking.id,
      institutionId: booking.institutionId,
      details: { reason, vouchersReleased: ended.voucherIds.length, fees },
    });
  }

  /**
   * Holds whose 10 minutes ran out keep counting in the capacity rows until someone reclaims
   * them; a booking that could need what they hold reclaims them first, each in its own short
   * transaction (so no lock is held across two bookings' counters). Then, if an hour is already
   * too full, it is refused before any transaction starts (the commit-time trigger still has
   * the last word).
   */
  private async clearTheWay(
    plan: BlockPlan,
    named: readonly string[],
    exceptBookingId?: string,
    known?: BookingHints | null,
  ): Promise<BookingHints> {
    const em = this.tx.manager;
    const poolId = plan.needs.vms ? plan.centre.vmPoolId : null;
    const hints =
      known ??
      (await this.repository.bookingHints(
        em,
        plan.centre.id,
        during(plan),
        poolId,
        plan.vmHours,
        named,
        exceptBookingId ?? null,
      ));
    const lapsed = hints.lapsed.filter((l) => l !== exceptBookingId);
    for (const id of lapsed) {
      await this.withRetries(() =>
        this.tx.run(async (tx) => {
          const booking = await this.repository.findBooking(tx, id, 'update');
          if (booking?.lapsed) await this.endBlock(tx, SYSTEM, booking, 'expired', null);
        }),
      );
    }
    if (!poolId || exceptBookingId) return hints;
    const current =
      lapsed.length > 0
        ? (await this.repository.vmsLeft(em, poolId, plan.vmHours)).map((h) => ({
            hour: new Date(h.hour).toISOString(),
            left: h.left,
          }))
        : hints.vmsLeft;
    const short = [...current]
      .sort((a, b) => new Date(a.hour).getTime() - new Date(b.hour).getTime())
      .find((h) => h.left < plan.seats);
    if (short)
      throw SchedulingProblems.vmsExhausted({
        vmPoolId: poolId,
        hour: new Date(short.hour).toISOString(),
        requested: plan.seats,
        left: Math.max(0, short.left),
      });
    return hints;
  }

  private async withRetries<T>(work: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await work();
      } catch (error) {
        const shortage = vmShortageOf(error);
        if (shortage) throw SchedulingProblems.vmsExhausted(shortage);
        const retryable = error instanceof RaceLost || isTransientConflict(error);
        if (!retryable || attempt >= ATTEMPTS) throw error instanceof RaceLost ? error.problem : error;
      }
    }
  }

  // --- access and rules ------------------------------------------------------------------------

  private async loadForChange(em: EntityManager, actor: Actor, bookingId: string): Promise<BookingRow> {
    const booking = await this.repository.findBooking(em, bookingId, 'update');
    if (!booking) throw Problem.notFound('Booking');
    this.requireBooker(actor, booking);
    return booking;
  }

  private requireBooker(actor: Actor, booking: BookingRow): void {
    actor.requireInstitutionRole(booking.institutionId, BOOKERS, { what: 'Booking' });
  }

  /** Bookers and the operator see a block, and so do its proctors; other members get 403, outsiders 404. */
  private async requireViewer(em: EntityManager, actor: Actor, booking: BookingRow): Promise<void> {
    if (actor.isOperator || actor.hasInstitutionRole(booking.institutionId, BOOKERS)) return;
    if (await this.repository.isProctorOf(em, booking.id, actor.userId)) return;
    this.requireBooker(actor, booking);
  }

  private requireLive(booking: BookingRow): void {
    if (booking.status === 'held' && booking.lapsed)
      throw Problem.conflict('hold-expired', 'The hold expired; book again', { bookingId: booking.id });
    if (booking.status !== 'held' && booking.status !== 'confirmed')
      throw new Problem('invalid-state-transition', 409, `The block is ${booking.status}`);
  }

  private async requireBookableCentre(em: EntityManager, centreId: string): Promise<void> {
    // share-locks the centre: a suspension waits until this booking commits
    if (!(await this.centres.isAbleToRunExams(centreId, em, { lock: true })))
      throw Problem.conflict('centre-not-bookable', 'Only an accredited centre can be booked');
  }

  private requireBeforeCutoff(actor: Actor, booking: BookingRow, reason: string | undefined): void {
    if (!withinChangeCutoff(new Date(booking.startsAt), new Date(), this.policy.cutoffHours)) return;
    if (!actor.isOperator)
      throw new Problem(
        'within-change-cutoff',
        403,
        `Changes less than ${this.policy.cutoffHours} hours before the start need the platform operator`,
        { cutoffHours: this.policy.cutoffHours },
      );
    if (!reason)
      throw Problem.validation([
        { field: 'reason', messages: ['the operator must give a reason for a change inside the cut-off'] },
      ]);
  }

  private overrideReason(actor: Actor, reason: string | undefined): string | null {
    if (!reason) return null;
    if (!actor.isOperator)
      throw Problem.forbidden('Only the platform operator can override the booking window');
    return reason;
  }

  private async present(em: EntityManager, rows: BookingRow[]): Promise<BookingDto[]> {
    const ids = rows.map((r) => r.id);
    const [proctors, candidates] = await Promise.all([
      this.repository.proctorsOf(em, ids),
      this.repository.candidatesOf(em, ids),
    ]);
    return rows.map((row) =>
      toBookingDto(
        row,
        proctors.filter((p) => p.bookingId === row.id),
        candidates.filter((c) => c.bookingId === row.id),
      ),
    );
  }
}

import { Injectable, Logger } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { DateTime } from 'luxon';
import { EntityManager } from 'typeorm';
import { AppConfig } from '../../core/config/app-config';
import { TickBatcher } from '../../core/database/tick-batcher';
import { JobQueue } from '../../core/jobs/job-queue';
import { MailService, type MailRequest } from '../../core/mail/mail.service';
import { formatWithZoneName } from '../../core/time/zone-name';
import { SchedulingRepository, type BookingRow } from './scheduling.repository';

const DAY = 86_400_000;

/** The candidate's page of an online exam (the client's /me/exams/:bookingId). */
export const examPageUrl = (publicUrl: string, bookingId: string): string =>
  `${publicUrl}/me/exams/${bookingId}`;

/** The block's page for its booker and its proctors (the client's /institution/bookings/:id). */
export const blockPageUrl = (publicUrl: string, bookingId: string): string =>
  `${publicUrl}/institution/bookings/${bookingId}`;

/** When each reminder goes out, before the block starts. */
export const REMINDERS = { '7d': 7 * DAY, '1d': DAY } as const;
export type ReminderKind = keyof typeof REMINDERS;

/**
 * How far ahead the hourly sweep (QueueBookingRemindersJob) looks: it queues the reminders that
 * fall due within this, so every reminder further off is queued by a sweep before it is due.
 */
export const REMINDER_SWEEP_AHEAD_MS = 2 * 3_600_000;

/** A reminder to queue: of which block, which one, for which start, how long from now. */
export interface ReminderJob {
  bookingId: string;
  kind: ReminderKind;
  startsAt: Date;
  delayMs: number;
}

/** The job id of a reminder: one per block, kind and start, so adding it twice queues it once. */
export const reminderJobId = (bookingId: string, kind: ReminderKind, start: Date): string =>
  `booking-reminder-${bookingId}-${kind}-${start.getTime()}`;

/**
 * The reminders of a block starting at `start` that fall due after `now` but within the sweep's
 * horizon: the hourly sweep might not see them before they are due. One already due is not
 * queued here (the sweep decides whether it is still worth sending).
 */
export function remindersDueSoon(bookingId: string, start: Date, now: number): ReminderJob[] {
  return (Object.keys(REMINDERS) as ReminderKind[])
    .map((kind) => ({ bookingId, kind, startsAt: start, delayMs: start.getTime() - REMINDERS[kind] - now }))
    .filter((j) => j.delayMs > 0 && j.delayMs <= REMINDER_SWEEP_AHEAD_MS);
}

/** Booking mail: the confirmation (through the outbox, in the booking's transaction) and reminders. */
@Injectable()
export class BookingNotifications {
  private readonly logger = new Logger('BookingNotifications');
  private readonly times = new LRUCache<string, string>({ max: 5000 });
  private readonly reminderBatches = new TickBatcher<ReminderJob[], void>(async (lists) => {
    await this.queueReminders(lists.flat());
    return lists.map(() => undefined);
  }, 100);

  constructor(
    private readonly mail: MailService,
    private readonly jobs: JobQueue,
    private readonly repository: SchedulingRepository,
    private readonly config: AppConfig,
  ) {}

  /** "Thu 12 Mar 2026, 09:00 EDT (13:00 UTC)"; kept per instant and zone, as every mail of a block asks again */
  describeTime(start: Date, zone: string): string {
    const key = `${zone} ${start.getTime()}`;
    let text = this.times.get(key);
    if (text === undefined) {
      const utc = DateTime.fromJSDate(start, { zone: 'utc' });
      text = `${formatWithZoneName(start, zone, 'ccc d LLL yyyy, HH:mm')} (${utc.toFormat('HH:mm')} UTC)`;
      this.times.set(key, text);
    }
    return text;
  }

  private body(booking: BookingRow, opening: string): string {
    const where =
      booking.deliveryMode === 'online_proctored'
        ? `Online: candidates sit it from ${examPageUrl(this.config.PUBLIC_URL, booking.id)}`
        : `${booking.centreName}${booking.labName ? `, ${booking.labName}` : ''} — ${booking.address}`;
    return [
      opening,
      `Exam: ${booking.examCode} ${booking.examTitle} (${booking.durationMinutes} minutes)`,
      `When: ${this.describeTime(new Date(booking.startsAt), booking.timeZone)}`,
      `Where: ${where}`,
      `Seats: ${booking.seats} (${booking.deliveryMode.replace(/_/g, ' ')})`,
      `The block (for whoever booked it and its proctors): ${blockPageUrl(this.config.PUBLIC_URL, booking.id)}`,
      `Candidates: your exams are under My exams, ${this.config.PUBLIC_URL}/me/exams`,
    ].join('\n');
  }

  /** The confirmation mail to whoever booked; commits with the booking. */
  async confirmation(em: EntityManager, booking: BookingRow, bookerEmail?: string | null): Promise<void> {
    const to = bookerEmail ?? (await this.repository.userEmail(em, booking.bookedBy));
    if (!to) return;
    await this.mail.enqueue(em, this.confirmationMail(booking, to));
  }

  /** The confirmation of a block, for the caller to write into the outbox with the block. */
  confirmationMail(booking: BookingRow, to: string): MailRequest {
    return {
      to,
      subject: `Booked: ${booking.examCode} on ${this.describeTime(new Date(booking.startsAt), booking.timeZone)}`,
      text: this.body(booking, 'Your exam block is booked.'),
      template: 'booking-confirmed',
    };
  }

  /** Everyone a block concerns: whoever booked it, its proctors and its seated candidates. */
  private async peopleOf(
    em: EntityManager,
    booking: BookingRow,
    also: readonly string[] = [],
  ): Promise<string[]> {
    // one after another: inside a transaction these share one connection, which runs one query
    // at a time anyway (pg queues parallel ones, and pg 9 refuses them)
    const proctors = await this.repository.proctorsOf(em, [booking.id]);
    const candidates = await this.repository.candidatesOf(em, [booking.id]);
    const booker = await this.repository.userEmail(em, booking.bookedBy);
    return [
      ...new Set([booker, ...proctors.map((p) => p.email), ...candidates.map((c) => c.email), ...also]),
    ].filter((e): e is string => !!e);
  }

  /** The same message about the block to each address; commits with the caller's transaction. */
  private async tell(
    em: EntityManager,
    to: readonly string[],
    booking: BookingRow,
    mail: { subject: string; opening: string; template: string },
  ): Promise<number> {
    await this.mail.enqueueMany(
      em,
      to.map((address) => ({
        to: address,
        subject: mail.subject,
        text: this.body(booking, mail.opening),
        template: mail.template,
      })),
    );
    return to.length;
  }

  private when(booking: BookingRow): string {
    return this.describeTime(new Date(booking.startsAt), booking.timeZone);
  }

  /**
   * Tells everyone a confirmed block concerns that it is cancelled; commits with the
   * cancellation. Call it before the block lets go of its proctors and candidates.
   */
  async cancelled(em: EntityManager, booking: BookingRow, reason: string | null): Promise<number> {
    return this.tell(em, await this.peopleOf(em, booking), booking, {
      subject: `Cancelled: ${booking.examCode} on ${this.when(booking)}`,
      opening: [
        'This exam block is cancelled.',
        ...(reason ? [`Reason: ${reason}`] : []),
        'Candidates: the voucher reserved for it is yours again; book another session from My exams.',
      ].join('\n'),
      template: 'booking-cancelled',
    });
  }

  /**
   * Tells everyone a confirmed block concerns, and the proctors a move took off it, that it
   * moved; commits with the move. `booking` is the block as it is now.
   */
  async moved(
    em: EntityManager,
    booking: BookingRow,
    from: Date,
    formerProctors: readonly string[],
  ): Promise<number> {
    return this.tell(em, await this.peopleOf(em, booking, formerProctors), booking, {
      subject: `Moved: ${booking.examCode} to ${this.when(booking)}`,
      opening: `This exam block has moved from ${this.describeTime(from, booking.timeZone)} to the time below.`,
      template: 'booking-moved',
    });
  }

  /** Tells a candidate they no longer have a seat in the block; commits with the removal. */
  async candidateRemoved(
    em: EntityManager,
    booking: BookingRow,
    candidateId: string,
    reason: string | null,
  ): Promise<void> {
    const to = await this.repository.userEmail(em, candidateId);
    if (!to) return;
    await this.tell(em, [to], booking, {
      subject: `Seat removed: ${booking.examCode} on ${this.when(booking)}`,
      opening: [
        'Your seat in this exam block was given up by your institution.',
        ...(reason ? [`Reason: ${reason}`] : []),
        'The voucher reserved for it is yours again; book another session from My exams.',
      ].join('\n'),
      template: 'booking-seat-removed',
    });
  }

  /** Reminders to the booker, the proctors and the seated candidates. */
  async reminder(em: EntityManager, booking: BookingRow, kind: ReminderKind): Promise<number> {
    const when = kind === '7d' ? 'in a week' : 'tomorrow';
    return this.tell(em, await this.peopleOf(em, booking), booking, {
      subject: `Reminder: ${booking.examCode} ${when}`,
      opening: `A reminder: this exam block starts ${when}.`,
      template: `booking-reminder-${kind}`,
    });
  }

  /**
   * Queues those of a just-confirmed (or moved) block's reminders that the sweep would be too
   * late for: the ones falling due within its horizon (see `remindersDueSoon`). The rest, which
   * for a block booked inside the booking window is all of them, are queued by the hourly
   * sweep as delayed jobs when they come within two hours. So Redis holds the reminders of the
   * next few hours, not two jobs for every block booked up to 120 days ahead, a block moved or
   * cancelled leaves no job behind, and a booking request does no work in Redis. The job id is
   * fixed per block, kind and start, so a reminder queued here and again by the sweep is
   * queued once. The reminders of the blocks booked in one turn of the event loop go to Redis
   * together.
   */
  async scheduleReminders(bookingId: string, start: Date): Promise<void> {
    const jobs = remindersDueSoon(bookingId, new Date(start), Date.now());
    if (jobs.length === 0) return;
    try {
      await this.reminderBatches.add(jobs);
    } catch (error) {
      // the booking stands; the hourly QueueBookingRemindersJob queues what is missing
      this.logger.error(`could not queue reminders of ${bookingId}: ${(error as Error).message}`);
    }
  }

  /** Queues reminder jobs under their fixed ids (a job still queued is not queued twice). */
  async queueReminders(reminders: readonly ReminderJob[]): Promise<void> {
    if (reminders.length === 0) return;
    await this.jobs.addMany(
      'SendBookingReminderJob',
      reminders.map((r) => ({
        data: { bookingId: r.bookingId, kind: r.kind, startsAt: r.startsAt.toISOString() },
        jobId: reminderJobId(r.bookingId, r.kind, r.startsAt),
        delayMs: r.delayMs,
      })),
    );
  }
}

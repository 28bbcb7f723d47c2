import { Injectable } from '@nestjs/common';
import { TransactionRunner } from '../../../core/database/transaction-runner';
import { JobHandler, JobProcessor } from '../../../core/jobs/job-processor';
import type { JobPayloads } from '../../../core/jobs/queues';
import { BookingNotifications, REMINDERS, type ReminderKind } from '../booking-notifications';
import { SchedulingRepository } from '../scheduling.repository';

/** How far ahead each sweep looks: reminders falling due within it are (re)queued. */
export const REMINDER_SWEEP_AHEAD_MS = 2 * 3_600_000;

/**
 * The safety net of the reminders. A block's reminders are queued when it is confirmed, after
 * its transaction commits; if Redis failed at that moment they were lost. Every hour this job
 * queues again every reminder not yet sent that falls due within the next two hours (or fell
 * due and still makes sense: a 7-day reminder until a day before, a 1-day one until the start),
 * under the same fixed job ids. A reminder still queued is not queued twice, and one that runs
 * twice mails once (its sent-marker), so the sweep is safe to run any number of times.
 */
@Injectable()
@JobProcessor('QueueBookingRemindersJob')
export class QueueBookingRemindersJob implements JobHandler<'QueueBookingRemindersJob'> {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly repository: SchedulingRepository,
    private readonly notifications: BookingNotifications,
  ) {}

  async run(data: JobPayloads['QueueBookingRemindersJob']): Promise<{ queued: number }> {
    const now = data.now ? new Date(data.now) : new Date();
    const due = await this.repository.unsentReminders(
      this.tx.manager,
      now,
      REMINDER_SWEEP_AHEAD_MS,
      REMINDERS,
    );
    const jobs = due.flatMap((r) => {
      const startsAt = new Date(r.startsAt);
      const kind = r.kind as ReminderKind;
      const fireAt = startsAt.getTime() - REMINDERS[kind];
      // an overdue 7-day reminder is pointless once the 1-day one is due
      const lastUseful = kind === '7d' ? startsAt.getTime() - REMINDERS['1d'] : startsAt.getTime();
      if (now.getTime() >= lastUseful) return [];
      return [{ bookingId: r.bookingId, kind, startsAt, delayMs: Math.max(0, fireAt - now.getTime()) }];
    });
    await this.notifications.queueReminders(jobs);
    return { queued: jobs.length };
  }
}

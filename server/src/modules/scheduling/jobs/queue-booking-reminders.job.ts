import { Injectable } from '@nestjs/common';
import { TransactionRunner } from '../../../core/database/transaction-runner';
import { JobHandler, JobProcessor } from '../../../core/jobs/job-processor';
import type { JobPayloads } from '../../../core/jobs/queues';
import {
  BookingNotifications,
  REMINDER_SWEEP_AHEAD_MS,
  REMINDERS,
  type ReminderKind,
} from '../booking-notifications';
import { SchedulingRepository } from '../scheduling.repository';

/**
 * Queues the reminders. Every hour this job queues, as delayed jobs that fire on time, every
 * reminder not yet sent that falls due within the next two hours (or fell due and still makes
 * sense: a 7-day reminder until a day before, a 1-day one until the start, and only for a block
 * that was already booked when it fell due, so a block booked three days ahead is not told
 * "in a week"). Only a reminder due sooner than the next sweeps would see it is queued when its
 * block is confirmed (`BookingNotifications.scheduleReminders`), and this job queues it again
 * if Redis lost it. A reminder still queued is not queued twice (fixed job ids), and one that
 * runs twice mails once (its sent-marker), so the sweep is safe to run any number of times.
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

import { Injectable } from '@nestjs/common';
import { TransactionRunner } from '../../../core/database/transaction-runner';
import { JobHandler, JobProcessor } from '../../../core/jobs/job-processor';
import type { JobPayloads } from '../../../core/jobs/queues';
import { BookingNotifications } from '../booking-notifications';
import { SchedulingRepository } from '../scheduling.repository';

/**
 * Sends one reminder of a confirmed block. The sent-marker and the mail commit together and
 * the marker is unique per block, kind and start, so a job that runs twice mails once; a block
 * cancelled or moved since is left alone.
 */
@Injectable()
@JobProcessor('SendBookingReminderJob')
export class SendBookingReminderJob implements JobHandler<'SendBookingReminderJob'> {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly repository: SchedulingRepository,
    private readonly notifications: BookingNotifications,
  ) {}

  run(data: JobPayloads['SendBookingReminderJob']): Promise<{ sent: number }> {
    return this.tx.run(async (em) => {
      const booking = await this.repository.findBooking(em, data.bookingId, 'update');
      const startsAt = new Date(data.startsAt);
      if (!booking || booking.status !== 'confirmed') return { sent: 0 };
      if (new Date(booking.startsAt).getTime() !== startsAt.getTime()) return { sent: 0 };
      if (!(await this.repository.markReminderSent(em, booking.id, data.kind, startsAt))) return { sent: 0 };
      return { sent: await this.notifications.reminder(em, booking, data.kind) };
    });
  }
}

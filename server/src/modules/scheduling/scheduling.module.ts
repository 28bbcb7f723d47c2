import { Module } from '@nestjs/common';
import { MailModule } from '../../core/mail/mail.module';
import { AttemptsModule } from '../attempts/attempts.module';
import { CentresModule } from '../centres/centres.module';
import { VouchersModule } from '../vouchers/vouchers.module';
import { AvailabilityService } from './availability.service';
import { BlockWriter } from './block-writer';
import { BookingNotifications } from './booking-notifications';
import { BookingsController } from './bookings.controller';
import { BookingsService } from './bookings.service';
import { ContextReader } from './context-reader';
import { QueueBookingRemindersJob } from './jobs/queue-booking-reminders.job';
import { SendBookingReminderJob } from './jobs/send-booking-reminder.job';
import { MyScheduleService } from './my-schedule.service';
import { SchedulingPolicy } from './scheduling-policy';
import { SchedulingRepository } from './scheduling.repository';
import { SlotCache } from './slot-cache';
import { VmPoolsController } from './vm-pools.controller';
import { VmPoolsService } from './vm-pools.service';

/** Scheduling: availability, exam blocks and their seats, VM pools by region, reminders, calendar feeds. */
@Module({
  imports: [MailModule, CentresModule, VouchersModule, AttemptsModule],
  controllers: [BookingsController, VmPoolsController],
  providers: [
    SchedulingRepository,
    SchedulingPolicy,
    SlotCache,
    BookingsService,
    BlockWriter,
    ContextReader,
    AvailabilityService,
    VmPoolsService,
    MyScheduleService,
    BookingNotifications,
    SendBookingReminderJob,
    QueueBookingRemindersJob,
  ],
})
export class SchedulingModule {}

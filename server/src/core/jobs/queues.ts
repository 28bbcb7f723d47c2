import type { AppConfig } from '../config/app-config';

/** Every queue and job name, in one place. A job's name is the name of its class. */
export const QUEUE = 'maintenance';

export const JOB_NAMES = [
  'SweepMailOutboxJob',
  'ExpireVouchersJob',
  'WarnExpiringVouchersJob',
  'SendBookingReminderJob',
  'QueueBookingRemindersJob',
] as const;
export type JobName = (typeof JOB_NAMES)[number];

/** The payload each job takes. */
export interface JobPayloads {
  SweepMailOutboxJob: Record<string, never>;
  ExpireVouchersJob: Record<string, never>;
  /** the local date the warning is for (dedupes warnings when the job runs twice) */
  WarnExpiringVouchersJob: { today?: string };
  /** a reminder of a confirmed block; `startsAt` (ISO) makes a job for a block since moved do nothing */
  SendBookingReminderJob: { bookingId: string; kind: '7d' | '1d'; startsAt: string };
  /** `now` (ISO) only to test it at another time */
  QueueBookingRemindersJob: { now?: string };
}

/** Retries with exponential backoff; failures stay in BullMQ's failed set (the dead letters). */
export const DEFAULT_JOB_OPTIONS = {
  attempts: 5,
  backoff: { type: 'exponential' as const, delay: 2000 },
  removeOnComplete: { count: 1000 },
  removeOnFail: false,
};

/** Every key BullMQ writes starts with the deployment's prefix, so tests and tenants of one Redis never meet. */
export const queuePrefix = (config: AppConfig): string => `${config.REDIS_PREFIX}:bull`;

export interface RepeatableJob<N extends JobName = JobName> {
  /** fixed scheduler id: several workers upserting it still make one schedule */
  schedulerId: string;
  name: N;
  repeat: { every: number } | { pattern: string; tz: string };
  data: JobPayloads[N];
}

/** The jobs the worker schedules itself at boot. */
export function repeatableJobs(config: AppConfig): RepeatableJob[] {
  return [
    {
      schedulerId: 'sweep-mail-outbox',
      name: 'SweepMailOutboxJob',
      repeat: { every: config.MAIL_OUTBOX_POLL_MS },
      data: {},
    },
    {
      schedulerId: 'expire-vouchers',
      name: 'ExpireVouchersJob',
      repeat: { pattern: '5 0 * * *', tz: 'UTC' },
      data: {},
    },
    {
      schedulerId: 'queue-booking-reminders',
      name: 'QueueBookingRemindersJob',
      repeat: { pattern: '17 * * * *', tz: 'UTC' },
      data: {},
    },
    {
      schedulerId: 'warn-expiring-vouchers',
      name: 'WarnExpiringVouchersJob',
      repeat: { pattern: '0 13 * * *', tz: 'UTC' },
      data: {},
    },
  ];
}

import { JobQueue } from '../../src/core/jobs/job-queue';
import { reminderJobId } from '../../src/modules/scheduling/booking-notifications';
import { QueueBookingRemindersJob } from '../../src/modules/scheduling/jobs/queue-booking-reminders.job';
import { SendBookingReminderJob } from '../../src/modules/scheduling/jobs/send-booking-reminder.job';
import { schedulingWorld, SchedulingWorld, slotAt } from '../factories/scheduling.factory';
import { startTestApp, TestApp } from '../support/test-app';

describe('scheduling: confirmation mail and reminders 7 days and 1 day before', () => {
  let t: TestApp;
  let w: SchedulingWorld;
  let queue: JobQueue;
  let job: SendBookingReminderJob;

  const mails = async (template: string) =>
    (
      await t.pool.query(`SELECT to_address FROM mail_outbox WHERE template = $1 ORDER BY to_address`, [
        template,
      ])
    ).rows.map((r) => r.to_address as string);

  beforeAll(async () => {
    t = await startTestApp();
    w = await schedulingWorld(t.api, t.pool, { capacityPerHour: 50, proctors: 3 });
    queue = t.app.get(JobQueue);
    job = t.app.get(SendBookingReminderJob);
  });
  afterAll(() => t.close());

  it('queues both reminders as delayed jobs with fixed ids when a block is booked, once however often', async () => {
    const start = slotAt(w.zone, 30, 9);
    const res = await w.instructor.client.post(`/centres/${w.centre.id}/bookings`, {
      examId: w.exam.id,
      start,
      deliveryMode: 'online_proctored',
      seats: 3,
      confirm: true,
    });
    expect(res.status).toBe(201);
    expect(await mails('booking-confirmed')).toEqual([w.instructor.user.email]);

    const startAt = new Date(start);
    for (const [kind, days] of [
      ['7d', 7],
      ['1d', 1],
    ] as const) {
      const queued = await queue.queue.getJob(reminderJobId(res.body.id, kind, startAt));
      expect(queued?.name).toBe('SendBookingReminderJob');
      expect(queued?.data).toEqual({ bookingId: res.body.id, kind, startsAt: startAt.toISOString() });
      const fireAt = (queued?.timestamp ?? 0) + (queued?.opts.delay ?? 0);
      expect(Math.abs(fireAt - (startAt.getTime() - days * 86_400_000))).toBeLessThan(60_000);
    }
    // confirming again changes nothing and queues nothing new
    const again = await w.instructor.client.post(`/bookings/${res.body.id}/confirm`);
    expect(again.status).toBe(200);
    const delayed = await queue.queue.getDelayed();
    expect(delayed.filter((j) => (j.data as { bookingId?: string }).bookingId === res.body.id)).toHaveLength(
      2,
    );
  });

  it('sends a reminder once to the booker and the proctors even when its job runs twice', async () => {
    const start = slotAt(w.zone, 31, 9);
    const res = await w.instructor.client.post(`/centres/${w.centre.id}/bookings`, {
      examId: w.exam.id,
      start,
      deliveryMode: 'online_proctored',
      seats: 2,
      confirm: true,
    });
    const data = { bookingId: res.body.id, kind: '1d' as const, startsAt: new Date(start).toISOString() };
    const [first, second] = await Promise.all([job.run(data), job.run(data)]);
    expect([first.sent, second.sent].sort()).toEqual([0, 2]);
    expect(await job.run(data)).toEqual({ sent: 0 });
    const to = await mails('booking-reminder-1d');
    expect(to.sort()).toEqual([w.instructor.user.email, res.body.proctors[0].email].sort());
  });

  it('sends nothing for a block cancelled or moved since the reminder was queued', async () => {
    const start = slotAt(w.zone, 32, 9);
    const booked = await w.instructor.client.post(`/centres/${w.centre.id}/bookings`, {
      examId: w.exam.id,
      start,
      deliveryMode: 'online_proctored',
      seats: 2,
      confirm: true,
    });
    const moved = await w.instructor.client.post(`/bookings/${booked.body.id}/move`, {
      start: slotAt(w.zone, 32, 11),
    });
    expect(moved.status).toBe(200);
    expect(
      await job.run({ bookingId: booked.body.id, kind: '7d', startsAt: new Date(start).toISOString() }),
    ).toEqual({
      sent: 0,
    });
    // the moved block has its own reminders, under new ids
    expect(
      await queue.queue.getJob(reminderJobId(booked.body.id, '7d', new Date(moved.body.start))),
    ).toBeTruthy();

    await w.instructor.client.post(`/bookings/${booked.body.id}/cancel`, {});
    expect(await job.run({ bookingId: booked.body.id, kind: '7d', startsAt: moved.body.start })).toEqual({
      sent: 0,
    });
    expect(await mails('booking-reminder-7d')).toEqual([]);
  });

  it('queues again, hourly, the reminders of a block that were lost, and never twice', async () => {
    const sweep = t.app.get(QueueBookingRemindersJob);
    const book = async (days: number) => {
      const res = await w.instructor.client.post(`/centres/${w.centre.id}/bookings`, {
        examId: w.exam.id,
        start: slotAt(w.zone, days, 9),
        deliveryMode: 'online_proctored',
        seats: 1,
        confirm: true,
      });
      expect(res.status).toBe(201);
      const startAt = new Date(res.body.start);
      // Redis "failed" when the block was confirmed: its reminder jobs are gone
      for (const kind of ['7d', '1d'] as const)
        await queue.queue.remove(reminderJobId(res.body.id, kind, startAt));
      return { id: res.body.id as string, startAt };
    };
    const jobOf = (id: string, kind: '7d' | '1d', startAt: Date) =>
      queue.queue.getJob(reminderJobId(id, kind, startAt));
    const at = (startAt: Date, msBefore: number) => new Date(startAt.getTime() - msBefore).toISOString();
    const HOUR = 3_600_000;
    const DAY = 24 * HOUR;

    const a = await book(40);
    expect(await jobOf(a.id, '7d', a.startAt)).toBeUndefined();
    // an hour before the 7-day reminder is due: it is queued again, to fire on time; the 1-day one is not yet
    await sweep.run({ now: at(a.startAt, 7 * DAY + HOUR) });
    const queued = await jobOf(a.id, '7d', a.startAt);
    expect(queued?.opts.delay).toBeGreaterThan(HOUR - 60_000);
    expect(queued?.opts.delay).toBeLessThanOrEqual(HOUR);
    expect(await jobOf(a.id, '1d', a.startAt)).toBeUndefined();
    // a second sweep queues nothing new
    await sweep.run({ now: at(a.startAt, 7 * DAY + HOUR) });
    const delayed = await queue.queue.getDelayed();
    expect(delayed.filter((j) => (j.data as { bookingId?: string }).bookingId === a.id)).toHaveLength(1);

    // once the 7-day reminder went out, only the 1-day one is queued
    await job.run({ bookingId: a.id, kind: '7d', startsAt: a.startAt.toISOString() });
    await queued?.remove();
    await sweep.run({ now: at(a.startAt, DAY + 30 * 60_000) });
    expect(await jobOf(a.id, '7d', a.startAt)).toBeUndefined();
    expect((await jobOf(a.id, '1d', a.startAt))?.opts.delay).toBeGreaterThan(29 * 60_000);

    // half a day before the start, with nothing sent: the 1-day reminder goes now, the 7-day one never
    const b = await book(41);
    await sweep.run({ now: at(b.startAt, 12 * HOUR) });
    expect(await jobOf(b.id, '7d', b.startAt)).toBeUndefined();
    const late = await jobOf(b.id, '1d', b.startAt);
    expect(late).toBeTruthy();
    expect(late?.opts.delay ?? 0).toBe(0);
  });
});

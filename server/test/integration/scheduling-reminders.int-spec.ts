import { JobQueue } from '../../src/core/jobs/job-queue';
import { reminderJobId } from '../../src/modules/scheduling/booking-notifications';
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
});

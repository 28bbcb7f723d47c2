import { JobQueue } from '../../src/core/jobs/job-queue';
import { reminderJobId } from '../../src/modules/scheduling/booking-notifications';
import { QueueBookingRemindersJob } from '../../src/modules/scheduling/jobs/queue-booking-reminders.job';
import { SendBookingReminderJob } from '../../src/modules/scheduling/jobs/send-booking-reminder.job';
import { signedInAs } from '../factories/identity.factory';
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

  const HOUR = 3_600_000;
  const DAY = 24 * HOUR;
  const at = (startAt: Date, msBefore: number) => new Date(startAt.getTime() - msBefore).toISOString();
  const jobOf = (id: string, kind: '7d' | '1d', startAt: Date) =>
    queue.queue.getJob(reminderJobId(id, kind, startAt));
  const delayedOf = async (id: string) =>
    (await queue.queue.getDelayed()).filter((j) => (j.data as { bookingId?: string }).bookingId === id);

  it('mails the confirmation at once and leaves the reminders of a far block to the sweep, which queues each on time, once', async () => {
    const sweep = t.app.get(QueueBookingRemindersJob);
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
    // weeks away: nothing of it waits in Redis yet
    expect(await delayedOf(res.body.id)).toEqual([]);

    const startAt = new Date(start);
    for (const [kind, days] of [
      ['7d', 7],
      ['1d', 1],
    ] as const) {
      // the sweep an hour and a half before it is due queues it, to fire on time
      const sweptAt = at(startAt, days * DAY + 90 * 60_000);
      await sweep.run({ now: sweptAt });
      const queued = await jobOf(res.body.id, kind, startAt);
      expect(queued?.name).toBe('SendBookingReminderJob');
      expect(queued?.data).toEqual({ bookingId: res.body.id, kind, startsAt: startAt.toISOString() });
      expect(queued?.opts.delay).toBe(90 * 60_000);
      // sweeping again, and confirming again, queue nothing new
      await sweep.run({ now: sweptAt });
      expect((await w.instructor.client.post(`/bookings/${res.body.id}/confirm`)).status).toBe(200);
      expect((await delayedOf(res.body.id)).filter((j) => j.data.kind === kind)).toHaveLength(1);
    }
    // (the later tests send reminders of their own blocks)
    for (const queued of await delayedOf(res.body.id)) await queued.remove();
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
    // the moved block's reminders are queued by the sweep under its new start, the old ones never
    const sweep = t.app.get(QueueBookingRemindersJob);
    const movedAt = new Date(moved.body.start);
    await sweep.run({ now: at(movedAt, 7 * DAY + HOUR) });
    expect(await jobOf(booked.body.id, '7d', movedAt)).toBeTruthy();
    await sweep.run({ now: at(new Date(start), 7 * DAY + HOUR) });
    expect(await jobOf(booked.body.id, '7d', new Date(start))).toBeUndefined();
    await (await jobOf(booked.body.id, '7d', movedAt))?.remove();

    await w.instructor.client.post(`/bookings/${booked.body.id}/cancel`, {});
    expect(await job.run({ bookingId: booked.body.id, kind: '7d', startsAt: moved.body.start })).toEqual({
      sent: 0,
    });
    expect(await mails('booking-reminder-7d')).toEqual([]);
  });

  it('queues each reminder of a block as it comes near, late ones while they still make sense, never twice', async () => {
    const sweep = t.app.get(QueueBookingRemindersJob);
    const book = async (days: number, client = w.instructor.client, overrideReason?: string) => {
      const res = await client.post(`/centres/${w.centre.id}/bookings`, {
        examId: w.exam.id,
        start: slotAt(w.zone, days, 9),
        deliveryMode: 'online_proctored',
        seats: 1,
        confirm: true,
        ...(overrideReason ? { overrideReason } : {}),
      });
      expect(res.status).toBe(201);
      return { id: res.body.id as string, startAt: new Date(res.body.start) };
    };

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
    expect(await delayedOf(a.id)).toHaveLength(1);

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

    // a block booked three days ahead was not booked when its 7-day reminder fell due: it is
    // never told "in a week", and gets its 1-day reminder
    const operator = await signedInAs(t.api, t.pool, 'platform_operator');
    const c = await book(3, operator.client, 'resit before the board meets');
    await sweep.run({});
    expect(await jobOf(c.id, '7d', c.startAt)).toBeUndefined();
    await sweep.run({ now: at(c.startAt, DAY + HOUR) });
    expect(await jobOf(c.id, '7d', c.startAt)).toBeUndefined();
    expect((await jobOf(c.id, '1d', c.startAt))?.opts.delay).toBe(HOUR);
  });
});

import { DateTime } from 'luxon';
import { randomUUID } from 'node:crypto';
import { assignProctor, createCentre, recordTraining } from '../factories/centres.factory';
import { createUser, grantRole, signedInAs, signIn } from '../factories/identity.factory';
import {
  redeemedEntitlement,
  schedulingFootprint,
  schedulingWorld,
  SchedulingWorld,
  slotAt,
} from '../factories/scheduling.factory';
import { startTestApp, TestApp } from '../support/test-app';

describe('scheduling: holding, booking, confirming, moving and cancelling blocks', () => {
  let t: TestApp;
  let w: SchedulingWorld;

  const book = (body: Record<string, unknown>, client = w.instructor.client, centreId = w.centre.id) =>
    client.post(`/centres/${centreId}/bookings`, {
      examId: w.exam.id,
      deliveryMode: 'online_proctored',
      seats: 1,
      ...body,
    });
  const usedVms = async (hour: string) =>
    Number(
      (
        await t.pool.query<{ used: number }>(
          `SELECT coalesce(sum(used), 0)::int AS used FROM vm_capacity_hours WHERE pool_id = $1 AND hour = $2`,
          [w.vmPool.id, hour],
        )
      ).rows[0].used,
    );

  beforeAll(async () => {
    t = await startTestApp();
    w = await schedulingWorld(t.api, t.pool, { capacityPerHour: 10, proctors: 4, labSeats: [30, 12] });
  });
  afterAll(() => t.close());

  it('shows every local hour with free VMs, lab seats and proctors, and why an hour is not bookable', async () => {
    const from = slotAt(w.zone, 20, 0).slice(0, 10);
    await t.pool.query(`DELETE FROM centre_opening_hours WHERE centre_id = $1`, [w.centre.id]);
    await t.pool.query(
      `INSERT INTO centre_opening_hours (centre_id, weekday, opens, closes)
       SELECT $1, d, '08:00', '18:00' FROM generate_series(1, 7) d`,
      [w.centre.id],
    );
    try {
      const res = await w.instructor.client.get(
        `/centres/${w.centre.id}/availability?from=${localDay(w.zone, 3)}&to=${localDay(w.zone, 20)}`,
      );
      expect(res.status).toBe(200);
      expect(res.body.timeZone).toBe(w.zone);
      expect(res.body.window).toEqual({ minLeadDays: 14, peakMinLeadDays: 21, maxHorizonDays: 120 });
      const slots = res.body.slots as any[];
      expect(slots.length).toBeGreaterThanOrEqual(18 * 23);
      const soon = slots.find((s) => s.localStart === `${localDay(w.zone, 3)}T09:00`);
      expect(soon).toMatchObject({ bookable: false, reason: 'lead-time', freeVms: 10, freeProctors: 4 });
      expect(soon.bookableFrom).toEqual(expect.any(String));
      const night = slots.find((s) => s.localStart === `${localDay(w.zone, 20)}T03:00`);
      expect(night).toMatchObject({ bookable: false, reason: 'closed' });
      const open = slots.find((s) => s.localStart === `${from}T10:00`);
      expect(open).toMatchObject({ bookable: true, reason: null, freeVms: 10, freeProctors: 4 });
      const big = (res.body.labs as { id: string; seats: number }[]).findIndex((l) => l.seats === 30);
      expect(big).toBeGreaterThanOrEqual(0);
      expect(open.freeLabSeats[big]).toBe(30);
    } finally {
      await t.pool.query(`DELETE FROM centre_opening_hours WHERE centre_id = $1`, [w.centre.id]);
      await t.pool.query(
        `INSERT INTO centre_opening_hours (centre_id, weekday, opens, closes)
         SELECT $1, d, '00:00', '24:00' FROM generate_series(1, 7) d`,
        [w.centre.id],
      );
    }
  });

  it('holds a block for 10 minutes, then confirms it with a confirmation mail and an audit entry', async () => {
    const start = slotAt(w.zone, 30, 9);
    const held = await book({ start, seats: 5 });
    expect(held.status).toBe(201);
    expect(held.body).toMatchObject({ status: 'held', seats: 5, deliveryMode: 'online_proctored' });
    expect(held.body.proctors).toHaveLength(1);
    const ttl = new Date(held.body.holdExpiresAt).getTime() - Date.now();
    expect(ttl).toBeGreaterThan(9 * 60_000);
    expect(ttl).toBeLessThanOrEqual(10 * 60_000 + 5000);
    expect(await usedVms(new Date(start).toISOString())).toBe(5);

    const confirmed = await w.instructor.client.post(`/bookings/${held.body.id}/confirm`);
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({ status: 'confirmed', holdExpiresAt: null });
    const mail = await t.pool.query(`SELECT subject FROM mail_outbox WHERE template = 'booking-confirmed'`);
    expect(mail.rows.length).toBe(1);
    const audit = await t.pool.query(`SELECT action FROM audit_log WHERE entity_id = $1 ORDER BY id`, [
      held.body.id,
    ]);
    expect(audit.rows.map((r) => r.action)).toEqual(['booking.held', 'booking.confirmed']);
  });

  it('takes one VM per seat for every hour a long exam occupies, and a lab and no VM in a lab', async () => {
    await t.pool.query(`UPDATE exams SET duration_minutes = 90 WHERE id = $1`, [w.exam.id]);
    try {
      const start = slotAt(w.zone, 31, 9);
      const res = await book({ start, seats: 3, confirm: true });
      expect(res.status).toBe(201);
      expect(res.body.occupiedHours).toHaveLength(2);
      expect(await usedVms(res.body.occupiedHours[0])).toBe(3);
      expect(await usedVms(res.body.occupiedHours[1])).toBe(3);
    } finally {
      await t.pool.query(`UPDATE exams SET duration_minutes = 50 WHERE id = $1`, [w.exam.id]);
    }
    const start = slotAt(w.zone, 32, 9);
    const lab = await book({ start, seats: 20, deliveryMode: 'in_lab', confirm: true });
    expect(lab.status).toBe(201);
    expect(lab.body.labId).toBe(w.labs[0].id);
    expect(lab.body.proctors).toHaveLength(1);
    expect(await usedVms(new Date(start).toISOString())).toBe(0);
  });

  it('writes a block with its proctors, audit entry and confirmation together, and nothing when a named proctor is not free', async () => {
    const start = slotAt(w.zone, 33, 11);
    const [first, second] = w.proctorIds;
    const footprint = async () =>
      (
        await t.pool.query<{ bookings: number; proctors: number; audits: number; mails: number }>(
          `SELECT (SELECT count(*) FROM bookings WHERE starts_at = $1)::int AS bookings,
                  (SELECT count(*) FROM booking_proctors bp JOIN bookings b ON b.id = bp.booking_id
                    WHERE b.starts_at = $1)::int AS proctors,
                  (SELECT count(*) FROM audit_log WHERE action = 'booking.booked'
                      AND details->>'start' = $2)::int AS audits,
                  (SELECT count(*) FROM mail_outbox WHERE template = 'booking-confirmed'
                      AND text_body LIKE '%' || $3 || '%')::int AS mails`,
          [start, new Date(start).toISOString(), w.labs[1].name],
        )
      ).rows[0];

    // named proctors: the one named is the one assigned; an in-lab block's mail names its lab
    const named = await book({
      start,
      seats: 10,
      deliveryMode: 'in_lab',
      labId: w.labs[1].id,
      proctorIds: [first],
      confirm: true,
    });
    expect(named.status).toBe(201);
    expect(named.body.proctors.map((p: { userId: string }) => p.userId)).toEqual([first]);
    expect(named.body).toMatchObject({ labId: w.labs[1].id, labName: w.labs[1].name, status: 'confirmed' });
    expect(await footprint()).toEqual({ bookings: 1, proctors: 1, audits: 1, mails: 1 });
    const mail = await t.pool.query<{ text_body: string }>(
      `SELECT text_body FROM mail_outbox WHERE template = 'booking-confirmed' AND text_body LIKE '%' || $1 || '%'`,
      [named.body.id],
    );
    expect(mail.rows[0].text_body).toContain(`${w.labs[1].name} — `);
    // its links are pages of the client: the block's, and the candidates' exams
    expect(mail.rows[0].text_body).toContain(`${t.config.PUBLIC_URL}/institution/bookings/${named.body.id}`);
    expect(mail.rows[0].text_body).toContain(`${t.config.PUBLIC_URL}/me/exams`);

    // the same proctor again at the same time, and an untrained user: both named as unavailable
    const outsider = await createUser(t.pool, { email: `outsider-${randomUUID()}@example.test` });
    const busy = await book({
      start,
      seats: 5,
      deliveryMode: 'online_proctored',
      proctorIds: [first, outsider.id],
      confirm: true,
    });
    expect(busy.status).toBe(409);
    expect(busy.body.type).toBe('/problems/proctors-unavailable');
    expect([...busy.body.unavailableProctorIds].sort()).toEqual([first, outsider.id].sort());
    expect(await footprint()).toEqual({ bookings: 1, proctors: 1, audits: 1, mails: 1 });

    // an automatically chosen lab: the free one, named in the answer
    const picked = await book({
      start,
      seats: 25,
      deliveryMode: 'in_lab',
      proctorIds: [second],
      confirm: true,
    });
    expect(picked.status).toBe(201);
    expect(picked.body).toMatchObject({ labId: w.labs[0].id, labName: w.labs[0].name });
    expect(picked.body.proctors.map((p: { userId: string }) => p.userId)).toEqual([second]);
  });

  it('shows a booked lab with no free seats and its proctor busy in that hour of the availability', async () => {
    const start = slotAt(w.zone, 34, 9);
    const lab = await book({ start, seats: 10, deliveryMode: 'in_lab', labId: w.labs[1].id, confirm: true });
    expect(lab.status).toBe(201);
    const online = await book({ start, seats: 3, confirm: true });
    expect(online.status).toBe(201);
    const day = localDay(w.zone, 34);
    const res = await w.instructor.client.get(`/centres/${w.centre.id}/availability?from=${day}&to=${day}`);
    const slot = res.body.slots.find((s: any) => s.start === new Date(start).toISOString());
    const labIndex = (res.body.labs as { id: string }[]).findIndex((l) => l.id === w.labs[1].id);
    expect(slot.freeLabSeats[labIndex]).toBe(0);
    expect(slot.freeLabSeats[1 - labIndex]).toBe(30);
    expect(slot).toMatchObject({ freeVms: 7, freeProctors: 2, bookable: true });
    const next = res.body.slots.find(
      (s: any) => s.start === new Date(new Date(start).getTime() + 3_600_000).toISOString(),
    );
    expect(next).toMatchObject({ freeVms: 10, freeProctors: 4 });
    expect([...next.freeLabSeats].sort((a: number, b: number) => a - b)).toEqual([12, 30]);
  });

  it('answers 409 naming the hour and what is left when VMs run out, and keeps nothing', async () => {
    const start = slotAt(w.zone, 33, 9);
    expect((await book({ start, seats: 8, confirm: true })).status).toBe(201);
    const before = await schedulingFootprint(t.pool);
    const res = await book({ start, seats: 3 });
    expect(res.status).toBe(409);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body).toMatchObject({
      type: '/problems/vm-capacity-exhausted',
      vmPoolId: w.vmPool.id,
      hour: new Date(start).toISOString(),
      requested: 3,
      left: 2,
    });
    expect(await schedulingFootprint(t.pool)).toEqual(before);
  });

  it('names the later hour of a long exam when that is the one without VMs', async () => {
    const start = slotAt(w.zone, 36, 9);
    const second = new Date(new Date(start).getTime() + 3_600_000).toISOString();
    expect((await book({ start: second, seats: 9, confirm: true })).status).toBe(201);
    await t.pool.query(`UPDATE exams SET duration_minutes = 100 WHERE id = $1`, [w.exam.id]);
    try {
      const before = await schedulingFootprint(t.pool);
      const res = await book({ start, seats: 2, confirm: true });
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ type: '/problems/vm-capacity-exhausted', hour: second, left: 1 });
      expect(await schedulingFootprint(t.pool)).toEqual(before);
      // one seat fits in both hours
      expect((await book({ start, seats: 1, confirm: true })).status).toBe(201);
      expect(await usedVms(second)).toBe(10);
    } finally {
      await t.pool.query(`UPDATE exams SET duration_minutes = 50 WHERE id = $1`, [w.exam.id]);
    }
  });

  it('refuses slots inside the lead time or past the horizon, and lets the operator override with a reason', async () => {
    const soon = await book({ start: slotAt(w.zone, 5, 9) });
    expect(soon.status).toBe(409);
    expect(soon.body).toMatchObject({ type: '/problems/outside-booking-window', reason: 'lead-time' });
    const far = await book({ start: slotAt(w.zone, 130, 9) });
    expect(far.body).toMatchObject({ type: '/problems/outside-booking-window', reason: 'horizon' });
    const notOnHour = await book({
      start: new Date(new Date(slotAt(w.zone, 30, 9)).getTime() + 900_000).toISOString(),
    });
    expect(notOnHour.body.type).toBe('/problems/slot-closed');
    const instructorOverride = await book({ start: slotAt(w.zone, 5, 10), overrideReason: 'please' });
    expect(instructorOverride.status).toBe(403);

    const operator = await signedInAs(t.api, t.pool, 'platform_operator');
    const overridden = await book(
      { start: slotAt(w.zone, 5, 10), overrideReason: 'exam board deadline' },
      operator.client,
    );
    expect(overridden.status).toBe(201);
    expect(overridden.body.windowOverrideReason).toBe('exam board deadline');
  });

  it('applies an institution rule stricter than the platform, and refuses a looser one', async () => {
    const looser = await w.admin.client.put(`/institutions/${w.institution.id}/booking-rules`, {
      minLeadDays: 7,
    });
    expect(looser.status).toBe(400);
    expect(looser.body.errors[0].field).toBe('minLeadDays');
    const stricter = await w.admin.client.put(`/institutions/${w.institution.id}/booking-rules`, {
      minLeadDays: 40,
    });
    expect(stricter.status).toBe(200);
    expect(stricter.body.effective.minLeadDays).toBe(40);
    const res = await book({ start: slotAt(w.zone, 35, 9) });
    expect(res.body).toMatchObject({ type: '/problems/outside-booking-window', reason: 'lead-time' });
    await w.admin.client.put(`/institutions/${w.institution.id}/booking-rules`, { minLeadDays: null });
  });

  it('raises the lead time to 21 days inside a peak period of the region', async () => {
    const operator = await signedInAs(t.api, t.pool, 'platform_operator');
    const start = slotAt(w.zone, 17, 9);
    const peak = await operator.client.post(`/vm-pools/${w.vmPool.id}/peak-periods`, {
      name: 'June exams',
      starts: new Date(new Date(start).getTime() - 86_400_000).toISOString(),
      ends: new Date(new Date(start).getTime() + 86_400_000).toISOString(),
    });
    expect(peak.status).toBe(201);
    const res = await book({ start });
    expect(res.body).toMatchObject({ type: '/problems/outside-booking-window', reason: 'peak-period' });
    expect(
      (await operator.client.delete(`/vm-pools/${w.vmPool.id}/peak-periods/${peak.body.id}`)).status,
    ).toBe(204);
    expect((await book({ start })).status).toBe(201);
  });

  it('frees the capacity of a hold whose 10 minutes ran out, without any job running', async () => {
    const start = slotAt(w.zone, 40, 9);
    const hold = await book({ start, seats: 10 });
    expect(hold.status).toBe(201);
    expect((await book({ start, seats: 1 })).body.type).toBe('/problems/vm-capacity-exhausted');

    await t.pool.query(`UPDATE bookings SET hold_expires_at = now() - interval '1 second' WHERE id = $1`, [
      hold.body.id,
    ]);
    const day = localDay(w.zone, 40);
    const availability = await w.instructor.client.get(
      `/centres/${w.centre.id}/availability?from=${day}&to=${day}`,
    );
    expect(availability.body.slots.find((s: any) => s.start === new Date(start).toISOString()).freeVms).toBe(
      10,
    );

    const again = await book({ start, seats: 10 });
    expect(again.status).toBe(201);
    expect(await usedVms(new Date(start).toISOString())).toBe(10);
    const expired = await w.instructor.client.post(`/bookings/${hold.body.id}/confirm`);
    expect(expired.status).toBe(409);
    expect(expired.body.type).toBe('/problems/hold-expired');
    expect((await w.instructor.client.get(`/bookings/${hold.body.id}`)).body.status).toBe('expired');
  });

  it('moves a block, taking the new hour before releasing the old', async () => {
    const from = slotAt(w.zone, 45, 9);
    const to = slotAt(w.zone, 45, 11);
    const booked = await book({ start: from, seats: 4, confirm: true });
    const moved = await w.instructor.client.post(`/bookings/${booked.body.id}/move`, { start: to });
    expect(moved.status).toBe(200);
    expect(moved.body.start).toBe(new Date(to).toISOString());
    expect(await usedVms(new Date(from).toISOString())).toBe(0);
    expect(await usedVms(new Date(to).toISOString())).toBe(4);
  });

  it("keeps a moved block's proctors when they are free at the new time, and picks free ones when not", async () => {
    const proctorsOf = (res: { body: { proctors: { userId: string }[] } }) =>
      res.body.proctors.map((p) => p.userId);
    const booked = await book({ start: slotAt(w.zone, 49, 9), seats: 1, confirm: true });
    expect(booked.status).toBe(201);
    const [chosen] = proctorsOf(booked);
    // three moves to free hours: each time the same proctor, though three others are free too
    for (const hour of [10, 12, 14]) {
      const moved = await w.instructor.client.post(`/bookings/${booked.body.id}/move`, {
        start: slotAt(w.zone, 49, hour),
      });
      expect(moved.status).toBe(200);
      expect(proctorsOf(moved)).toEqual([chosen]);
    }
    // the chosen proctor taken at 16:00 by another block: the move picks one who is free then
    const blocker = await book({
      start: slotAt(w.zone, 49, 16),
      seats: 1,
      proctorIds: [chosen],
      confirm: true,
    });
    expect(blocker.status).toBe(201);
    const elsewhere = await w.instructor.client.post(`/bookings/${booked.body.id}/move`, {
      start: slotAt(w.zone, 49, 16),
    });
    expect(elsewhere.status).toBe(200);
    expect(proctorsOf(elsewhere)).toHaveLength(1);
    expect(proctorsOf(elsewhere)).not.toEqual([chosen]);
  });

  it('keeps a moved in-lab block in its lab when free, and finds it another when not', async () => {
    const booked = await book({
      start: slotAt(w.zone, 47, 9),
      seats: 10,
      deliveryMode: 'in_lab',
      labId: w.labs[1].id,
      confirm: true,
    });
    expect(booked.status).toBe(201);
    const same = await w.instructor.client.post(`/bookings/${booked.body.id}/move`, {
      start: slotAt(w.zone, 47, 11),
    });
    expect(same.status).toBe(200);
    expect(same.body.labId).toBe(w.labs[1].id);
    const blocker = await book({
      start: slotAt(w.zone, 47, 13),
      seats: 5,
      deliveryMode: 'in_lab',
      labId: w.labs[1].id,
      confirm: true,
    });
    expect(blocker.status).toBe(201);
    const other = await w.instructor.client.post(`/bookings/${booked.body.id}/move`, {
      start: slotAt(w.zone, 47, 13),
    });
    expect(other.status).toBe(200);
    expect(other.body.labId).toBe(w.labs[0].id);
  });

  it('leaves the booking exactly as it was when a move fails for want of VMs', async () => {
    const from = slotAt(w.zone, 46, 9);
    const full = slotAt(w.zone, 46, 13);
    const booked = await book({ start: from, seats: 4, confirm: true });
    expect((await book({ start: full, seats: 8, confirm: true })).status).toBe(201);
    const before = await w.instructor.client.get(`/bookings/${booked.body.id}`);
    const footprint = await schedulingFootprint(t.pool);

    const moved = await w.instructor.client.post(`/bookings/${booked.body.id}/move`, { start: full });
    expect(moved.status).toBe(409);
    expect(moved.body).toMatchObject({ type: '/problems/vm-capacity-exhausted', left: 2, requested: 4 });
    const after = await w.instructor.client.get(`/bookings/${booked.body.id}`);
    expect(after.body).toEqual(before.body);
    expect(await usedVms(new Date(from).toISOString())).toBe(4);
    expect(await usedVms(new Date(full).toISOString())).toBe(8);
    expect(await schedulingFootprint(t.pool)).toEqual(footprint);
  });

  it('seats candidates on their unreserved entitlements and gives the voucher back when removed or cancelled', async () => {
    const start = slotAt(w.zone, 50, 9);
    const booked = await book({ start, seats: 2, confirm: true });
    const candidates = [];
    for (let i = 0; i < 3; i++) {
      const user = await createUser(t.pool);
      await grantRole(t.pool, user.id, 'candidate', { institutionId: w.institution.id });
      const voucherId = await redeemedEntitlement(t.pool, {
        institutionId: w.institution.id,
        examId: w.exam.id,
        candidateId: user.id,
        buyerId: w.admin.user.id,
      });
      candidates.push({ user, voucherId });
    }
    const noVoucher = await createUser(t.pool);
    await grantRole(t.pool, noVoucher.id, 'candidate', { institutionId: w.institution.id });
    const voucherStatus = async (id: string) =>
      (await t.pool.query(`SELECT status FROM vouchers WHERE id = $1`, [id])).rows[0].status;

    const held = await book({ start: slotAt(w.zone, 50, 11), seats: 1 });
    const notYet = await w.instructor.client.post(`/bookings/${held.body.id}/candidates`, {
      userId: candidates[0].user.id,
    });
    expect(notYet.status).toBe(409);
    expect(await voucherStatus(candidates[0].voucherId)).toBe('redeemed');

    const refused = await w.instructor.client.post(`/bookings/${booked.body.id}/candidates`, {
      userId: noVoucher.id,
    });
    expect(refused.status).toBe(409);
    expect(refused.body.type).toBe('/problems/no-entitlement');

    for (const c of candidates.slice(0, 2)) {
      const res = await w.instructor.client.post(`/bookings/${booked.body.id}/candidates`, {
        userId: c.user.id,
      });
      expect(res.status).toBe(201);
      expect(await voucherStatus(c.voucherId)).toBe('reserved');
    }
    const full = await w.instructor.client.post(`/bookings/${booked.body.id}/candidates`, {
      userId: candidates[2].user.id,
    });
    expect(full.body.type).toBe('/problems/booking-full');
    expect(await voucherStatus(candidates[2].voucherId)).toBe('redeemed');

    const candidateClient = await signIn(t.api, candidates[0].user);
    const mine = await candidateClient.get('/me/exams');
    expect(mine.status).toBe(200);
    expect(mine.body).toEqual([
      expect.objectContaining({
        bookingId: booked.body.id,
        start: new Date(start).toISOString(),
        centreTimeZone: w.zone,
        localStart: `${localDay(w.zone, 50)}T09:00`,
        onlineUrl: expect.stringMatching(new RegExp(`/me/exams/${booked.body.id}$`)),
        // seated by their instructor: not theirs to give back
        giveBackUntil: null,
      }),
    ]);

    const removed = await w.instructor.client.delete(
      `/bookings/${booked.body.id}/candidates/${candidates[0].user.id}`,
    );
    expect(removed.status).toBe(200);
    expect(removed.body.filledSeats).toBe(1);
    expect(await voucherStatus(candidates[0].voucherId)).toBe('redeemed');
    // the candidate is told, once
    const told = await t.pool.query(
      `SELECT subject FROM mail_outbox WHERE template = 'booking-seat-removed' AND to_address = $1`,
      [candidates[0].user.email.toLowerCase()],
    );
    expect(told.rows).toEqual([{ subject: expect.stringContaining('Seat removed:') }]);

    const cancelled = await w.instructor.client.post(`/bookings/${booked.body.id}/cancel`, {});
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({
      status: 'cancelled',
      candidates: [],
      proctors: [],
      filledSeats: 0,
    });
    expect(await voucherStatus(candidates[1].voucherId)).toBe('redeemed');
    expect(await usedVms(new Date(start).toISOString())).toBe(0);
  });

  it('tells the booker, proctors (old and new) and seated candidates when a confirmed block moves or is cancelled', async () => {
    const [first, second] = w.proctorIds;
    const emailOf = async (id: string) =>
      (await t.pool.query<{ email: string }>(`SELECT email FROM users WHERE id = $1`, [id])).rows[0].email;
    const mails = async (template: string, bookingId: string) =>
      (
        await t.pool.query<{ to_address: string; subject: string; text_body: string }>(
          `SELECT to_address, subject, text_body FROM mail_outbox
            WHERE template = $1 AND text_body LIKE '%' || $2 || '%' ORDER BY to_address`,
          [template, bookingId],
        )
      ).rows;
    const booked = await book({ start: slotAt(w.zone, 52, 9), seats: 2, proctorIds: [first], confirm: true });
    expect(booked.status).toBe(201);
    const candidate = await createUser(t.pool);
    await grantRole(t.pool, candidate.id, 'candidate', { institutionId: w.institution.id });
    await redeemedEntitlement(t.pool, {
      institutionId: w.institution.id,
      examId: w.exam.id,
      candidateId: candidate.id,
      buyerId: w.admin.user.id,
    });
    const seated = await w.instructor.client.post(`/bookings/${booked.body.id}/candidates`, {
      userId: candidate.id,
    });
    expect(seated.status).toBe(201);

    const to = slotAt(w.zone, 52, 13);
    const moved = await w.instructor.client.post(`/bookings/${booked.body.id}/move`, {
      start: to,
      proctorIds: [second],
    });
    expect(moved.status).toBe(200);
    const movedMail = await mails('booking-moved', booked.body.id);
    expect(movedMail.map((m) => m.to_address)).toEqual(
      [w.instructor.user.email, candidate.email, await emailOf(first), await emailOf(second)]
        .map((e) => e.toLowerCase())
        .sort(),
    );
    expect(movedMail[0].subject).toContain(`Moved: ${w.exam.code}`);
    expect(movedMail[0].text_body).toContain('has moved from');

    const cancelled = await w.instructor.client.post(`/bookings/${booked.body.id}/cancel`, {
      reason: 'The class moved to the spring term',
    });
    expect(cancelled.status).toBe(200);
    const cancelMail = await mails('booking-cancelled', booked.body.id);
    expect(cancelMail.map((m) => m.to_address)).toEqual(
      [w.instructor.user.email, candidate.email, await emailOf(second)].map((e) => e.toLowerCase()).sort(),
    );
    expect(cancelMail[0].text_body).toContain('Reason: The class moved to the spring term');

    // a hold told nobody, so its cancellation mails nobody
    const held = await book({ start: slotAt(w.zone, 52, 16), seats: 1 });
    expect((await w.instructor.client.post(`/bookings/${held.body.id}/cancel`, {})).status).toBe(200);
    expect(await mails('booking-cancelled', held.body.id)).toEqual([]);
  });

  it('needs the operator for changes inside the 24-hour cut-off', async () => {
    const operator = await signedInAs(t.api, t.pool, 'platform_operator');
    const start = slotAt(w.zone, 1, 9);
    const booked = await book({ start, confirm: true, overrideReason: 'urgent resit' }, operator.client);
    expect(booked.status).toBe(201);
    // pull it inside the cut-off
    await t.pool.query(
      `UPDATE bookings SET starts_at = now() + interval '3 hours', ends_at = now() + interval '4 hours' WHERE id = $1`,
      [booked.body.id],
    );
    const byInstructor = await w.instructor.client.post(`/bookings/${booked.body.id}/cancel`, {});
    expect(byInstructor.status).toBe(403);
    expect(byInstructor.body.type).toBe('/problems/within-change-cutoff');
    const noReason = await operator.client.post(`/bookings/${booked.body.id}/cancel`, {});
    expect(noReason.status).toBe(400);
    const withReason = await operator.client.post(`/bookings/${booked.body.id}/cancel`, {
      reason: 'centre flooded',
    });
    expect(withReason.status).toBe(200);
  });

  it('books only accredited centres and only the delivery modes the exam allows', async () => {
    const suspended = await createCentre(t.pool, w.institution.id, { status: 'suspended' });
    const res = await book({ start: slotAt(w.zone, 30, 9) }, w.instructor.client, suspended.id);
    expect(res.status).toBe(409);
    expect(res.body.type).toBe('/problems/centre-not-bookable');
    await t.pool.query(`UPDATE exams SET delivery_modes = ARRAY['in_lab'] WHERE id = $1`, [w.exam.id]);
    try {
      const online = await book({ start: slotAt(w.zone, 30, 10) });
      expect(online.body).toMatchObject({ type: '/problems/delivery-mode-not-allowed', allowed: ['in_lab'] });
    } finally {
      await t.pool.query(
        `UPDATE exams SET delivery_modes = ARRAY['in_lab','virtual_lab','online_proctored'] WHERE id = $1`,
        [w.exam.id],
      );
    }
  });

  it('answers 400 naming each invalid field and changes nothing', async () => {
    const before = await schedulingFootprint(t.pool);
    const res = await w.instructor.client.post(`/centres/${w.centre.id}/bookings`, {
      examId: 'not-a-uuid',
      start: 'tomorrow',
      deliveryMode: 'by-pigeon',
      seats: 0,
      colour: 'red',
    });
    expect(res.status).toBe(400);
    expect(res.body.type).toBe('/problems/validation-failed');
    const fields = (res.body.errors as { field: string }[]).map((e) => e.field).sort();
    expect(fields).toEqual(['colour', 'deliveryMode', 'examId', 'seats', 'start']);
    const badRange = await w.instructor.client.get(
      `/centres/${w.centre.id}/availability?from=2026-13-01&to=x`,
    );
    expect(badRange.status).toBe(400);
    expect(await schedulingFootprint(t.pool)).toEqual(before);

    const booked = await book({ start: slotAt(w.zone, 61, 9), confirm: true });
    const beforeMove = await schedulingFootprint(t.pool);
    const badMove = await w.instructor.client.post(`/bookings/${booked.body.id}/move`, {
      start: 'soon',
      seats: 3,
    });
    expect(badMove.status).toBe(400);
    expect((badMove.body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual([
      'seats',
      'start',
    ]);
    expect(await schedulingFootprint(t.pool)).toEqual(beforeMove);
  });

  it('keeps institutions apart: another institution sees and changes nothing (404), other roles get 403', async () => {
    const booked = await book({ start: slotAt(w.zone, 60, 9), confirm: true });
    const other = await schedulingWorld(t.api, t.pool, { vmPool: w.vmPool });
    const outsider = other.instructor.client;
    expect((await outsider.get(`/bookings/${booked.body.id}`)).status).toBe(404);
    expect((await outsider.post(`/bookings/${booked.body.id}/cancel`, {})).status).toBe(404);
    expect(
      (await outsider.post(`/bookings/${booked.body.id}/move`, { start: slotAt(w.zone, 60, 10) })).status,
    ).toBe(404);
    expect(
      (await outsider.get(`/centres/${w.centre.id}/availability?from=2030-01-01&to=2030-01-02`)).status,
    ).toBe(404);
    expect((await book({ start: slotAt(w.zone, 60, 10) }, outsider)).status).toBe(404);
    expect((await outsider.get(`/bookings/${randomUUID()}`)).status).toBe(404);
    expect((await outsider.get(`/centres/${w.centre.id}/bookings`)).status).toBe(404);

    const candidate = await signedInAs(t.api, t.pool, 'candidate', { institutionId: w.institution.id });
    const memberProctor = await signedInAs(t.api, t.pool, 'proctor', { institutionId: w.institution.id });
    expect((await book({ start: slotAt(w.zone, 60, 12) }, memberProctor.client)).status).toBe(403);
    expect((await candidate.client.post(`/bookings/${booked.body.id}/cancel`, {})).status).toBe(403);
    expect(
      (await candidate.client.post(`/bookings/${booked.body.id}/candidates`, { userId: candidate.user.id }))
        .status,
    ).toBe(403);
    expect((await memberProctor.client.get(`/vm-pools/${w.vmPool.id}/utilisation`)).status).toBe(403);
    expect((await book({ start: slotAt(w.zone, 60, 11) }, candidate.client)).status).toBe(403);
    expect((await candidate.client.get(`/bookings/${booked.body.id}`)).status).toBe(403);
    expect((await w.instructor.client.get(`/vm-pools`)).status).toBe(403);
    expect(
      (await w.admin.client.post(`/vm-pools`, { region: 'x', name: 'x', capacityPerHour: 1 })).status,
    ).toBe(403);

    // a proctor of the block sees it and finds it in their own list
    const proctorId = booked.body.proctors[0].userId;
    const proctorEmail = (await t.pool.query(`SELECT email FROM users WHERE id = $1`, [proctorId])).rows[0]
      .email;
    const proctor = await signIn(t.api, { email: proctorEmail, password: 'correct horse battery staple' });
    expect((await proctor.get(`/bookings/${booked.body.id}`)).status).toBe(200);
    const mine = await proctor.get('/me/proctoring');
    expect(mine.body.map((b: any) => b.bookingId)).toContain(booked.body.id);
  });

  it('lets the operator run pools: maintenance lowers capacity, never below what is booked, and shows in utilisation', async () => {
    const operator = await signedInAs(t.api, t.pool, 'platform_operator');
    const start = slotAt(w.zone, 70, 9);
    expect((await book({ start, seats: 6, confirm: true })).status).toBe(201);
    const window = (vmsOffline: number) =>
      operator.client.post(`/vm-pools/${w.vmPool.id}/maintenance-windows`, {
        starts: new Date(start).toISOString(),
        ends: new Date(new Date(start).getTime() + 3_600_000).toISOString(),
        vmsOffline,
        reason: 'hypervisor upgrade',
      });
    const tooMuch = await window(5);
    expect(tooMuch.status).toBe(409);
    expect(tooMuch.body.type).toBe('/problems/vm-capacity-below-booked');
    const ok = await window(3);
    expect(ok.status).toBe(201);
    const refused = await book({ start, seats: 2 });
    expect(refused.body).toMatchObject({ type: '/problems/vm-capacity-exhausted', left: 1 });

    const utilisation = await operator.client.get(
      `/vm-pools/${w.vmPool.id}/utilisation?from=${new Date(start).toISOString()}&to=${new Date(new Date(start).getTime() + 2 * 3_600_000).toISOString()}`,
    );
    expect(utilisation.status).toBe(200);
    expect(utilisation.body.hours[0]).toMatchObject({ capacity: 7, used: 6, free: 1, inMaintenance: true });
    expect(utilisation.body.hours[1]).toMatchObject({ capacity: 10, used: 0, inMaintenance: false });
    const sixWeeks = await operator.client.get(`/vm-pools/${w.vmPool.id}/utilisation`);
    expect(sixWeeks.body.hours).toHaveLength(6 * 7 * 24);
  });

  it('gives a secret iCalendar feed of the blocks a user booked, without signing in', async () => {
    const feed = await w.instructor.client.post('/me/calendar-feed');
    expect(feed.status).toBe(201);
    const path = new URL(feed.body.url).pathname.replace(/^\/api/, '');
    const ics = await t.api.get<string>(path);
    expect(ics.status).toBe(200);
    expect(ics.headers.get('content-type')).toContain('text/calendar');
    expect(ics.body).toContain('BEGIN:VCALENDAR');
    expect(ics.body).toContain('BEGIN:VEVENT');
    expect((await t.api.get(`/calendar/${'x'.repeat(43)}`)).status).toBe(404);
    // renewing the feed revokes the old URL
    await w.instructor.client.post('/me/calendar-feed');
    expect((await t.api.get(path)).status).toBe(404);
  });

  it('picks only proctors trained on the day who still hold the proctor role, however many others are free', async () => {
    // two more of the centre's proctors, both free: one whose training ran out, one no longer a proctor
    const lapsed = await createUser(t.pool, { email: `lapsed-${randomUUID()}@example.test` });
    await grantRole(t.pool, lapsed.id, 'proctor', { institutionId: w.institution.id });
    await assignProctor(t.pool, w.centre.id, lapsed.id);
    await recordTraining(t.pool, w.centre.id, lapsed.id, localDay(w.zone, -400));
    const former = await createUser(t.pool, { email: `former-${randomUUID()}@example.test` });
    await assignProctor(t.pool, w.centre.id, former.id);
    await recordTraining(t.pool, w.centre.id, former.id, localDay(w.zone, 0));
    try {
      const start = slotAt(w.zone, 55, 9);
      const picked: string[] = [];
      for (let i = 0; i < 4; i++) {
        const booked = await book({ start, seats: 1, confirm: true });
        expect(booked.status).toBe(201);
        picked.push(...booked.body.proctors.map((p: { userId: string }) => p.userId));
      }
      expect(new Set(picked).size).toBe(4);
      expect(picked).not.toContain(lapsed.id);
      expect(picked).not.toContain(former.id);
      // the four trained proctors are taken: the two untrained ones are not given the fifth block
      const fifth = await book({ start, seats: 1, confirm: true });
      expect(fifth.status).toBe(409);
      expect(fifth.body.type).toBe('/problems/proctors-unavailable');
      // nor may they be named
      const named = await book({
        start: slotAt(w.zone, 55, 11),
        seats: 1,
        proctorIds: [lapsed.id],
        confirm: true,
      });
      expect(named.status).toBe(409);
      expect(named.body.unavailableProctorIds).toEqual([lapsed.id]);
    } finally {
      // leave the centre's proctors as they were
      const extra = [[lapsed.id, former.id]];
      await t.pool.query(`DELETE FROM proctor_trainings WHERE user_id = ANY($1::uuid[])`, extra);
      await t.pool.query(`DELETE FROM centre_proctors WHERE user_id = ANY($1::uuid[])`, extra);
    }
  });
});

function localDay(zone: string, days: number): string {
  return DateTime.now().setZone(zone).startOf('day').plus({ days }).toISODate() as string;
}

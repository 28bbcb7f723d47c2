import { randomUUID } from 'node:crypto';
import { assignProctor, localDate, recordTraining } from '../factories/centres.factory';
import { createInstitution, createUser, grantRole, signedInAs, signIn } from '../factories/identity.factory';
import {
  redeemedEntitlement,
  schedulingWorld,
  SchedulingWorld,
  slotAt,
} from '../factories/scheduling.factory';
import type { ApiClient } from '../support/api-client';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Exam attempts: a proctor of the block starts a seated candidate's exam (the voucher is
 * consumed), the certification body records the score, a reinstated voucher voids its attempt,
 * and the retake policy decides whether a candidate may be seated for the exam again.
 */
describe('exam attempts: starting, results, reinstatement and the retake policy', () => {
  let t: TestApp;
  let w: SchedulingWorld;
  let proctor: ApiClient;
  let proctorId: string;
  let bodyAdmin: ApiClient;
  let bodyId: string;
  let dayOffset = 20;

  const status = async (voucherId: string) =>
    (await t.pool.query(`SELECT status FROM vouchers WHERE id = $1`, [voucherId])).rows[0].status as string;

  /** A confirmed online block proctored by `proctorId`, `days` ahead at 10:00 centre time. */
  const block = async (days = dayOffset++) => {
    const res = await w.instructor.client.post(`/centres/${w.centre.id}/bookings`, {
      examId: w.exam.id,
      deliveryMode: 'online_proctored',
      seats: 5,
      start: slotAt(w.zone, days, 10),
      proctorIds: [proctorId],
      confirm: true,
    });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  /** Moves a block's times (not its capacity rows) so that it runs now. */
  const runNow = (bookingId: string) =>
    t.pool.query(
      `UPDATE bookings SET starts_at = now() - interval '5 minutes', ends_at = now() + interval '55 minutes' WHERE id = $1`,
      [bookingId],
    );
  const newCandidate = async () => {
    const candidate = await createUser(t.pool);
    await grantRole(t.pool, candidate.id, 'candidate', { institutionId: w.institution.id });
    return { candidate, client: await signIn(t.api, candidate) };
  };
  const candidateWithEntitlement = async () => {
    const { candidate, client } = await newCandidate();
    const voucherId = await redeemedEntitlement(t.pool, {
      institutionId: w.institution.id,
      examId: w.exam.id,
      candidateId: candidate.id,
      buyerId: w.admin.user.id,
    });
    return { candidate, voucherId, client };
  };
  const seat = (bookingId: string, userId: string) =>
    w.instructor.client.post(`/bookings/${bookingId}/candidates`, { userId });
  const start = (bookingId: string, candidateId: string, client = proctor) =>
    client.post(`/bookings/${bookingId}/candidates/${candidateId}/start`);

  beforeAll(async () => {
    t = await startTestApp();
    w = await schedulingWorld(t.api, t.pool, { capacityPerHour: 50, proctors: 1 });
    const user = await createUser(t.pool);
    await grantRole(t.pool, user.id, 'proctor', { institutionId: w.institution.id });
    await assignProctor(t.pool, w.centre.id, user.id);
    await recordTraining(t.pool, w.centre.id, user.id, localDate(w.zone, { months: -1 }));
    proctorId = user.id;
    proctor = await signIn(t.api, user);
    bodyId = (await t.pool.query(`SELECT certification_body_id AS id FROM exams WHERE id = $1`, [w.exam.id]))
      .rows[0].id;
    bodyAdmin = (await signedInAs(t.api, t.pool, 'certification_body_admin', { certificationBodyId: bodyId }))
      .client;
  });
  afterAll(() => t.close());

  it('lets only a proctor of the block start a seated candidate’s exam, in its time, exactly once', async () => {
    const { candidate, voucherId } = await candidateWithEntitlement();
    const bookingId = await block();
    expect((await seat(bookingId, candidate.id)).status).toBe(201);
    expect(await status(voucherId)).toBe('reserved');

    const early = await start(bookingId, candidate.id);
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({
      type: '/problems/attempt-not-startable',
      status: 409,
      bookingStatus: 'confirmed',
    });
    expect(Date.parse(early.body.opensAt)).toBeLessThan(Date.parse(early.body.closesAt));
    await runNow(bookingId);

    const otherProctor = await signedInAs(t.api, t.pool, 'proctor', { institutionId: w.institution.id });
    const outsider = await signedInAs(t.api, t.pool, 'proctor', {
      institutionId: (await createInstitution(t.pool)).id,
    });
    expect((await start(bookingId, candidate.id, w.instructor.client)).status).toBe(403);
    expect((await start(bookingId, candidate.id, otherProctor.client)).status).toBe(403);
    expect((await start(bookingId, candidate.id, outsider.client)).status).toBe(404);
    expect((await start(bookingId, randomUUID())).status).toBe(404);
    expect(await status(voucherId)).toBe('reserved');

    // twenty clicks at once: one attempt, one consumed voucher
    const results = await Promise.all(Array.from({ length: 20 }, () => start(bookingId, candidate.id)));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(
      results
        .filter((r) => r.status === 409)
        .every((r) => r.body.type === '/problems/attempt-already-started'),
    ).toBe(true);
    expect(results.filter((r) => r.status === 409)).toHaveLength(19);
    expect(await status(voucherId)).toBe('consumed');
    const attempts = await t.pool.query(`SELECT outcome FROM exam_attempts WHERE voucher_id = $1`, [
      voucherId,
    ]);
    expect(attempts.rows).toEqual([{ outcome: 'in_progress' }]);

    const roster = await w.instructor.client.get(`/bookings/${bookingId}/attempts`);
    expect(roster.status).toBe(200);
    expect(roster.body).toEqual([
      expect.objectContaining({ candidateId: candidate.id, outcome: 'in_progress' }),
    ]);
    expect((await outsider.client.get(`/bookings/${bookingId}/attempts`)).status).toBe(404);
  });

  it('records the body’s score as passed or failed, once, and tells the candidate', async () => {
    const { candidate, client } = await candidateWithEntitlement();
    const bookingId = await block();
    await seat(bookingId, candidate.id);
    await runNow(bookingId);
    const attempt = (await start(bookingId, candidate.id)).body as { id: string };
    const path = `/exam-attempts/${attempt.id}/result`;
    const otherBody = await signedInAs(t.api, t.pool, 'certification_body_admin', {
      certificationBodyId: (
        await t.pool.query(
          `INSERT INTO certification_bodies (code, name) VALUES ($1, 'Other') RETURNING id`,
          [`o-${randomUUID().slice(0, 8)}`],
        )
      ).rows[0].id,
    });

    expect((await client.post(path, { score: 1000 })).status).toBe(403);
    expect((await otherBody.client.post(path, { score: 1000 })).status).toBe(404);
    const tooHigh = await bodyAdmin.post(path, { score: 1001 });
    expect(tooHigh.status).toBe(400);
    expect(tooHigh.body.errors[0].field).toBe('score');
    expect((await bodyAdmin.post(path, { score: 'lots' })).status).toBe(400);

    const waiting = await bodyAdmin.get(`/certification-bodies/${bodyId}/exam-attempts?outcome=in_progress`);
    expect(waiting.body.map((a: { id: string }) => a.id)).toContain(attempt.id);

    const failed = await bodyAdmin.post(path, { score: 640 });
    expect(failed.status).toBe(200);
    expect(failed.body).toMatchObject({ outcome: 'failed', score: 640, passingScore: 700 });
    expect((await bodyAdmin.post(path, { score: 900 })).status).toBe(409);
    const mail = await t.pool.query(`SELECT subject FROM mail_outbox WHERE to_address = $1`, [
      candidate.email,
    ]);
    expect(mail.rows.map((r) => r.subject)).toContainEqual(expect.stringMatching(/did not pass/));
    const mine = await client.get('/me/exam-attempts');
    expect(mine.body).toEqual([expect.objectContaining({ id: attempt.id, outcome: 'failed', score: 640 })]);
  });

  it('applies the retake policy when a candidate is seated again, and a reinstated voucher voids its attempt', async () => {
    // bought and redeemed through the API, so the voucher has a real code to show when reinstated
    const list = await t.pool.query<{ id: string }>(
      `INSERT INTO voucher_price_lists (exam_id, currency, retail_price_minor) VALUES ($1, 'USD', 16500) RETURNING id`,
      [w.exam.id],
    );
    await t.pool.query(`INSERT INTO voucher_price_tiers VALUES ($1, 1, 16500)`, [list.rows[0].id]);
    const order = await w.admin.client.post(
      `/institutions/${w.institution.id}/voucher-orders`,
      { items: [{ examId: w.exam.id, quantity: 1 }] },
      { 'idempotency-key': randomUUID() },
    );
    expect(order.status).toBe(201);
    const [bought] = (await w.admin.client.get(`/institutions/${w.institution.id}/vouchers?status=available`))
      .body.items as { id: string; code: string }[];
    const { candidate, client } = await newCandidate();
    expect((await client.post('/vouchers/redeem', { code: bought.code })).status).toBe(200);
    const voucherId = bought.id;
    const first = await block();
    const later = await block();
    expect((await seat(first, candidate.id)).status).toBe(201);
    const second = await redeemedEntitlement(t.pool, {
      institutionId: w.institution.id,
      examId: w.exam.id,
      candidateId: candidate.id,
      buyerId: w.admin.user.id,
    });

    // a retake cannot be booked before the first attempt's result is in
    const pending = await seat(later, candidate.id);
    expect(pending.status).toBe(409);
    expect(pending.body).toMatchObject({ type: '/problems/retake-not-allowed', reason: 'attempt-pending' });
    expect(await status(second)).toBe('redeemed');

    await runNow(first);
    const attempt = (await start(first, candidate.id)).body as { id: string };
    expect((await seat(later, candidate.id)).body.reason).toBe('attempt-pending');
    await bodyAdmin.post(`/exam-attempts/${attempt.id}/result`, { score: 100 });

    // the body asks for a 1,000-hour wait after a failure: a block 3 weeks on is too soon
    await t.pool.query(
      `INSERT INTO retake_policies (certification_body_id, wait_hours_after_first_failure, wait_hours_after_third_failure)
       VALUES ($1, 1000, 1000) ON CONFLICT (certification_body_id) DO UPDATE SET wait_hours_after_first_failure = 1000`,
      [bodyId],
    );
    const wait = await seat(later, candidate.id);
    expect(wait.status).toBe(409);
    expect(wait.body).toMatchObject({ type: '/problems/retake-not-allowed', reason: 'wait' });
    expect(Date.parse(wait.body.notBefore)).toBeGreaterThan(Date.now() + 900 * 3600_000);
    expect(await status(second)).toBe('redeemed');

    // the lab lost power: the centre's admin reinstates; the failed attempt no longer counts
    const reinstated = await w.admin.client.post(`/vouchers/${voucherId}/reinstate`, {
      fault: 'centre',
      reason: 'power cut in the lab',
    });
    expect(reinstated.status).toBe(200);
    expect(
      (await t.pool.query(`SELECT outcome FROM exam_attempts WHERE id = $1`, [attempt.id])).rows[0].outcome,
    ).toBe('voided');
    expect((await seat(later, candidate.id)).status).toBe(201);
    await t.pool.query(`DELETE FROM retake_policies WHERE certification_body_id = $1`, [bodyId]);
  });

  it('refuses a seat at an exam the candidate has already passed', async () => {
    const { candidate } = await candidateWithEntitlement();
    await redeemedEntitlement(t.pool, {
      institutionId: w.institution.id,
      examId: w.exam.id,
      candidateId: candidate.id,
      buyerId: w.admin.user.id,
    });
    const first = await block();
    await seat(first, candidate.id);
    await runNow(first);
    const attempt = (await start(first, candidate.id)).body as { id: string };
    expect((await bodyAdmin.post(`/exam-attempts/${attempt.id}/result`, { score: 900 })).body.outcome).toBe(
      'passed',
    );
    const again = await seat(await block(), candidate.id);
    expect(again.status).toBe(409);
    expect(again.body.reason).toBe('already-passed');
  });
});

import { randomUUID } from 'node:crypto';
import { createInstitution, createUser, grantRole, signedInAs, signIn } from '../factories/identity.factory';
import {
  redeemedEntitlement,
  schedulingWorld,
  SchedulingWorld,
  slotAt,
} from '../factories/scheduling.factory';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Open sessions: a block at a centre open to the public is published, and candidates (members
 * of the public too) take one seat each with their own entitlement, never more than the seats.
 */
describe('open sessions: publishing a block and candidates booking single seats', () => {
  let t: TestApp;
  let w: SchedulingWorld;
  let dayOffset = 20;

  const block = async (seats = 5, days = dayOffset++) => {
    const res = await w.instructor.client.post(`/centres/${w.centre.id}/bookings`, {
      examId: w.exam.id,
      deliveryMode: 'online_proctored',
      seats,
      start: slotAt(w.zone, days, 9),
      confirm: true,
    });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const publish = (bookingId: string, open = true, client = w.instructor.client) =>
    client.post(`/bookings/${bookingId}/open-session`, { open });
  /** Someone of the public (no membership anywhere) holding a redeemed entitlement for the exam. */
  const publicCandidate = async (withEntitlement = true) => {
    const user = await createUser(t.pool);
    const voucherId = withEntitlement
      ? await redeemedEntitlement(t.pool, {
          institutionId: w.institution.id,
          examId: w.exam.id,
          candidateId: user.id,
          buyerId: w.admin.user.id,
        })
      : null;
    return { user, voucherId, client: await signIn(t.api, user) };
  };
  const filled = async (bookingId: string) =>
    (await t.pool.query(`SELECT filled_seats FROM bookings WHERE id = $1`, [bookingId])).rows[0]
      .filled_seats as number;
  const status = async (voucherId: string) =>
    (await t.pool.query(`SELECT status FROM vouchers WHERE id = $1`, [voucherId])).rows[0].status as string;

  beforeAll(async () => {
    t = await startTestApp();
    w = await schedulingWorld(t.api, t.pool, { capacityPerHour: 200, proctors: 3 });
    await t.pool.query(
      `UPDATE testing_centres SET access_policy = 'public', public_proctoring_fee_minor = 10000, currency = 'CAD' WHERE id = $1`,
      [w.centre.id],
    );
  });
  afterAll(() => t.close());

  it('lets the institution publish and withdraw a block, only at a public centre', async () => {
    const bookingId = await block();
    const outsider = await signedInAs(t.api, t.pool, 'institution_admin', {
      institutionId: (await createInstitution(t.pool)).id,
    });
    const member = await signedInAs(t.api, t.pool, 'candidate', { institutionId: w.institution.id });
    expect((await publish(bookingId, true, outsider.client)).status).toBe(404);
    expect((await publish(bookingId, true, member.client)).status).toBe(403);
    expect(
      (await w.instructor.client.post(`/bookings/${bookingId}/open-session`, { open: 'yes' })).status,
    ).toBe(400);

    const published = await publish(bookingId);
    expect(published.status).toBe(200);
    expect((await w.instructor.client.get(`/bookings/${bookingId}`)).body.openToPublic).toBe(true);
    expect((await publish(bookingId, false)).status).toBe(200);
    expect((await w.instructor.client.get(`/bookings/${bookingId}`)).body.openToPublic).toBe(false);

    await t.pool.query(`UPDATE testing_centres SET access_policy = 'members_only' WHERE id = $1`, [
      w.centre.id,
    ]);
    try {
      const refused = await publish(bookingId);
      expect(refused.status).toBe(409);
      expect(refused.body.type).toBe('/problems/centre-members-only');
    } finally {
      await t.pool.query(`UPDATE testing_centres SET access_policy = 'public' WHERE id = $1`, [w.centre.id]);
    }
  });

  it('shows the public the session with the centre’s fee, and members without it', async () => {
    const bookingId = await block();
    await publish(bookingId);
    const stranger = await publicCandidate();
    const member = await signedInAs(t.api, t.pool, 'candidate', { institutionId: w.institution.id });

    const seen = (await stranger.client.get(`/open-sessions?examId=${w.exam.id}`)).body as any[];
    expect(seen.find((s) => s.bookingId === bookingId)).toMatchObject({
      proctoringFeeMinor: 10000,
      currency: 'CAD',
      freeSeats: 5,
      haveEntitlement: true,
      seated: false,
      timeZone: w.zone,
    });
    const forMember = (await member.client.get(`/open-sessions?examId=${w.exam.id}`)).body as any[];
    expect(forMember.find((s) => s.bookingId === bookingId)).toMatchObject({
      proctoringFeeMinor: 0,
      haveEntitlement: false,
    });
    expect((await stranger.client.get('/open-sessions?from=yesterday')).status).toBe(400);
  });

  it('seats a candidate with their own entitlement, records the fee, and gives the seat back', async () => {
    const bookingId = await block();
    await publish(bookingId);
    const { user, voucherId, client } = await publicCandidate();

    const seat = await client.post(`/open-sessions/${bookingId}/seat`);
    expect(seat.status).toBe(201);
    expect(seat.body).toMatchObject({ bookingId, voucherId, proctoringFeeMinor: 10000, currency: 'CAD' });
    expect(await status(voucherId as string)).toBe('reserved');
    expect(await filled(bookingId)).toBe(1);
    const row = await t.pool.query(
      `SELECT proctoring_fee_minor, fee_currency FROM booking_candidates WHERE booking_id = $1 AND candidate_id = $2`,
      [bookingId, user.id],
    );
    expect(row.rows[0]).toEqual({ proctoring_fee_minor: 10000, fee_currency: 'CAD' });
    const exams = (await client.get('/me/exams')).body as any[];
    expect(exams.map((e) => e.bookingId)).toContain(bookingId);

    // a second seat at the same exam waits for the first attempt's result
    expect((await client.post(`/open-sessions/${bookingId}/seat`)).body.type).toBe(
      '/problems/retake-not-allowed',
    );

    expect((await client.delete(`/open-sessions/${bookingId}/seat`)).status).toBe(204);
    expect(await status(voucherId as string)).toBe('redeemed');
    expect(await filled(bookingId)).toBe(0);
    expect((await client.delete(`/open-sessions/${bookingId}/seat`)).status).toBe(404);
  });

  it('refuses a seat without an entitlement, or in an unpublished block, and changes nothing', async () => {
    const bookingId = await block();
    const { client } = await publicCandidate(false);
    expect((await client.post(`/open-sessions/${bookingId}/seat`)).status).toBe(404);
    await publish(bookingId);
    const refused = await client.post(`/open-sessions/${bookingId}/seat`);
    expect(refused.status).toBe(409);
    expect(refused.body.type).toBe('/problems/no-entitlement');
    expect(await filled(bookingId)).toBe(0);
    expect((await client.post(`/open-sessions/${randomUUID()}/seat`)).status).toBe(404);
  });

  it('fills a 5-seat session with exactly 5 of 30 candidates racing for it', async () => {
    const bookingId = await block(5);
    await publish(bookingId);
    const racers = await Promise.all(Array.from({ length: 30 }, () => publicCandidate()));
    const results = await Promise.all(racers.map((r) => r.client.post(`/open-sessions/${bookingId}/seat`)));
    expect(results.filter((r) => r.status === 201)).toHaveLength(5);
    expect(results.filter((r) => r.status === 409 && r.body.type === '/problems/booking-full')).toHaveLength(
      25,
    );
    expect(await filled(bookingId)).toBe(5);
    const reserved = await t.pool.query(
      `SELECT count(*)::int AS n FROM vouchers WHERE id = ANY($1::uuid[]) AND status = 'reserved'`,
      [racers.map((r) => r.voucherId)],
    );
    expect(reserved.rows[0].n).toBe(5);
    const seated = await t.pool.query(
      `SELECT count(*)::int AS n FROM booking_candidates WHERE booking_id = $1`,
      [bookingId],
    );
    expect(seated.rows[0].n).toBe(5);
  });

  it('lets a member of the public only see, not change, the institution’s roster', async () => {
    const bookingId = await block();
    await publish(bookingId);
    const { client } = await publicCandidate();
    const member = await createUser(t.pool);
    await grantRole(t.pool, member.id, 'candidate', { institutionId: w.institution.id });
    expect((await client.post(`/bookings/${bookingId}/candidates`, { userId: member.id })).status).toBe(404);
    expect((await client.post(`/bookings/${bookingId}/cancel`, {})).status).toBe(404);
  });
});

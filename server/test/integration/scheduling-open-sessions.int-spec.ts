import { randomBytes } from 'node:crypto';
import type { Pool } from 'pg';
import { createUser, grantRole, signedInAs, signIn } from '../factories/identity.factory';
import { schedulingWorld, SchedulingWorld, slotAt } from '../factories/scheduling.factory';
import { startTestApp, TestApp } from '../support/test-app';

/** A retail voucher the candidate bought and redeemed themselves. */
async function ownRedeemedVoucher(pool: Pool, candidateId: string, examId: string): Promise<string> {
  const order = await pool.query<{ id: string }>(
    `INSERT INTO voucher_orders (buyer_user_id, idempotency_key, request_hash, currency, total_minor, items)
     VALUES ($1, $2, 'test', 'USD', 16500, '[]') RETURNING id`,
    [candidateId, `key-${randomBytes(6).toString('hex')}`],
  );
  const pack = await pool.query<{ id: string }>(
    `INSERT INTO voucher_packs (order_id, owner_user_id, exam_id, quantity, unit_price_minor, currency, purchased_at, expires_at, expiry_zone)
     VALUES ($1, $2, $3, 1, 16500, 'USD', now(), now() + interval '12 months', 'UTC') RETURNING id`,
    [order.rows[0].id, candidateId, examId],
  );
  const voucher = await pool.query<{ id: string }>(
    `INSERT INTO vouchers (pack_id, owner_user_id, exam_id, code_hash, code_encrypted, code_hint, status, expires_at, redeemed_by, redeemed_at)
     VALUES ($1, $2, $3, $4, '\\x00', 'XXXX', 'redeemed', now() + interval '12 months', $2, now()) RETURNING id`,
    [pack.rows[0].id, candidateId, examId, randomBytes(32)],
  );
  return voucher.rows[0].id;
}

describe('scheduling: open sessions at centres open to the public', () => {
  let t: TestApp;
  let w: SchedulingWorld;
  const voucherStatus = async (id: string) =>
    (await t.pool.query(`SELECT status FROM vouchers WHERE id = $1`, [id])).rows[0].status as string;

  beforeAll(async () => {
    t = await startTestApp();
    w = await schedulingWorld(t.api, t.pool, { capacityPerHour: 20, proctors: 3 });
    await t.pool.query(
      `UPDATE testing_centres SET access_policy = 'public', public_proctoring_fee_minor = 10000 WHERE id = $1`,
      [w.centre.id],
    );
  });
  afterAll(() => t.close());

  it('lets a member of the public take a seat with their own entitlement, and give it back', async () => {
    const start = slotAt(w.zone, 30, 9);
    const booked = await w.instructor.client.post(`/centres/${w.centre.id}/bookings`, {
      examId: w.exam.id,
      start,
      deliveryMode: 'online_proctored',
      seats: 2,
      confirm: true,
    });
    expect(booked.status).toBe(201);
    const stranger = await createUser(t.pool);
    const voucherId = await ownRedeemedVoucher(t.pool, stranger.id, w.exam.id);
    const client = await signIn(t.api, stranger);

    // not yet published: nothing to see or take
    expect((await client.get(`/open-sessions?examId=${w.exam.id}`)).body).toEqual([]);
    expect((await client.post(`/open-sessions/${booked.body.id}/seat`)).status).toBe(404);

    const opened = await w.instructor.client.put(`/bookings/${booked.body.id}/open-to-public`, {
      open: true,
    });
    expect(opened.status).toBe(200);
    expect(opened.body.openToPublic).toBe(true);
    const listed = await client.get(`/open-sessions?examId=${w.exam.id}`);
    expect(listed.body).toEqual([
      expect.objectContaining({
        bookingId: booked.body.id,
        seatsLeft: 2,
        proctoringFeeMinor: 10000,
        centreTimeZone: w.zone,
      }),
    ]);

    const taken = await client.post(`/open-sessions/${booked.body.id}/seat`);
    expect(taken.status).toBe(201);
    expect(await voucherStatus(voucherId)).toBe('reserved');
    const mine = (await client.get('/me/exams')).body;
    expect(mine.map((e: any) => e.bookingId)).toEqual([booked.body.id]);
    // a seat they took themselves: theirs to give back until the 24-hour cut-off before the start
    expect(mine[0].giveBackUntil).toBe(new Date(new Date(start).getTime() - 24 * 3_600_000).toISOString());
    expect((await client.get(`/open-sessions?examId=${w.exam.id}`)).body[0].seatsLeft).toBe(1);

    // one entitlement, one seat
    const again = await client.post(`/open-sessions/${booked.body.id}/seat`);
    expect(again.status).toBe(409);
    const empty = await signIn(t.api, await createUser(t.pool));
    const noVoucher = await empty.post(`/open-sessions/${booked.body.id}/seat`);
    expect(noVoucher.body.type).toBe('/problems/no-entitlement');

    expect((await client.delete(`/open-sessions/${booked.body.id}/seat`)).status).toBe(204);
    expect(await voucherStatus(voucherId)).toBe('redeemed');
    expect((await client.get(`/open-sessions?examId=${w.exam.id}`)).body[0].seatsLeft).toBe(2);
  });

  it("invoices the centre's proctoring fee to a member of the public for the seat, once, and voids it when the seat is given back", async () => {
    const booked = await w.instructor.client.post(`/centres/${w.centre.id}/bookings`, {
      examId: w.exam.id,
      start: slotAt(w.zone, 34, 9),
      deliveryMode: 'online_proctored',
      seats: 3,
      confirm: true,
    });
    expect(booked.status).toBe(201);
    expect(
      (await w.instructor.client.put(`/bookings/${booked.body.id}/open-to-public`, { open: true })).status,
    ).toBe(200);
    const operator = await signedInAs(t.api, t.pool, 'platform_operator');
    const feeInvoices = async () =>
      (await operator.client.get('/invoices')).body.filter(
        (i: { bookingId: string | null }) => i.bookingId === booked.body.id,
      ) as {
        id: string;
        kind: string;
        status: string;
        amountMinor: number;
        buyerEmail: string;
        description: string;
      }[];

    const stranger = await createUser(t.pool);
    await ownRedeemedVoucher(t.pool, stranger.id, w.exam.id);
    await ownRedeemedVoucher(t.pool, stranger.id, w.exam.id);
    const client = await signIn(t.api, stranger);
    const taken = await client.post(`/open-sessions/${booked.body.id}/seat`);
    expect(taken.status).toBe(201);
    expect(taken.body.fee).toEqual({
      invoiceNumber: expect.stringMatching(/^INV-\d+$/),
      amountMinor: 10000,
      currency: 'USD',
      status: 'open',
      dueAt: expect.any(String),
    });
    const mine = (await client.get('/me/exams')).body.find(
      (e: { bookingId: string }) => e.bookingId === booked.body.id,
    );
    expect(mine.fee).toEqual(taken.body.fee);
    const [invoice] = await feeInvoices();
    expect(invoice).toMatchObject({
      kind: 'proctoring_fee',
      status: 'open',
      amountMinor: 10000,
      buyerEmail: stranger.email,
      orderId: null,
      description: expect.stringContaining(`Proctoring fee: ${w.exam.code} at ${w.centre.name}`),
    });

    // given back: the open invoice is void; taken again: a new one, never two live ones
    expect((await client.delete(`/open-sessions/${booked.body.id}/seat`)).status).toBe(204);
    expect((await feeInvoices()).map((i) => i.status)).toEqual(['void']);
    const retaken = await client.post(`/open-sessions/${booked.body.id}/seat`);
    expect(retaken.status).toBe(201);
    expect(retaken.body.fee.invoiceNumber).not.toBe(taken.body.fee.invoiceNumber);
    expect((await feeInvoices()).map((i) => i.status).sort()).toEqual(['open', 'void']);

    // the operator records the payment; nothing else changes
    const open = (await feeInvoices()).find((i) => i.status === 'open');
    const settled = await operator.client.post(`/invoices/${open?.id}/settle`);
    expect(settled.status).toBe(200);
    expect(settled.body).toMatchObject({ kind: 'proctoring_fee', status: 'paid' });
    expect(
      (await client.get('/me/exams')).body.find((e: { bookingId: string }) => e.bookingId === booked.body.id)
        .fee.status,
    ).toBe('paid');

    // a member of the centre's own institution sits for free
    const member = await createUser(t.pool);
    await grantRole(t.pool, member.id, 'candidate', { institutionId: w.institution.id });
    await ownRedeemedVoucher(t.pool, member.id, w.exam.id);
    const memberSeat = await (await signIn(t.api, member)).post(`/open-sessions/${booked.body.id}/seat`);
    expect(memberSeat.status).toBe(201);
    expect(memberSeat.body.fee).toBeNull();
    expect(await feeInvoices()).toHaveLength(2);
  });

  it('makes a paid fee due for a refund when its seat ends before the exam, and the operator records the refund once', async () => {
    const operator = await signedInAs(t.api, t.pool, 'platform_operator');
    const openSession = async (hour: number) => {
      const booked = await w.instructor.client.post(`/centres/${w.centre.id}/bookings`, {
        examId: w.exam.id,
        start: slotAt(w.zone, 36, hour),
        deliveryMode: 'online_proctored',
        seats: 3,
        confirm: true,
      });
      expect(booked.status).toBe(201);
      await w.instructor.client.put(`/bookings/${booked.body.id}/open-to-public`, { open: true });
      return booked.body.id as string;
    };
    const feesOf = async (bookingId: string) =>
      (
        await t.pool.query<{ id: string; status: string; buyer: string }>(
          `SELECT id, status, buyer_user_id AS buyer FROM invoices WHERE booking_id = $1 ORDER BY issued_at, number`,
          [bookingId],
        )
      ).rows;
    const payer = async (bookingId: string) => {
      const user = await createUser(t.pool);
      await ownRedeemedVoucher(t.pool, user.id, w.exam.id);
      await ownRedeemedVoucher(t.pool, user.id, w.exam.id);
      const client = await signIn(t.api, user);
      expect((await client.post(`/open-sessions/${bookingId}/seat`)).status).toBe(201);
      const [fee] = (await feesOf(bookingId)).filter((f) => f.buyer === user.id);
      expect((await operator.client.post(`/invoices/${fee.id}/settle`)).status).toBe(200);
      return { user, client, feeId: fee.id };
    };

    // given back after paying: the refund is due; taken again meanwhile: paid again, no new bill
    const session = await openSession(9);
    const first = await payer(session);
    expect((await first.client.delete(`/open-sessions/${session}/seat`)).status).toBe(204);
    expect(await feesOf(session)).toEqual([{ id: first.feeId, status: 'refund_due', buyer: first.user.id }]);
    const retaken = await first.client.post(`/open-sessions/${session}/seat`);
    expect(retaken.status).toBe(201);
    expect(retaken.body.fee).toMatchObject({ status: 'paid', amountMinor: 10000 });
    expect(await feesOf(session)).toEqual([{ id: first.feeId, status: 'paid', buyer: first.user.id }]);

    // given back again, and the operator refunds it: recorded once, and a later seat is billed anew
    await first.client.delete(`/open-sessions/${session}/seat`);
    const due = await operator.client.get('/invoices?status=refund_due');
    expect(due.body.map((i: { id: string }) => i.id)).toContain(first.feeId);
    expect(due.body.find((i: { id: string }) => i.id === first.feeId)).toMatchObject({
      status: 'refund_due',
      refundDueAt: expect.any(String),
      refundedAt: null,
      settledAt: expect.any(String),
    });
    expect((await first.client.post(`/invoices/${first.feeId}/refund`)).status).toBe(403);
    const refunded = await operator.client.post(`/invoices/${first.feeId}/refund`);
    expect(refunded.status).toBe(200);
    expect(refunded.body).toMatchObject({ status: 'refunded', refundedAt: expect.any(String) });
    const again = await operator.client.post(`/invoices/${first.feeId}/refund`);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({
      type: '/problems/invalid-state-transition',
      invoiceStatus: 'refunded',
    });
    const audited = await t.pool.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'invoice.refunded' AND entity_id = $1`,
      [first.feeId],
    );
    expect(audited.rows[0].n).toBe(1);
    // the payer was told twice the refund was due (two seats given back after paying), then once it was made
    const told = await t.pool.query<{ template: string; subject: string; text_body: string }>(
      `SELECT template, subject, text_body FROM mail_outbox WHERE to_address = $1 AND template LIKE 'fee-%' ORDER BY created_at`,
      [first.user.email],
    );
    expect(told.rows.map((m) => m.template)).toEqual(['fee-refund-due', 'fee-refund-due', 'fee-refunded']);
    expect(told.rows[2].text_body).toContain('$100.00');
    expect(told.rows[2].text_body).toContain(`Proctoring fee: ${w.exam.code} at ${w.centre.name}`);
    // and sees it among their own fees
    const myFees = await first.client.get('/me/proctoring-fees');
    expect(myFees.status).toBe(200);
    expect(myFees.body.map((f: { id: string; status: string }) => [f.id, f.status])).toEqual([
      [first.feeId, 'refunded'],
    ]);
    expect((await first.client.post(`/open-sessions/${session}/seat`)).body.fee.status).toBe('open');
    expect((await feesOf(session)).map((f) => f.status)).toEqual(['refunded', 'open']);

    // the instructor removes a paying candidate: due for a refund too
    const second = await payer(session);
    const removed = await w.instructor.client.delete(`/bookings/${session}/candidates/${second.user.id}`);
    expect(removed.status).toBe(200);
    expect((await feesOf(session)).find((f) => f.id === second.feeId)?.status).toBe('refund_due');

    // the block is cancelled: an open fee is voided, a paid one is due for a refund
    const cancelledSession = await openSession(11);
    const paid = await payer(cancelledSession);
    const unpaid = await createUser(t.pool);
    await ownRedeemedVoucher(t.pool, unpaid.id, w.exam.id);
    expect((await (await signIn(t.api, unpaid)).post(`/open-sessions/${cancelledSession}/seat`)).status).toBe(
      201,
    );
    const cancelled = await w.instructor.client.post(`/bookings/${cancelledSession}/cancel`, {});
    expect(cancelled.status).toBe(200);
    const ended = await feesOf(cancelledSession);
    expect(ended.find((f) => f.buyer === paid.user.id)?.status).toBe('refund_due');
    expect(ended.find((f) => f.buyer === unpaid.id)?.status).toBe('void');

    // only a fee due for a refund can be refunded
    const notDue = await operator.client.post(
      `/invoices/${ended.find((f) => f.buyer === unpaid.id)?.id}/refund`,
    );
    expect(notDue.status).toBe(409);
  });

  it('fills a 5-seat open session with exactly 5 of 30 candidates racing for it', async () => {
    const booked = await w.instructor.client.post(`/centres/${w.centre.id}/bookings`, {
      examId: w.exam.id,
      start: slotAt(w.zone, 31, 9),
      deliveryMode: 'online_proctored',
      seats: 5,
      confirm: true,
    });
    expect(booked.status).toBe(201);
    await w.instructor.client.put(`/bookings/${booked.body.id}/open-to-public`, { open: true });
    const racers = await Promise.all(
      Array.from({ length: 30 }, async () => {
        const user = await createUser(t.pool);
        return {
          voucherId: await ownRedeemedVoucher(t.pool, user.id, w.exam.id),
          client: await signIn(t.api, user),
        };
      }),
    );
    const results = await Promise.all(
      racers.map((r) => r.client.post(`/open-sessions/${booked.body.id}/seat`)),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(5);
    expect(results.filter((r) => r.status === 409 && r.body.type === '/problems/booking-full')).toHaveLength(
      25,
    );
    const seated = await t.pool.query(
      `SELECT (SELECT filled_seats FROM bookings WHERE id = $1) AS filled,
              (SELECT count(*)::int FROM booking_candidates WHERE booking_id = $1) AS rows,
              (SELECT count(*)::int FROM vouchers WHERE id = ANY($2::uuid[]) AND status = 'reserved') AS reserved`,
      [booked.body.id, racers.map((r) => r.voucherId)],
    );
    expect(seated.rows[0]).toEqual({ filled: 5, rows: 5, reserved: 5 });
  });

  it('applies the retake policy: a second seat at the same exam waits for the first result', async () => {
    const starts = [32, 33].map((days) => slotAt(w.zone, days, 9));
    const ids: string[] = [];
    for (const start of starts) {
      const res = await w.instructor.client.post(`/centres/${w.centre.id}/bookings`, {
        examId: w.exam.id,
        start,
        deliveryMode: 'online_proctored',
        seats: 2,
        confirm: true,
      });
      await w.instructor.client.put(`/bookings/${res.body.id}/open-to-public`, { open: true });
      ids.push(res.body.id as string);
    }
    const user = await createUser(t.pool);
    await ownRedeemedVoucher(t.pool, user.id, w.exam.id);
    const spare = await ownRedeemedVoucher(t.pool, user.id, w.exam.id);
    const client = await signIn(t.api, user);
    expect((await client.post(`/open-sessions/${ids[0]}/seat`)).status).toBe(201);
    const second = await client.post(`/open-sessions/${ids[1]}/seat`);
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({ type: '/problems/retake-not-allowed', reason: 'attempt-pending' });
    expect(await voucherStatus(spare)).toBe('redeemed');
  });

  it('refuses to publish a block of a members-only centre', async () => {
    const other = await schedulingWorld(t.api, t.pool, { vmPool: w.vmPool, proctors: 1 });
    const booked = await other.instructor.client.post(`/centres/${other.centre.id}/bookings`, {
      examId: other.exam.id,
      start: slotAt(other.zone, 30, 9),
      deliveryMode: 'online_proctored',
      seats: 1,
      confirm: true,
    });
    const res = await other.instructor.client.put(`/bookings/${booked.body.id}/open-to-public`, {
      open: true,
    });
    expect(res.status).toBe(409);
    // and an outsider cannot publish someone else's block
    expect((await other.instructor.client.put(`/bookings/${booked.body.id}/open-to-public`, {})).status).toBe(
      400,
    );
    const outsider = await w.instructor.client.put(`/bookings/${booked.body.id}/open-to-public`, {
      open: true,
    });
    expect(outsider.status).toBe(404);
  });
});

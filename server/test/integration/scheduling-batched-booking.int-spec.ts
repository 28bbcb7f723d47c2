import { randomUUID } from 'node:crypto';
import { TransactionRunner } from '../../src/core/database/transaction-runner';
import {
  BlockRefused,
  BookedBlock,
  SchedulingRepository,
} from '../../src/modules/scheduling/scheduling.repository';
import { newBlock, schedulingWorld, SchedulingWorld, slotAt } from '../factories/scheduling.factory';
import { startTestApp, TestApp } from '../support/test-app';

const HOUR = 3_600_000;

/**
 * Blocks are booked several to a statement (`book_blocks`, sent by BlockWriter). Each block of a
 * statement stands or falls on its own, against the real database.
 */
describe('scheduling: several blocks booked by one statement, each on its own', () => {
  let t: TestApp;
  let w: SchedulingWorld;

  beforeAll(async () => {
    t = await startTestApp();
    w = await schedulingWorld(t.api, t.pool, { capacityPerHour: 2, proctors: 6 });
  });
  afterAll(() => t.close());

  const block = (start: string, opts: { seats?: number; named?: string[]; mailTo?: string } = {}) =>
    newBlock(w, new Date(start), opts);

  it('writes the blocks that fit and refuses the others alone: VMs short in an hour, a named proctor taken by an earlier block of the batch', async () => {
    const at10 = slotAt(w.zone, 30, 10);
    const at12 = slotAt(w.zone, 30, 12);
    const proctor = w.proctorIds[0];
    const first = block(at10, { mailTo: 'first@example.com' });
    const tooBig = block(at10, { seats: 2, mailTo: 'too-big@example.com' });
    const last = block(at10);
    const named = block(at12, { named: [proctor] });
    const sameProctor = block(at12, { named: [proctor] });
    const answers = await t.app
      .get(SchedulingRepository)
      .bookBlocks(t.app.get(TransactionRunner).manager, [first, tooBig, last, named, sameProctor]);

    const outcome = (a: BookedBlock | BlockRefused) =>
      a instanceof BlockRefused ? a.code : a.booking ? 'written' : `found ${a.picked} of the proctors`;
    expect(answers.map(outcome)).toEqual([
      'written',
      'IV001',
      'written',
      'written',
      'found 0 of the proctors',
    ]);
    // what is short is named, for the problem the API answers with
    expect(JSON.parse((answers[1] as BlockRefused).detail ?? '')).toMatchObject({ requested: 2, left: 1 });
    expect((answers[3] as BookedBlock).proctors.map((p) => p.userId)).toEqual([proctor]);
    expect((answers[4] as BookedBlock).foundProctorIds).toEqual([]);

    const written = [first.id, last.id, named.id];
    const ids = [first, tooBig, last, named, sameProctor].map((b) => b.id);
    const { rows } = await t.pool.query(
      `SELECT (SELECT array_agg(id::text ORDER BY id) FROM bookings WHERE id = ANY($1::uuid[])) AS bookings,
              (SELECT used FROM vm_capacity_hours WHERE pool_id = $2 AND hour = $3) AS used_at_10,
              (SELECT used FROM vm_capacity_hours WHERE pool_id = $2 AND hour = $4) AS used_at_12,
              (SELECT array_agg(entity_id ORDER BY entity_id) FROM audit_log
                WHERE action = 'booking.booked' AND entity_id = ANY($5::text[])) AS audited,
              (SELECT array_agg(to_address ORDER BY to_address) FROM mail_outbox
                WHERE to_address IN ('first@example.com', 'too-big@example.com')) AS mailed,
              (SELECT count(*)::int FROM booking_proctors WHERE booking_id = ANY($1::uuid[])) AS proctor_rows`,
      [ids, w.vmPool.id, at10, at12, ids],
    );
    expect(rows[0]).toEqual({
      bookings: [...written].sort(),
      used_at_10: 2,
      used_at_12: 1,
      audited: [...written].sort(),
      mailed: ['first@example.com'],
      proctor_rows: 3,
    });
  });

  it('answers a centre no longer bookable without writing, and leaves the counters as they were', async () => {
    const at = slotAt(w.zone, 31, 9);
    const refused = { ...block(at), bookableStatus: 'suspended' };
    const [answer] = await t.app
      .get(SchedulingRepository)
      .bookBlocks(t.app.get(TransactionRunner).manager, [refused]);
    expect(answer).toMatchObject({ centreOk: false, booking: null });
    const { rows } = await t.pool.query(
      `SELECT (SELECT count(*)::int FROM bookings WHERE id = $1) AS bookings,
              (SELECT coalesce(max(used), 0)::int FROM vm_capacity_hours WHERE pool_id = $2 AND hour = $3) AS used`,
      [refused.id, w.vmPool.id, at],
    );
    expect(rows[0]).toEqual({ bookings: 0, used: 0 });
  });

  it('counts a maintenance window in an hour nobody has booked yet', async () => {
    const at = slotAt(w.zone, 35, 9);
    await t.pool.query(
      `INSERT INTO vm_maintenance_windows (pool_id, starts_at, ends_at, vms_offline, reason)
       VALUES ($1, $2, $2::timestamptz + interval '1 hour', 1, 'hypervisor upgrade')`,
      [w.vmPool.id, at],
    );
    const repository = t.app.get(SchedulingRepository);
    const em = t.app.get(TransactionRunner).manager;
    const [both] = await repository.bookBlocks(em, [block(at, { seats: 2 })]);
    expect(both).toBeInstanceOf(BlockRefused);
    expect(JSON.parse((both as BlockRefused).detail ?? '')).toMatchObject({ requested: 2, left: 1 });
    const [one] = (await repository.bookBlocks(em, [block(at, { seats: 1 })])) as BookedBlock[];
    expect(one.booking).not.toBeNull();
    const { rows } = await t.pool.query(
      `SELECT capacity, used FROM vm_capacity_hours WHERE pool_id = $1 AND hour = $2`,
      [w.vmPool.id, at],
    );
    expect(rows).toEqual([{ capacity: 1, used: 1 }]);
  });

  it('sends concurrent bookings several to a statement, and still books exactly the VMs there are', async () => {
    const repository = t.app.get(SchedulingRepository);
    const sizes: number[] = [];
    const spy = jest.spyOn(repository, 'bookBlocks').mockImplementation(function (this: unknown, em, blocks) {
      sizes.push(blocks.length);
      return SchedulingRepository.prototype.bookBlocks.call(repository, em, blocks);
    });
    try {
      // a pool of 2 VMs an hour; 30 bookings at once over 5 hours: exactly 10 fit
      const starts = Array.from({ length: 30 }, (_, i) => slotAt(w.zone, 32, 8 + (i % 5)));
      const responses = await Promise.all(
        starts.map((start) =>
          w.instructor.client.post(`/centres/${w.centre.id}/bookings`, {
            examId: w.exam.id,
            start,
            deliveryMode: 'online_proctored',
            seats: 1,
            confirm: true,
          }),
        ),
      );
      const statuses = responses.map((r) => r.status).sort();
      expect(statuses).toEqual([...Array(10).fill(201), ...Array(20).fill(409)]);
      expect(Math.max(...sizes)).toBeGreaterThan(1);
      const { rows } = await t.pool.query<{ hour: Date; used: number; booked: number }>(
        `SELECT c.hour, c.used,
                (SELECT count(*)::int FROM bookings b
                  WHERE b.vm_pool_id = c.pool_id AND b.starts_at = c.hour AND b.status = 'confirmed') AS booked
           FROM vm_capacity_hours c WHERE c.pool_id = $1 AND c.hour = ANY($2::timestamptz[]) ORDER BY c.hour`,
        [w.vmPool.id, [...new Set(starts)]],
      );
      expect(rows.map((r) => [r.used, r.booked])).toEqual(Array(5).fill([2, 2]));
    } finally {
      spy.mockRestore();
    }
  }, 60_000);

  it('reads the contexts of several bookings in one query, and none for a centre that does not exist', async () => {
    const repository = t.app.get(SchedulingRepository);
    const em = t.app.get(TransactionRunner).manager;
    const start = new Date(slotAt(w.zone, 33, 9));
    const request = {
      centreId: w.centre.id,
      examId: w.exam.id,
      bookerId: w.instructor.user.id,
      start,
      needsVms: true,
      namedProctors: [w.proctorIds[1]],
    };
    const [one, none, other] = await repository.bookingContexts(
      em,
      [
        request,
        { ...request, centreId: randomUUID() },
        { ...request, start: new Date(start.getTime() + HOUR) },
      ],
      10,
    );
    const [alone] = await repository.bookingContexts(em, [request], 10);
    expect(none).toBeNull();
    expect(one).toEqual(alone);
    expect(one?.trainedProctorIds).toEqual([w.proctorIds[1]]);
    const left = (c: typeof one) =>
      c?.hints?.vmsLeft.map((h) => ({ at: new Date(h.hour).getTime(), left: h.left }));
    expect(left(one)).toEqual([{ at: start.getTime(), left: 2 }]);
    expect(left(other)).toEqual([{ at: start.getTime() + HOUR, left: 2 }]);
  });
});

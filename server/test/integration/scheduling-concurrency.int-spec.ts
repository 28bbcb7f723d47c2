import { schedulingWorld, SchedulingWorld, slotAt } from '../factories/scheduling.factory';
import { startTestApp, TestApp } from '../support/test-app';

const tally = (statuses: number[]) =>
  statuses.reduce<Record<number, number>>((acc, s) => ({ ...acc, [s]: (acc[s] ?? 0) + 1 }), {});

describe('scheduling under concurrency: the database never overbooks', () => {
  let t: TestApp;
  let w: SchedulingWorld;

  beforeAll(async () => {
    t = await startTestApp();
    // 120 proctors so that VMs, not proctors, are what runs out first
    w = await schedulingWorld(t.api, t.pool, { capacityPerHour: 100, proctors: 120, labSeats: [30, 30, 30] });
  }, 120_000);
  afterAll(() => t.close());

  // 500 requests at once: under the whole suite on two cores that can take a while

  it('reserves exactly 100 seats out of 500 concurrent single-seat requests for one hour of a 100-VM pool', async () => {
    const start = slotAt(w.zone, 30, 10);
    const responses = await Promise.all(
      Array.from({ length: 500 }, () =>
        w.instructor.client.post(`/centres/${w.centre.id}/bookings`, {
          examId: w.exam.id,
          start,
          deliveryMode: 'online_proctored',
          seats: 1,
          confirm: true,
        }),
      ),
    );
    const statuses = responses.map((r) => r.status);
    expect(tally(statuses)).toEqual({ 201: 100, 409: 400 });
    const refusals = responses.filter((r) => r.status === 409).map((r) => r.body.type as string);
    expect(new Set(refusals)).toEqual(new Set(['/problems/vm-capacity-exhausted']));

    const { rows } = await t.pool.query(
      `SELECT (SELECT coalesce(sum(seats), 0)::int FROM bookings
                WHERE starts_at = $1 AND status IN ('held','confirmed')) AS booked_seats,
              (SELECT used FROM vm_capacity_hours WHERE pool_id = $2 AND hour = $1) AS used,
              (SELECT count(*)::int FROM booking_vm_hours WHERE pool_id = $2 AND hour = $1) AS vm_rows,
              (SELECT count(*)::int FROM booking_proctors bp JOIN bookings b ON b.id = bp.booking_id
                WHERE b.starts_at = $1) AS proctor_rows,
              (SELECT count(DISTINCT proctor_id)::int FROM booking_proctors bp JOIN bookings b ON b.id = bp.booking_id
                WHERE b.starts_at = $1) AS distinct_proctors`,
      [start, w.vmPool.id],
    );
    expect(rows[0]).toEqual({
      booked_seats: 100,
      used: 100,
      vm_rows: 100,
      proctor_rows: 100,
      distinct_proctors: 100,
    });
  }, 180_000);

  it('never gives one proctor two overlapping blocks, whoever asks at the same moment', async () => {
    const proctor = w.proctorIds[0];
    const at9 = slotAt(w.zone, 40, 9);
    await t.pool.query(`UPDATE exams SET duration_minutes = 100 WHERE id = $1`, [w.exam.id]);
    try {
      // a two-hour block from 09:00 and one-hour blocks at 09:00 and 10:00 all name the same proctor
      const starts = [...Array(10).fill(at9), ...Array(10).fill(slotAt(w.zone, 40, 10))];
      const responses = await Promise.all(
        starts.map((start) =>
          w.instructor.client.post(`/centres/${w.centre.id}/bookings`, {
            examId: w.exam.id,
            start,
            deliveryMode: 'online_proctored',
            seats: 2,
            proctorIds: [proctor],
            confirm: true,
          }),
        ),
      );
      expect(responses.filter((r) => r.status === 201)).toHaveLength(1);
      expect(
        responses
          .filter((r) => r.status === 409)
          .every((r) => r.body.type === '/problems/proctors-unavailable'),
      ).toBe(true);
    } finally {
      await t.pool.query(`UPDATE exams SET duration_minutes = 50 WHERE id = $1`, [w.exam.id]);
    }
    const overlaps = await t.pool.query(
      `SELECT count(*)::int AS n FROM booking_proctors a JOIN booking_proctors b
          ON a.proctor_id = b.proctor_id AND a.booking_id < b.booking_id AND a.during && b.during`,
    );
    expect(overlaps.rows[0].n).toBe(0);
  });

  it('never puts two blocks in one lab at once, named or chosen automatically', async () => {
    const named = slotAt(w.zone, 41, 9);
    const byName = await Promise.all(
      Array.from({ length: 15 }, () =>
        w.instructor.client.post(`/centres/${w.centre.id}/bookings`, {
          examId: w.exam.id,
          start: named,
          deliveryMode: 'in_lab',
          seats: 10,
          labId: w.labs[0].id,
          confirm: true,
        }),
      ),
    );
    expect(tally(byName.map((r) => r.status))).toEqual({ 201: 1, 409: 14 });
    expect(byName.find((r) => r.status === 409)?.body.type).toBe('/problems/lab-seats-exhausted');

    const auto = slotAt(w.zone, 41, 12);
    const chosen = await Promise.all(
      Array.from({ length: 15 }, () =>
        w.instructor.client.post(`/centres/${w.centre.id}/bookings`, {
          examId: w.exam.id,
          start: auto,
          deliveryMode: 'in_lab',
          seats: 10,
          confirm: true,
        }),
      ),
    );
    expect(tally(chosen.map((r) => r.status))).toEqual({ 201: 3, 409: 12 });
    const labs = chosen.filter((r) => r.status === 201).map((r) => r.body.labId as string);
    expect(new Set(labs).size).toBe(3);

    const overlaps = await t.pool.query(
      `SELECT count(*)::int AS n FROM bookings a JOIN bookings b
          ON a.lab_id = b.lab_id AND a.id < b.id AND a.during && b.during
       WHERE a.status IN ('held','confirmed') AND b.status IN ('held','confirmed')`,
    );
    expect(overlaps.rows[0].n).toBe(0);
  });
});

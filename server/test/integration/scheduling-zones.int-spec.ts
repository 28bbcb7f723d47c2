import { schedulingWorld, slotAt } from '../factories/scheduling.factory';
import { startTestApp, TestApp } from '../support/test-app';

describe('scheduling across time zones: slots on the local hour, DST and odd offsets', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('shows a local hour that happens twice as two slots, and one that does not exist as none', async () => {
    const w = await schedulingWorld(t.api, t.pool, { zone: 'America/New_York' });
    const fallBack = await w.instructor.client.get(
      `/centres/${w.centre.id}/availability?from=2027-11-07&to=2027-11-07`,
    );
    expect(fallBack.status).toBe(200);
    const oneAm = fallBack.body.slots.filter((s: any) => s.localStart === '2027-11-07T01:00');
    expect(oneAm.map((s: any) => [s.start, s.offset, s.repeatedHour])).toEqual([
      ['2027-11-07T05:00:00.000Z', '-04:00', false],
      ['2027-11-07T06:00:00.000Z', '-05:00', true],
    ]);
    expect(fallBack.body.slots).toHaveLength(25);

    const springForward = await w.instructor.client.get(
      `/centres/${w.centre.id}/availability?from=2027-03-14&to=2027-03-14`,
    );
    expect(springForward.body.slots.some((s: any) => s.localStart === '2027-03-14T02:00')).toBe(false);
    expect(springForward.body.slots).toHaveLength(23);
  });

  it('books a centre at UTC+05:30 on its local hour and takes VMs of both UTC hours it touches', async () => {
    const w = await schedulingWorld(t.api, t.pool, { zone: 'Asia/Kolkata', capacityPerHour: 5 });
    const start = slotAt(w.zone, 30, 10);
    expect(new Date(start).getUTCMinutes()).toBe(30);
    const res = await w.instructor.client.post(`/centres/${w.centre.id}/bookings`, {
      examId: w.exam.id,
      start,
      deliveryMode: 'online_proctored',
      seats: 2,
      confirm: true,
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ offset: '+05:30', localStart: expect.stringMatching(/T10:00$/) });
    const { rows } = await t.pool.query(
      `SELECT hour, used FROM vm_capacity_hours WHERE pool_id = $1 ORDER BY hour`,
      [w.vmPool.id],
    );
    const utcHour = new Date(start);
    utcHour.setUTCMinutes(0);
    expect(rows.map((r) => [new Date(r.hour).toISOString(), r.used])).toEqual([
      [utcHour.toISOString(), 2],
      [new Date(utcHour.getTime() + 3_600_000).toISOString(), 2],
    ]);
    // a start that is not on the centre's local hour is not a slot
    const offGrid = await w.instructor.client.post(`/centres/${w.centre.id}/bookings`, {
      examId: w.exam.id,
      start: utcHour.toISOString(),
      deliveryMode: 'online_proctored',
      seats: 1,
    });
    expect(offGrid.body.type).toBe('/problems/slot-closed');
  });
});

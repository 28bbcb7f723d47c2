import type { BookingDto, CentreAvailabilityDto, PoolUtilisationDto, VmPoolDto } from '@invigil/contracts';
import { DEMO_PASSWORD } from '../../src/seed/demo-tenant';
import { seedDemo } from '../../src/seed/seed-demo';
import { startTestApp, TestApp } from '../support/test-app';

describe('scheduling: demo seed', () => {
  let t: TestApp;

  const signIn = async (email: string) => {
    const res = await t.api.post('/auth/login', { email, password: DEMO_PASSWORD });
    expect(res.status).toBe(200);
    return t.api.as(res.body.accessToken);
  };
  const counts = async () =>
    (
      await t.pool.query(
        `SELECT (SELECT count(*) FROM vm_pools) AS pools, (SELECT count(*) FROM peak_periods) AS peaks,
                (SELECT count(*) FROM vm_maintenance_windows) AS maintenance, (SELECT count(*) FROM bookings) AS bookings,
                (SELECT count(*) FROM booking_candidates) AS seated,
                (SELECT count(*) FROM vouchers WHERE redeemed_by IS NOT NULL) AS redeemed,
                (SELECT coalesce(sum(used), 0) FROM vm_capacity_hours) AS used`,
      )
    ).rows[0];

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('puts the demo centres on regional pools with blocks, a peak and maintenance; a second run changes nothing', async () => {
    await seedDemo(t.config);
    const first = await counts();
    await seedDemo(t.config);
    expect(await counts()).toEqual(first);
    // three upcoming blocks (one seated), and yesterday's lab block with two attempts
    expect(first).toMatchObject({ pools: '2', peaks: '1', maintenance: '1', bookings: '4', seated: '3' });
    const attempts = await t.pool.query(`SELECT outcome FROM exam_attempts ORDER BY outcome`);
    expect(attempts.rows.map((r) => r.outcome)).toEqual(['failed', 'in_progress']);

    // every VM counter is what the live blocks hold
    const drift = await t.pool.query(
      `SELECT c.pool_id, c.hour FROM vm_capacity_hours c
        WHERE c.used <> coalesce((SELECT sum(h.seats) FROM booking_vm_hours h
                                   WHERE h.pool_id = c.pool_id AND h.hour = c.hour), 0)`,
    );
    expect(drift.rows).toEqual([]);

    const instructor = await signIn('instructor@northfield.demo');
    const [downtown] = (
      await t.pool.query<{ id: string; institution_id: string }>(
        `SELECT id, institution_id FROM testing_centres WHERE name = 'Northfield Downtown Testing Centre'`,
      )
    ).rows;
    const today = new Date().toISOString().slice(0, 10);
    const later = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    const availability = await instructor.get(
      `/centres/${downtown.id}/availability?from=${today}&to=${later}`,
    );
    expect(availability.status).toBe(200);
    const a = availability.body as CentreAvailabilityDto;
    expect(a.region).toBe('ca-east');
    expect(a.slots.some((s) => s.bookable)).toBe(true);
    expect(a.slots.some((s) => s.reason === 'peak-period')).toBe(true);

    const blocks = (await instructor.get(`/centres/${downtown.id}/bookings`)).body as BookingDto[];
    expect(blocks.map((b) => b.status)).toEqual(['confirmed', 'confirmed', 'confirmed', 'confirmed']);
    const upcoming = blocks.filter((b) => Date.parse(b.start) > Date.now());
    expect(upcoming).toHaveLength(3);
    expect(upcoming.flatMap((b) => b.candidates.map((c) => c.email))).toEqual([
      'lucas.martin@northfield.demo',
    ]);

    const [mo200] = (await t.pool.query<{ id: string }>(`SELECT id FROM exams WHERE code = 'MO-200'`)).rows;
    const holders = await instructor.get(
      `/institutions/${downtown.institution_id}/entitlement-holders?examId=${mo200.id}`,
    );
    expect(holders.body.map((h: { email: string }) => h.email).sort()).toEqual([
      'candidate@northfield.demo',
      'lucas.martin@northfield.demo',
      'priya.shah@northfield.demo',
    ]);

    const operator = await signIn('operator@invigil.demo');
    const pools = (await operator.get('/vm-pools')).body as VmPoolDto[];
    expect(pools.map((p) => p.region)).toEqual(['ca-east', 'uk-north']);
    const usage = (await operator.get(`/vm-pools/${pools[0].id}/utilisation`)).body as PoolUtilisationDto;
    expect(usage.hours.some((h) => h.inMaintenance)).toBe(true);
    expect(usage.hours.some((h) => h.inPeak)).toBe(true);
    expect(Math.max(...usage.hours.map((h) => h.used))).toBe(40);
  });
});

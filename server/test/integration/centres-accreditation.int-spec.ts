import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CentresService } from '../../src/modules/centres/centres.service';
import { centreBody, createCentre, type CentreStatus } from '../factories/centres.factory';
import { castOfRoles, createInstitution, signedInAs } from '../factories/identity.factory';
import type { ApiClient, ApiResponse } from '../support/api-client';
import { startTestApp, TestApp } from '../support/test-app';

type Role = 'operator' | 'bodyAdmin' | 'institutionAdmin' | 'instructor' | 'proctor' | 'candidate';
const ROLES: Role[] = ['operator', 'bodyAdmin', 'institutionAdmin', 'instructor', 'proctor', 'candidate'];

const fields = (res: ApiResponse) => (res.body.errors ?? []).map((e: { field: string }) => e.field);

describe('centres: accreditation lifecycle, decided by the operator', () => {
  let t: TestApp;
  let cast: Awaited<ReturnType<typeof castOfRoles>>;
  let operator: ApiClient;
  let outsider: ApiClient;

  const decide = (centreId: string, body: Record<string, unknown>, client = operator) =>
    client.post(`/centres/${centreId}/accreditation`, body);
  const row = async (centreId: string) =>
    (await t.pool.query(`SELECT * FROM testing_centres WHERE id = $1`, [centreId])).rows[0];
  const audits = async (centreId: string) =>
    (
      await t.pool.query<{ action: string; details: Record<string, unknown> }>(
        `SELECT action, details FROM audit_log WHERE entity_id = $1 AND action LIKE 'centre.accreditation.%' ORDER BY id`,
        [centreId],
      )
    ).rows;
  const expectRefused = (res: ApiResponse, currentStatus: CentreStatus, allowedActions: string[]) => {
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({
      type: '/problems/invalid-state-transition',
      status: 409,
      currentStatus,
      allowedActions,
    });
    expect(res.body.detail).toContain(currentStatus);
  };

  beforeAll(async () => {
    t = await startTestApp();
    cast = await castOfRoles(t.api, t.pool);
    operator = cast.operator.client;
    const other = await createInstitution(t.pool);
    outsider = (await signedInAs(t.api, t.pool, 'institution_admin', { institutionId: other.id })).client;
  });
  afterAll(() => t.close());

  describe('authorization by role', () => {
    it.each(ROLES.map((role) => [role, role === 'operator' ? 200 : 403] as const))(
      'GET /accreditation/queue as %s → %i',
      async (role, status) => {
        expect((await cast[role].client.get('/accreditation/queue')).status).toBe(status);
      },
    );

    it.each(ROLES.map((role) => [role, { operator: 200, bodyAdmin: 404 }[role as string] ?? 403] as const))(
      'POST /centres/:id/accreditation as %s → %i, and nothing changes unless allowed',
      async (role, status) => {
        const centre = await createCentre(t.pool, cast.institution.id);
        const res = await decide(
          centre.id,
          { action: 'start_onboarding', onboardingFeeMinor: 1000 },
          cast[role].client,
        );
        expect(res.status).toBe(status);
        expect((await row(centre.id)).accreditation_status).toBe(status === 200 ? 'onboarding' : 'applied');
      },
    );

    it("refuses another institution's admin with 404, like a centre that does not exist", async () => {
      const centre = await createCentre(t.pool, cast.institution.id);
      const res = await decide(centre.id, { action: 'reject', reason: 'x' }, outsider);
      expect(res.status).toBe(404);
      expect((await decide(randomUUID(), { action: 'reject', reason: 'x' })).status).toBe(404);
      expect((await row(centre.id)).accreditation_status).toBe('applied');
    });
  });

  it('walks the whole lifecycle, refusing what is out of turn, and audits each decision with its reason', async () => {
    const created = await cast.institutionAdmin.client.post(
      `/institutions/${cast.institution.id}/centres`,
      centreBody(),
    );
    const id = created.body.id as string;
    const centres = t.app.get(CentresService);
    expect(created.body.accreditation.status).toBe('applied');

    expectRefused(await decide(id, { action: 'accredit' }), 'applied', ['start_onboarding', 'reject']);

    const noFee = await decide(id, { action: 'start_onboarding' });
    expect(noFee.status).toBe(400);
    expect(fields(noFee)).toEqual(['onboardingFeeMinor']);
    expect((await row(id)).accreditation_status).toBe('applied');

    const onboarding = await decide(id, { action: 'start_onboarding', onboardingFeeMinor: 150000 });
    expect(onboarding.status).toBe(200);
    expect(onboarding.body.accreditation).toMatchObject({
      status: 'onboarding',
      onboardingFeeMinor: 150000,
      onboardingFeePaidAt: null,
    });
    expect(onboarding.body.canRunExams).toBe(false);

    expectRefused(await decide(id, { action: 'accredit' }), 'onboarding', ['record_fee_paid', 'reject']);

    const paid = await decide(id, { action: 'record_fee_paid' });
    expect(paid.body.accreditation).toMatchObject({
      status: 'onboarding',
      onboardingFeePaidAt: expect.any(String),
    });
    expectRefused(await decide(id, { action: 'record_fee_paid' }), 'onboarding', ['accredit', 'reject']);
    expect(await centres.isAbleToRunExams(id)).toBe(false);

    const accredited = await decide(id, { action: 'accredit', reason: 'Site visit passed' });
    expect(accredited.body).toMatchObject({
      canRunExams: true,
      accreditation: { status: 'accredited', accreditedAt: expect.any(String), reason: 'Site visit passed' },
    });
    expect(await centres.isAbleToRunExams(id)).toBe(true);

    const noReason = await decide(id, { action: 'suspend', reason: '  ' });
    expect(noReason.status).toBe(400);
    expect(fields(noReason)).toEqual(['reason']);
    expect((await row(id)).accreditation_status).toBe('accredited');

    const suspended = await decide(id, { action: 'suspend', reason: 'ID checks skipped twice' });
    expect(suspended.body).toMatchObject({
      canRunExams: false,
      accreditation: { status: 'suspended', reason: 'ID checks skipped twice' },
    });
    expect(await centres.isAbleToRunExams(id)).toBe(false);
    expectRefused(await decide(id, { action: 'accredit' }), 'suspended', ['reinstate']);

    const reinstated = await decide(id, { action: 'reinstate' });
    expect(reinstated.body).toMatchObject({
      canRunExams: true,
      accreditation: {
        status: 'accredited',
        accreditedAt: accredited.body.accreditation.accreditedAt,
        reason: null,
      },
    });
    expectRefused(await decide(id, { action: 'reject', reason: 'too late' }), 'accredited', ['suspend']);

    expect(await audits(id)).toEqual([
      {
        action: 'centre.accreditation.start_onboarding',
        details: { from: 'applied', to: 'onboarding', reason: null, onboardingFeeMinor: 150000 },
      },
      {
        action: 'centre.accreditation.record_fee_paid',
        details: { from: 'onboarding', to: 'onboarding', reason: null },
      },
      {
        action: 'centre.accreditation.accredit',
        details: { from: 'onboarding', to: 'accredited', reason: 'Site visit passed' },
      },
      {
        action: 'centre.accreditation.suspend',
        details: { from: 'accredited', to: 'suspended', reason: 'ID checks skipped twice' },
      },
      {
        action: 'centre.accreditation.reinstate',
        details: { from: 'suspended', to: 'accredited', reason: null },
      },
    ]);
  });

  it('rejects an application or an onboarding centre with a reason, after which nothing is allowed', async () => {
    const applied = await createCentre(t.pool, cast.institution.id);
    const noReason = await decide(applied.id, { action: 'reject' });
    expect(noReason.status).toBe(400);
    expect(fields(noReason)).toEqual(['reason']);
    const rejected = await decide(applied.id, { action: 'reject', reason: 'No invigilation room' });
    expect(rejected.body.accreditation).toMatchObject({ status: 'rejected', reason: 'No invigilation room' });
    expectRefused(
      await decide(applied.id, { action: 'start_onboarding', onboardingFeeMinor: 1 }),
      'rejected',
      [],
    );

    const onboarding = await createCentre(t.pool, cast.institution.id, {
      status: 'onboarding',
      feePaid: true,
    });
    expect((await decide(onboarding.id, { action: 'reject', reason: 'Fee refunded' })).status).toBe(200);
  });

  it.each([
    ['an unknown action', { action: 'approve' }, 'action'],
    ['no action', {}, 'action'],
    ['a negative fee', { action: 'start_onboarding', onboardingFeeMinor: -5 }, 'onboardingFeeMinor'],
    ['a fractional fee', { action: 'start_onboarding', onboardingFeeMinor: 99.5 }, 'onboardingFeeMinor'],
    [
      'a fee with another action',
      { action: 'reject', reason: 'r', onboardingFeeMinor: 5 },
      'onboardingFeeMinor',
    ],
    ['a reason that is not text', { action: 'reject', reason: 42 }, 'reason'],
    ['a NUL character in the reason', { action: 'reject', reason: 'no\u0000' }, 'reason'],
    ['an unknown field', { action: 'reject', reason: 'r', status: 'accredited' }, 'status'],
  ])('refuses %s, naming the field, and changes nothing', async (_name, body, field) => {
    const centre = await createCentre(t.pool, cast.institution.id);
    const before = await row(centre.id);
    const res = await decide(centre.id, body);
    expect(res.status).toBe(400);
    expect(fields(res)).toContain(field);
    expect(await row(centre.id)).toEqual(before);
    expect(await audits(centre.id)).toEqual([]);
  });

  it('lets a transaction hold a centre accredited while it relies on it: a suspension waits', async () => {
    const centre = await createCentre(t.pool, cast.institution.id, { status: 'accredited' });
    const centres = t.app.get(CentresService);
    let pending: Promise<ApiResponse> | undefined;
    await t.app.get(DataSource).transaction(async (em) => {
      expect(await centres.isAbleToRunExams(centre.id, em, { lock: true })).toBe(true);
      pending = decide(centre.id, { action: 'suspend', reason: 'audit' });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect((await row(centre.id)).accreditation_status).toBe('accredited');
    });
    expect((await pending)?.status).toBe(200);
    expect(await centres.isAbleToRunExams(centre.id)).toBe(false);
  });

  it('lets exactly one of 10 concurrent accreditations apply', async () => {
    const centre = await createCentre(t.pool, cast.institution.id, { status: 'onboarding', feePaid: true });
    const results = await Promise.all(
      Array.from({ length: 10 }, () => decide(centre.id, { action: 'accredit' })),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    for (const loser of results.filter((r) => r.status !== 200))
      expectRefused(loser, 'accredited', ['suspend']);
    expect(await audits(centre.id)).toHaveLength(1);
  });

  it('lets only one of two racing, contradictory decisions apply', async () => {
    const centre = await createCentre(t.pool, cast.institution.id, { status: 'onboarding', feePaid: true });
    const results = await Promise.all([
      ...Array.from({ length: 5 }, () => decide(centre.id, { action: 'accredit' })),
      ...Array.from({ length: 5 }, () => decide(centre.id, { action: 'reject', reason: 'changed our mind' })),
    ]);
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(9);
    const [audit] = await audits(centre.id);
    expect((await row(centre.id)).accreditation_status).toBe(audit.details.to);
  });

  describe('the queue', () => {
    let queued: Record<'applied' | 'onboarding' | 'accredited', string>;
    beforeAll(async () => {
      const inst = await createInstitution(t.pool);
      const make = async (status: CentreStatus, hoursAgo: number) => {
        const c = await createCentre(t.pool, inst.id, { status });
        await t.pool.query(
          `UPDATE testing_centres SET status_changed_at = now() - make_interval(hours => $2) WHERE id = $1`,
          [c.id, hoursAgo],
        );
        return c.id;
      };
      // far in the past, so they come before anything else the file creates
      queued = {
        onboarding: await make('onboarding', 1000),
        applied: await make('applied', 900),
        accredited: await make('accredited', 1100),
      };
    });

    it('lists applied and onboarding centres by default, the longest-waiting first', async () => {
      const res = await operator.get('/accreditation/queue?limit=2');
      expect(res.status).toBe(200);
      expect(res.body.items.map((c: { id: string }) => c.id)).toEqual([queued.onboarding, queued.applied]);
      expect(res.body).toMatchObject({ limit: 2, offset: 0, total: expect.any(Number) });
      const all = await operator.get('/accreditation/queue?limit=200');
      const statuses = new Set(
        all.body.items.map((c: { accreditation: { status: string } }) => c.accreditation.status),
      );
      expect([...statuses].sort()).toEqual(['applied', 'onboarding']);
      expect(all.body.total).toBe(all.body.items.length);
      expect(all.body.items[0].institutionName).toEqual(expect.any(String));
    });

    it('filters by the statuses asked for', async () => {
      const res = await operator.get('/accreditation/queue?status=accredited,suspended');
      expect(res.body.items[0].id).toBe(queued.accredited);
      expect(
        res.body.items.every((c: { accreditation: { status: string } }) =>
          ['accredited', 'suspended'].includes(c.accreditation.status),
        ),
      ).toBe(true);
    });

    it.each([
      ['an unknown status', '?status=pending', 'status'],
      ['an empty status', '?status=', 'status'],
      ['a limit of 0', '?limit=0', 'limit'],
    ])('refuses %s, naming the parameter', async (_name, query, field) => {
      const res = await operator.get(`/accreditation/queue${query}`);
      expect(res.status).toBe(400);
      expect(fields(res)).toContain(field);
    });
  });
});

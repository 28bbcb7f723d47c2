import { DataSource } from 'typeorm';
import { typeormOptions } from '../../src/core/database/typeorm-options';
import { seedDemoCentres } from '../../src/seed/demo-centres';
import type { DemoTenant } from '../../src/seed/demo-types';
import { localDate } from '../factories/centres.factory';
import { createInstitution, createUser, grantRole, signIn } from '../factories/identity.factory';
import type { ApiClient } from '../support/api-client';
import { startTestApp, TestApp } from '../support/test-app';

describe('centres: demo seed', () => {
  let t: TestApp;
  let dataSource: DataSource;
  let tenant: DemoTenant;
  let northfieldAdmin: ApiClient;
  let lakesideAdmin: ApiClient;
  let operator: ApiClient;

  const seed = () => dataSource.transaction((em) => seedDemoCentres(em, tenant));
  const counts = async () =>
    (
      await t.pool.query(
        `SELECT (SELECT count(*) FROM testing_centres) AS centres, (SELECT count(*) FROM labs) AS labs,
                (SELECT count(*) FROM centre_opening_hours) AS hours, (SELECT count(*) FROM centre_proctors) AS proctors,
                (SELECT count(*) FROM proctor_trainings) AS trainings`,
      )
    ).rows[0];

  beforeAll(async () => {
    t = await startTestApp();
    dataSource = new DataSource({ ...typeormOptions(t.config), extra: { max: 2 } });
    await dataSource.initialize();
    const northfield = await createInstitution(t.pool, { name: 'Northfield College' });
    const lakeside = await createInstitution(t.pool, {
      name: 'Lakeside Polytechnic',
      kind: 'polytechnic',
      country: 'GB',
      timeZone: 'Europe/London',
    });
    const user = async (role: Parameters<typeof grantRole>[2] | null, institutionId?: string) => {
      const u = await createUser(t.pool);
      if (role) await grantRole(t.pool, u.id, role, institutionId ? { institutionId } : {});
      return u;
    };
    const [op, admin, proctor, proctor2, otherAdmin] = await Promise.all([
      user('platform_operator'),
      user('institution_admin', northfield.id),
      user('proctor', northfield.id),
      user('proctor', northfield.id),
      user('institution_admin', lakeside.id),
    ]);
    const others = await Promise.all([user(null), user(null), user(null)]);
    tenant = {
      institutionId: northfield.id,
      otherInstitutionId: lakeside.id,
      users: {
        operator: op,
        bodyAdmin: others[0],
        institutionAdmin: admin,
        instructor: others[1],
        proctor,
        proctor2,
        candidate: others[2],
        otherAdmin,
      },
    };
    [northfieldAdmin, lakesideAdmin, operator] = await Promise.all([
      signIn(t.api, admin),
      signIn(t.api, otherAdmin),
      signIn(t.api, op),
    ]);
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await t.close();
  });

  it('runs twice without failing or adding anything the second time', async () => {
    await seed();
    const first = await counts();
    expect(first).toEqual({ centres: '3', labs: '3', hours: '16', proctors: '2', trainings: '2' });
    await seed();
    expect(await counts()).toEqual(first);
  });

  it('gives Northfield an accredited public downtown centre and a members-only application', async () => {
    const res = await northfieldAdmin.get(`/institutions/${tenant.institutionId}/centres`);
    const byName = Object.fromEntries(res.body.map((c: { name: string }) => [c.name, c]));
    expect(byName['Northfield Downtown Testing Centre']).toMatchObject({
      timeZone: 'America/Toronto',
      accessPolicy: 'public',
      publicProctoringFeeMinor: 10000,
      currency: 'USD',
      canRunExams: true,
      accreditation: { status: 'accredited', onboardingFeePaidAt: expect.any(String) },
      labs: [
        { name: 'Lab A', seats: 24 },
        { name: 'Lab B', seats: 16 },
      ],
      openingHours: [
        ...[1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: '08:00', closes: '20:00' })),
        { weekday: 6, opens: '09:00', closes: '17:00' },
      ],
    });
    expect(byName['Northfield North Campus']).toMatchObject({
      accessPolicy: 'members_only',
      canRunExams: false,
      accreditation: { status: 'applied' },
    });
  });

  it('trains proctor 1 by the operator and proctor 2 by proctor 1 (train-the-trainer)', async () => {
    const [downtown] = (
      await northfieldAdmin.get(`/institutions/${tenant.institutionId}/centres`)
    ).body.filter((c: { name: string }) => c.name === 'Northfield Downtown Testing Centre');
    const proctors = (await northfieldAdmin.get(`/centres/${downtown.id}/proctors`)).body;
    const of = (id: string) => proctors.find((p: { userId: string }) => p.userId === id);
    expect(of(tenant.users.proctor.id)).toMatchObject({
      currentlyTrained: true,
      lastTraining: { trainedOn: localDate('America/Toronto', { months: -2 }), trainedByOperator: true },
    });
    expect(of(tenant.users.proctor2.id)).toMatchObject({
      currentlyTrained: true,
      lastTraining: {
        trainedOn: localDate('America/Toronto', { months: -1 }),
        trainedByOperator: false,
        trainerUserId: tenant.users.proctor.id,
      },
    });
  });

  it('gives Lakeside one centre in onboarding, in London, waiting in the operator queue', async () => {
    const res = await lakesideAdmin.get(`/institutions/${tenant.otherInstitutionId}/centres`);
    expect(res.body).toHaveLength(1);
    expect(res.body[0]).toMatchObject({ timeZone: 'Europe/London', accreditation: { status: 'onboarding' } });
    const queue = await operator.get('/accreditation/queue');
    expect(queue.body.items.map((c: { name: string }) => c.name).sort()).toEqual([
      'Lakeside Polytechnic Testing Centre',
      'Northfield North Campus',
    ]);
  });
});

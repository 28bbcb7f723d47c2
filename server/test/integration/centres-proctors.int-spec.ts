import { randomUUID } from 'node:crypto';
import { CentresService } from '../../src/modules/centres/centres.service';
import { trainedUntil } from '../../src/modules/centres/domain/proctor-training';
import { assignProctor, createCentre, localDate, recordTraining } from '../factories/centres.factory';
import {
  castOfRoles,
  createInstitution,
  createUser,
  grantRole,
  signedInAs,
} from '../factories/identity.factory';
import type { ApiClient, ApiResponse } from '../support/api-client';
import { startTestApp, TestApp } from '../support/test-app';

type Role = 'operator' | 'bodyAdmin' | 'institutionAdmin' | 'instructor' | 'proctor' | 'candidate';
const ROLES: Role[] = ['operator', 'bodyAdmin', 'institutionAdmin', 'instructor', 'proctor', 'candidate'];
const ZONE = 'America/Toronto';

const fields = (res: ApiResponse) => (res.body.errors ?? []).map((e: { field: string }) => e.field);

describe('centres: proctors and their training', () => {
  let t: TestApp;
  let cast: Awaited<ReturnType<typeof castOfRoles>>;
  let admin: ApiClient;
  let operator: ApiClient;
  let outsider: ApiClient;
  let centre: { id: string };

  /** A user with the proctor role in the cast's institution (not yet assigned to a centre). */
  const newProctor = async (institutionId = cast.institution.id) => {
    const user = await createUser(t.pool);
    await grantRole(t.pool, user.id, 'proctor', { institutionId });
    return user;
  };
  /** A proctor assigned to `centreId`, trained by the operator `monthsAgo` (if given). */
  const trainedProctor = async (centreId: string, monthsAgo?: number) => {
    const user = await newProctor();
    await assignProctor(t.pool, centreId, user.id);
    if (monthsAgo !== undefined)
      await recordTraining(t.pool, centreId, user.id, localDate(ZONE, { months: -monthsAgo }));
    return user;
  };
  const train = (centreId: string, userId: string, body: Record<string, unknown>, client = admin) =>
    client.post(`/centres/${centreId}/proctors/${userId}/trainings`, body);
  const count = async (sql: string, params: unknown[] = []) =>
    Number((await t.pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${sql}`, params)).rows[0].n);

  beforeAll(async () => {
    t = await startTestApp();
    cast = await castOfRoles(t.api, t.pool);
    admin = cast.institutionAdmin.client;
    operator = cast.operator.client;
    centre = await createCentre(t.pool, cast.institution.id, { status: 'accredited', timeZone: ZONE });
    const other = await createInstitution(t.pool);
    outsider = (await signedInAs(t.api, t.pool, 'institution_admin', { institutionId: other.id })).client;
  });
  afterAll(() => t.close());

  describe('authorization by role', () => {
    const matrix: [string, (c: ApiClient) => Promise<ApiResponse>, Record<Role, number>][] = [
      [
        'GET /centres/:id/proctors',
        (c) => c.get(`/centres/${centre.id}/proctors`),
        {
          operator: 200,
          bodyAdmin: 404,
          institutionAdmin: 200,
          instructor: 200,
          proctor: 403,
          candidate: 403,
        },
      ],
      [
        'POST /centres/:id/proctors',
        async (c) => c.post(`/centres/${centre.id}/proctors`, { userId: (await newProctor()).id }),
        {
          operator: 201,
          bodyAdmin: 404,
          institutionAdmin: 201,
          instructor: 403,
          proctor: 403,
          candidate: 403,
        },
      ],
      [
        'DELETE /centres/:id/proctors/:userId',
        async (c) => c.delete(`/centres/${centre.id}/proctors/${(await trainedProctor(centre.id)).id}`),
        {
          operator: 204,
          bodyAdmin: 404,
          institutionAdmin: 204,
          instructor: 403,
          proctor: 403,
          candidate: 403,
        },
      ],
      [
        'POST trainings without a trainer',
        async (c) =>
          train(centre.id, (await trainedProctor(centre.id)).id, { trainedOn: localDate(ZONE) }, c),
        {
          operator: 201,
          bodyAdmin: 404,
          institutionAdmin: 403,
          instructor: 403,
          proctor: 403,
          candidate: 403,
        },
      ],
      [
        'POST trainings naming a trainer',
        async (c) => {
          const trainer = await trainedProctor(centre.id, 1);
          const trainee = await trainedProctor(centre.id);
          return train(centre.id, trainee.id, { trainedOn: localDate(ZONE), trainerUserId: trainer.id }, c);
        },
        {
          operator: 201,
          bodyAdmin: 404,
          institutionAdmin: 201,
          instructor: 403,
          proctor: 403,
          candidate: 403,
        },
      ],
    ];
    const cases = matrix.flatMap(([route, call, expected]) =>
      ROLES.map((role) => [route, role, expected[role], call] as const),
    );

    it.each(cases)('%s as %s → %i', async (_route, role, status, call) => {
      expect((await call(cast[role].client)).status).toBe(status);
    });
  });

  it('refuses another institution guessing ids with 404 on every proctor endpoint, changing nothing', async () => {
    const proctor = await trainedProctor(centre.id, 1);
    const stranger = await newProctor();
    const before = {
      proctors: await count('centre_proctors WHERE centre_id = $1', [centre.id]),
      trainings: await count('proctor_trainings WHERE centre_id = $1', [centre.id]),
    };
    const results = await Promise.all([
      outsider.get(`/centres/${centre.id}/proctors`),
      outsider.post(`/centres/${centre.id}/proctors`, { userId: stranger.id }),
      outsider.delete(`/centres/${centre.id}/proctors/${proctor.id}`),
      train(centre.id, proctor.id, { trainedOn: localDate(ZONE) }, outsider),
      train(centre.id, stranger.id, { trainedOn: localDate(ZONE), trainerUserId: proctor.id }, outsider),
    ]);
    expect(results.map((r) => r.status)).toEqual([404, 404, 404, 404, 404]);
    expect({
      proctors: await count('centre_proctors WHERE centre_id = $1', [centre.id]),
      trainings: await count('proctor_trainings WHERE centre_id = $1', [centre.id]),
    }).toEqual(before);
  });

  describe('assigning proctors', () => {
    it('assigns a proctor member, untrained at first, and audits it', async () => {
      const user = await newProctor();
      const res = await admin.post(`/centres/${centre.id}/proctors`, { userId: user.id });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        userId: user.id,
        email: user.email,
        displayName: expect.any(String),
        lastTraining: null,
        trainedUntil: null,
        currentlyTrained: false,
      });
      expect(
        await count(
          `audit_log WHERE action = 'centre.proctor_added' AND entity_id = $1 AND details->>'userId' = $2`,
          [centre.id, user.id],
        ),
      ).toBe(1);
      const again = await admin.post(`/centres/${centre.id}/proctors`, { userId: user.id });
      expect(again.status).toBe(409);
      expect(again.body.type).toBe('/problems/already-exists');
    });

    it.each([
      [
        'a candidate of the institution',
        async () => {
          const user = await createUser(t.pool);
          await grantRole(t.pool, user.id, 'candidate', { institutionId: cast.institution.id });
          return user.id;
        },
      ],
      [
        'a proctor of another institution',
        async () => (await newProctor((await createInstitution(t.pool)).id)).id,
      ],
      ['a user that does not exist', () => Promise.resolve(randomUUID())],
    ])('refuses %s with 400 naming userId, and assigns nobody', async (_name, userId) => {
      const before = await count('centre_proctors');
      const res = await admin.post(`/centres/${centre.id}/proctors`, { userId: await userId() });
      expect(res.status).toBe(400);
      expect(fields(res)).toEqual(['userId']);
      expect(await count('centre_proctors')).toBe(before);
    });

    it('refuses a userId that is not a UUID', async () => {
      const res = await admin.post(`/centres/${centre.id}/proctors`, { userId: 'proctor@northfield.demo' });
      expect(res.status).toBe(400);
      expect(fields(res)).toEqual(['userId']);
    });

    it('unassigns a proctor together with their trainings at the centre', async () => {
      const proctor = await trainedProctor(centre.id, 1);
      expect((await admin.delete(`/centres/${centre.id}/proctors/${proctor.id}`)).status).toBe(204);
      expect(await count('proctor_trainings WHERE user_id = $1', [proctor.id])).toBe(0);
      expect((await admin.delete(`/centres/${centre.id}/proctors/${proctor.id}`)).status).toBe(404);
      const list = await admin.get(`/centres/${centre.id}/proctors`);
      expect(list.body.map((p: { userId: string }) => p.userId)).not.toContain(proctor.id);
    });
  });

  describe('training by the operator', () => {
    it('records a training today in the centre zone, current for 12 months', async () => {
      const proctor = await trainedProctor(centre.id);
      const today = localDate(ZONE);
      const res = await train(centre.id, proctor.id, { trainedOn: today }, operator);
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        userId: proctor.id,
        currentlyTrained: true,
        trainedUntil: localDate(ZONE, { months: 12 }),
        lastTraining: { trainedOn: today, trainedByOperator: true, trainerUserId: null, trainerName: null },
      });
      const audit = await t.pool.query(
        `SELECT details FROM audit_log WHERE action = 'proctor.trained' ORDER BY id DESC LIMIT 1`,
      );
      expect(audit.rows[0].details).toMatchObject({
        userId: proctor.id,
        trainedOn: today,
        trainedByOperator: true,
      });
    });

    it.each([
      ['tomorrow in the centre zone', () => localDate(ZONE, { days: 1 }), 'trainedOn'],
      ['a day that does not exist', () => '2025-02-30', 'trainedOn'],
      ['year 0', () => '0000-01-01', 'trainedOn'],
      ['another date format', () => '15/01/2026', 'trainedOn'],
    ])('refuses %s, naming the field, and records nothing', async (_name, date, field) => {
      const proctor = await trainedProctor(centre.id);
      const res = await train(centre.id, proctor.id, { trainedOn: date() }, operator);
      expect(res.status).toBe(400);
      expect(fields(res)).toEqual([field]);
      expect(await count('proctor_trainings WHERE user_id = $1', [proctor.id])).toBe(0);
    });

    it('trains only proctors of the centre (404 otherwise)', async () => {
      const unassigned = await newProctor();
      const res = await train(centre.id, unassigned.id, { trainedOn: localDate(ZONE) }, operator);
      expect(res.status).toBe(404);
    });
  });

  describe('lapse and renewal', () => {
    it('counts a training as lapsed exactly 12 months later, and current the day before', async () => {
      const lapsed = await trainedProctor(centre.id);
      await recordTraining(t.pool, centre.id, lapsed.id, localDate(ZONE, { months: -12 }));
      const holding = await trainedProctor(centre.id);
      await recordTraining(t.pool, centre.id, holding.id, localDate(ZONE, { months: -12, days: 1 }));
      const list = (await admin.get(`/centres/${centre.id}/proctors`)).body as {
        userId: string;
        currentlyTrained: boolean;
        trainedUntil: string;
      }[];
      const of = (id: string) => list.find((p) => p.userId === id);
      expect(of(lapsed.id)).toMatchObject({ currentlyTrained: false, trainedUntil: localDate(ZONE) });
      expect(of(holding.id)).toMatchObject({ currentlyTrained: true });
    });

    it('renews a lapsed proctor with a newer training', async () => {
      const proctor = await trainedProctor(centre.id, 13);
      const res = await train(centre.id, proctor.id, { trainedOn: localDate(ZONE, { days: -3 }) }, operator);
      expect(res.body).toMatchObject({
        currentlyTrained: true,
        lastTraining: { trainedOn: localDate(ZONE, { days: -3 }) },
        trainedUntil: trainedUntil(localDate(ZONE, { days: -3 })),
      });
    });
  });

  describe('train-the-trainer', () => {
    it('lets an institution admin record a training given by a trained proctor of the same centre', async () => {
      const trainer = await trainedProctor(centre.id, 2);
      const trainee = await trainedProctor(centre.id);
      const res = await train(centre.id, trainee.id, {
        trainedOn: localDate(ZONE, { days: -1 }),
        trainerUserId: trainer.id,
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        currentlyTrained: true,
        lastTraining: {
          trainedByOperator: false,
          trainerUserId: trainer.id,
          trainerName: expect.any(String),
        },
      });
      const stored = await t.pool.query(`SELECT recorded_by FROM proctor_trainings WHERE user_id = $1`, [
        trainee.id,
      ]);
      expect(stored.rows[0].recorded_by).toBe(cast.institutionAdmin.user.id);
    });

    it.each([
      ['an untrained trainer', async () => (await trainedProctor(centre.id)).id],
      ['a trainer whose training lapsed', async () => (await trainedProctor(centre.id, 13)).id],
      [
        'a trained proctor of another centre of the institution',
        async () => {
          const elsewhere = await createCentre(t.pool, cast.institution.id, { status: 'accredited' });
          return (await trainedProctor(elsewhere.id, 1)).id;
        },
      ],
      [
        'a trainer who lost the proctor role',
        async () => {
          const trainer = await trainedProctor(centre.id, 1);
          await t.pool.query(`DELETE FROM memberships WHERE user_id = $1 AND role = 'proctor'`, [trainer.id]);
          return trainer.id;
        },
      ],
      ['a user who is no proctor at all', () => Promise.resolve(cast.instructor.user.id)],
    ])('refuses %s with 400 naming trainerUserId, recording nothing', async (_name, trainerId) => {
      const trainee = await trainedProctor(centre.id);
      const res = await train(centre.id, trainee.id, {
        trainedOn: localDate(ZONE),
        trainerUserId: await trainerId(),
      });
      expect(res.status).toBe(400);
      expect(fields(res)).toEqual(['trainerUserId']);
      expect(await count('proctor_trainings WHERE user_id = $1', [trainee.id])).toBe(0);
    });

    it('refuses a training dated before the trainer was trained, and self-training', async () => {
      const trainer = await trainedProctor(centre.id, 1);
      const trainee = await trainedProctor(centre.id);
      const early = await train(centre.id, trainee.id, {
        trainedOn: localDate(ZONE, { months: -2 }),
        trainerUserId: trainer.id,
      });
      expect(early.status).toBe(400);
      expect(early.body.errors[0].messages[0]).toContain('not currently trained');
      const self = await train(centre.id, trainer.id, {
        trainedOn: localDate(ZONE),
        trainerUserId: trainer.id,
      });
      expect(self.status).toBe(400);
      expect(fields(self)).toEqual(['trainerUserId']);
    });
  });

  it('tells other modules which proctors are currently trained on a day', async () => {
    const place = await createCentre(t.pool, cast.institution.id, { status: 'accredited', timeZone: ZONE });
    const current = await trainedProctor(place.id, 2);
    const lapsed = await trainedProctor(place.id, 13);
    const revoked = await trainedProctor(place.id, 1);
    await trainedProctor(place.id);
    await t.pool.query(`DELETE FROM memberships WHERE user_id = $1 AND role = 'proctor'`, [revoked.id]);
    const centres = t.app.get(CentresService);
    expect(await centres.currentlyTrainedProctorIds(place.id, new Date())).toEqual([current.id]);
    // 13 months ago the lapsed one was trained that very day; the others not yet
    expect(await centres.currentlyTrainedProctorIds(place.id, localDate(ZONE, { months: -13 }))).toEqual([
      lapsed.id,
    ]);
    expect(await centres.currentlyTrainedProctorIds(randomUUID(), new Date())).toEqual([]);
  });
});

import { randomUUID } from 'node:crypto';
import { centreBody, createCentre, createLab } from '../factories/centres.factory';
import { castOfRoles, createInstitution, signedInAs } from '../factories/identity.factory';
import type { ApiClient, ApiResponse } from '../support/api-client';
import { startTestApp, TestApp } from '../support/test-app';

type Cast = Awaited<ReturnType<typeof castOfRoles>>;
type Role = 'operator' | 'bodyAdmin' | 'institutionAdmin' | 'instructor' | 'proctor' | 'candidate';
const ROLES: Role[] = ['operator', 'bodyAdmin', 'institutionAdmin', 'instructor', 'proctor', 'candidate'];

const fields = (res: ApiResponse) => (res.body.errors ?? []).map((e: { field: string }) => e.field);

describe('centres: details, opening hours and labs', () => {
  let t: TestApp;
  let cast: Cast;
  let admin: ApiClient;
  let centre: { id: string; name: string };
  let outsider: ApiClient;
  let otherCentre: { id: string };

  const snapshot = async (table: string, centreId: string) =>
    (
      await t.pool.query(
        table === 'testing_centres'
          ? `SELECT * FROM testing_centres WHERE id = $1`
          : `SELECT * FROM ${table} WHERE centre_id = $1 ORDER BY id`,
        [centreId],
      )
    ).rows;
  const count = async (sql: string, params: unknown[] = []) =>
    Number((await t.pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${sql}`, params)).rows[0].n);

  beforeAll(async () => {
    t = await startTestApp();
    cast = await castOfRoles(t.api, t.pool);
    admin = cast.institutionAdmin.client;
    centre = await createCentre(t.pool, cast.institution.id, { status: 'accredited' });
    const other = await createInstitution(t.pool, { name: `Lakeside ${randomUUID()}`, country: 'GB' });
    outsider = (await signedInAs(t.api, t.pool, 'institution_admin', { institutionId: other.id })).client;
    otherCentre = await createCentre(t.pool, other.id);
  });
  afterAll(() => t.close());

  describe('authorization by role', () => {
    const inst = () => cast.institution.id;
    const matrix: [string, (c: ApiClient) => Promise<ApiResponse>, Record<Role, number>][] = [
      [
        'GET /institutions/:id/centres',
        (c) => c.get(`/institutions/${inst()}/centres`),
        {
          operator: 200,
          bodyAdmin: 404,
          institutionAdmin: 200,
          instructor: 200,
          proctor: 200,
          candidate: 200,
        },
      ],
      [
        'POST /institutions/:id/centres',
        (c) => c.post(`/institutions/${inst()}/centres`, centreBody()),
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
        'GET /centres/:id',
        (c) => c.get(`/centres/${centre.id}`),
        {
          operator: 200,
          bodyAdmin: 404,
          institutionAdmin: 200,
          instructor: 200,
          proctor: 200,
          candidate: 200,
        },
      ],
      [
        'PATCH /centres/:id',
        (c) => c.patch(`/centres/${centre.id}`, { address: centreBody().address }),
        {
          operator: 200,
          bodyAdmin: 404,
          institutionAdmin: 200,
          instructor: 403,
          proctor: 403,
          candidate: 403,
        },
      ],
      [
        'PUT /centres/:id/opening-hours',
        (c) =>
          c.put(`/centres/${centre.id}/opening-hours`, {
            hours: [{ weekday: 1, opens: '08:00', closes: '20:00' }],
          }),
        {
          operator: 200,
          bodyAdmin: 404,
          institutionAdmin: 200,
          instructor: 403,
          proctor: 403,
          candidate: 403,
        },
      ],
      [
        'POST /centres/:id/labs',
        (c) => c.post(`/centres/${centre.id}/labs`, { name: `Lab ${randomUUID()}`, seats: 10 }),
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
        'PATCH /centres/:id/labs/:labId',
        async (c) =>
          c.patch(`/centres/${centre.id}/labs/${(await createLab(t.pool, centre.id)).id}`, { seats: 12 }),
        {
          operator: 200,
          bodyAdmin: 404,
          institutionAdmin: 200,
          instructor: 403,
          proctor: 403,
          candidate: 403,
        },
      ],
      [
        'DELETE /centres/:id/labs/:labId',
        async (c) => c.delete(`/centres/${centre.id}/labs/${(await createLab(t.pool, centre.id)).id}`),
        {
          operator: 204,
          bodyAdmin: 404,
          institutionAdmin: 204,
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
      const res = await call(cast[role].client);
      expect(res.status).toBe(status);
      if (status >= 400) expect(res.headers.get('content-type')).toContain('application/problem+json');
    });
  });

  describe('another institution guessing ids', () => {
    it('gets 404 from every centre and lab endpoint, and changes nothing', async () => {
      const lab = await createLab(t.pool, centre.id);
      const centres = await count(`testing_centres WHERE institution_id = $1`, [cast.institution.id]);
      const before = {
        centre: await snapshot('testing_centres', centre.id),
        hours: await snapshot('centre_opening_hours', centre.id),
        labs: await snapshot('labs', centre.id),
      };
      const calls = [
        outsider.get(`/institutions/${cast.institution.id}/centres`),
        outsider.post(`/institutions/${cast.institution.id}/centres`, centreBody()),
        outsider.get(`/centres/${centre.id}`),
        outsider.patch(`/centres/${centre.id}`, { name: 'Taken over' }),
        outsider.put(`/centres/${centre.id}/opening-hours`, { hours: [] }),
        outsider.post(`/centres/${centre.id}/labs`, { name: 'Intruder lab', seats: 5 }),
        outsider.patch(`/centres/${centre.id}/labs/${lab.id}`, { seats: 1 }),
        outsider.delete(`/centres/${centre.id}/labs/${lab.id}`),
      ];
      const results = await Promise.all(calls);
      expect(results.map((r) => [r.status, r.body.type])).toEqual(
        results.map(() => [404, '/problems/not-found']),
      );
      expect({
        centre: await snapshot('testing_centres', centre.id),
        hours: await snapshot('centre_opening_hours', centre.id),
        labs: await snapshot('labs', centre.id),
      }).toEqual(before);
      expect(await count(`testing_centres WHERE institution_id = $1`, [cast.institution.id])).toBe(centres);
    });

    it('answers a guessed centre id with the same 404 as a missing one', async () => {
      const guessed = await admin.get(`/centres/${otherCentre.id}`);
      const missing = await admin.get(`/centres/${randomUUID()}`);
      expect(guessed.status).toBe(404);
      expect(guessed.body.detail).toBe(missing.body.detail);
      expect((await admin.patch(`/centres/${otherCentre.id}`, { name: 'Mine now' })).status).toBe(404);
    });

    it('does not list the other institution centres, and 404s an unknown institution even for the operator', async () => {
      const list = await admin.get(`/institutions/${cast.institution.id}/centres`);
      expect(list.body.map((c: { id: string }) => c.id)).not.toContain(otherCentre.id);
      expect((await cast.operator.client.get(`/institutions/${randomUUID()}/centres`)).status).toBe(404);
      expect(
        (await cast.operator.client.post(`/institutions/${randomUUID()}/centres`, centreBody())).status,
      ).toBe(404);
    });

    it('refuses ids that are not UUIDs with 400 naming the parameter', async () => {
      const res = await admin.get('/centres/not-a-uuid');
      expect(res.status).toBe(400);
      expect(fields(res)).toEqual(['id']);
      const lab = await admin.patch(`/centres/${centre.id}/labs/42`, { seats: 3 });
      expect(fields(lab)).toEqual(['labId']);
    });
  });

  describe('opening a centre', () => {
    it('creates it in status applied, unable to run exams, with normalised opening hours, and audits it', async () => {
      const body = centreBody({
        openingHours: [
          { weekday: 6, opens: '09:00', closes: '17:00' },
          { weekday: 1, opens: '13:00', closes: '24:00' },
          { weekday: 1, opens: '08:00', closes: '12:00' },
        ],
      });
      const res = await admin.post(`/institutions/${cast.institution.id}/centres`, body);
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        institutionId: cast.institution.id,
        institutionName: cast.institution.name,
        name: body.name,
        timeZone: 'America/Toronto',
        address: { ...body.address, line2: null },
        accessPolicy: 'public',
        publicProctoringFeeMinor: 10000,
        currency: 'USD',
        accreditation: {
          status: 'applied',
          onboardingFeeMinor: null,
          onboardingFeePaidAt: null,
          reason: null,
        },
        canRunExams: false,
        labs: [],
        openingHours: [
          { weekday: 1, opens: '08:00', closes: '12:00' },
          { weekday: 1, opens: '13:00', closes: '24:00' },
          { weekday: 6, opens: '09:00', closes: '17:00' },
        ],
      });
      expect(await count(`audit_log WHERE action = 'centre.created' AND entity_id = $1`, [res.body.id])).toBe(
        1,
      );
      const list = await cast.candidate.client.get(`/institutions/${cast.institution.id}/centres`);
      expect(list.body.map((c: { id: string }) => c.id)).toContain(res.body.id);
    });

    it('defaults the currency and accepts a members-only centre without a fee', async () => {
      // undefined fields are left out of the JSON body
      const body = centreBody({
        accessPolicy: 'members_only',
        currency: undefined,
        publicProctoringFeeMinor: undefined,
      });
      const res = await admin.post(`/institutions/${cast.institution.id}/centres`, body);
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        currency: 'USD',
        publicProctoringFeeMinor: null,
        accessPolicy: 'members_only',
      });
    });

    it('refuses a second centre of the same name in the institution with 409 already-exists', async () => {
      const res = await admin.post(
        `/institutions/${cast.institution.id}/centres`,
        centreBody({ name: centre.name }),
      );
      expect(res.status).toBe(409);
      expect(res.body.type).toBe('/problems/already-exists');
      expect(fields(res)).toEqual(['name']);
      // another institution may use the name
      const elsewhere = await outsider.get(`/centres/${otherCentre.id}`);
      expect(elsewhere.status).toBe(200);
    });

    const address = centreBody().address;
    it.each([
      ['a zone that does not exist', { timeZone: 'Mars/Olympus_Mons' }, 'timeZone'],
      ['an abbreviation instead of a zone', { timeZone: 'EST' }, 'timeZone'],
      ['a lowercase country', { address: { ...address, country: 'ca' } }, 'address.country'],
      ['a country that does not exist', { address: { ...address, country: 'XX' } }, 'address.country'],
      ['no address line', { address: { ...address, line1: '   ' } }, 'address.line1'],
      ['an unknown access policy', { accessPolicy: 'everyone' }, 'accessPolicy'],
      ['a public centre without a fee', { publicProctoringFeeMinor: null }, 'publicProctoringFeeMinor'],
      ['a negative fee', { publicProctoringFeeMinor: -1 }, 'publicProctoringFeeMinor'],
      ['a fee in major units', { publicProctoringFeeMinor: 100.5 }, 'publicProctoringFeeMinor'],
      ['a fee on a members-only centre', { accessPolicy: 'members_only' }, 'publicProctoringFeeMinor'],
      ['a lowercase currency', { currency: 'usd' }, 'currency'],
      ['a currency that does not exist', { currency: 'ABC' }, 'currency'],
      ['a blank name', { name: '   ' }, 'name'],
      ['a NUL character in the name', { name: 'Lab\u0000' }, 'name'],
      [
        'a NUL character in the postal code',
        { address: { ...address, postalCode: 'M5H\u0000' } },
        'address.postalCode',
      ],
      ['an unknown field', { accredited: true }, 'accredited'],
      [
        'overlapping opening hours',
        {
          openingHours: [
            { weekday: 2, opens: '08:00', closes: '12:00' },
            { weekday: 2, opens: '11:30', closes: '15:00' },
          ],
        },
        'openingHours.1',
      ],
      [
        'a closing time past midnight',
        { openingHours: [{ weekday: 2, opens: '08:00', closes: '25:00' }] },
        'openingHours.0.closes',
      ],
      [
        'weekday 0',
        { openingHours: [{ weekday: 0, opens: '08:00', closes: '12:00' }] },
        'openingHours.0.weekday',
      ],
    ])('refuses %s, naming the field, and creates nothing', async (_name, overrides, field) => {
      const before = await count('testing_centres');
      const hours = await count('centre_opening_hours');
      const res = await admin.post(`/institutions/${cast.institution.id}/centres`, centreBody(overrides));
      expect(res.status).toBe(400);
      expect(res.body.type).toBe('/problems/validation-failed');
      expect(fields(res)).toContain(field);
      expect(await count('testing_centres')).toBe(before);
      expect(await count('centre_opening_hours')).toBe(hours);
    });
  });

  describe('changing a centre', () => {
    let target: { id: string; name: string };
    beforeAll(async () => {
      const res = await admin.post(`/institutions/${cast.institution.id}/centres`, centreBody());
      target = res.body;
    });

    it('changes only the given fields and audits the change', async () => {
      const res = await admin.patch(`/centres/${target.id}`, {
        name: `${target.name} (renamed)`,
        timeZone: 'America/Vancouver',
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        name: `${target.name} (renamed)`,
        timeZone: 'America/Vancouver',
        publicProctoringFeeMinor: 10000,
      });
      const audit = await t.pool.query(
        `SELECT details FROM audit_log WHERE action = 'centre.updated' AND entity_id = $1`,
        [target.id],
      );
      expect(audit.rows[0].details.changes).toEqual({
        name: `${target.name} (renamed)`,
        timeZone: 'America/Vancouver',
      });
    });

    it('drops the public fee when the centre becomes members-only, and asks for one when it opens again', async () => {
      const closed = await admin.patch(`/centres/${target.id}`, { accessPolicy: 'members_only' });
      expect(closed.body).toMatchObject({ accessPolicy: 'members_only', publicProctoringFeeMinor: null });
      const before = await snapshot('testing_centres', target.id);
      const reopened = await admin.patch(`/centres/${target.id}`, { accessPolicy: 'public' });
      expect(reopened.status).toBe(400);
      expect(fields(reopened)).toEqual(['publicProctoringFeeMinor']);
      expect(await snapshot('testing_centres', target.id)).toEqual(before);
      const withFee = await admin.patch(`/centres/${target.id}`, {
        accessPolicy: 'public',
        publicProctoringFeeMinor: 0,
      });
      expect(withFee.body).toMatchObject({ accessPolicy: 'public', publicProctoringFeeMinor: 0 });
    });

    it.each([
      ['a null name', { name: null }, 'name'],
      ['a null time zone', { timeZone: null }, 'timeZone'],
      ['an invalid time zone', { timeZone: 'Toronto' }, 'timeZone'],
      ['a null address', { address: null }, 'address'],
      ['a partial address', { address: { city: 'Ottawa' } }, 'address.line1'],
      ['a public centre losing its fee', { publicProctoringFeeMinor: null }, 'publicProctoringFeeMinor'],
      ['a null access policy', { accessPolicy: null }, 'accessPolicy'],
      ['the opening hours (their own endpoint)', { openingHours: [] }, 'openingHours'],
    ])('refuses %s, naming the field, and changes nothing', async (_name, body, field) => {
      const before = await snapshot('testing_centres', target.id);
      const res = await admin.patch(`/centres/${target.id}`, body);
      expect(res.status).toBe(400);
      expect(fields(res)).toContain(field);
      expect(await snapshot('testing_centres', target.id)).toEqual(before);
    });

    it('refuses to take the name of another centre of the institution', async () => {
      const res = await admin.patch(`/centres/${target.id}`, { name: centre.name });
      expect(res.status).toBe(409);
      expect(res.body.type).toBe('/problems/already-exists');
    });
  });

  describe('opening hours', () => {
    it('replaces the whole week, sorted, with 24:00 as a closing time, and audits it', async () => {
      const res = await admin.put(`/centres/${centre.id}/opening-hours`, {
        hours: [
          { weekday: 7, opens: '10:00', closes: '24:00' },
          { weekday: 1, opens: '08:00', closes: '12:00' },
          { weekday: 1, opens: '12:00', closes: '20:00' },
        ],
      });
      expect(res.status).toBe(200);
      expect(res.body.openingHours).toEqual([
        { weekday: 1, opens: '08:00', closes: '12:00' },
        { weekday: 1, opens: '12:00', closes: '20:00' },
        { weekday: 7, opens: '10:00', closes: '24:00' },
      ]);
      expect(await count(`centre_opening_hours WHERE centre_id = $1`, [centre.id])).toBe(3);
      expect(
        await count(`audit_log WHERE action = 'centre.opening_hours_replaced' AND entity_id = $1`, [
          centre.id,
        ]),
      ).toBeGreaterThanOrEqual(1);
    });

    it.each([
      [
        'overlapping intervals on one weekday',
        [
          { weekday: 3, opens: '08:00', closes: '20:00' },
          { weekday: 4, opens: '08:00', closes: '20:00' },
          { weekday: 3, opens: '12:00', closes: '13:00' },
        ],
        'hours.2',
      ],
      ['opens after closes', [{ weekday: 3, opens: '18:00', closes: '09:00' }], 'hours.0'],
      ['opens at 24:00', [{ weekday: 3, opens: '24:00', closes: '24:00' }], 'hours.0.opens'],
      ['minutes past 59', [{ weekday: 3, opens: '08:75', closes: '12:00' }], 'hours.0.opens'],
      ['a time without the leading zero', [{ weekday: 3, opens: '8:00', closes: '12:00' }], 'hours.0.opens'],
      ['weekday 8', [{ weekday: 8, opens: '08:00', closes: '12:00' }], 'hours.0.weekday'],
    ])('refuses %s, naming the entry, and keeps the old week', async (_name, hours, field) => {
      const before = await snapshot('centre_opening_hours', centre.id);
      const res = await admin.put(`/centres/${centre.id}/opening-hours`, { hours });
      expect(res.status).toBe(400);
      expect(fields(res)).toContain(field);
      expect(await snapshot('centre_opening_hours', centre.id)).toEqual(before);
    });

    it('ends with exactly one of several concurrent replacements, never a mix', async () => {
      const weeks = [1, 2, 3, 4, 5].map((weekday) => [
        { weekday, opens: '08:00', closes: '12:00' },
        { weekday, opens: '13:00', closes: '17:00' },
      ]);
      const results = await Promise.all(
        weeks.map((hours) => admin.put(`/centres/${centre.id}/opening-hours`, { hours })),
      );
      expect(results.every((r) => r.status === 200)).toBe(true);
      const rows = await t.pool.query<{ weekday: number }>(
        `SELECT weekday FROM centre_opening_hours WHERE centre_id = $1`,
        [centre.id],
      );
      expect(rows.rows).toHaveLength(2);
      expect(new Set(rows.rows.map((r) => r.weekday)).size).toBe(1);
    });

    it('clears the week with an empty list', async () => {
      const target = await createCentre(t.pool, cast.institution.id);
      await admin.put(`/centres/${target.id}/opening-hours`, {
        hours: [{ weekday: 1, opens: '08:00', closes: '09:00' }],
      });
      const res = await admin.put(`/centres/${target.id}/opening-hours`, { hours: [] });
      expect(res.body.openingHours).toEqual([]);
    });
  });

  describe('labs', () => {
    let lab: { id: string; name: string; seats: number };

    it('adds a lab and shows it on the centre', async () => {
      const res = await admin.post(`/centres/${centre.id}/labs`, { name: '  Lab A  ', seats: 24 });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ id: expect.any(String), name: 'Lab A', seats: 24 });
      lab = res.body;
      const shown = await cast.instructor.client.get(`/centres/${centre.id}`);
      expect(shown.body.labs).toContainEqual(lab);
      expect(await count(`audit_log WHERE action = 'lab.created' AND entity_id = $1`, [lab.id])).toBe(1);
    });

    it('refuses a second lab of the same name in the centre, but not in another centre', async () => {
      const res = await admin.post(`/centres/${centre.id}/labs`, { name: 'Lab A', seats: 10 });
      expect(res.status).toBe(409);
      expect(res.body.type).toBe('/problems/already-exists');
      const target = await createCentre(t.pool, cast.institution.id);
      expect((await admin.post(`/centres/${target.id}/labs`, { name: 'Lab A', seats: 10 })).status).toBe(201);
    });

    it.each([
      ['no seats', { name: 'Lab Z', seats: 0 }, 'seats'],
      ['501 seats', { name: 'Lab Z', seats: 501 }, 'seats'],
      ['half a seat', { name: 'Lab Z', seats: 2.5 }, 'seats'],
      ['seats as text', { name: 'Lab Z', seats: '20' }, 'seats'],
      ['a blank name', { name: ' ', seats: 20 }, 'name'],
      ['a name over 100 characters', { name: 'L'.repeat(101), seats: 20 }, 'name'],
    ])('refuses %s, naming the field, and adds nothing', async (_name, body, field) => {
      const before = await count('labs');
      const res = await admin.post(`/centres/${centre.id}/labs`, body);
      expect(res.status).toBe(400);
      expect(fields(res)).toContain(field);
      expect(await count('labs')).toBe(before);
    });

    it('renames a lab and changes its seats, refusing a taken name or bad seats and changing nothing', async () => {
      const other = await createLab(t.pool, centre.id, { name: 'Lab B', seats: 16 });
      const res = await admin.patch(`/centres/${centre.id}/labs/${lab.id}`, { seats: 500 });
      expect(res.body).toEqual({ ...lab, seats: 500 });
      const taken = await admin.patch(`/centres/${centre.id}/labs/${other.id}`, { name: 'Lab A' });
      expect(taken.status).toBe(409);
      const bad = await admin.patch(`/centres/${centre.id}/labs/${other.id}`, { seats: 0, name: null });
      expect(bad.status).toBe(400);
      expect(fields(bad)).toEqual(expect.arrayContaining(['seats', 'name']));
      expect((await t.pool.query(`SELECT name, seats FROM labs WHERE id = $1`, [other.id])).rows[0]).toEqual({
        name: 'Lab B',
        seats: 16,
      });
    });

    it('finds a lab only through its own centre', async () => {
      const target = await createCentre(t.pool, cast.institution.id);
      expect((await admin.patch(`/centres/${target.id}/labs/${lab.id}`, { seats: 3 })).status).toBe(404);
      expect((await admin.delete(`/centres/${target.id}/labs/${lab.id}`)).status).toBe(404);
    });

    it('removes a lab once', async () => {
      expect((await admin.delete(`/centres/${centre.id}/labs/${lab.id}`)).status).toBe(204);
      expect((await admin.delete(`/centres/${centre.id}/labs/${lab.id}`)).status).toBe(404);
      expect(await count(`labs WHERE id = $1`, [lab.id])).toBe(0);
    });
  });
});

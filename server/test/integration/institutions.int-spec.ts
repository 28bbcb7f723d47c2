import { randomUUID } from 'node:crypto';
import {
  castOfRoles,
  createInstitution,
  createUser,
  grantRole,
  signedInAs,
} from '../factories/identity.factory';
import { footprint, rolesOf, tokenFromMail, uniqueEmail } from '../factories/institutions.factory';
import { startTestApp, TestApp } from '../support/test-app';

type Cast = Awaited<ReturnType<typeof castOfRoles>>;
type Who = 'operator' | 'bodyAdmin' | 'institutionAdmin' | 'instructor' | 'proctor' | 'candidate';

const newInstitution = (over: Record<string, unknown> = {}) => ({
  name: `Riverside ${randomUUID().slice(0, 8)}`,
  kind: 'university',
  country: 'ca',
  timeZone: 'America/Vancouver',
  adminEmail: uniqueEmail('first-admin'),
  ...over,
});

describe('institutions and their members', () => {
  let t: TestApp;
  let cast: Cast;
  beforeAll(async () => {
    t = await startTestApp();
    cast = await castOfRoles(t.api, t.pool);
  });
  afterAll(() => t.close());

  describe('who may call what', () => {
    it.each<[Who, number]>([
      ['operator', 201],
      ['bodyAdmin', 403],
      ['institutionAdmin', 403],
      ['instructor', 403],
      ['proctor', 403],
      ['candidate', 403],
    ])('POST /institutions as %s → %i', async (who, status) => {
      const res = await cast[who].client.post('/institutions', newInstitution());
      expect(res.status).toBe(status);
    });

    it.each<[Who, number]>([
      ['operator', 200],
      ['bodyAdmin', 404],
      ['institutionAdmin', 200],
      ['instructor', 200],
      ['proctor', 200],
      ['candidate', 200],
    ])('GET /institutions/:id as %s → %i', async (who, status) => {
      const res = await cast[who].client.get(`/institutions/${cast.institution.id}`);
      expect(res.status).toBe(status);
      if (status === 200) expect(res.body.name).toBe(cast.institution.name);
    });

    it.each<[Who, number]>([
      ['operator', 200],
      ['bodyAdmin', 404],
      ['institutionAdmin', 200],
      ['instructor', 403],
      ['proctor', 403],
      ['candidate', 403],
    ])('GET /institutions/:id/members as %s → %i', async (who, status) => {
      expect((await cast[who].client.get(`/institutions/${cast.institution.id}/members`)).status).toBe(
        status,
      );
    });

    it.each<[Who, number]>([
      ['operator', 403],
      ['bodyAdmin', 404],
      ['institutionAdmin', 204],
      ['instructor', 403],
      ['proctor', 403],
      ['candidate', 403],
    ])('DELETE /institutions/:id/members/:userId/roles/:role as %s → %i', async (who, status) => {
      const member = await createUser(t.pool);
      await grantRole(t.pool, member.id, 'candidate', { institutionId: cast.institution.id });
      const res = await cast[who].client.delete(
        `/institutions/${cast.institution.id}/members/${member.id}/roles/candidate`,
      );
      expect(res.status).toBe(status);
      expect(await rolesOf(t.pool, member.id, cast.institution.id)).toEqual(
        status === 204 ? [] : ['candidate'],
      );
    });
  });

  describe('listing', () => {
    it('shows the operator every institution and anyone else only their own', async () => {
      const other = await createInstitution(t.pool);
      const all = await cast.operator.client.get('/institutions?limit=200');
      expect(all.status).toBe(200);
      expect(all.body.items.map((i: { id: string }) => i.id)).toEqual(
        expect.arrayContaining([cast.institution.id, other.id]),
      );
      expect(all.body.total).toBeGreaterThanOrEqual(2);

      const mine = await cast.candidate.client.get('/institutions');
      expect(mine.body).toEqual({
        items: [
          {
            id: cast.institution.id,
            name: cast.institution.name,
            kind: 'college',
            country: 'CA',
            timeZone: 'America/Toronto',
          },
        ],
        total: 1,
        limit: 50,
        offset: 0,
      });
      expect((await cast.bodyAdmin.client.get('/institutions')).body).toMatchObject({ items: [], total: 0 });
    });

    it('lists members with all their roles here, and filters by role', async () => {
      const both = await createUser(t.pool, { displayName: 'Aaron Both' });
      await grantRole(t.pool, both.id, 'proctor', { institutionId: cast.institution.id });
      await grantRole(t.pool, both.id, 'instructor', { institutionId: cast.institution.id });
      const res = await cast.institutionAdmin.client.get(
        `/institutions/${cast.institution.id}/members?limit=200`,
      );
      expect(res.status).toBe(200);
      expect(res.body.items).toContainEqual({
        userId: both.id,
        email: both.email,
        displayName: 'Aaron Both',
        roles: ['instructor', 'proctor'],
      });
      expect(res.body.items.map((m: { userId: string }) => m.userId)).not.toContain(cast.operator.user.id);
      const proctors = await cast.operator.client.get(
        `/institutions/${cast.institution.id}/members?role=proctor`,
      );
      expect(proctors.body.items.map((m: { userId: string }) => m.userId).sort()).toEqual(
        [cast.proctor.user.id, both.id].sort(),
      );
      expect(proctors.body.total).toBe(2);
    });

    it('finds members by a part of their name or email, wildcards taken literally', async () => {
      const zoe = await createUser(t.pool, {
        displayName: 'Zoë Quist_Findable',
        email: `zq-${Date.now()}@example.test`,
      });
      await grantRole(t.pool, zoe.id, 'candidate', { institutionId: cast.institution.id });
      const find = (q: string) =>
        cast.institutionAdmin.client.get(
          `/institutions/${cast.institution.id}/members?role=candidate&q=${encodeURIComponent(q)}`,
        );
      for (const q of ['quist_find', 'ZOË', zoe.email.slice(0, 6)]) {
        const res = await find(q);
        expect(res.status).toBe(200);
        expect({
          q,
          ids: res.body.items.map((m: { userId: string }) => m.userId),
          total: res.body.total,
        }).toEqual({
          q,
          ids: [zoe.id],
          total: 1,
        });
      }
      // % and _ are letters here, not wildcards
      expect((await find('%')).body.total).toBe(0);
      expect((await find('Quist%Findable')).body.total).toBe(0);
      expect((await find('x'.repeat(101))).status).toBe(400);
    });

    it.each([
      ['role', 'role=janitor'],
      ['limit', 'limit=0'],
      ['offset', 'offset=-1'],
    ])('refuses an invalid %s in the member query, naming it', async (field, query) => {
      const res = await cast.institutionAdmin.client.get(
        `/institutions/${cast.institution.id}/members?${query}`,
      );
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
    });
  });

  describe('signing an institution', () => {
    it('creates it and invites its first admin in one go, with mail and audit', async () => {
      const body = newInstitution();
      const res = await cast.operator.client.post('/institutions', body);
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        name: body.name,
        kind: 'university',
        country: 'CA',
        timeZone: 'America/Vancouver',
      });
      const invitations = await t.pool.query(
        `SELECT email, role, institution_id FROM invitations WHERE institution_id = $1`,
        [res.body.id],
      );
      expect(invitations.rows).toEqual([
        { email: body.adminEmail, role: 'institution_admin', institution_id: res.body.id },
      ]);
      const token = await tokenFromMail(t.pool, body.adminEmail);
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const audit = await t.pool.query(`SELECT action FROM audit_log WHERE institution_id = $1 ORDER BY id`, [
        res.body.id,
      ]);
      expect(audit.rows.map((r) => r.action)).toEqual(['institution.created', 'invitation.created']);

      // the invitee signs up and administers it
      const accepted = await t.api.post('/invitations/accept', {
        token,
        password: 'a long enough password',
        displayName: 'First Admin',
      });
      expect(accepted.status).toBe(200);
      const members = await t.api.as(accepted.body.accessToken).get(`/institutions/${res.body.id}/members`);
      expect(members.body.items).toEqual([expect.objectContaining({ roles: ['institution_admin'] })]);
    });

    it('refuses a second institution with the same name, changing nothing', async () => {
      const body = newInstitution();
      expect((await cast.operator.client.post('/institutions', body)).status).toBe(201);
      const before = await footprint(t.pool);
      const again = await cast.operator.client.post('/institutions', { ...body, adminEmail: uniqueEmail() });
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ type: '/problems/already-exists', field: 'name' });
      expect(await footprint(t.pool)).toEqual(before);
    });

    it.each([
      ['name', { name: '' }],
      ['name', { name: 'x'.repeat(201) }],
      ['kind', { kind: 'castle' }],
      ['country', { country: 'XX' }],
      ['country', { country: 'CAN' }],
      ['timeZone', { timeZone: 'EST' }],
      ['timeZone', { timeZone: 'Mars/Olympus' }],
      ['adminEmail', { adminEmail: 'not-an-email' }],
      ['adminEmail', { adminEmail: undefined }],
      ['extra', { extra: true }],
    ])('refuses an invalid %s naming it, changing nothing', async (field, over) => {
      const before = await footprint(t.pool);
      const res = await cast.operator.client.post('/institutions', newInstitution(over));
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect(await footprint(t.pool)).toEqual(before);
    });
  });

  describe('removing roles', () => {
    it('keeps the other roles of the member and records it in the audit log', async () => {
      const member = await createUser(t.pool);
      await grantRole(t.pool, member.id, 'proctor', { institutionId: cast.institution.id });
      await grantRole(t.pool, member.id, 'instructor', { institutionId: cast.institution.id });
      const res = await cast.institutionAdmin.client.delete(
        `/institutions/${cast.institution.id}/members/${member.id}/roles/proctor`,
      );
      expect(res.status).toBe(204);
      expect(await rolesOf(t.pool, member.id, cast.institution.id)).toEqual(['instructor']);
      const audit = await t.pool.query(
        `SELECT actor_user_id, details FROM audit_log WHERE action = 'membership.revoked' AND entity_id = $1`,
        [member.id],
      );
      expect(audit.rows).toEqual([
        { actor_user_id: cast.institutionAdmin.user.id, details: { role: 'proctor' } },
      ]);
    });

    it('answers 404 for a role the user does not hold here, and 400 for an unknown role or bad id', async () => {
      const base = `/institutions/${cast.institution.id}/members`;
      const admin = cast.institutionAdmin.client;
      expect((await admin.delete(`${base}/${cast.candidate.user.id}/roles/proctor`)).status).toBe(404);
      const badRole = await admin.delete(`${base}/${cast.candidate.user.id}/roles/janitor`);
      expect(badRole.status).toBe(400);
      expect(badRole.body.errors).toEqual([{ field: 'role', messages: [expect.stringContaining('role')] }]);
      const badId = await admin.delete(`${base}/42/roles/candidate`);
      expect(badId.status).toBe(400);
      expect(badId.body.errors[0].field).toBe('userId');
    });

    it('refuses to remove the last admin, but lets one of two admins go', async () => {
      const institution = await createInstitution(t.pool);
      const first = await signedInAs(t.api, t.pool, 'institution_admin', { institutionId: institution.id });
      const base = `/institutions/${institution.id}/members`;
      const last = await first.client.delete(`${base}/${first.user.id}/roles/institution_admin`);
      expect(last.status).toBe(409);
      expect(last.body.type).toBe('/problems/invalid-state-transition');
      expect(await rolesOf(t.pool, first.user.id, institution.id)).toEqual(['institution_admin']);

      const second = await createUser(t.pool);
      await grantRole(t.pool, second.id, 'institution_admin', { institutionId: institution.id });
      expect((await first.client.delete(`${base}/${second.id}/roles/institution_admin`)).status).toBe(204);
    });

    it('never leaves an institution without an admin when two admins remove each other at once', async () => {
      const institution = await createInstitution(t.pool);
      const a = await signedInAs(t.api, t.pool, 'institution_admin', { institutionId: institution.id });
      const b = await signedInAs(t.api, t.pool, 'institution_admin', { institutionId: institution.id });
      const base = `/institutions/${institution.id}/members`;
      const results = await Promise.all([
        a.client.delete(`${base}/${b.user.id}/roles/institution_admin`),
        b.client.delete(`${base}/${a.user.id}/roles/institution_admin`),
      ]);
      const statuses = results.map((r) => r.status).sort();
      // the loser either finds itself no longer admin (403) or is refused as the last admin (409)
      expect(statuses[0]).toBe(204);
      expect([403, 409]).toContain(statuses[1]);
      const admins = await t.pool.query(
        `SELECT count(*)::int AS n FROM memberships WHERE institution_id = $1 AND role = 'institution_admin'`,
        [institution.id],
      );
      expect(admins.rows[0].n).toBe(1);
    });
  });

  describe('tenancy', () => {
    it("hides another institution's data from its neighbour's admin, even with guessed ids", async () => {
      const other = await createInstitution(t.pool);
      const neighbour = await signedInAs(t.api, t.pool, 'institution_admin', { institutionId: other.id });
      const mine = cast.institution.id;
      const before = await footprint(t.pool);
      expect((await neighbour.client.get(`/institutions/${mine}`)).status).toBe(404);
      expect((await neighbour.client.get(`/institutions/${mine}/members`)).status).toBe(404);
      expect(
        (
          await neighbour.client.delete(
            `/institutions/${mine}/members/${cast.candidate.user.id}/roles/candidate`,
          )
        ).status,
      ).toBe(404);
      // through their own institution's route, my member is simply not there
      expect(
        (
          await neighbour.client.delete(
            `/institutions/${other.id}/members/${cast.candidate.user.id}/roles/candidate`,
          )
        ).status,
      ).toBe(404);
      expect((await neighbour.client.get(`/institutions/${randomUUID()}`)).status).toBe(404);
      expect(await footprint(t.pool)).toEqual(before);
      expect(await rolesOf(t.pool, cast.candidate.user.id, mine)).toEqual(['candidate']);
    });

    it('answers 404 to the operator for an institution that does not exist', async () => {
      expect((await cast.operator.client.get(`/institutions/${randomUUID()}`)).status).toBe(404);
      expect((await cast.operator.client.get(`/institutions/${randomUUID()}/members`)).status).toBe(404);
    });
  });
});

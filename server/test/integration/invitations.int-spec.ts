import { randomUUID } from 'node:crypto';
import {
  castOfRoles,
  createCertificationBody,
  createInstitution,
  createUser,
  grantRole,
  signedInAs,
} from '../factories/identity.factory';
import {
  createInvitation,
  footprint,
  inviteThroughApi,
  tokenFromMail,
  uniqueEmail,
} from '../factories/institutions.factory';
import { startTestApp, TestApp } from '../support/test-app';

type Cast = Awaited<ReturnType<typeof castOfRoles>>;
type Who = 'operator' | 'bodyAdmin' | 'institutionAdmin' | 'instructor' | 'proctor' | 'candidate';

const openInvitations = async (t: TestApp, email: string) =>
  (
    await t.pool.query(
      `SELECT id, role FROM invitations WHERE email = $1 AND accepted_at IS NULL AND revoked_at IS NULL`,
      [email],
    )
  ).rows;

describe('invitations: issuing, listing, withdrawing', () => {
  let t: TestApp;
  let cast: Cast;
  let path: string;
  beforeAll(async () => {
    t = await startTestApp({ PUBLIC_URL: 'https://invigil.example/' });
    cast = await castOfRoles(t.api, t.pool);
    path = `/institutions/${cast.institution.id}/invitations`;
  });
  afterAll(() => t.close());

  describe('who may call what', () => {
    const inInstitution: [Who, number][] = [
      ['operator', 0],
      ['bodyAdmin', 404],
      ['institutionAdmin', 0],
      ['instructor', 403],
      ['proctor', 403],
      ['candidate', 403],
    ];
    const ok = (status: number, success: number) => (status === 0 ? success : status);

    it.each(inInstitution)('GET /institutions/:id/invitations as %s', async (who, status) => {
      expect((await cast[who].client.get(path)).status).toBe(ok(status, 200));
    });

    it.each(inInstitution)('POST /institutions/:id/invitations as %s', async (who, status) => {
      const email = uniqueEmail();
      const res = await cast[who].client.post(path, { email, role: 'instructor' });
      expect(res.status).toBe(ok(status, 201));
      expect(await openInvitations(t, email)).toHaveLength(status === 0 ? 1 : 0);
    });

    it.each(inInstitution)('POST /institutions/:id/invitations/bulk as %s', async (who, status) => {
      const email = uniqueEmail();
      const res = await cast[who].client.post(`${path}/bulk`, { csv: `email\n${email}\n` });
      expect(res.status).toBe(ok(status, 200));
      expect(await openInvitations(t, email)).toHaveLength(status === 0 ? 1 : 0);
    });

    it.each(inInstitution)(
      'DELETE /institutions/:id/invitations/:invitationId as %s',
      async (who, status) => {
        const invitation = await createInvitation(t.pool, { institutionId: cast.institution.id });
        const res = await cast[who].client.delete(`${path}/${invitation.id}`);
        expect(res.status).toBe(ok(status, 204));
        expect(await openInvitations(t, invitation.email)).toHaveLength(status === 0 ? 0 : 1);
      },
    );

    it.each<[Who, number]>([
      ['operator', 201],
      ['bodyAdmin', 403],
      ['institutionAdmin', 403],
      ['instructor', 403],
      ['proctor', 403],
      ['candidate', 403],
    ])('POST /certification-bodies/:id/invitations as %s → %i', async (who, status) => {
      const email = uniqueEmail('body');
      const res = await cast[who].client.post(`/certification-bodies/${cast.body.id}/invitations`, { email });
      expect(res.status).toBe(status);
      expect(await openInvitations(t, email)).toHaveLength(status === 201 ? 1 : 0);
    });

    it('refuses strangers on every invitation route', async () => {
      expect((await t.api.get(path)).status).toBe(401);
      expect((await t.api.post(path, { email: uniqueEmail(), role: 'candidate' })).status).toBe(401);
      expect((await t.api.post(`${path}/bulk`, { csv: 'email\na@b.co\n' })).status).toBe(401);
      expect((await t.api.delete(`${path}/${randomUUID()}`)).status).toBe(401);
    });
  });

  describe('issuing', () => {
    it('stores only a hash of the token, mails the accept link and audits', async () => {
      const email = uniqueEmail();
      const res = await cast.institutionAdmin.client.post(path, {
        email: email.toUpperCase(),
        role: 'proctor',
      });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        email,
        role: 'proctor',
        status: 'pending',
        expiresAt: expect.any(String),
        createdAt: expect.any(String),
        invitedByEmail: cast.institutionAdmin.user.email,
      });
      const ttl = Date.parse(res.body.expiresAt) - Date.parse(res.body.createdAt);
      expect(ttl).toBe(t.config.INVITATION_TTL_HOURS * 3_600_000);

      const mail = await t.pool.query(
        `SELECT subject, text_body, status FROM mail_outbox WHERE to_address = $1`,
        [email],
      );
      expect(mail.rows).toHaveLength(1);
      expect(mail.rows[0].subject).toBe(`You are invited to ${cast.institution.name} on Invigil`);
      expect(mail.rows[0].text_body).toContain('as a proctor');
      const token = await tokenFromMail(t.pool, email);
      expect(mail.rows[0].text_body).toContain(`https://invigil.example/invite/${token}`);
      const stored = await t.pool.query(`SELECT token_hash FROM invitations WHERE id = $1`, [res.body.id]);
      expect(stored.rows[0].token_hash).not.toContain(token);
      expect(JSON.stringify(res.body)).not.toContain(token);

      const audit = await t.pool.query(
        `SELECT actor_user_id, institution_id, details FROM audit_log WHERE action = 'invitation.created' AND entity_id = $1`,
        [res.body.id],
      );
      expect(audit.rows).toEqual([
        {
          actor_user_id: cast.institutionAdmin.user.id,
          institution_id: cast.institution.id,
          details: { email, role: 'proctor', replaced: [] },
        },
      ]);
    });

    it('replaces the open invitation when the same person is invited to the same role again', async () => {
      const email = uniqueEmail();
      const first = await inviteThroughApi(cast.institutionAdmin.client, t.pool, cast.institution.id, {
        email,
        role: 'instructor',
      });
      const second = await inviteThroughApi(cast.operator.client, t.pool, cast.institution.id, {
        email,
        role: 'instructor',
      });
      // another role is another invitation, left alone
      await inviteThroughApi(cast.operator.client, t.pool, cast.institution.id, { email, role: 'proctor' });
      expect((await openInvitations(t, email)).map((r) => r.role).sort()).toEqual(['instructor', 'proctor']);
      expect((await t.api.get(`/invitations/${first.token}`)).status).toBe(404);
      expect((await t.api.get(`/invitations/${second.token}`)).status).toBe(200);
      const list = await cast.institutionAdmin.client.get(`${path}?limit=200`);
      const statuses = Object.fromEntries(
        list.body.items.map((i: { id: string; status: string }) => [i.id, i.status]),
      );
      expect(statuses[first.id]).toBe('revoked');
      expect(statuses[second.id]).toBe('pending');
    });

    it('refuses to invite someone who already holds the role, but not to another role', async () => {
      const before = await footprint(t.pool);
      const res = await cast.institutionAdmin.client.post(path, {
        email: cast.candidate.user.email,
        role: 'candidate',
      });
      expect(res.status).toBe(409);
      expect(res.body.type).toBe('/problems/already-exists');
      expect(await footprint(t.pool)).toEqual(before);
      const other = await cast.institutionAdmin.client.post(path, {
        email: cast.candidate.user.email,
        role: 'proctor',
      });
      expect(other.status).toBe(201);
    });

    it.each([
      ['email', { email: 'nope', role: 'candidate' }],
      ['email', { role: 'candidate' }],
      ['role', { email: 'x@example.test', role: 'platform_operator' }],
      ['role', { email: 'x@example.test', role: 'certification_body_admin' }],
      ['role', { email: 'x@example.test' }],
      ['institutionId', { email: 'x@example.test', role: 'candidate', institutionId: randomUUID() }],
    ])('refuses an invalid %s naming it, changing nothing', async (field, body) => {
      const before = await footprint(t.pool);
      const res = await cast.institutionAdmin.client.post(path, body);
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect(await footprint(t.pool)).toEqual(before);
    });

    it('invites a certification-body admin, who may not be invited twice once in post', async () => {
      const body = await createCertificationBody(t.pool, { name: 'Adobe' });
      const email = uniqueEmail('adobe');
      const res = await cast.operator.client.post(`/certification-bodies/${body.id}/invitations`, { email });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ email, role: 'certification_body_admin', status: 'pending' });
      const preview = await t.api.get(`/invitations/${await tokenFromMail(t.pool, email)}`);
      expect(preview.body).toMatchObject({ certificationBodyName: 'Adobe', institutionName: null });

      const admin = await createUser(t.pool);
      await grantRole(t.pool, admin.id, 'certification_body_admin', { certificationBodyId: body.id });
      const again = await cast.operator.client.post(`/certification-bodies/${body.id}/invitations`, {
        email: admin.email,
      });
      expect(again.status).toBe(409);
      const missing = await cast.operator.client.post(`/certification-bodies/${randomUUID()}/invitations`, {
        email,
      });
      expect(missing.status).toBe(404);
      const bad = await cast.operator.client.post(`/certification-bodies/${body.id}/invitations`, {
        email: 'x',
      });
      expect(bad.status).toBe(400);
      expect(bad.body.errors[0].field).toBe('email');
    });
  });

  describe('listing and withdrawing', () => {
    it('computes each status and filters by it', async () => {
      const institution = await createInstitution(t.pool);
      const admin = await signedInAs(t.api, t.pool, 'institution_admin', { institutionId: institution.id });
      const base = `/institutions/${institution.id}/invitations`;
      const pending = await inviteThroughApi(admin.client, t.pool, institution.id);
      const revoked = await inviteThroughApi(admin.client, t.pool, institution.id);
      await admin.client.delete(`${base}/${revoked.id}`);
      const expired = await createInvitation(t.pool, {
        institutionId: institution.id,
        expiresAt: new Date(Date.now() - 1000),
      });
      const accepted = await inviteThroughApi(admin.client, t.pool, institution.id);
      await t.api.post('/invitations/accept', {
        token: accepted.token,
        password: 'long enough pw',
        displayName: 'A',
      });

      const all = await admin.client.get(base);
      expect(all.body.total).toBe(4);
      const byId = Object.fromEntries(
        all.body.items.map((i: { id: string; status: string }) => [i.id, i.status]),
      );
      expect(byId).toEqual({
        [pending.id]: 'pending',
        [revoked.id]: 'revoked',
        [expired.id]: 'expired',
        [accepted.id]: 'accepted',
      });
      for (const [status, id] of [
        ['pending', pending.id],
        ['revoked', revoked.id],
        ['expired', expired.id],
        ['accepted', accepted.id],
      ]) {
        const filtered = await admin.client.get(`${base}?status=${status}`);
        expect(filtered.body).toMatchObject({ total: 1, items: [{ id, status }] });
      }
      const bad = await admin.client.get(`${base}?status=lost`);
      expect(bad.status).toBe(400);
      expect(bad.body.errors[0].field).toBe('status');
    });

    it('withdraws an open invitation once, and refuses to withdraw an accepted one', async () => {
      const invitation = await inviteThroughApi(cast.institutionAdmin.client, t.pool, cast.institution.id);
      expect((await cast.institutionAdmin.client.delete(`${path}/${invitation.id}`)).status).toBe(204);
      expect((await cast.institutionAdmin.client.delete(`${path}/${invitation.id}`)).status).toBe(204);
      const audit = await t.pool.query(
        `SELECT count(*)::int AS n FROM audit_log WHERE action = 'invitation.revoked' AND entity_id = $1`,
        [invitation.id],
      );
      expect(audit.rows[0].n).toBe(1);
      expect((await t.api.get(`/invitations/${invitation.token}`)).status).toBe(404);

      const used = await inviteThroughApi(cast.institutionAdmin.client, t.pool, cast.institution.id);
      await t.api.post('/invitations/accept', {
        token: used.token,
        password: 'long enough pw',
        displayName: 'U',
      });
      const refused = await cast.institutionAdmin.client.delete(`${path}/${used.id}`);
      expect(refused.status).toBe(409);
      expect(refused.body.type).toBe('/problems/invalid-state-transition');
      expect((await cast.institutionAdmin.client.delete(`${path}/${randomUUID()}`)).status).toBe(404);
      expect((await cast.institutionAdmin.client.delete(`${path}/not-a-uuid`)).status).toBe(400);
    });
  });

  describe('tenancy', () => {
    it("refuses a neighbour's admin every invitation action on my institution, even with guessed ids", async () => {
      const other = await createInstitution(t.pool);
      const neighbour = await signedInAs(t.api, t.pool, 'institution_admin', { institutionId: other.id });
      const mine = await createInvitation(t.pool, { institutionId: cast.institution.id });
      const before = await footprint(t.pool);

      expect((await neighbour.client.get(path)).status).toBe(404);
      expect(
        (await neighbour.client.post(path, { email: uniqueEmail(), role: 'institution_admin' })).status,
      ).toBe(404);
      expect((await neighbour.client.post(`${path}/bulk`, { csv: `email\n${uniqueEmail()}\n` })).status).toBe(
        404,
      );
      expect((await neighbour.client.delete(`${path}/${mine.id}`)).status).toBe(404);
      // my invitation's id through their own institution's route is not found either
      expect((await neighbour.client.delete(`/institutions/${other.id}/invitations/${mine.id}`)).status).toBe(
        404,
      );
      expect(
        (
          await neighbour.client.post(`/certification-bodies/${cast.body.id}/invitations`, {
            email: 'a@b.co',
          })
        ).status,
      ).toBe(403);

      expect(await footprint(t.pool)).toEqual(before);
      expect(await openInvitations(t, mine.email)).toHaveLength(1);
    });
  });
});

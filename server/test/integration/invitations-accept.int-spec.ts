import { randomUUID } from 'node:crypto';
import {
  createCertificationBody,
  createInstitution,
  createUser,
  DEFAULT_PASSWORD,
  grantRole,
  signedInAs,
} from '../factories/identity.factory';
import {
  createInvitation,
  footprint,
  inviteThroughApi,
  rolesOf,
  uniqueEmail,
} from '../factories/institutions.factory';
import { startTestApp, TestApp } from '../support/test-app';

const NEW_PASSWORD = 'a brand new passphrase';

describe('invitations: the invitee previews and accepts', () => {
  let t: TestApp;
  let institution: { id: string; name: string };
  let admin: Awaited<ReturnType<typeof signedInAs>>;
  const invite = (attrs: Parameters<typeof inviteThroughApi>[3] = {}) =>
    inviteThroughApi(admin.client, t.pool, institution.id, attrs);
  const expectInvalid = (res: { status: number; body: any }) => {
    expect(res.status).toBe(404);
    expect(res.body.type).toBe('/problems/invitation-invalid');
  };

  beforeAll(async () => {
    t = await startTestApp();
    institution = await createInstitution(t.pool, { name: 'Acceptance College' });
    admin = await signedInAs(t.api, t.pool, 'institution_admin', { institutionId: institution.id });
  });
  afterAll(() => t.close());

  describe('preview', () => {
    it('shows what the link is for and whether the account exists, without signing in', async () => {
      const fresh = await invite({ role: 'instructor' });
      const preview = await t.api.get(`/invitations/${fresh.token}`);
      expect(preview.status).toBe(200);
      expect(preview.body).toEqual({
        email: fresh.email,
        role: 'instructor',
        institutionName: 'Acceptance College',
        certificationBodyName: null,
        expiresAt: expect.any(String),
        accountExists: false,
      });
      const existing = await createUser(t.pool);
      const known = await invite({ email: existing.email });
      expect((await t.api.get(`/invitations/${known.token}`)).body.accountExists).toBe(true);
    });

    it('answers invitation-invalid for an unknown token', async () => {
      expectInvalid(await t.api.get('/invitations/this-token-was-never-issued-by-anyone-at-all'));
      expectInvalid(await t.api.get('/invitations/x'));
    });
  });

  describe('accepting', () => {
    it('creates the account, grants the role, signs the person in, and audits', async () => {
      const invitation = await invite({ role: 'proctor' });
      const res = await t.api.post('/invitations/accept', {
        token: invitation.token,
        password: NEW_PASSWORD,
        displayName: '  Grace Hopper ',
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        accessToken: expect.any(String),
        refreshToken: expect.any(String),
        user: {
          email: invitation.email,
          displayName: 'Grace Hopper',
          memberships: [
            { role: 'proctor', institutionId: institution.id, institutionName: 'Acceptance College' },
          ],
        },
      });
      const row = await t.pool.query(`SELECT accepted_at, accepted_by FROM invitations WHERE id = $1`, [
        invitation.id,
      ]);
      expect(row.rows[0]).toEqual({ accepted_at: expect.any(Date), accepted_by: res.body.user.id });
      const audit = await t.pool.query(`SELECT action FROM audit_log WHERE actor_user_id = $1 ORDER BY id`, [
        res.body.user.id,
      ]);
      expect(audit.rows.map((r) => r.action)).toEqual(['user.created', 'invitation.accepted']);
      const me = await t.api.as(res.body.accessToken).get('/me');
      expect(me.body.email).toBe(invitation.email);
      // the new password signs in from now on
      expect(
        (await t.api.post('/auth/login', { email: invitation.email, password: NEW_PASSWORD })).status,
      ).toBe(200);
    });

    it('adds the role to an existing account when its password is given', async () => {
      const existing = await createUser(t.pool);
      await grantRole(t.pool, existing.id, 'candidate', { institutionId: institution.id });
      const invitation = await invite({ email: existing.email, role: 'instructor' });
      const res = await t.api.post('/invitations/accept', {
        token: invitation.token,
        password: DEFAULT_PASSWORD,
      });
      expect(res.status).toBe(200);
      expect(res.body.user.id).toBe(existing.id);
      expect(await rolesOf(t.pool, existing.id, institution.id)).toEqual(['candidate', 'instructor']);
    });

    it('refuses a wrong password for an existing account and leaves the invitation usable', async () => {
      const existing = await createUser(t.pool);
      const invitation = await invite({ email: existing.email });
      const before = await footprint(t.pool);
      const res = await t.api.post('/invitations/accept', {
        token: invitation.token,
        password: 'not the password',
      });
      expect(res.status).toBe(401);
      expect(res.body.type).toBe('/problems/invalid-credentials');
      const after = await footprint(t.pool);
      // only the failed attempt is recorded
      expect(after).toEqual({ ...before, audit_log: before.audit_log + 1 });
      expect(await rolesOf(t.pool, existing.id, institution.id)).toEqual([]);
      expect(
        (await t.api.post('/invitations/accept', { token: invitation.token, password: DEFAULT_PASSWORD }))
          .status,
      ).toBe(200);
    });

    it('accepts a certification-body admin invitation', async () => {
      const body = await createCertificationBody(t.pool, { name: 'Apple' });
      const invitation = await createInvitation(t.pool, { certificationBodyId: body.id });
      const res = await t.api.post('/invitations/accept', {
        token: invitation.token,
        password: NEW_PASSWORD,
        displayName: 'Tim',
      });
      expect(res.status).toBe(200);
      expect(res.body.user.memberships).toEqual([
        expect.objectContaining({
          role: 'certification_body_admin',
          certificationBodyId: body.id,
          certificationBodyName: 'Apple',
        }),
      ]);
    });

    it.each([
      ['displayName', { password: NEW_PASSWORD }],
      ['displayName', { password: NEW_PASSWORD, displayName: '   ' }],
      ['password', { password: 'short', displayName: 'Sam' }],
      ['password', { displayName: 'Sam' }],
      ['token', { token: 'short', password: NEW_PASSWORD, displayName: 'Sam' }],
      ['extra', { password: NEW_PASSWORD, displayName: 'Sam', extra: 1 }],
    ])(
      'refuses a new account with a missing or invalid %s, naming it and changing nothing',
      async (field, body) => {
        const invitation = await invite();
        const before = await footprint(t.pool);
        const res = await t.api.post('/invitations/accept', { token: invitation.token, ...body });
        expect(res.status).toBe(400);
        expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
        expect(await footprint(t.pool)).toEqual(before);
        expect((await t.api.get(`/invitations/${invitation.token}`)).status).toBe(200);
      },
    );
  });

  describe('links that no longer work', () => {
    it('refuses an expired invitation', async () => {
      const invitation = await invite();
      await t.pool.query(`UPDATE invitations SET expires_at = now() - interval '1 second' WHERE id = $1`, [
        invitation.id,
      ]);
      const before = await footprint(t.pool);
      expectInvalid(await t.api.get(`/invitations/${invitation.token}`));
      expectInvalid(
        await t.api.post('/invitations/accept', {
          token: invitation.token,
          password: NEW_PASSWORD,
          displayName: 'L',
        }),
      );
      expect(await footprint(t.pool)).toEqual(before);
    });

    it('refuses a withdrawn invitation', async () => {
      const invitation = await invite();
      await admin.client.delete(`/institutions/${institution.id}/invitations/${invitation.id}`);
      expectInvalid(
        await t.api.post('/invitations/accept', {
          token: invitation.token,
          password: NEW_PASSWORD,
          displayName: 'W',
        }),
      );
    });

    it('refuses a used invitation, even with the right password', async () => {
      const invitation = await invite();
      const body = { token: invitation.token, password: NEW_PASSWORD, displayName: 'Once' };
      expect((await t.api.post('/invitations/accept', body)).status).toBe(200);
      expectInvalid(await t.api.post('/invitations/accept', body));
      expectInvalid(await t.api.get(`/invitations/${invitation.token}`));
    });

    it('refuses an unknown token', async () => {
      expectInvalid(
        await t.api.post('/invitations/accept', {
          token: randomUUID() + randomUUID(),
          password: NEW_PASSWORD,
        }),
      );
    });
  });

  it('lets exactly one of ten concurrent accepts of one token succeed', async () => {
    const invitation = await invite({ email: uniqueEmail('race') });
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        t.api.post('/invitations/accept', {
          token: invitation.token,
          password: NEW_PASSWORD,
          displayName: `Racer ${i}`,
        }),
      ),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    const losers = results.filter((r) => r.status !== 200);
    expect(losers.map((r) => r.body.type)).toEqual(Array(9).fill('/problems/invitation-invalid'));
    const users = await t.pool.query(`SELECT id FROM users WHERE email = $1`, [invitation.email]);
    expect(users.rows).toHaveLength(1);
    expect(await rolesOf(t.pool, users.rows[0].id, institution.id)).toEqual(['candidate']);
    const sessions = await t.pool.query(`SELECT count(*)::int AS n FROM refresh_tokens WHERE user_id = $1`, [
      users.rows[0].id,
    ]);
    expect(sessions.rows[0].n).toBe(1);
  });
});

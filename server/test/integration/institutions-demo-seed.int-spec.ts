import { PasswordHasher } from '../../src/core/auth/password-hasher';
import { TransactionRunner } from '../../src/core/database/transaction-runner';
import { DEMO_PASSWORD, seedDemoTenant } from '../../src/seed/demo-tenant';
import { createCertificationBody } from '../factories/identity.factory';
import { footprint } from '../factories/institutions.factory';
import { startTestApp, TestApp } from '../support/test-app';

describe('the demo tenant seed', () => {
  let t: TestApp;
  const seed = () =>
    t.app
      .get(TransactionRunner)
      .run((em) => seedDemoTenant(em, t.app.get(PasswordHasher), { publicUrl: 'http://demo.test/' }));
  const signIn = async (email: string) => {
    const res = await t.api.post('/auth/login', { email, password: DEMO_PASSWORD });
    expect(res.status).toBe(200);
    return t.api.as(res.body.accessToken);
  };

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('creates the README logins, and a second run changes nothing', async () => {
    const microsoft = await createCertificationBody(t.pool, { code: 'microsoft', name: 'Microsoft' });
    const tenant = await seed();
    const afterFirst = await footprint(t.pool);
    expect(await seed()).toEqual(tenant);
    expect(await footprint(t.pool)).toEqual(afterFirst);

    expect(Object.fromEntries(Object.entries(tenant.users).map(([k, u]) => [k, u.email]))).toEqual({
      operator: 'operator@invigil.demo',
      bodyAdmin: 'microsoft-admin@invigil.demo',
      institutionAdmin: 'admin@northfield.demo',
      instructor: 'instructor@northfield.demo',
      proctor: 'proctor@northfield.demo',
      proctor2: 'proctor2@northfield.demo',
      candidate: 'candidate@northfield.demo',
      otherAdmin: 'admin@lakeside.demo',
    });

    const admin = await signIn('admin@northfield.demo');
    const northfield = await admin.get(`/institutions/${tenant.institutionId}`);
    expect(northfield.body).toMatchObject({
      name: 'Northfield College',
      kind: 'college',
      country: 'CA',
      timeZone: 'America/Toronto',
    });
    const members = await admin.get(`/institutions/${tenant.institutionId}/members`);
    const roles = Object.fromEntries(
      members.body.items.map((m: { email: string; roles: string[] }) => [m.email, m.roles]),
    );
    expect(roles).toMatchObject({
      'admin@northfield.demo': ['institution_admin'],
      'instructor@northfield.demo': ['instructor'],
      'proctor@northfield.demo': ['proctor'],
      'proctor2@northfield.demo': ['proctor'],
      'candidate@northfield.demo': ['candidate'],
    });
    expect(
      Object.values(roles).filter((r) => (r as string[]).includes('candidate')).length,
    ).toBeGreaterThanOrEqual(3);
    const invitations = await admin.get(`/institutions/${tenant.institutionId}/invitations?status=pending`);
    expect(invitations.body.items).toEqual([
      expect.objectContaining({ email: 'new.instructor@northfield.demo', role: 'instructor' }),
    ]);
    // its mail is in the development mailbox, with a link that works
    const mailbox = await t.api.get('/dev/mailbox?to=new.instructor@northfield.demo');
    const token = mailbox.body[0].text.match(/http:\/\/demo\.test\/invite\/([A-Za-z0-9_-]+)/)[1];
    expect((await t.api.get(`/invitations/${token}`)).body).toMatchObject({
      institutionName: 'Northfield College',
    });

    // tenancy: Lakeside's admin cannot see Northfield
    const other = await signIn('admin@lakeside.demo');
    expect((await other.get('/institutions')).body.items.map((i: { name: string }) => i.name)).toEqual([
      'Lakeside Polytechnic',
    ]);
    expect((await other.get(`/institutions/${tenant.institutionId}`)).status).toBe(404);

    const operator = await signIn('operator@invigil.demo');
    expect((await operator.get('/me')).body.memberships).toEqual([
      expect.objectContaining({ role: 'platform_operator' }),
    ]);
    const bodyAdmin = await signIn('microsoft-admin@invigil.demo');
    expect((await bodyAdmin.get('/me')).body.memberships).toEqual([
      expect.objectContaining({ role: 'certification_body_admin', certificationBodyId: microsoft.id }),
    ]);
  });

  it('replaces the pending invitation once it has lapsed, and leaves passwords alone', async () => {
    await t.pool.query(
      `UPDATE invitations SET expires_at = now() - interval '1 day' WHERE email = 'new.instructor@northfield.demo'`,
    );
    await t.pool.query(`UPDATE users SET password_hash = 'kept' WHERE email = 'proctor@northfield.demo'`);
    await seed();
    const rows = await t.pool.query(
      `SELECT revoked_at IS NULL AND expires_at > now() AS pending FROM invitations
        WHERE email = 'new.instructor@northfield.demo' ORDER BY created_at`,
    );
    expect(rows.rows).toEqual([{ pending: false }, { pending: true }]);
    const kept = await t.pool.query(
      `SELECT password_hash FROM users WHERE email = 'proctor@northfield.demo'`,
    );
    expect(kept.rows[0].password_hash).toBe('kept');
  });
});

describe('the demo tenant seed without the catalogue', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('still creates the certification-body admin, with no membership', async () => {
    const tenant = await t.app
      .get(TransactionRunner)
      .run((em) => seedDemoTenant(em, t.app.get(PasswordHasher)));
    expect(tenant.users.bodyAdmin.email).toBe('microsoft-admin@invigil.demo');
    const memberships = await t.pool.query(`SELECT count(*)::int AS n FROM memberships WHERE user_id = $1`, [
      tenant.users.bodyAdmin.id,
    ]);
    expect(memberships.rows[0].n).toBe(0);
  });
});

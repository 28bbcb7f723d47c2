import { randomBytes } from 'node:crypto';
import { castOfRoles, createUser, DEFAULT_PASSWORD } from '../factories/identity.factory';
import { inviteThroughApi } from '../factories/institutions.factory';
import { startTestApp, TestApp } from '../support/test-app';

describe('identity: individuals sign up and confirm their address', () => {
  let t: TestApp;
  const address = () => `sam-${randomBytes(4).toString('hex')}@example.test`;
  const mails = async (to: string) =>
    (
      await t.pool.query<{ template: string; text_body: string }>(
        `SELECT template, text_body FROM mail_outbox WHERE to_address = $1 ORDER BY created_at, id`,
        [to],
      )
    ).rows;
  const linkToken = (text: string) => /\/verify-email\/([A-Za-z0-9_-]+)/.exec(text)?.[1] as string;
  const signUp = (email: string, extra: Record<string, unknown> = {}) =>
    t.api.post('/auth/sign-up', {
      email,
      displayName: 'Sam Rivera',
      password: 'a long passphrase 2026',
      timeZone: 'Europe/Lisbon',
      ...extra,
    });

  beforeAll(async () => {
    t = await startTestApp({ SIGN_UP_LIMIT_PER_IP_PER_HOUR: '30' });
  });
  afterAll(() => t.close());

  it('creates an account that signs in only once its address is confirmed, by a link that works once', async () => {
    const email = address();
    expect((await signUp(email.toUpperCase())).status).toBe(202);
    const login = () => t.api.post('/auth/login', { email, password: 'a long passphrase 2026' });
    const early = await login();
    expect(early.status).toBe(403);
    expect(early.body.type).toBe('/problems/email-not-verified');

    const [mail] = await mails(email);
    expect(mail.template).toBe('account-verify');
    const token = linkToken(mail.text_body);
    expect((await t.api.post('/auth/verify-email', { token })).status).toBe(204);
    const again = await t.api.post('/auth/verify-email', { token });
    expect(again.status).toBe(400);
    expect(again.body.type).toBe('/problems/verification-invalid');

    const signedIn = await login();
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.user).toMatchObject({
      email,
      displayName: 'Sam Rivera',
      timeZone: 'Europe/Lisbon',
      memberships: [],
    });
    // an individual can buy a retail voucher with the new account (no membership needed)
    expect((await t.api.as(signedIn.body.accessToken).get('/me/entitlements')).status).toBe(200);
  });

  it('answers an address that has an account exactly as a new one, and tells its owner instead', async () => {
    const owner = await createUser(t.pool);
    const res = await signUp(owner.email);
    expect(res.status).toBe(202);
    expect(await mails(owner.email)).toEqual([expect.objectContaining({ template: 'account-exists' })]);
    const users = await t.pool.query(`SELECT count(*)::int AS n FROM users WHERE email = $1`, [owner.email]);
    expect(users.rows[0].n).toBe(1);
    // the existing password still works; the one given with the sign-up does not
    expect((await t.api.post('/auth/login', { email: owner.email, password: DEFAULT_PASSWORD })).status).toBe(
      200,
    );
    expect(
      (await t.api.post('/auth/login', { email: owner.email, password: 'a long passphrase 2026' })).status,
    ).toBe(401);
  });

  it('sends a fresh link to an unconfirmed account signed up again; the old link stops working', async () => {
    const email = address();
    await signUp(email);
    await signUp(email);
    const sent = await mails(email);
    expect(sent.map((m) => m.template)).toEqual(['account-verify', 'account-verify']);
    const [first, second] = sent.map((m) => linkToken(m.text_body));
    expect((await t.api.post('/auth/verify-email', { token: first })).status).toBe(400);
    expect((await t.api.post('/auth/verify-email', { token: second })).status).toBe(204);
  });

  it('sets the password chosen with the link that is followed, so signing up with another address changes nothing of its owner', async () => {
    const email = address();
    await signUp(email, { password: 'the squatter password 1' });
    await signUp(email, { password: 'the owner passphrase 2' });
    const [, owners] = (await mails(email)).map((m) => linkToken(m.text_body));
    expect((await t.api.post('/auth/verify-email', { token: owners })).status).toBe(204);
    const as = (password: string) => t.api.post('/auth/login', { email, password });
    expect((await as('the squatter password 1')).status).toBe(401);
    expect((await as('the owner passphrase 2')).status).toBe(200);
  });

  it("lets an invitation to the address claim an account never confirmed, with the invitee's password", async () => {
    const cast = await castOfRoles(t.api, t.pool);
    const email = address();
    await signUp(email, { password: 'someone else typed this' });
    const invitation = await inviteThroughApi(cast.institutionAdmin.client, t.pool, cast.institution.id, {
      email,
    });
    const accepted = await t.api.post('/invitations/accept', {
      token: invitation.token,
      password: 'the invitee passphrase',
    });
    expect(accepted.status).toBe(200);
    const login = await t.api.post('/auth/login', { email, password: 'the invitee passphrase' });
    expect(login.status).toBe(200);
    expect(login.body.user.memberships).toEqual([
      expect.objectContaining({ role: 'candidate', institutionId: cast.institution.id }),
    ]);
    const pending = await t.pool.query(
      `SELECT count(*)::int AS n FROM email_verifications v JOIN users u ON u.id = v.user_id WHERE u.email = $1`,
      [email],
    );
    expect(pending.rows[0].n).toBe(0);
  });

  it('refuses a link past its time', async () => {
    const email = address();
    await signUp(email);
    const token = linkToken((await mails(email))[0].text_body);
    await t.pool.query(
      `UPDATE email_verifications SET expires_at = now() - interval '1 minute'
        WHERE user_id = (SELECT id FROM users WHERE email = $1)`,
      [email],
    );
    expect((await t.api.post('/auth/verify-email', { token })).body.type).toBe(
      '/problems/verification-invalid',
    );
    expect((await t.api.post('/auth/login', { email, password: 'a long passphrase 2026' })).status).toBe(403);
  });

  it('refuses bad input naming each field, and a made-up link', async () => {
    const res = await t.api.post('/auth/sign-up', {
      email: 'not-an-email',
      displayName: '',
      password: 'short',
      timeZone: 'Mars/Olympus',
    });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'displayName',
      'email',
      'password',
      'timeZone',
    ]);
    expect((await t.api.post('/auth/verify-email', { token: 'x'.repeat(43) })).status).toBe(400);
  });

  it('limits sign-ups per address', async () => {
    const limited = await startTestApp({ SIGN_UP_LIMIT_PER_IP_PER_HOUR: '2' });
    try {
      const statuses = [];
      for (let i = 0; i < 3; i++)
        statuses.push(
          (
            await limited.api.post('/auth/sign-up', {
              email: address(),
              displayName: 'X',
              password: 'a long passphrase 2026',
            })
          ).status,
        );
      expect(statuses).toEqual([202, 202, 429]);
    } finally {
      await limited.close();
    }
  });
});

import { createUser, DEFAULT_PASSWORD } from '../factories/identity.factory';
import { startTestApp, TestApp } from '../support/test-app';

describe('identity: a forgotten password is reset by a mailed one-time link', () => {
  let t: TestApp;
  const resetMails = async (to: string) =>
    (
      await t.pool.query<{ text_body: string }>(
        `SELECT text_body FROM mail_outbox WHERE to_address = $1 AND template = 'password-reset' ORDER BY created_at, id`,
        [to],
      )
    ).rows;
  const tokenOf = (text: string) => /\/reset-password\/([A-Za-z0-9_-]+)/.exec(text)?.[1] as string;
  const NEW = 'a brand new passphrase';

  beforeAll(async () => {
    t = await startTestApp({ SIGN_UP_LIMIT_PER_IP_PER_HOUR: '30' });
  });
  afterAll(() => t.close());

  it('sets the new password once, ends every session, and the old password stops working', async () => {
    const user = await createUser(t.pool);
    const before = await t.api.post('/auth/login', { email: user.email, password: DEFAULT_PASSWORD });
    expect(before.status).toBe(200);
    expect((await t.api.post('/auth/password-reset', { email: user.email.toUpperCase() })).status).toBe(202);
    const [mail] = await resetMails(user.email);
    const token = tokenOf(mail.text_body);
    // sessions started before the reset end: wait a second, tokens count whole seconds
    await new Promise((r) => setTimeout(r, 1100));
    expect((await t.api.post('/auth/password-reset/complete', { token, password: NEW })).status).toBe(204);
    const again = await t.api.post('/auth/password-reset/complete', { token, password: NEW });
    expect(again.body.type).toBe('/problems/reset-invalid');

    expect((await t.api.as(before.body.accessToken).get('/me')).status).toBe(401);
    expect((await t.api.post('/auth/refresh', { refreshToken: before.body.refreshToken })).status).toBe(401);
    expect((await t.api.post('/auth/login', { email: user.email, password: DEFAULT_PASSWORD })).status).toBe(
      401,
    );
    expect((await t.api.post('/auth/login', { email: user.email, password: NEW })).status).toBe(200);
  });

  it('answers an unknown address exactly the same, and mails nobody', async () => {
    const res = await t.api.post('/auth/password-reset', { email: 'nobody-here@example.test' });
    expect(res.status).toBe(202);
    expect(await resetMails('nobody-here@example.test')).toEqual([]);
  });

  it('refuses a link past its time, a made-up one and a short password, changing nothing', async () => {
    const user = await createUser(t.pool);
    await t.api.post('/auth/password-reset', { email: user.email });
    const token = tokenOf((await resetMails(user.email))[0].text_body);
    const short = await t.api.post('/auth/password-reset/complete', { token, password: 'short' });
    expect(short.status).toBe(400);
    expect(short.body.errors.map((e: { field: string }) => e.field)).toEqual(['password']);
    await t.pool.query(
      `UPDATE password_resets SET expires_at = now() - interval '1 minute' WHERE user_id = $1`,
      [user.id],
    );
    expect((await t.api.post('/auth/password-reset/complete', { token, password: NEW })).body.type).toBe(
      '/problems/reset-invalid',
    );
    expect(
      (await t.api.post('/auth/password-reset/complete', { token: 'y'.repeat(43), password: NEW })).status,
    ).toBe(400);
    expect((await t.api.post('/auth/login', { email: user.email, password: DEFAULT_PASSWORD })).status).toBe(
      200,
    );
  });

  it('confirms a self-made account whose confirmation mail was lost', async () => {
    const email = `lost-${Date.now()}@example.test`;
    await t.api.post('/auth/sign-up', { email, displayName: 'Lost Mail', password: 'first passphrase 1' });
    expect((await t.api.post('/auth/login', { email, password: 'first passphrase 1' })).status).toBe(403);
    await t.api.post('/auth/password-reset', { email });
    const token = tokenOf((await resetMails(email))[0].text_body);
    expect((await t.api.post('/auth/password-reset/complete', { token, password: NEW })).status).toBe(204);
    expect((await t.api.post('/auth/login', { email, password: NEW })).status).toBe(200);
  });
});

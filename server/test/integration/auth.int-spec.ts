import {
  createUser,
  DEFAULT_PASSWORD,
  grantRole,
  createInstitution,
  signIn,
} from '../factories/identity.factory';
import { startTestApp, TestApp } from '../support/test-app';

describe('identity: login, tokens, password change', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('signs in with the right password and returns the profile with memberships', async () => {
    const user = await createUser(t.pool);
    const institution = await createInstitution(t.pool, { name: 'Northfield College' });
    await grantRole(t.pool, user.id, 'instructor', { institutionId: institution.id });
    const res = await t.api.post('/auth/login', {
      email: user.email.toUpperCase(),
      password: DEFAULT_PASSWORD,
    });
    expect(res.status).toBe(200);
    expect(res.body.user.memberships).toEqual([
      expect.objectContaining({
        role: 'instructor',
        institutionId: institution.id,
        institutionName: 'Northfield College',
      }),
    ]);
    const me = await t.api.as(res.body.accessToken).get('/me');
    expect(me.status).toBe(200);
    expect(me.body.email).toBe(user.email);
  });

  it('answers a wrong password and an unknown account the same way', async () => {
    const user = await createUser(t.pool);
    const wrong = await t.api.post('/auth/login', { email: user.email, password: 'not the password' });
    const unknown = await t.api.post('/auth/login', {
      email: 'nobody@example.test',
      password: 'whatever it is',
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.type).toBe('/problems/invalid-credentials');
    expect(unknown.body).toEqual({ ...wrong.body, instance: unknown.body.instance });
    expect(wrong.headers.get('content-type')).toContain('application/problem+json');
  });

  it('rotates refresh tokens and revokes the family when an old one is replayed', async () => {
    const user = await createUser(t.pool);
    const login = await t.api.post('/auth/login', { email: user.email, password: user.password });
    const first = login.body.refreshToken as string;
    const rotated = await t.api.post('/auth/refresh', { refreshToken: first });
    expect(rotated.status).toBe(200);
    expect(rotated.body.refreshToken).not.toBe(first);

    const replay = await t.api.post('/auth/refresh', { refreshToken: first });
    expect(replay.status).toBe(401);
    expect(replay.body.type).toBe('/problems/invalid-token');
    // the replay burned the whole family, including the token issued by the rotation
    const afterReplay = await t.api.post('/auth/refresh', { refreshToken: rotated.body.refreshToken });
    expect(afterReplay.status).toBe(401);
  });

  it('lets exactly one of many concurrent refreshes with the same token win', async () => {
    const user = await createUser(t.pool);
    const login = await t.api.post('/auth/login', { email: user.email, password: user.password });
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        t.api.post('/auth/refresh', { refreshToken: login.body.refreshToken }),
      ),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 401)).toHaveLength(19);
  });

  it('logs out: the refresh token stops working', async () => {
    const user = await createUser(t.pool);
    const login = await t.api.post('/auth/login', { email: user.email, password: user.password });
    expect((await t.api.post('/auth/logout', { refreshToken: login.body.refreshToken })).status).toBe(204);
    expect((await t.api.post('/auth/refresh', { refreshToken: login.body.refreshToken })).status).toBe(401);
  });

  it('changes the password, ends existing sessions and accepts only the new password', async () => {
    const user = await createUser(t.pool);
    const login = await t.api.post('/auth/login', { email: user.email, password: user.password });
    const client = t.api.as(login.body.accessToken);
    const weak = await client.post('/auth/password', {
      currentPassword: user.password,
      newPassword: 'short',
    });
    expect(weak.status).toBe(400);
    expect(weak.body.errors[0].field).toBe('newPassword');
    const wrongCurrent = await client.post('/auth/password', {
      currentPassword: 'nope nope nope',
      newPassword: 'a much longer passphrase',
    });
    expect(wrongCurrent.status).toBe(400);
    expect(wrongCurrent.body.errors[0].field).toBe('currentPassword');

    // tokens are stamped in whole seconds: make the change land in a later second than the login
    await new Promise((r) => setTimeout(r, 1100));
    const changed = await client.post('/auth/password', {
      currentPassword: user.password,
      newPassword: 'a much longer passphrase',
    });
    expect(changed.status).toBe(204);
    expect((await client.get('/me')).status).toBe(401);
    expect((await t.api.post('/auth/refresh', { refreshToken: login.body.refreshToken })).status).toBe(401);
    expect((await t.api.post('/auth/login', { email: user.email, password: user.password })).status).toBe(
      401,
    );
    await expect(
      signIn(t.api, { email: user.email, password: 'a much longer passphrase' }),
    ).resolves.toBeDefined();
  });

  it('updates the profile with a valid IANA zone and refuses an invalid one naming the field', async () => {
    const user = await createUser(t.pool);
    const client = await signIn(t.api, user);
    const ok = await client.patch('/me', { displayName: 'Ada L.', timeZone: 'Asia/Kolkata' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ displayName: 'Ada L.', timeZone: 'Asia/Kolkata' });
    const bad = await client.patch('/me', { timeZone: 'Mars/Olympus' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'timeZone' })]);
    expect((await client.get('/me')).body.timeZone).toBe('Asia/Kolkata');
  });

  it('records logins and password changes in the audit log, which refuses rewrites', async () => {
    const { rows } = await t.pool.query(`SELECT action FROM audit_log WHERE action LIKE 'auth.%'`);
    expect(rows.map((r) => r.action)).toEqual(
      expect.arrayContaining(['auth.login', 'auth.login_failed', 'auth.password_changed']),
    );
    await expect(t.pool.query(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
    await expect(t.pool.query(`UPDATE audit_log SET action = 'x'`)).rejects.toThrow(/append-only/);
  });
});

describe('identity: login rate limits', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ LOGIN_MAX_FAILURES_PER_ACCOUNT: '3', LOGIN_LIMIT_PER_IP_PER_MINUTE: '12' });
  });
  afterAll(() => t.close());

  it('locks an account after repeated failures, even for the right password, without revealing it exists', async () => {
    const user = await createUser(t.pool);
    for (let i = 0; i < 3; i++) {
      expect(
        (await t.api.post('/auth/login', { email: user.email, password: 'wrong password' })).status,
      ).toBe(401);
    }
    const locked = await t.api.post('/auth/login', { email: user.email, password: user.password });
    expect(locked.status).toBe(429);
    expect(locked.body.type).toBe('/problems/account-locked');
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    for (let i = 0; i < 3; i++)
      await t.api.post('/auth/login', { email: 'ghost@example.test', password: 'wrong password' });
    const ghost = await t.api.post('/auth/login', {
      email: 'ghost@example.test',
      password: 'wrong password',
    });
    expect(ghost.body.type).toBe('/problems/account-locked');
  });

  it('limits attempts per client address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      statuses.push(
        (await t.api.post('/auth/login', { email: `x${i}@example.test`, password: 'wrong password' })).status,
      );
    }
    expect(statuses).toContain(429);
  });
});

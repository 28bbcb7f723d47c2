import { startTestApp, TestApp } from '../support/test-app';

describe('platform: health, OpenAPI, error shape', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('reports liveness and readiness of PostgreSQL and Redis', async () => {
    expect((await t.api.get('/health/live')).body).toEqual({ status: 'ok' });
    const ready = await t.api.get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.details).toMatchObject({ postgres: { status: 'up' }, redis: { status: 'up' } });
  });

  it('publishes an OpenAPI document with the problem schema and documented errors', async () => {
    const doc = await t.api.get('/docs-json');
    expect(doc.status).toBe(200);
    expect(doc.body.components.schemas.Problem).toBeDefined();
    const login = doc.body.paths['/api/auth/login'].post;
    expect(Object.keys(login.responses)).toEqual(expect.arrayContaining(['400', '401', '429']));
  });

  it.each([
    ['unknown route', () => t.api.get('/no-such-thing'), 404, '/problems/not-found'],
    ['unknown route, POST', () => t.api.post('/no-such-thing', {}), 404, '/problems/not-found'],
    ['malformed JSON', () => t.api.post('/auth/login', '{"email":', {}), 400, '/problems/malformed-request'],
    ['empty JSON body', () => t.api.post('/auth/login', ''), 400, '/problems/malformed-request'],
    [
      'a body that is not JSON',
      () => t.api.post('/auth/login', '<login/>', { 'content-type': 'application/xml' }),
      415,
      '/problems/malformed-request',
    ],
    [
      'wrong type',
      () => t.api.post('/auth/login', { email: 42, password: [] }),
      400,
      '/problems/validation-failed',
    ],
    [
      'unknown field',
      () => t.api.post('/auth/login', { email: 'a@b.co', password: 'x', admin: true }),
      400,
      '/problems/validation-failed',
    ],
    ['array body', () => t.api.post('/auth/login', [1, 2]), 400, '/problems/validation-failed'],
    ['no token', () => t.api.get('/me'), 401, '/problems/unauthenticated'],
    ['garbage token', () => t.api.as('not.a.jwt').get('/me'), 401, '/problems/invalid-token'],
  ])('answers %s with problem+json', async (_name, call, status, type) => {
    const res = await call();
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body).toMatchObject({ type, status, title: expect.any(String) });
  });

  it('sends the security headers on API answers, problems included, and no server banner', async () => {
    for (const res of [await t.api.get('/health/live'), await t.api.get('/no-such-thing')]) {
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(res.headers.get('strict-transport-security')).toContain('max-age=');
      expect(res.headers.get('x-powered-by')).toBeNull();
    }
  });

  it('refuses an oversized body with 413, not a crash', async () => {
    const res = await t.api.post('/auth/login', { email: 'a@b.co', password: 'x'.repeat(2_000_000) });
    expect(res.status).toBe(413);
    expect(res.body.type).toBe('/problems/payload-too-large');
  });
});

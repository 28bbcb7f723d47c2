import { randomUUID } from 'node:crypto';
import { startTestApp, TestApp } from '../support/test-app';

/** Routes anyone may call; every other route in the OpenAPI document must refuse strangers. */
const PUBLIC_ROUTES = new Set([
  'POST /api/auth/login',
  // individuals create their own accounts and confirm them by the mailed link
  'POST /api/auth/sign-up',
  'POST /api/auth/verify-email',
  // forgotten passwords
  'POST /api/auth/password-reset',
  'POST /api/auth/password-reset/complete',
  'POST /api/auth/refresh',
  'POST /api/auth/logout',
  'GET /api/health/live',
  'GET /api/health/ready',
  'GET /api/invitations/{token}',
  'POST /api/invitations/accept',
  'GET /api/dev/mailbox',
  // the secret token in the URL is the credential: calendar apps cannot sign in
  'GET /api/calendar/{token}',
]);

describe('route protection: every documented route', () => {
  let t: TestApp;
  let routes: { method: string; path: string }[];
  beforeAll(async () => {
    t = await startTestApp();
    const doc = await t.api.get<{ paths: Record<string, Record<string, unknown>> }>('/docs-json');
    routes = Object.entries(doc.body.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => ({ method: method.toUpperCase(), path })),
    );
  });
  afterAll(() => t.close());

  it('lists the public routes it expects, so a new public route is a deliberate choice', () => {
    const documented = new Set(routes.map((r) => `${r.method} ${r.path}`));
    const publicOnes = [...documented].filter((r) => PUBLIC_ROUTES.has(r));
    expect(publicOnes.length).toBeGreaterThanOrEqual(5);
  });

  it('answers 401 problem+json to a caller without a token on every non-public route', async () => {
    const unprotected: string[] = [];
    for (const { method, path } of routes) {
      if (PUBLIC_ROUTES.has(`${method} ${path}`)) continue;
      const concrete = path.replace(/^\/api/, '').replace(/\{[^}]+\}/g, () => randomUUID());
      const res = await t.api.request(
        method,
        concrete,
        method === 'GET' || method === 'DELETE' ? undefined : {},
      );
      if (res.status !== 401 || (res.body as { type?: string }).type !== '/problems/unauthenticated') {
        unprotected.push(`${method} ${path} → ${res.status}`);
      }
    }
    expect(unprotected).toEqual([]);
  });

  it('answers 401 to an expired or forged token on every non-public route', async () => {
    const forged =
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIwMDAwMDAwMC0wMDAwLTAwMDAtMDAwMC0wMDAwMDAwMDAwMDAiLCJ0eXAiOiJhY2Nlc3MiLCJpYXQiOjE3MDAwMDAwMDAsImV4cCI6NDEwMjQ0NDgwMH0.c2lnbmF0dXJlLWRvZXMtbm90LW1hdGNo';
    const client = t.api.as(forged);
    const accepted: string[] = [];
    for (const { method, path } of routes) {
      if (PUBLIC_ROUTES.has(`${method} ${path}`)) continue;
      const concrete = path.replace(/^\/api/, '').replace(/\{[^}]+\}/g, () => randomUUID());
      const res = await client.request(
        method,
        concrete,
        method === 'GET' || method === 'DELETE' ? undefined : {},
      );
      if (res.status !== 401) accepted.push(`${method} ${path} → ${res.status}`);
    }
    expect(accepted).toEqual([]);
  });
});

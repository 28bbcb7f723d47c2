import { randomUUID } from 'node:crypto';
import { castOfRoles } from '../factories/identity.factory';
import type { ApiClient } from '../support/api-client';
import { startTestApp, TestApp } from '../support/test-app';

type Role = 'operator' | 'bodyAdmin' | 'institutionAdmin' | 'instructor' | 'proctor' | 'candidate';
const ROLES: Role[] = ['operator', 'bodyAdmin', 'institutionAdmin', 'instructor', 'proctor', 'candidate'];

/** Bodies no endpoint accepts: wrong types, unknown fields, hostile strings. */
const HOSTILE_BODIES: unknown[] = [
  {},
  { unexpected: true },
  { id: "' OR 1=1 --", name: 12, email: ['x'], seats: 'many', quantity: -1, items: 'all' },
  '[1,2',
];
/** Path parameters that are not ids of anything the caller may touch. */
const hostileParam = (i: number): string => [randomUUID(), 'not-a-uuid', '..%2f..%2fetc', '0'][i % 4];

/**
 * Every documented route, called by every role with ids and bodies that make no sense: the
 * server answers each with a 4xx problem+json (never a 5xx), so no input crashes it.
 */
describe('every route × every role with hostile input', () => {
  let t: TestApp;
  let clients: Record<Role, ApiClient>;
  let routes: { method: string; path: string }[];

  beforeAll(async () => {
    t = await startTestApp();
    const cast = await castOfRoles(t.api, t.pool);
    clients = Object.fromEntries(ROLES.map((r) => [r, cast[r].client])) as Record<Role, ApiClient>;
    const doc = await t.api.get<{ paths: Record<string, Record<string, unknown>> }>('/docs-json');
    routes = Object.entries(doc.body.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => ({ method: method.toUpperCase(), path })),
    );
  });
  afterAll(() => t.close());

  it('documents a good number of routes (so this test cannot pass on an empty list)', () => {
    expect(routes.length).toBeGreaterThan(40);
  });

  it.each(ROLES)('never answers 5xx or a non-problem error to %s', async (role) => {
    const broken: string[] = [];
    let call = 0;
    for (const { method, path } of routes) {
      // the dev mailbox and health checks take no input worth fuzzing
      if (path.startsWith('/api/health')) continue;
      const bodies = method === 'GET' || method === 'DELETE' ? [undefined] : HOSTILE_BODIES;
      for (const body of bodies) {
        const concrete = path.replace(/^\/api/, '').replace(/\{[^}]+\}/g, () => hostileParam(call++));
        const res = await clients[role].request(method, concrete, body);
        const type = res.headers.get('content-type') ?? '';
        if (res.status >= 500) broken.push(`${method} ${path} → ${res.status}`);
        else if (res.status >= 400 && !type.startsWith('application/problem+json'))
          broken.push(`${method} ${path} → ${res.status} as ${type}`);
      }
    }
    expect(broken).toEqual([]);
  });
});

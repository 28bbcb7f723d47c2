import * as argon2 from 'argon2';
import type { Pool } from 'pg';
import { randomBytes } from 'node:crypto';
import type { Role } from '../../src/core/auth/roles';
import type { ApiClient } from '../support/api-client';

export const DEFAULT_PASSWORD = 'correct horse battery staple';
let defaultHash: Promise<string> | undefined;
const hashOf = (password: string) =>
  password === DEFAULT_PASSWORD
    ? (defaultHash ??= argon2.hash(DEFAULT_PASSWORD, { type: argon2.argon2id }))
    : argon2.hash(password, { type: argon2.argon2id });

const unique = () => randomBytes(4).toString('hex');

export interface TestUser {
  id: string;
  email: string;
  password: string;
}

export async function createUser(
  pool: Pool,
  attrs: { email?: string; password?: string; displayName?: string } = {},
): Promise<TestUser> {
  const email = (attrs.email ?? `user-${unique()}@example.test`).toLowerCase();
  const password = attrs.password ?? DEFAULT_PASSWORD;
  const { rows } = await pool.query<{ id: string }>(
    `INSERT INTO users (email, display_name, password_hash) VALUES ($1, $2, $3) RETURNING id`,
    [email, attrs.displayName ?? email.split('@')[0], await hashOf(password)],
  );
  return { id: rows[0].id, email, password };
}

export async function grantRole(
  pool: Pool,
  userId: string,
  role: Role,
  scope: { institutionId?: string; certificationBodyId?: string } = {},
): Promise<void> {
  await pool.query(
    `INSERT INTO memberships (user_id, role, institution_id, certification_body_id) VALUES ($1, $2, $3, $4)`,
    [userId, role, scope.institutionId ?? null, scope.certificationBodyId ?? null],
  );
}

export async function createInstitution(
  pool: Pool,
  attrs: { name?: string; kind?: string; country?: string; timeZone?: string } = {},
): Promise<{ id: string; name: string }> {
  const name = attrs.name ?? `Institution ${unique()}`;
  const { rows } = await pool.query<{ id: string }>(
    `INSERT INTO institutions (name, kind, country, time_zone) VALUES ($1, $2, $3, $4) RETURNING id`,
    [name, attrs.kind ?? 'college', attrs.country ?? 'CA', attrs.timeZone ?? 'America/Toronto'],
  );
  return { id: rows[0].id, name };
}

export async function createCertificationBody(
  pool: Pool,
  attrs: { code?: string; name?: string } = {},
): Promise<{ id: string; code: string; name: string }> {
  const code = attrs.code ?? `body-${unique()}`;
  const name = attrs.name ?? `Body ${code}`;
  const { rows } = await pool.query<{ id: string }>(
    `INSERT INTO certification_bodies (code, name) VALUES ($1, $2) RETURNING id`,
    [code, name],
  );
  return { id: rows[0].id, code, name };
}

/** A user holding one role, signed in through the real login endpoint. */
export async function signedInAs(
  api: ApiClient,
  pool: Pool,
  role: Role,
  scope: { institutionId?: string; certificationBodyId?: string } = {},
): Promise<{ user: TestUser; client: ApiClient }> {
  const user = await createUser(pool);
  await grantRole(pool, user.id, role, scope);
  return { user, client: await signIn(api, user) };
}

export async function signIn(api: ApiClient, user: { email: string; password: string }): Promise<ApiClient> {
  const res = await api.post<{ accessToken: string }>('/auth/login', {
    email: user.email,
    password: user.password,
  });
  if (res.status !== 200)
    throw new Error(`sign-in failed for ${user.email}: ${res.status} ${JSON.stringify(res.body)}`);
  return api.as(res.body.accessToken);
}

/** Every role, each signed in, with a home institution A and certification body B. */
export async function castOfRoles(api: ApiClient, pool: Pool) {
  const institution = await createInstitution(pool);
  const body = await createCertificationBody(pool);
  const as = async (role: Role) =>
    signedInAs(
      api,
      pool,
      role,
      role === 'platform_operator'
        ? {}
        : role === 'certification_body_admin'
          ? { certificationBodyId: body.id }
          : { institutionId: institution.id },
    );
  const [operator, bodyAdmin, institutionAdmin, instructor, proctor, candidate] = await Promise.all([
    as('platform_operator'),
    as('certification_body_admin'),
    as('institution_admin'),
    as('instructor'),
    as('proctor'),
    as('candidate'),
  ]);
  return { institution, body, operator, bodyAdmin, institutionAdmin, instructor, proctor, candidate };
}

import type { Pool } from 'pg';
import { randomBytes } from 'node:crypto';
import type { InvitableRole } from '../../src/core/auth/roles';
import { TokenService } from '../../src/core/auth/token.service';
import type { ApiClient } from '../support/api-client';

const unique = () => randomBytes(4).toString('hex');

export const uniqueEmail = (prefix = 'invitee') => `${prefix}-${unique()}@example.test`;

/** The token in the newest invitation mail to `email`, as the invitee would click it. */
export async function tokenFromMail(pool: Pool, email: string): Promise<string> {
  const { rows } = await pool.query<{ text_body: string }>(
    `SELECT text_body FROM mail_outbox WHERE to_address = $1 AND template = 'invitation'
      ORDER BY created_at DESC LIMIT 1`,
    [email.toLowerCase()],
  );
  const match = rows[0]?.text_body.match(/\/invite\/([A-Za-z0-9_-]+)/);
  if (!match) throw new Error(`no invitation mail to ${email}`);
  return match[1];
}

/** Invites through the API and returns the invitation and the token from its mail. */
export async function inviteThroughApi(
  client: ApiClient,
  pool: Pool,
  institutionId: string,
  attrs: { email?: string; role?: 'institution_admin' | 'instructor' | 'proctor' | 'candidate' } = {},
): Promise<{ id: string; email: string; token: string }> {
  const email = attrs.email ?? uniqueEmail();
  const res = await client.post<{ id: string }>(`/institutions/${institutionId}/invitations`, {
    email,
    role: attrs.role ?? 'candidate',
  });
  if (res.status !== 201) throw new Error(`invitation failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.id, email, token: await tokenFromMail(pool, email) };
}

/** An invitation written straight into the database, e.g. one that has already expired. */
export async function createInvitation(
  pool: Pool,
  attrs: {
    institutionId?: string;
    certificationBodyId?: string;
    email?: string;
    role?: InvitableRole;
    expiresAt?: Date;
  },
): Promise<{ id: string; email: string; token: string }> {
  const token = randomBytes(32).toString('base64url');
  const email = attrs.email ?? uniqueEmail();
  const { rows } = await pool.query<{ id: string }>(
    `INSERT INTO invitations (institution_id, certification_body_id, email, role, token_hash, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [
      attrs.institutionId ?? null,
      attrs.certificationBodyId ?? null,
      email,
      attrs.role ?? (attrs.certificationBodyId ? 'certification_body_admin' : 'candidate'),
      TokenService.hash(token),
      attrs.expiresAt ?? new Date(Date.now() + 86_400_000),
    ],
  );
  return { id: rows[0].id, email, token };
}

/** Row counts of the tables these endpoints write, to show that a refused request changed nothing. */
export async function footprint(pool: Pool): Promise<Record<string, number>> {
  const tables = [
    'institutions',
    'invitations',
    'memberships',
    'users',
    'mail_outbox',
    'audit_log',
    'refresh_tokens',
  ];
  const { rows } = await pool.query<Record<string, number>>(
    `SELECT ${tables.map((t) => `(SELECT count(*)::int FROM ${t}) AS ${t}`).join(', ')}`,
  );
  const { rows: open } = await pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM invitations WHERE accepted_at IS NULL AND revoked_at IS NULL`,
  );
  return { ...rows[0], open_invitations: open[0].n };
}

export async function rolesOf(pool: Pool, userId: string, institutionId: string): Promise<string[]> {
  const { rows } = await pool.query<{ role: string }>(
    `SELECT role FROM memberships WHERE user_id = $1 AND institution_id = $2 ORDER BY role`,
    [userId, institutionId],
  );
  return rows.map((r) => r.role);
}

import { randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { PasswordHasher } from '../core/auth/password-hasher';
import { TokenService } from '../core/auth/token.service';
import type { InstitutionRole, Role } from '../core/auth/roles';
import { invitationMail } from '../modules/institutions/domain/invitation-mail';
import type { DemoTenant } from './demo-types';

export type { DemoTenant } from './demo-types';

/** The password of every demo account (the README lists the logins). */
export const DEMO_PASSWORD = 'invigil-demo-2026';

type DemoUserKey = keyof DemoTenant['users'];

interface DemoInstitution {
  name: string;
  kind: string;
  country: string;
  timeZone: string;
}

const NORTHFIELD: DemoInstitution = {
  name: 'Northfield College',
  kind: 'college',
  country: 'CA',
  timeZone: 'America/Toronto',
};
const LAKESIDE: DemoInstitution = {
  name: 'Lakeside Polytechnic',
  kind: 'polytechnic',
  country: 'GB',
  timeZone: 'Europe/London',
};

const USERS: Record<DemoUserKey, { email: string; displayName: string }> = {
  operator: { email: 'operator@invigil.demo', displayName: 'Olivia Grant' },
  bodyAdmin: { email: 'microsoft-admin@invigil.demo', displayName: 'Maya Chen' },
  institutionAdmin: { email: 'admin@northfield.demo', displayName: 'Daniel Okafor' },
  instructor: { email: 'instructor@northfield.demo', displayName: 'Sarah Lindqvist' },
  proctor: { email: 'proctor@northfield.demo', displayName: 'Marcus Bell' },
  proctor2: { email: 'proctor2@northfield.demo', displayName: 'Aisha Rahman' },
  candidate: { email: 'candidate@northfield.demo', displayName: 'Jordan Lee' },
  otherAdmin: { email: 'admin@lakeside.demo', displayName: 'Fiona Walsh' },
};

/** More learners, so member and candidate lists are not a single line. */
const MORE_CANDIDATES: { email: string; displayName: string; institution: DemoInstitution }[] = [
  { email: 'priya.shah@northfield.demo', displayName: 'Priya Shah', institution: NORTHFIELD },
  { email: 'lucas.martin@northfield.demo', displayName: 'Lucas Martin', institution: NORTHFIELD },
  { email: 'tom.hughes@lakeside.demo', displayName: 'Tom Hughes', institution: LAKESIDE },
];

/** Someone invited but not yet signed up, so the invitation list has a pending entry. */
const PENDING_INVITATION = { email: 'new.instructor@northfield.demo', role: 'instructor' as const };

const INVITATION_DAYS = 7;

/**
 * The demo tenant: the operator, a Microsoft certification-body admin, Northfield College with
 * its admin, instructor, proctors and candidates, and Lakeside Polytechnic with its own admin so
 * tenancy can be seen. Idempotent: people are found by email, institutions by name, and what
 * exists is left as it is (passwords included). The Microsoft body comes from the catalogue
 * seed; without it the body admin is created with no membership.
 */
export async function seedDemoTenant(
  em: EntityManager,
  hasher: PasswordHasher,
  options: { publicUrl?: string } = {},
): Promise<DemoTenant> {
  let passwordHash: Promise<string> | undefined;
  // argon2 is slow on purpose: hash once, and only if someone is new
  const hash = () => (passwordHash ??= hasher.hash(DEMO_PASSWORD));

  const northfield = await ensureInstitution(em, NORTHFIELD);
  const lakeside = await ensureInstitution(em, LAKESIDE);

  const users = {} as DemoTenant['users'];
  for (const key of Object.keys(USERS) as DemoUserKey[]) {
    users[key] = await ensureUser(em, USERS[key], hash);
  }

  await grant(em, users.operator.id, 'platform_operator', {});
  const microsoft = await em.query<{ id: string }[]>(
    `SELECT id FROM certification_bodies WHERE code = 'microsoft'`,
  );
  if (microsoft.length > 0) {
    await grant(em, users.bodyAdmin.id, 'certification_body_admin', { certificationBodyId: microsoft[0].id });
  }
  const northfieldRoles: [DemoUserKey, InstitutionRole][] = [
    ['institutionAdmin', 'institution_admin'],
    ['instructor', 'instructor'],
    ['proctor', 'proctor'],
    ['proctor2', 'proctor'],
    ['candidate', 'candidate'],
  ];
  for (const [key, role] of northfieldRoles)
    await grant(em, users[key].id, role, { institutionId: northfield });
  await grant(em, users.otherAdmin.id, 'institution_admin', { institutionId: lakeside });

  for (const candidate of MORE_CANDIDATES) {
    const user = await ensureUser(em, candidate, hash);
    const institutionId = candidate.institution === NORTHFIELD ? northfield : lakeside;
    await grant(em, user.id, 'candidate', { institutionId });
  }

  await ensurePendingInvitation(
    em,
    northfield,
    users.institutionAdmin.id,
    options.publicUrl ?? 'http://localhost:3000',
  );

  return { institutionId: northfield, otherInstitutionId: lakeside, users };
}

async function ensureInstitution(em: EntityManager, institution: DemoInstitution): Promise<string> {
  await em.query(
    `INSERT INTO institutions (name, kind, country, time_zone) VALUES ($1, $2, $3, $4)
     ON CONFLICT ON CONSTRAINT institutions_name_key DO NOTHING`,
    [institution.name, institution.kind, institution.country, institution.timeZone],
  );
  const [{ id }] = await em.query<{ id: string }[]>(`SELECT id FROM institutions WHERE name = $1`, [
    institution.name,
  ]);
  return id;
}

async function ensureUser(
  em: EntityManager,
  user: { email: string; displayName: string },
  hash: () => Promise<string>,
): Promise<{ id: string; email: string }> {
  const existing = await em.query<{ id: string }[]>(`SELECT id FROM users WHERE email = $1`, [user.email]);
  if (existing.length > 0) return { id: existing[0].id, email: user.email };
  const [{ id }] = await em.query<{ id: string }[]>(
    `INSERT INTO users (email, display_name, password_hash) VALUES ($1, $2, $3) RETURNING id`,
    [user.email, user.displayName, await hash()],
  );
  return { id, email: user.email };
}

async function grant(
  em: EntityManager,
  userId: string,
  role: Role,
  scope: { institutionId?: string; certificationBodyId?: string },
): Promise<void> {
  await em.query(
    `INSERT INTO memberships (user_id, role, institution_id, certification_body_id) VALUES ($1, $2, $3, $4)
     ON CONFLICT ON CONSTRAINT memberships_unique DO NOTHING`,
    [userId, role, scope.institutionId ?? null, scope.certificationBodyId ?? null],
  );
}

/**
 * Keeps one pending invitation, with its mail in the outbox so the development mailbox has a
 * link to follow. Left alone while it is pending; replaced once it has lapsed.
 */
async function ensurePendingInvitation(
  em: EntityManager,
  institutionId: string,
  invitedBy: string,
  publicUrl: string,
): Promise<void> {
  const { email, role } = PENDING_INVITATION;
  const open = await em.query<{ id: string; pending: boolean }[]>(
    `SELECT id, expires_at > now() AS pending FROM invitations
      WHERE email = $1 AND role = $2 AND institution_id = $3 AND accepted_at IS NULL AND revoked_at IS NULL`,
    [email, role, institutionId],
  );
  if (open[0]?.pending) return;
  const accepted = await em.query<unknown[]>(
    `SELECT 1 FROM memberships m JOIN users u ON u.id = m.user_id
      WHERE u.email = $1 AND m.role = $2 AND m.institution_id = $3`,
    [email, role, institutionId],
  );
  if (accepted.length > 0) return;
  if (open[0]) await em.query(`UPDATE invitations SET revoked_at = now() WHERE id = $1`, [open[0].id]);

  const token = randomBytes(32).toString('base64url');
  const [invitation] = await em.query<{ expires_at: Date }[]>(
    `INSERT INTO invitations (institution_id, email, role, token_hash, invited_by, expires_at)
     VALUES ($1, $2, $3, $4, $5, now() + make_interval(days => $6)) RETURNING expires_at`,
    [institutionId, email, role, TokenService.hash(token), invitedBy, INVITATION_DAYS],
  );
  const mail = invitationMail({
    role,
    scopeName: NORTHFIELD.name,
    acceptUrl: `${publicUrl.replace(/\/+$/, '')}/invite/${token}`,
    expiresAt: invitation.expires_at,
    timeZone: NORTHFIELD.timeZone,
  });
  await em.query(
    `INSERT INTO mail_outbox (to_address, subject, text_body, template) VALUES ($1, $2, $3, 'invitation')`,
    [email, mail.subject, mail.text],
  );
}

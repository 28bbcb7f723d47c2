import { Injectable } from '@nestjs/common';
import type { InvitationStatus } from '@invigil/contracts';
import { EntityManager } from 'typeorm';
import { rowsOf } from '../../core/database/query-result';
import type { InvitableRole } from '../../core/auth/roles';
import type { Page } from './institutions.repository';

/** Where an invitation's role is held: an institution or a certification body. */
export type InvitationScope = { institutionId: string } | { certificationBodyId: string };

export interface NewInvitation {
  email: string;
  role: InvitableRole;
  tokenHash: string;
}

export interface InvitationRow {
  id: string;
  institutionId: string | null;
  certificationBodyId: string | null;
  email: string;
  role: InvitableRole;
  expiresAt: Date;
  acceptedAt: Date | null;
  revokedAt: Date | null;
  createdAt: Date;
  invitedByEmail: string | null;
}

export interface InvitationPreviewRow extends InvitationRow {
  institutionName: string | null;
  certificationBodyName: string | null;
}

const COLUMNS = `i.id, i.institution_id AS "institutionId", i.certification_body_id AS "certificationBodyId",
  i.email, i.role, i.expires_at AS "expiresAt", i.accepted_at AS "acceptedAt", i.revoked_at AS "revokedAt",
  i.created_at AS "createdAt"`;

/** The same rule as domain/invitation-status, for filtering in the database. */
const STATUS_SQL = `CASE WHEN i.accepted_at IS NOT NULL THEN 'accepted'
  WHEN i.revoked_at IS NOT NULL THEN 'revoked'
  WHEN i.expires_at <= now() THEN 'expired' ELSE 'pending' END`;

const scopeIds = (scope: InvitationScope): [string | null, string | null] =>
  'institutionId' in scope ? [scope.institutionId, null] : [null, scope.certificationBodyId];

/** All SQL about invitations. */
@Injectable()
export class InvitationsRepository {
  /**
   * Withdraws the open invitations for these people and roles in the scope, so new ones can be
   * issued (the partial unique index `invitations_one_open` allows one open invitation each).
   * Returns the ids withdrawn.
   */
  async revokeOpen(
    em: EntityManager,
    scope: InvitationScope,
    people: readonly { email: string; role: InvitableRole }[],
  ): Promise<{ id: string; email: string; role: InvitableRole }[]> {
    if (people.length === 0) return [];
    const [institutionId, bodyId] = scopeIds(scope);
    return rowsOf(
      await em.query(
        `UPDATE invitations i SET revoked_at = now()
           FROM unnest($3::text[], $4::text[]) AS p(email, role)
          WHERE i.email = p.email AND i.role = p.role
            AND i.institution_id IS NOT DISTINCT FROM $1 AND i.certification_body_id IS NOT DISTINCT FROM $2
            AND i.accepted_at IS NULL AND i.revoked_at IS NULL
      RETURNING i.id, i.email, i.role`,
        [institutionId, bodyId, people.map((p) => p.email), people.map((p) => p.role)],
      ),
    );
  }

  /** Inserts the invitations, all expiring `ttlHours` from now; returns them in the given order. */
  async insertMany(
    em: EntityManager,
    scope: InvitationScope,
    invitations: readonly NewInvitation[],
    invitedBy: string | null,
    ttlHours: number,
  ): Promise<InvitationRow[]> {
    if (invitations.length === 0) return [];
    const [institutionId, bodyId] = scopeIds(scope);
    return em.query<InvitationRow[]>(
      `WITH inserted AS (
         INSERT INTO invitations (institution_id, certification_body_id, email, role, token_hash, invited_by, expires_at)
         SELECT $1, $2, t.email, t.role, t.token_hash, $6, now() + make_interval(hours => $7)
           FROM unnest($3::text[], $4::text[], $5::text[]) AS t(email, role, token_hash)
         RETURNING *)
       SELECT ${COLUMNS}, u.email AS "invitedByEmail"
         FROM inserted i LEFT JOIN users u ON u.id = i.invited_by
         JOIN unnest($5::text[]) WITH ORDINALITY AS o(token_hash, n) ON o.token_hash = i.token_hash
        ORDER BY o.n`,
      [
        institutionId,
        bodyId,
        invitations.map((i) => i.email),
        invitations.map((i) => i.role),
        invitations.map((i) => i.tokenHash),
        invitedBy,
        ttlHours,
      ],
    );
  }

  async listForInstitution(
    em: EntityManager,
    institutionId: string,
    filter: { status?: InvitationStatus; limit: number; offset: number },
  ): Promise<Page<InvitationRow>> {
    const status = filter.status ?? null;
    const items = await em.query<InvitationRow[]>(
      `SELECT ${COLUMNS}, u.email AS "invitedByEmail"
         FROM invitations i LEFT JOIN users u ON u.id = i.invited_by
        WHERE i.institution_id = $1 AND ($2::text IS NULL OR ${STATUS_SQL} = $2)
        ORDER BY i.created_at DESC, i.email, i.role
        LIMIT $3 OFFSET $4`,
      [institutionId, status, filter.limit, filter.offset],
    );
    const total = await em.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM invitations i
        WHERE i.institution_id = $1 AND ($2::text IS NULL OR ${STATUS_SQL} = $2)`,
      [institutionId, status],
    );
    return { items, total: total[0].n };
  }

  async findInInstitution(
    em: EntityManager,
    id: string,
    institutionId: string,
  ): Promise<InvitationRow | null> {
    const rows = await em.query<InvitationRow[]>(
      `SELECT ${COLUMNS}, u.email AS "invitedByEmail"
         FROM invitations i LEFT JOIN users u ON u.id = i.invited_by
        WHERE i.id = $1 AND i.institution_id = $2`,
      [id, institutionId],
    );
    return rows[0] ?? null;
  }

  /** Withdraws an open invitation of the institution; `null` when there is none to withdraw. */
  async revoke(em: EntityManager, id: string, institutionId: string): Promise<InvitationRow | null> {
    const rows = rowsOf<{ id: string }>(
      await em.query(
        `UPDATE invitations SET revoked_at = now()
          WHERE id = $1 AND institution_id = $2 AND accepted_at IS NULL AND revoked_at IS NULL
      RETURNING id`,
        [id, institutionId],
      ),
    );
    return rows.length ? this.findInInstitution(em, id, institutionId) : null;
  }

  /** The invitation a token belongs to, with the names of its institution or body. */
  async findByTokenHash(em: EntityManager, tokenHash: string): Promise<InvitationPreviewRow | null> {
    const rows = await em.query<InvitationPreviewRow[]>(
      `SELECT ${COLUMNS}, u.email AS "invitedByEmail",
              inst.name AS "institutionName", b.name AS "certificationBodyName"
         FROM invitations i
         LEFT JOIN users u ON u.id = i.invited_by
         LEFT JOIN institutions inst ON inst.id = i.institution_id
         LEFT JOIN certification_bodies b ON b.id = i.certification_body_id
        WHERE i.token_hash = $1`,
      [tokenHash],
    );
    return rows[0] ?? null;
  }

  /**
   * Marks the invitation accepted if, at this moment, it is still open and unexpired. Of several
   * concurrent accepts exactly one gets the row; the others wait for its lock and then find it used.
   */
  async claim(em: EntityManager, tokenHash: string): Promise<InvitationRow | null> {
    const rows = rowsOf<{ id: string }>(
      await em.query(
        `UPDATE invitations SET accepted_at = now()
          WHERE token_hash = $1 AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > now()
      RETURNING id`,
        [tokenHash],
      ),
    );
    if (rows.length === 0) return null;
    const claimed = await em.query<InvitationRow[]>(
      `SELECT ${COLUMNS}, NULL AS "invitedByEmail" FROM invitations i WHERE i.id = $1`,
      [rows[0].id],
    );
    return claimed[0];
  }

  async setAcceptedBy(em: EntityManager, id: string, userId: string): Promise<void> {
    await em.query(`UPDATE invitations SET accepted_by = $2 WHERE id = $1`, [id, userId]);
  }

  /** Which of these emails already hold which roles in the scope. */
  async rolesHeld(
    em: EntityManager,
    scope: InvitationScope,
    emails: readonly string[],
  ): Promise<{ email: string; role: InvitableRole }[]> {
    if (emails.length === 0) return [];
    const [institutionId, bodyId] = scopeIds(scope);
    return em.query(
      `SELECT u.email, m.role
         FROM memberships m JOIN users u ON u.id = m.user_id
        WHERE u.email = ANY($3::text[])
          AND m.institution_id IS NOT DISTINCT FROM $1 AND m.certification_body_id IS NOT DISTINCT FROM $2`,
      [institutionId, bodyId, [...emails]],
    );
  }

  async certificationBody(em: EntityManager, id: string): Promise<{ id: string; name: string } | null> {
    const rows = await em.query<{ id: string; name: string }[]>(
      `SELECT id, name FROM certification_bodies WHERE id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }
}

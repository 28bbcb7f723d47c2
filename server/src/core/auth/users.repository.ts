import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { ActorMembership } from './actor';
import { MembershipEntity } from './membership.entity';
import { RefreshTokenEntity } from './refresh-token.entity';
import type { Role } from './roles';
import { UserEntity } from './user.entity';

export interface MembershipView extends ActorMembership {
  institutionName: string | null;
  certificationBodyName: string | null;
}

/** All SQL about users, their memberships and their sessions. */
/** A user's session as the request guard sees it. */
export interface SessionRow {
  passwordChangedAt: Date;
  memberships: ActorMembership[];
}

@Injectable()
export class UsersRepository {
  findById(em: EntityManager, id: string): Promise<UserEntity | null> {
    return em.findOne(UserEntity, { where: { id } });
  }

  findByEmail(em: EntityManager, email: string): Promise<UserEntity | null> {
    return em.findOne(UserEntity, { where: { email: email.toLowerCase() } });
  }

  /** With the password hash, which other reads leave out. */
  findCredentialsByEmail(em: EntityManager, email: string): Promise<UserEntity | null> {
    return em
      .createQueryBuilder(UserEntity, 'u')
      .addSelect('u.passwordHash')
      .where('u.email = :email', { email: email.toLowerCase() })
      .getOne();
  }

  findCredentialsById(em: EntityManager, id: string): Promise<UserEntity | null> {
    return em
      .createQueryBuilder(UserEntity, 'u')
      .addSelect('u.passwordHash')
      .where('u.id = :id', { id })
      .getOne();
  }

  async create(
    em: EntityManager,
    user: { email: string; displayName: string; passwordHash: string; timeZone?: string | null },
  ): Promise<UserEntity> {
    const saved = await em.save(
      em.create(UserEntity, { ...user, email: user.email.toLowerCase(), timeZone: user.timeZone ?? null }),
    );
    return saved;
  }

  async updateProfile(
    em: EntityManager,
    id: string,
    changes: { displayName?: string; timeZone?: string | null },
  ) {
    await em.update(UserEntity, { id }, changes);
  }

  async setPassword(em: EntityManager, id: string, passwordHash: string): Promise<void> {
    await em.update(UserEntity, { id }, { passwordHash, passwordChangedAt: () => 'now()' });
  }

  /**
   * What the request guard needs of each user, in one round trip for all of them: whether the
   * user still exists, when the password last changed, and the current memberships.
   */
  async loadSessions(em: EntityManager, userIds: readonly string[]): Promise<Map<string, SessionRow>> {
    const rows = await em.query<
      {
        id: string;
        password_changed_at: Date;
        role: Role | null;
        institution_id: string | null;
        certification_body_id: string | null;
      }[]
    >(
      `SELECT u.id, u.password_changed_at, m.role, m.institution_id, m.certification_body_id
         FROM users u LEFT JOIN memberships m ON m.user_id = u.id
        WHERE u.id = ANY($1::uuid[])`,
      [userIds],
    );
    const sessions = new Map<string, SessionRow>();
    for (const r of rows) {
      let session = sessions.get(r.id);
      if (!session) {
        session = { passwordChangedAt: r.password_changed_at, memberships: [] };
        sessions.set(r.id, session);
      }
      if (r.role !== null)
        session.memberships.push({
          role: r.role,
          institutionId: r.institution_id,
          certificationBodyId: r.certification_body_id,
        });
    }
    return sessions;
  }

  /** Confirms an unconfirmed account's address and sets its password (its pending links end). */
  async confirmWithPassword(em: EntityManager, userId: string, passwordHash: string): Promise<void> {
    await em.query(
      `UPDATE users SET email_verified_at = now(), password_hash = $2, password_changed_at = now()
        WHERE id = $1 AND email_verified_at IS NULL`,
      [userId, passwordHash],
    );
    await em.query(`DELETE FROM email_verifications WHERE user_id = $1`, [userId]);
  }

  membershipsWithNames(em: EntityManager, userId: string): Promise<MembershipView[]> {
    return em.query<MembershipView[]>(
      `SELECT m.role, m.institution_id AS "institutionId", i.name AS "institutionName",
              m.certification_body_id AS "certificationBodyId", b.name AS "certificationBodyName"
         FROM memberships m
         LEFT JOIN institutions i ON i.id = m.institution_id
         LEFT JOIN certification_bodies b ON b.id = m.certification_body_id
        WHERE m.user_id = $1
        ORDER BY i.name NULLS FIRST, b.name NULLS FIRST, m.role`,
      [userId],
    );
  }

  /** Grants a role; granting one already held changes nothing. Returns true when it was new. */
  async grant(
    em: EntityManager,
    m: { userId: string; role: Role; institutionId?: string | null; certificationBodyId?: string | null },
  ): Promise<boolean> {
    const rows = await em.query<unknown[]>(
      `INSERT INTO memberships (user_id, role, institution_id, certification_body_id)
       VALUES ($1, $2, $3, $4) ON CONFLICT ON CONSTRAINT memberships_unique DO NOTHING RETURNING id`,
      [m.userId, m.role, m.institutionId ?? null, m.certificationBodyId ?? null],
    );
    return rows.length > 0;
  }

  async revokeRole(em: EntityManager, userId: string, role: Role, institutionId: string): Promise<boolean> {
    const result = await em.delete(MembershipEntity, { userId, role, institutionId });
    return (result.affected ?? 0) > 0;
  }

  // --- refresh tokens -------------------------------------------------------------------

  async insertRefreshToken(
    em: EntityManager,
    token: Omit<RefreshTokenEntity, 'id' | 'createdAt' | 'usedAt' | 'revokedAt'>,
  ) {
    await em.insert(RefreshTokenEntity, token);
  }

  /**
   * Marks a live token used, exactly once: of two racing refreshes only one gets the row.
   */
  async consumeRefreshToken(em: EntityManager, tokenHash: string): Promise<RefreshTokenEntity | null> {
    const rows = await em.query<{ id: string; user_id: string; family_id: string }[]>(
      `UPDATE refresh_tokens SET used_at = now()
        WHERE token_hash = $1 AND used_at IS NULL AND revoked_at IS NULL AND expires_at > now()
        RETURNING id, user_id, family_id`,
      [tokenHash],
    );
    // pg returns [rows, count] for UPDATE ... RETURNING through TypeORM
    const list = (Array.isArray(rows[0]) ? rows[0] : rows) as {
      id: string;
      user_id: string;
      family_id: string;
    }[];
    if (list.length === 0) return null;
    return em.create(RefreshTokenEntity, {
      id: list[0].id,
      userId: list[0].user_id,
      familyId: list[0].family_id,
    });
  }

  findRefreshToken(em: EntityManager, tokenHash: string): Promise<RefreshTokenEntity | null> {
    return em.findOne(RefreshTokenEntity, { where: { tokenHash } });
  }

  async revokeFamily(em: EntityManager, familyId: string): Promise<void> {
    await em.query(
      `UPDATE refresh_tokens SET revoked_at = now() WHERE family_id = $1 AND revoked_at IS NULL`,
      [familyId],
    );
  }

  async revokeAllForUser(em: EntityManager, userId: string): Promise<void> {
    await em.query(`UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`, [
      userId,
    ]);
  }
}

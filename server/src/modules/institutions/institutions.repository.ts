import { containsPattern } from '../../core/database/like';
import { Injectable } from '@nestjs/common';
import type { InstitutionKind, MemberDto } from '@invigil/contracts';
import { EntityManager, In } from 'typeorm';
import { INSTITUTION_ROLES, InstitutionRole } from '../../core/auth/roles';
import { InstitutionEntity } from './institution.entity';

export interface Page<T> {
  items: T[];
  total: number;
}

/** All SQL about institutions and who is a member of them. */
@Injectable()
export class InstitutionsRepository {
  findById(em: EntityManager, id: string): Promise<InstitutionEntity | null> {
    return em.findOne(InstitutionEntity, { where: { id } });
  }

  /** All institutions (`ids` = 'all'), or those with the given ids, by name. */
  async list(
    em: EntityManager,
    ids: readonly string[] | 'all',
    page: { limit: number; offset: number },
  ): Promise<Page<InstitutionEntity>> {
    if (ids !== 'all' && ids.length === 0) return { items: [], total: 0 };
    const [items, total] = await em.findAndCount(InstitutionEntity, {
      where: ids === 'all' ? {} : { id: In([...ids]) },
      order: { name: 'ASC' },
      take: page.limit,
      skip: page.offset,
    });
    return { items, total };
  }

  /** Creates the institution; `null` when the name is taken. */
  async create(
    em: EntityManager,
    institution: { name: string; kind: InstitutionKind; country: string; timeZone: string },
  ): Promise<InstitutionEntity | null> {
    const rows = await em.query<{ id: string }[]>(
      `INSERT INTO institutions (name, kind, country, time_zone) VALUES ($1, $2, $3, $4)
       ON CONFLICT ON CONSTRAINT institutions_name_key DO NOTHING RETURNING id`,
      [institution.name, institution.kind, institution.country, institution.timeZone],
    );
    return rows.length ? this.findById(em, rows[0].id) : null;
  }

  /**
   * Serialises changes to who administers the institution (the row lock is held until the
   * transaction ends). NO KEY UPDATE leaves inserts that reference the institution unblocked.
   */
  async lockForMembershipChange(em: EntityManager, institutionId: string): Promise<boolean> {
    const rows = await em.query<unknown[]>(`SELECT id FROM institutions WHERE id = $1 FOR NO KEY UPDATE`, [
      institutionId,
    ]);
    return rows.length > 0;
  }

  async countWithRole(em: EntityManager, institutionId: string, role: InstitutionRole): Promise<number> {
    const rows = await em.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM memberships WHERE institution_id = $1 AND role = $2`,
      [institutionId, role],
    );
    return rows[0].n;
  }

  /**
   * Members and their roles here, by name; `role` keeps only those holding it, `q` those whose
   * name or email contains it.
   */
  async members(
    em: EntityManager,
    institutionId: string,
    filter: { role?: InstitutionRole; q?: string; limit: number; offset: number },
  ): Promise<Page<MemberDto>> {
    const role = filter.role ?? null;
    const pattern = filter.q?.trim() ? containsPattern(filter.q.trim()) : null;
    const items = await em.query<MemberDto[]>(
      `SELECT u.id AS "userId", u.email, u.display_name AS "displayName",
              array_agg(m.role ORDER BY array_position($2::text[], m.role)) AS roles
         FROM memberships m JOIN users u ON u.id = m.user_id
        WHERE m.institution_id = $1
          AND ($6::text IS NULL OR u.display_name ILIKE $6 OR u.email ILIKE $6)
        GROUP BY u.id
       HAVING $3::text IS NULL OR bool_or(m.role = $3)
        ORDER BY lower(u.display_name), u.email
        LIMIT $4 OFFSET $5`,
      [institutionId, [...INSTITUTION_ROLES], role, filter.limit, filter.offset, pattern],
    );
    const total = await em.query<{ n: number }[]>(
      `SELECT count(DISTINCT m.user_id)::int AS n FROM memberships m JOIN users u ON u.id = m.user_id
        WHERE m.institution_id = $1 AND ($2::text IS NULL OR m.role = $2)
          AND ($3::text IS NULL OR u.display_name ILIKE $3 OR u.email ILIKE $3)`,
      [institutionId, role, pattern],
    );
    return { items, total: total[0].n };
  }
}

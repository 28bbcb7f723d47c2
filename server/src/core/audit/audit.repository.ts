import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditEntryEntity } from './audit-entry.entity';

export interface AuditRow {
  id: string;
  occurredAt: Date;
  actorUserId: string | null;
  actorEmail: string | null;
  actorIp: string | null;
  action: string;
  entityType: string;
  entityId: string;
  institutionId: string | null;
  details: Record<string, unknown>;
}

@Injectable()
export class AuditRepository {
  async append(em: EntityManager, entry: Omit<AuditEntryEntity, 'id' | 'occurredAt'>): Promise<void> {
    // raw insert: jsonb details are written as given, whatever their shape
    await em.query(
      `INSERT INTO audit_log (actor_user_id, actor_ip, action, entity_type, entity_id, institution_id, certification_body_id, details)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        entry.actorUserId,
        entry.actorIp,
        entry.action,
        entry.entityType,
        entry.entityId,
        entry.institutionId,
        entry.certificationBodyId,
        JSON.stringify(entry.details),
      ],
    );
  }

  async page(
    em: EntityManager,
    filter: { institutionId?: string; entityType?: string; entityId?: string },
    limit: number,
    offset: number,
  ): Promise<{ rows: AuditRow[]; total: number }> {
    const qb = em
      .createQueryBuilder(AuditEntryEntity, 'a')
      .leftJoin('users', 'u', 'u.id = a.actor_user_id')
      .select([
        'a.id AS "id"',
        'a.occurred_at AS "occurredAt"',
        'a.actor_user_id AS "actorUserId"',
        'u.email AS "actorEmail"',
        'a.actor_ip AS "actorIp"',
        'a.action AS "action"',
        'a.entity_type AS "entityType"',
        'a.entity_id AS "entityId"',
        'a.institution_id AS "institutionId"',
        'a.details AS "details"',
      ]);
    if (filter.institutionId) qb.andWhere('a.institution_id = :iid', { iid: filter.institutionId });
    if (filter.entityType) qb.andWhere('a.entity_type = :et', { et: filter.entityType });
    if (filter.entityId) qb.andWhere('a.entity_id = :eid', { eid: filter.entityId });
    const total = await qb.getCount();
    const rows = await qb.orderBy('a.id', 'DESC').limit(limit).offset(offset).getRawMany<AuditRow>();
    return { rows, total };
  }
}

import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { Actor } from '../auth/actor';
import { AuditRepository } from './audit.repository';

export interface AuditEvent {
  /** verb in dotted form, e.g. `centre.created`, `auth.login` */
  action: string;
  entityType: string;
  entityId: string;
  institutionId?: string | null;
  certificationBodyId?: string | null;
  details?: Record<string, unknown>;
}

/**
 * Records who did what to which record, when and from where. Call it with the transaction's
 * EntityManager so the entry commits or rolls back with the change it describes.
 */
@Injectable()
export class AuditService {
  constructor(private readonly repository: AuditRepository) {}

  record(em: EntityManager, actor: Actor | { userId: string | null; ip: string | null }, event: AuditEvent) {
    return this.repository.append(em, {
      actorUserId: actor.userId,
      actorIp: actor.ip,
      action: event.action,
      entityType: event.entityType,
      entityId: event.entityId,
      institutionId: event.institutionId ?? null,
      certificationBodyId: event.certificationBodyId ?? null,
      details: event.details ?? {},
    });
  }
}

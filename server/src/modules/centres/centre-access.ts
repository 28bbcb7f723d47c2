import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { Actor } from '../../core/auth/actor';
import { INSTITUTION_ROLES, type InstitutionRole } from '../../core/auth/roles';
import { Problem } from '../../core/errors/problem';
import { CentreRow, CentresRepository } from './centres.repository';

/**
 * Loads a centre for a caller. Whoever is not a member of the centre's institution (nor the
 * operator) gets the same 404 as for a centre that does not exist, so guessed ids reveal nothing.
 */
@Injectable()
export class CentreAccess {
  constructor(private readonly centres: CentresRepository) {}

  /** The centre, if the caller holds one of `roles` in its institution (403 for other members). */
  async load(
    em: EntityManager,
    actor: Actor,
    centreId: string,
    roles: readonly InstitutionRole[] = INSTITUTION_ROLES,
    lock?: 'update' | 'share',
  ): Promise<CentreRow> {
    const centre = await this.centres.findCentre(em, centreId, lock);
    if (!centre) throw Problem.notFound('Centre');
    actor.requireInstitutionRole(centre.institutionId, roles, { what: 'Centre' });
    return centre;
  }

  /** The centre, for a decision only the operator makes (403 for members, 404 for outsiders). */
  async loadForOperator(
    em: EntityManager,
    actor: Actor,
    centreId: string,
    refusal: string,
    lock?: 'update' | 'share',
  ): Promise<CentreRow> {
    const centre = await this.load(em, actor, centreId, INSTITUTION_ROLES, lock);
    if (!actor.isOperator) throw Problem.forbidden(refusal);
    return centre;
  }
}

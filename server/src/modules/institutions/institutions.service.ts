import { Injectable } from '@nestjs/common';
import type { InstitutionDto, MemberDto, PageDto } from '@invigil/contracts';
import { AuditService } from '../../core/audit/audit.service';
import type { Actor } from '../../core/auth/actor';
import { INSTITUTION_ROLES, InstitutionRole } from '../../core/auth/roles';
import { UsersRepository } from '../../core/auth/users.repository';
import { TransactionRunner } from '../../core/database/transaction-runner';
import { Problem } from '../../core/errors/problem';
import { CreateInstitutionDto } from './dto/create-institution.dto';
import { MemberListQueryDto } from './dto/list-queries.dto';
import { pageOf, toInstitutionDto } from './institution-views';
import { InstitutionsRepository } from './institutions.repository';
import { InvitationsService } from './invitations.service';

@Injectable()
export class InstitutionsService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly institutions: InstitutionsRepository,
    private readonly users: UsersRepository,
    private readonly invitations: InvitationsService,
    private readonly audit: AuditService,
  ) {}

  /** The operator sees every institution; anyone else the ones they are a member of. */
  async list(actor: Actor, page: { limit: number; offset: number }): Promise<PageDto<InstitutionDto>> {
    const ids = actor.isOperator ? 'all' : actor.institutionIds();
    const result = await this.institutions.list(this.tx.manager, ids, page);
    return pageOf({ items: result.items.map(toInstitutionDto), total: result.total }, page);
  }

  /** Signs an institution: creates it and invites its first admin, together or not at all. */
  create(actor: Actor, dto: CreateInstitutionDto): Promise<InstitutionDto> {
    actor.requireOperator();
    return this.tx.run(async (em) => {
      const institution = await this.institutions.create(em, dto);
      if (!institution) {
        throw Problem.conflict('already-exists', `An institution named "${dto.name}" already exists`, {
          field: 'name',
        });
      }
      await this.audit.record(em, actor, {
        action: 'institution.created',
        entityType: 'institution',
        entityId: institution.id,
        institutionId: institution.id,
        details: { name: institution.name, kind: institution.kind, country: institution.country },
      });
      await this.invitations.issueForInstitution(em, actor, institution, [
        { email: dto.adminEmail, role: 'institution_admin', name: null },
      ]);
      return toInstitutionDto(institution);
    });
  }

  async get(actor: Actor, id: string): Promise<InstitutionDto> {
    actor.requireInstitutionRole(id, INSTITUTION_ROLES);
    const institution = await this.institutions.findById(this.tx.manager, id);
    if (!institution) throw Problem.notFound('Institution');
    return toInstitutionDto(institution);
  }

  async members(actor: Actor, id: string, query: MemberListQueryDto): Promise<PageDto<MemberDto>> {
    actor.requireInstitutionRole(id, ['institution_admin']);
    if (!(await this.institutions.findById(this.tx.manager, id))) throw Problem.notFound('Institution');
    return pageOf(await this.institutions.members(this.tx.manager, id, query), query);
  }

  /**
   * Takes a role away from a member. The institution's own admins manage its members; the last
   * admin cannot be removed, so an institution is never left without one.
   */
  async removeRole(
    actor: Actor,
    institutionId: string,
    userId: string,
    role: InstitutionRole,
  ): Promise<void> {
    if (actor.isOperator && !actor.hasInstitutionRole(institutionId, ['institution_admin'])) {
      throw Problem.forbidden("Members are managed by the institution's own admins");
    }
    actor.requireInstitutionRole(institutionId, ['institution_admin'], { operatorToo: false });
    await this.tx.run(async (em) => {
      // concurrent removals of two different admins must not both see "another admin is left"
      if (!(await this.institutions.lockForMembershipChange(em, institutionId))) {
        throw Problem.notFound('Institution');
      }
      if (!(await this.users.revokeRole(em, userId, role, institutionId))) {
        throw Problem.notFound('Membership');
      }
      if (
        role === 'institution_admin' &&
        (await this.institutions.countWithRole(em, institutionId, role)) === 0
      ) {
        throw Problem.conflict('invalid-state-transition', 'The last institution admin cannot be removed', {
          field: 'role',
        });
      }
      await this.audit.record(em, actor, {
        action: 'membership.revoked',
        entityType: 'user',
        entityId: userId,
        institutionId,
        details: { role },
      });
    });
  }
}

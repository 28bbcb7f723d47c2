import { Injectable } from '@nestjs/common';
import type { AuditEntryDto, PageDto } from '@invigil/contracts';
import type { Actor } from '../auth/actor';
import { TransactionRunner } from '../database/transaction-runner';
import type { PageQueryDto } from '../http/page-query.dto';
import { AuditRepository, AuditRow } from './audit.repository';

const toDto = (r: AuditRow): AuditEntryDto => ({
  ...r,
  id: String(r.id),
  occurredAt: new Date(r.occurredAt).toISOString(),
});

@Injectable()
export class AuditQueryService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly repository: AuditRepository,
  ) {}

  async forInstitution(
    actor: Actor,
    institutionId: string,
    page: PageQueryDto,
  ): Promise<PageDto<AuditEntryDto>> {
    actor.requireInstitutionRole(institutionId, ['institution_admin']);
    const { rows, total } = await this.repository.page(
      this.tx.manager,
      { institutionId },
      page.limit,
      page.offset,
    );
    return { items: rows.map(toDto), total, limit: page.limit, offset: page.offset };
  }

  async all(actor: Actor, page: PageQueryDto): Promise<PageDto<AuditEntryDto>> {
    actor.requireOperator();
    const { rows, total } = await this.repository.page(this.tx.manager, {}, page.limit, page.offset);
    return { items: rows.map(toDto), total, limit: page.limit, offset: page.offset };
  }
}

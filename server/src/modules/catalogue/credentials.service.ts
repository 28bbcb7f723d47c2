import { Injectable } from '@nestjs/common';
import type { CredentialDto } from '@invigil/contracts';
import { EntityManager } from 'typeorm';
import { AuditService } from '../../core/audit/audit.service';
import type { Actor } from '../../core/auth/actor';
import { TransactionRunner } from '../../core/database/transaction-runner';
import { FieldError, Problem } from '../../core/errors/problem';
import { CertificationBodiesRepository } from './certification-bodies.repository';
import { CredentialFields, CredentialRecord, CredentialsRepository } from './credentials.repository';
import {
  findRequirementCycle,
  StackingRule,
  summarizeStackingRule,
  validateStackingRule,
} from './domain/stacking-rule';
import type { CreateCredentialDto } from './dto/create-credential.dto';
import { ExamsRepository } from './exams.repository';

const toDto = (c: CredentialRecord): CredentialDto => ({
  id: c.id,
  certificationBodyId: c.certificationBodyId,
  code: c.code,
  title: c.title,
  description: c.description,
  level: c.level,
  rule: {
    kind: c.rule.kind,
    minCount: c.rule.minCount,
    examIds: c.rule.examIds,
    credentialIds: c.rule.credentialIds,
  },
  ruleSummary: summarizeStackingRule(c.rule, { exams: c.examCodes, credentials: c.credentialCodes }),
});

/** The request's fields, with the rule checked on its own (no database needed yet). */
function fieldsFrom(dto: CreateCredentialDto): CredentialFields {
  const rule: StackingRule = {
    kind: dto.rule.kind,
    minCount: dto.rule.minCount ?? null,
    examIds: dto.rule.examIds,
    credentialIds: dto.rule.credentialIds,
  };
  const violations = validateStackingRule(rule);
  if (violations.length > 0) {
    throw Problem.validation(violations.map((v) => ({ field: v.field, messages: [v.message] })));
  }
  return { code: dto.code, title: dto.title, description: dto.description ?? '', level: dto.level, rule };
}

@Injectable()
export class CredentialsService {
  constructor(
    private readonly credentials: CredentialsRepository,
    private readonly exams: ExamsRepository,
    private readonly bodies: CertificationBodiesRepository,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
  ) {}

  async list(certificationBodyId?: string): Promise<CredentialDto[]> {
    return (await this.credentials.list(this.tx.manager, certificationBodyId)).map(toDto);
  }

  create(actor: Actor, certificationBodyId: string, dto: CreateCredentialDto): Promise<CredentialDto> {
    actor.requireCertificationBodyAdmin(certificationBodyId);
    const fields = fieldsFrom(dto);
    return this.tx.run(async (em) => {
      if (!(await this.bodies.lockForRuleChange(em, certificationBodyId))) {
        throw Problem.notFound('Certification body');
      }
      await this.requireReferencesInBody(em, certificationBodyId, fields.rule);
      // nothing can require a credential that does not exist yet, so a new one closes no loop
      const id = await this.credentials.insert(em, certificationBodyId, fields);
      if (!id) {
        throw Problem.conflict(
          'already-exists',
          `This certification body already has a credential with code "${fields.code}"`,
          { field: 'code' },
        );
      }
      await this.credentials.replaceRequirements(em, id, fields.rule);
      const created = await this.reload(em, id);
      await this.audit.record(em, actor, {
        action: 'credential.created',
        entityType: 'credential',
        entityId: id,
        certificationBodyId,
        details: {
          code: created.code,
          title: created.title,
          level: created.level,
          rule: created.ruleSummary,
        },
      });
      return created;
    });
  }

  /** Replaces title, description, level and rule; the code stays what it was. */
  async replace(actor: Actor, id: string, dto: CreateCredentialDto): Promise<CredentialDto> {
    const existing = await this.credentials.findById(this.tx.manager, id);
    if (!existing) throw Problem.notFound('Credential');
    actor.requireCertificationBodyAdmin(existing.certificationBodyId);
    if (dto.code !== existing.code) {
      throw Problem.validation([
        { field: 'code', messages: [`code cannot be changed once created (it is "${existing.code}")`] },
      ]);
    }
    const fields = fieldsFrom(dto);
    const bodyId = existing.certificationBodyId;
    return this.tx.run(async (em) => {
      // one rule change per body at a time, so two edits cannot close a loop between them
      await this.bodies.lockForRuleChange(em, bodyId);
      const before = await this.credentials.findById(em, id);
      if (!before) throw Problem.notFound('Credential');
      await this.requireReferencesInBody(em, bodyId, fields.rule);
      await this.refuseCycle(em, bodyId, id, fields.rule);

      await this.credentials.update(em, id, fields);
      await this.credentials.replaceRequirements(em, id, fields.rule);
      const after = await this.reload(em, id);
      const previous = toDto(before);
      await this.audit.record(em, actor, {
        action: 'credential.updated',
        entityType: 'credential',
        entityId: id,
        certificationBodyId: bodyId,
        details: {
          code: after.code,
          from: {
            title: previous.title,
            description: previous.description,
            level: previous.level,
            rule: previous.ruleSummary,
          },
          to: {
            title: after.title,
            description: after.description,
            level: after.level,
            rule: after.ruleSummary,
          },
        },
      });
      return after;
    });
  }

  /** A rule may name only exams and credentials of the credential's own body. */
  private async requireReferencesInBody(
    em: EntityManager,
    bodyId: string,
    rule: StackingRule,
  ): Promise<void> {
    const examsInBody = await this.exams.idsInBody(em, bodyId, rule.examIds);
    const credentialsInBody = await this.credentials.codesInBody(em, bodyId, rule.credentialIds);
    const errors: FieldError[] = [];
    const strayExams = rule.examIds.filter((examId) => !examsInBody.has(examId));
    if (strayExams.length > 0) {
      errors.push({
        field: 'rule.examIds',
        messages: [
          `rule.examIds must name exams of this certification body; not found in it: ${strayExams.join(', ')}`,
        ],
      });
    }
    const strayCredentials = rule.credentialIds.filter(
      (credentialId) => !credentialsInBody.has(credentialId),
    );
    if (strayCredentials.length > 0) {
      errors.push({
        field: 'rule.credentialIds',
        messages: [
          `rule.credentialIds must name credentials of this certification body; not found in it: ${strayCredentials.join(', ')}`,
        ],
      });
    }
    if (errors.length > 0) throw Problem.validation(errors);
  }

  private async refuseCycle(
    em: EntityManager,
    bodyId: string,
    id: string,
    rule: StackingRule,
  ): Promise<void> {
    const graph = await this.credentials.requirementGraph(em, bodyId);
    const cycle = findRequirementCycle(id, rule.credentialIds, graph);
    if (!cycle) return;
    const codes = await this.credentials.codesInBody(em, bodyId, cycle);
    const path = cycle.map((credentialId) => codes.get(credentialId) ?? credentialId);
    throw Problem.conflict(
      'stacking-rule-cycle',
      `The credential would require itself: ${path.join(' → ')}`,
      { field: 'rule.credentialIds', cycle: path },
    );
  }

  private async reload(em: EntityManager, id: string): Promise<CredentialDto> {
    const credential = await this.credentials.findById(em, id);
    if (!credential) throw Problem.notFound('Credential');
    return toDto(credential);
  }
}

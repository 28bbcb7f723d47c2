import { Injectable } from '@nestjs/common';
import type { ExamLevel } from '@invigil/contracts';
import { EntityManager, SelectQueryBuilder } from 'typeorm';
import type { StackingRule } from './domain/stacking-rule';
import { CertificationBodyEntity } from './certification-body.entity';
import { CredentialEntity } from './credential.entity';

/** A credential as stored, with its rule and the codes of what the rule names. */
export interface CredentialRecord {
  id: string;
  certificationBodyId: string;
  code: string;
  title: string;
  description: string;
  level: ExamLevel;
  rule: StackingRule & { examIds: string[]; credentialIds: string[] };
  examCodes: Map<string, string>;
  credentialCodes: Map<string, string>;
}

export interface CredentialFields {
  code: string;
  title: string;
  description: string;
  level: ExamLevel;
  rule: StackingRule;
}

function toRecord(c: CredentialEntity): CredentialRecord {
  const examCodes = new Map<string, string>();
  const credentialCodes = new Map<string, string>();
  for (const r of c.requirements ?? []) {
    if (r.examId) examCodes.set(r.examId, r.exam?.code ?? r.examId);
    if (r.requiredCredentialId) {
      credentialCodes.set(r.requiredCredentialId, r.requiredCredential?.code ?? r.requiredCredentialId);
    }
  }
  return {
    id: c.id,
    certificationBodyId: c.certificationBodyId,
    code: c.code,
    title: c.title,
    description: c.description,
    level: c.level,
    rule: {
      kind: c.ruleKind,
      minCount: c.ruleMinCount,
      examIds: [...examCodes.keys()],
      credentialIds: [...credentialCodes.keys()],
    },
    examCodes,
    credentialCodes,
  };
}

/** All SQL about credentials and the requirements of their stacking rules. */
@Injectable()
export class CredentialsRepository {
  /** Requirements come back ordered by code, so rules and their summaries read the same every time. */
  private withRule(em: EntityManager): SelectQueryBuilder<CredentialEntity> {
    return em
      .createQueryBuilder(CredentialEntity, 'c')
      .innerJoin(CertificationBodyEntity, 'b', 'b.id = c.certificationBodyId')
      .leftJoinAndSelect('c.requirements', 'r')
      .leftJoin('r.exam', 'e')
      .addSelect(['e.id', 'e.code'])
      .leftJoin('r.requiredCredential', 'rc')
      .addSelect(['rc.id', 'rc.code'])
      .orderBy('b.name', 'ASC')
      .addOrderBy('c.code', 'ASC')
      .addOrderBy('e.code', 'ASC')
      .addOrderBy('rc.code', 'ASC');
  }

  async list(em: EntityManager, certificationBodyId?: string): Promise<CredentialRecord[]> {
    const query = this.withRule(em);
    if (certificationBodyId)
      query.where('c.certificationBodyId = :certificationBodyId', { certificationBodyId });
    return (await query.getMany()).map(toRecord);
  }

  async findById(em: EntityManager, id: string): Promise<CredentialRecord | null> {
    const credential = await this.withRule(em).where('c.id = :id', { id }).getOne();
    return credential ? toRecord(credential) : null;
  }

  /** Inserts unless the body already has a credential with this code; null when it has. */
  async insert(
    em: EntityManager,
    certificationBodyId: string,
    fields: CredentialFields,
  ): Promise<string | null> {
    const rows = await em.query<{ id: string }[]>(
      `INSERT INTO credentials (certification_body_id, code, title, description, level, rule_kind, rule_min_count)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT ON CONSTRAINT credentials_code_key DO NOTHING
       RETURNING id`,
      [
        certificationBodyId,
        fields.code,
        fields.title,
        fields.description,
        fields.level,
        fields.rule.kind,
        fields.rule.minCount,
      ],
    );
    return rows[0]?.id ?? null;
  }

  async update(em: EntityManager, id: string, fields: Omit<CredentialFields, 'code'>): Promise<void> {
    await em.update(
      CredentialEntity,
      { id },
      {
        title: fields.title,
        description: fields.description,
        level: fields.level,
        ruleKind: fields.rule.kind,
        ruleMinCount: fields.rule.minCount,
      },
    );
  }

  /** The credential's rule names exactly these exams and credentials. */
  async replaceRequirements(em: EntityManager, credentialId: string, rule: StackingRule): Promise<void> {
    await em.query(`DELETE FROM credential_requirements WHERE credential_id = $1`, [credentialId]);
    await em.query(
      `INSERT INTO credential_requirements (credential_id, exam_id, required_credential_id)
       SELECT $1::uuid, exam_id, NULL FROM unnest($2::uuid[]) AS exam_id
       UNION ALL
       SELECT $1::uuid, NULL, required_id FROM unnest($3::uuid[]) AS required_id`,
      [credentialId, rule.examIds, rule.credentialIds],
    );
  }

  /** Which credentials of the body each credential requires (credentials never cross bodies). */
  async requirementGraph(em: EntityManager, certificationBodyId: string): Promise<Map<string, string[]>> {
    const rows = await em.query<{ credential_id: string; required_credential_id: string }[]>(
      `SELECT r.credential_id, r.required_credential_id
         FROM credential_requirements r JOIN credentials c ON c.id = r.credential_id
        WHERE c.certification_body_id = $1 AND r.required_credential_id IS NOT NULL`,
      [certificationBodyId],
    );
    const graph = new Map<string, string[]>();
    for (const row of rows) {
      graph.set(row.credential_id, [...(graph.get(row.credential_id) ?? []), row.required_credential_id]);
    }
    return graph;
  }

  /** Which of `ids` are credentials of this body, with their codes. */
  async codesInBody(
    em: EntityManager,
    certificationBodyId: string,
    ids: readonly string[],
  ): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await em.query<{ id: string; code: string }[]>(
      `SELECT id, code FROM credentials WHERE certification_body_id = $1 AND id = ANY($2::uuid[])`,
      [certificationBodyId, ids],
    );
    return new Map(rows.map((r) => [r.id, r.code]));
  }
}

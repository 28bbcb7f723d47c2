import type {
  CreateCredentialRequest,
  CreateExamRequest,
  DeliveryMode,
  ExamLevel,
  StackingRuleDto,
} from '@invigil/contracts';
import type { Pool } from 'pg';
import { randomBytes } from 'node:crypto';

const unique = () => randomBytes(3).toString('hex').toUpperCase();

/** A valid request to create an exam, with a fresh code. */
export function examRequest(overrides: Partial<CreateExamRequest> = {}): CreateExamRequest {
  return {
    code: `EX-${unique()}`,
    title: 'Microsoft Word (Microsoft 365 Apps)',
    level: 'associate',
    durationMinutes: 50,
    passingScore: 700,
    maxScore: 1000,
    deliveryModes: ['in_lab', 'online_proctored'],
    objectives: [
      { code: '1', description: 'Manage documents' },
      { code: '2', description: 'Insert and format text, paragraphs and sections' },
      { code: '3', description: 'Manage tables and lists' },
    ],
    ...overrides,
  };
}

/** A valid request to create a credential, with a fresh code. */
export function credentialRequest(
  rule: Partial<StackingRuleDto>,
  overrides: Partial<Omit<CreateCredentialRequest, 'rule'>> = {},
): CreateCredentialRequest {
  return {
    code: `CRED-${unique()}`,
    title: 'Microsoft Office Specialist: Associate',
    description: 'Three associate-level certifications',
    level: 'associate',
    rule: { kind: 'all', minCount: null, examIds: [], credentialIds: [], ...rule },
    ...overrides,
  };
}

/** An exam inserted directly, with two objectives. */
export async function createExam(
  pool: Pool,
  certificationBodyId: string,
  attrs: {
    code?: string;
    title?: string;
    level?: ExamLevel;
    deliveryModes?: DeliveryMode[];
  } = {},
): Promise<{ id: string; code: string }> {
  const code = attrs.code ?? `EX-${unique()}`;
  const { rows } = await pool.query<{ id: string }>(
    `INSERT INTO exams (certification_body_id, code, title, level, duration_minutes, passing_score, max_score, delivery_modes)
     VALUES ($1, $2, $3, $4, 50, 700, 1000, $5::text[]) RETURNING id`,
    [
      certificationBodyId,
      code,
      attrs.title ?? `Exam ${code}`,
      attrs.level ?? 'associate',
      attrs.deliveryModes ?? ['in_lab', 'online_proctored'],
    ],
  );
  await pool.query(
    `INSERT INTO exam_objectives (exam_id, code, description, position)
     VALUES ($1, '1', 'First objective', 1), ($1, '2', 'Second objective', 2)`,
    [rows[0].id],
  );
  return { id: rows[0].id, code };
}

/** A credential inserted directly, with its rule. */
export async function createCredential(
  pool: Pool,
  certificationBodyId: string,
  rule: Partial<StackingRuleDto>,
  attrs: { code?: string; level?: ExamLevel } = {},
): Promise<{ id: string; code: string }> {
  const code = attrs.code ?? `CRED-${unique()}`;
  const kind = rule.kind ?? 'all';
  const { rows } = await pool.query<{ id: string }>(
    `INSERT INTO credentials (certification_body_id, code, title, level, rule_kind, rule_min_count)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [
      certificationBodyId,
      code,
      `Credential ${code}`,
      attrs.level ?? 'associate',
      kind,
      rule.minCount ?? null,
    ],
  );
  await pool.query(
    `INSERT INTO credential_requirements (credential_id, exam_id, required_credential_id)
     SELECT $1::uuid, e, NULL FROM unnest($2::uuid[]) e
     UNION ALL SELECT $1::uuid, NULL, c FROM unnest($3::uuid[]) c`,
    [rows[0].id, rule.examIds ?? [], rule.credentialIds ?? []],
  );
  return { id: rows[0].id, code };
}

/** Row counts of every catalogue table and the audit log, to show that a refused request changed nothing. */
export async function catalogueCounts(pool: Pool): Promise<Record<string, number>> {
  const { rows } = await pool.query<Record<string, string>>(
    `SELECT (SELECT count(*) FROM certification_bodies) AS certification_bodies,
            (SELECT count(*) FROM exams) AS exams,
            (SELECT count(*) FROM exam_objectives) AS exam_objectives,
            (SELECT count(*) FROM credentials) AS credentials,
            (SELECT count(*) FROM credential_requirements) AS credential_requirements,
            (SELECT count(*) FROM audit_log) AS audit_log`,
  );
  return Object.fromEntries(Object.entries(rows[0]).map(([table, count]) => [table, Number(count)]));
}

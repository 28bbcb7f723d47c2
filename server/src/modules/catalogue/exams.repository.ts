import { containsPattern } from '../../core/database/like';
import { Injectable } from '@nestjs/common';
import type { DeliveryMode, ExamDto, ExamLevel, ExamObjectiveDto } from '@invigil/contracts';
import { EntityManager, SelectQueryBuilder } from 'typeorm';
import { ExamEntity } from './exam.entity';

export interface ExamFilter {
  certificationBodyId?: string;
  level?: ExamLevel;
  /** part of the code or title, any case */
  q?: string;
}

export interface NewExam {
  code: string;
  title: string;
  level: ExamLevel;
  durationMinutes: number;
  passingScore: number;
  maxScore: number;
  deliveryModes: DeliveryMode[];
}

export type ExamChanges = Partial<Omit<NewExam, 'code'> & { active: boolean }>;

const toDto = (e: ExamEntity): ExamDto => ({
  id: e.id,
  certificationBodyId: e.certificationBodyId,
  certificationBodyName: e.certificationBody?.name ?? '',
  code: e.code,
  title: e.title,
  level: e.level,
  durationMinutes: e.durationMinutes,
  passingScore: e.passingScore,
  maxScore: e.maxScore,
  deliveryModes: e.deliveryModes,
  objectives: (e.objectives ?? []).map((o) => ({ code: o.code, description: o.description })),
  active: e.active,
});

/** LIKE treats % and _ as wildcards; a search for "MO_1" means those characters literally. */

/** All SQL about exams and their objectives. */
@Injectable()
export class ExamsRepository {
  private withDetails(em: EntityManager): SelectQueryBuilder<ExamEntity> {
    return em
      .createQueryBuilder(ExamEntity, 'e')
      .innerJoinAndSelect('e.certificationBody', 'b')
      .leftJoinAndSelect('e.objectives', 'o')
      .orderBy('b.name', 'ASC')
      .addOrderBy('e.code', 'ASC')
      .addOrderBy('o.position', 'ASC');
  }

  async list(em: EntityManager, filter: ExamFilter): Promise<ExamDto[]> {
    const query = this.withDetails(em);
    if (filter.certificationBodyId) {
      query.andWhere('e.certificationBodyId = :bodyId', { bodyId: filter.certificationBodyId });
    }
    if (filter.level) query.andWhere('e.level = :level', { level: filter.level });
    const q = filter.q?.trim();
    if (q) {
      query.andWhere('(e.code ILIKE :pattern OR e.title ILIKE :pattern)', { pattern: containsPattern(q) });
    }
    return (await query.getMany()).map(toDto);
  }

  async findById(em: EntityManager, id: string): Promise<ExamDto | null> {
    const exam = await this.withDetails(em).where('e.id = :id', { id }).getOne();
    return exam ? toDto(exam) : null;
  }

  /** Locks the exam's row for the rest of the transaction and reads it fresh; null when absent. */
  async lockAndFind(em: EntityManager, id: string): Promise<ExamDto | null> {
    const rows = await em.query<unknown[]>(`SELECT id FROM exams WHERE id = $1 FOR NO KEY UPDATE`, [id]);
    return rows.length > 0 ? this.findById(em, id) : null;
  }

  /** Inserts unless the body already has an exam with this code; null when it has. */
  async insert(em: EntityManager, certificationBodyId: string, exam: NewExam): Promise<string | null> {
    const rows = await em.query<{ id: string }[]>(
      `INSERT INTO exams (certification_body_id, code, title, level, duration_minutes, passing_score,
                          max_score, delivery_modes)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::text[])
       ON CONFLICT ON CONSTRAINT exams_code_key DO NOTHING
       RETURNING id`,
      [
        certificationBodyId,
        exam.code,
        exam.title,
        exam.level,
        exam.durationMinutes,
        exam.passingScore,
        exam.maxScore,
        exam.deliveryModes,
      ],
    );
    return rows[0]?.id ?? null;
  }

  async update(em: EntityManager, id: string, changes: ExamChanges): Promise<void> {
    await em.update(ExamEntity, { id }, changes);
  }

  /** The exam's objectives become exactly these, in this order. */
  async replaceObjectives(em: EntityManager, examId: string, objectives: readonly ExamObjectiveDto[]) {
    await em.query(`DELETE FROM exam_objectives WHERE exam_id = $1`, [examId]);
    if (objectives.length === 0) return;
    await em.query(
      `INSERT INTO exam_objectives (exam_id, code, description, position)
       SELECT $1, o.code, o.description, o.position
         FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS o(code, description, position)`,
      [examId, objectives.map((o) => o.code), objectives.map((o) => o.description)],
    );
  }

  /** Which of `ids` are exams of this body. */
  async idsInBody(
    em: EntityManager,
    certificationBodyId: string,
    ids: readonly string[],
  ): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await em.query<{ id: string }[]>(
      `SELECT id FROM exams WHERE certification_body_id = $1 AND id = ANY($2::uuid[])`,
      [certificationBodyId, ids],
    );
    return new Set(rows.map((r) => r.id));
  }
}

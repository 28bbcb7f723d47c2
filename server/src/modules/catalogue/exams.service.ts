import { Injectable } from '@nestjs/common';
import type { ExamDto, ExamObjectiveDto } from '@invigil/contracts';
import { EntityManager } from 'typeorm';
import { AuditService } from '../../core/audit/audit.service';
import type { Actor } from '../../core/auth/actor';
import { TransactionRunner } from '../../core/database/transaction-runner';
import { Problem } from '../../core/errors/problem';
import { CertificationBodiesRepository } from './certification-bodies.repository';
import { FieldViolation, validateObjectives, validateScoring } from './domain/exam-definition';
import type { CreateExamDto } from './dto/create-exam.dto';
import type { ListExamsDto } from './dto/list-exams.dto';
import type { UpdateExamDto } from './dto/update-exam.dto';
import { ExamChanges, ExamsRepository } from './exams.repository';

const refuse = (violations: FieldViolation[]): void => {
  if (violations.length === 0) return;
  throw Problem.validation(violations.map((v) => ({ field: v.field, messages: [v.message] })));
};

const sameObjectives = (a: readonly ExamObjectiveDto[], b: readonly ExamObjectiveDto[]): boolean =>
  a.length === b.length && a.every((o, i) => o.code === b[i].code && o.description === b[i].description);

const sameValue = (a: unknown, b: unknown): boolean =>
  Array.isArray(a) && Array.isArray(b) ? a.length === b.length && a.every((x, i) => x === b[i]) : a === b;

const EDITABLE = [
  'title',
  'level',
  'durationMinutes',
  'passingScore',
  'maxScore',
  'deliveryModes',
  'active',
] as const satisfies readonly (keyof ExamChanges)[];

@Injectable()
export class ExamsService {
  constructor(
    private readonly exams: ExamsRepository,
    private readonly bodies: CertificationBodiesRepository,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
  ) {}

  list(filter: ListExamsDto): Promise<ExamDto[]> {
    return this.exams.list(this.tx.manager, filter);
  }

  async get(id: string): Promise<ExamDto> {
    const exam = await this.exams.findById(this.tx.manager, id);
    if (!exam) throw Problem.notFound('Exam');
    return exam;
  }

  create(actor: Actor, certificationBodyId: string, dto: CreateExamDto): Promise<ExamDto> {
    actor.requireCertificationBodyAdmin(certificationBodyId);
    refuse([...validateScoring(dto), ...validateObjectives(dto.objectives)]);
    return this.tx.run(async (em) => {
      if (!(await this.bodies.findById(em, certificationBodyId)))
        throw Problem.notFound('Certification body');
      const id = await this.exams.insert(em, certificationBodyId, dto);
      if (!id) {
        throw Problem.conflict(
          'already-exists',
          `This certification body already has an exam with code "${dto.code}"`,
          { field: 'code' },
        );
      }
      await this.exams.replaceObjectives(em, id, dto.objectives);
      await this.audit.record(em, actor, {
        action: 'exam.created',
        entityType: 'exam',
        entityId: id,
        certificationBodyId,
        details: {
          code: dto.code,
          title: dto.title,
          level: dto.level,
          objectives: dto.objectives.map((o) => o.code),
        },
      });
      return this.reload(em, id);
    });
  }

  /** Changes only the fields sent; `objectives`, when sent, replace the exam's objectives. */
  update(actor: Actor, id: string, dto: UpdateExamDto): Promise<ExamDto> {
    return this.tx.run(async (em) => {
      // the row lock makes the pass-mark check below hold against concurrent edits
      const current = await this.exams.lockAndFind(em, id);
      if (!current) throw Problem.notFound('Exam');
      actor.requireCertificationBodyAdmin(current.certificationBodyId);

      const scoring = {
        passingScore: dto.passingScore ?? current.passingScore,
        maxScore: dto.maxScore ?? current.maxScore,
      };
      refuse([
        ...validateScoring(scoring, {
          passingScore: dto.passingScore !== undefined,
          maxScore: dto.maxScore !== undefined,
        }),
        ...(dto.objectives ? validateObjectives(dto.objectives) : []),
      ]);

      const changes: ExamChanges = {};
      const changed: Record<string, { from: unknown; to: unknown }> = {};
      for (const field of EDITABLE) {
        const next = dto[field];
        if (next === undefined || sameValue(next, current[field])) continue;
        Object.assign(changes, { [field]: next });
        changed[field] = { from: current[field], to: next };
      }
      const objectivesChanged =
        dto.objectives !== undefined && !sameObjectives(dto.objectives, current.objectives);
      if (objectivesChanged) {
        changed.objectives = { from: current.objectives, to: dto.objectives };
      }
      if (Object.keys(changed).length === 0) return current;

      if (Object.keys(changes).length > 0) await this.exams.update(em, id, changes);
      if (objectivesChanged && dto.objectives) await this.exams.replaceObjectives(em, id, dto.objectives);
      await this.audit.record(em, actor, {
        action: 'exam.updated',
        entityType: 'exam',
        entityId: id,
        certificationBodyId: current.certificationBodyId,
        details: { code: current.code, changes: changed },
      });
      return this.reload(em, id);
    });
  }

  private async reload(em: EntityManager, id: string): Promise<ExamDto> {
    const exam = await this.exams.findById(em, id);
    if (!exam) throw Problem.notFound('Exam');
    return exam;
  }
}

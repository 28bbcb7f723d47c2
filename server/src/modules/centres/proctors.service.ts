import { Injectable } from '@nestjs/common';
import type { CentreProctorDto } from '@invigil/contracts';
import { EntityManager } from 'typeorm';
import { AuditService } from '../../core/audit/audit.service';
import type { Actor } from '../../core/auth/actor';
import { TransactionRunner } from '../../core/database/transaction-runner';
import { Problem } from '../../core/errors/problem';
import { toProctorDto } from './centre.mapper';
import { CentreAccess } from './centre-access';
import { CentreRow, CentresRepository } from './centres.repository';
import { canTrain, localToday, trainingDateProblem } from './domain/proctor-training';
import type { RecordTrainingDto } from './dto/record-training.dto';

const ADMIN = ['institution_admin'] as const;

const invalid = (field: string, message: string): Problem =>
  Problem.validation([{ field, messages: [message] }]);

/** Proctors assigned to a centre and their training (by the operator, or train-the-trainer). */
@Injectable()
export class ProctorsService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly centres: CentresRepository,
    private readonly access: CentreAccess,
    private readonly audit: AuditService,
  ) {}

  async list(actor: Actor, centreId: string): Promise<CentreProctorDto[]> {
    const em = this.tx.manager;
    const centre = await this.access.load(em, actor, centreId, ['institution_admin', 'instructor']);
    const [proctors, trainings] = await Promise.all([
      this.centres.proctors(em, centreId),
      this.centres.trainings(em, centreId),
    ]);
    const today = localToday(centre.timeZone, new Date());
    return proctors.map((p) =>
      toProctorDto(
        p,
        trainings.filter((t) => t.userId === p.userId),
        today,
      ),
    );
  }

  /** Assigns a proctor member of the centre's institution to the centre. */
  add(actor: Actor, centreId: string, userId: string): Promise<CentreProctorDto> {
    return this.tx.run(async (em) => {
      const centre = await this.access.load(em, actor, centreId, ADMIN);
      // the same answer whether the user does not exist or belongs elsewhere
      if (!(await this.centres.holdsProctorRole(em, centre.institutionId, userId))) {
        throw invalid(
          'userId',
          `userId must be a user holding the proctor role in ${centre.institutionName}`,
        );
      }
      if (!(await this.centres.addProctor(em, centreId, userId))) {
        throw Problem.conflict('already-exists', 'That user is already a proctor of this centre', {
          errors: [{ field: 'userId', messages: ['userId is already a proctor of this centre'] }],
        });
      }
      await this.audit.record(em, actor, {
        action: 'centre.proctor_added',
        entityType: 'testing_centre',
        entityId: centreId,
        institutionId: centre.institutionId,
        details: { userId },
      });
      return this.one(em, centre, userId);
    });
  }

  /** Unassigns a proctor; their trainings at this centre go with the assignment. */
  remove(actor: Actor, centreId: string, userId: string): Promise<void> {
    return this.tx.run(async (em) => {
      const centre = await this.access.load(em, actor, centreId, ADMIN);
      const trainings = await this.centres.trainings(em, centreId, userId);
      if (!(await this.centres.removeProctor(em, centreId, userId))) throw Problem.notFound('Proctor');
      await this.audit.record(em, actor, {
        action: 'centre.proctor_removed',
        entityType: 'testing_centre',
        entityId: centreId,
        institutionId: centre.institutionId,
        details: { userId, trainingsRemoved: trainings.map((t) => t.trainedOn) },
      });
    });
  }

  /**
   * Records a training. Without a trainer only the operator can (they trained the proctor).
   * With one, an institution admin (or the operator) records it, and the trainer must be another
   * proctor of the same centre, still holding the role, whose own training covered `trainedOn`.
   * Both assignments are share-locked so neither can be removed half-way.
   */
  recordTraining(
    actor: Actor,
    centreId: string,
    userId: string,
    dto: RecordTrainingDto,
  ): Promise<CentreProctorDto> {
    const trainerUserId = dto.trainerUserId ?? null;
    return this.tx.run(async (em) => {
      const centre =
        trainerUserId === null
          ? await this.access.loadForOperator(
              em,
              actor,
              centreId,
              'Only the platform operator records a training without a trainer; name the proctor who trained',
            )
          : await this.access.load(em, actor, centreId, ADMIN);
      if (!(await this.centres.lockProctor(em, centreId, userId))) throw Problem.notFound('Proctor');

      const today = localToday(centre.timeZone, new Date());
      const dateProblem = trainingDateProblem(dto.trainedOn, today);
      if (dateProblem) throw invalid('trainedOn', dateProblem);

      if (trainerUserId !== null) {
        if (trainerUserId === userId) throw invalid('trainerUserId', 'a proctor cannot train themselves');
        const isProctorHere =
          (await this.centres.lockProctor(em, centreId, trainerUserId)) &&
          (await this.centres.holdsProctorRole(em, centre.institutionId, trainerUserId));
        if (!isProctorHere)
          throw invalid('trainerUserId', 'trainerUserId must be a proctor of this same centre');
        const verdict = canTrain(await this.centres.trainings(em, centreId, trainerUserId), dto.trainedOn);
        if (!verdict.ok) {
          throw invalid(
            'trainerUserId',
            `the trainer was not currently trained on ${dto.trainedOn}: ${verdict.reason}`,
          );
        }
      }

      const trainingId = await this.centres.insertTraining(em, {
        centreId,
        userId,
        trainedOn: dto.trainedOn,
        trainerUserId,
        recordedBy: actor.userId,
      });
      await this.audit.record(em, actor, {
        action: 'proctor.trained',
        entityType: 'proctor_training',
        entityId: trainingId,
        institutionId: centre.institutionId,
        details: {
          centreId,
          userId,
          trainedOn: dto.trainedOn,
          trainedByOperator: trainerUserId === null,
          trainerUserId,
        },
      });
      return this.one(em, centre, userId, today);
    });
  }

  private async one(
    em: EntityManager,
    centre: CentreRow,
    userId: string,
    today = localToday(centre.timeZone, new Date()),
  ): Promise<CentreProctorDto> {
    const [proctor] = await this.centres.proctors(em, centre.id, userId);
    if (!proctor) throw Problem.notFound('Proctor');
    return toProctorDto(proctor, await this.centres.trainings(em, centre.id, userId), today);
  }
}

import { Injectable } from '@nestjs/common';
import type { PageDto, TestingCentreDto } from '@invigil/contracts';
import { AuditService } from '../../core/audit/audit.service';
import type { Actor } from '../../core/auth/actor';
import { TransactionRunner } from '../../core/database/transaction-runner';
import { Problem } from '../../core/errors/problem';
import { CentreAccess } from './centre-access';
import { CentreRow, CentresRepository } from './centres.repository';
import { CentresService } from './centres.service';
import { AccreditationState, allowedActions, planDecision } from './domain/accreditation';
import type { AccreditationQueueQueryDto } from './dto/accreditation-queue-query.dto';
import type { DecideAccreditationDto } from './dto/decide-accreditation.dto';

const stateOf = (centre: CentreRow): AccreditationState => ({
  status: centre.accreditationStatus,
  feePaid: centre.onboardingFeePaidAt !== null,
});

const refusal = (state: AccreditationState): Problem =>
  Problem.conflict(
    'invalid-state-transition',
    `The centre is ${state.status}${state.status === 'onboarding' && state.feePaid ? ' (fee paid)' : ''}; allowed actions: ${
      allowedActions(state).join(', ') || 'none'
    }`,
    { currentStatus: state.status, allowedActions: allowedActions(state) },
  );

/** The operator's accreditation decisions and the queue of centres waiting for one. */
@Injectable()
export class AccreditationService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly centres: CentresRepository,
    private readonly centresService: CentresService,
    private readonly access: CentreAccess,
    private readonly audit: AuditService,
  ) {}

  async queue(actor: Actor, query: AccreditationQueueQueryDto): Promise<PageDto<TestingCentreDto>> {
    actor.requireOperator();
    const em = this.tx.manager;
    const { rows, total } = await this.centres.accreditationQueue(
      em,
      query.status,
      query.limit,
      query.offset,
    );
    return {
      items: await this.centresService.present(em, rows),
      total,
      limit: query.limit,
      offset: query.offset,
    };
  }

  /**
   * Plans the decision against the state read, then applies it with an update conditional on
   * that state: when another decision got there first, the update finds nothing and the caller
   * is told the state it lost to.
   */
  async decide(actor: Actor, centreId: string, dto: DecideAccreditationDto): Promise<TestingCentreDto> {
    await this.tx.run(async (em) => {
      const centre = await this.access.loadForOperator(
        em,
        actor,
        centreId,
        'Only the platform operator decides accreditation',
      );
      const state = stateOf(centre);
      const plan = planDecision(state, dto);
      if (!plan.ok && plan.problem === 'invalid-input') {
        throw Problem.validation(plan.errors.map((e) => ({ field: e.field, messages: [e.message] })));
      }
      if (!plan.ok) throw refusal(state);
      if (!(await this.centres.applyAccreditation(em, centreId, plan.change))) {
        const now = await this.centres.findCentre(em, centreId);
        if (!now) throw Problem.notFound('Centre');
        throw refusal(stateOf(now));
      }
      await this.audit.record(em, actor, {
        action: `centre.accreditation.${dto.action}`,
        entityType: 'testing_centre',
        entityId: centreId,
        institutionId: centre.institutionId,
        details: {
          from: state.status,
          to: plan.change.to,
          reason: plan.change.reason,
          ...(plan.change.onboardingFeeMinor !== undefined
            ? { onboardingFeeMinor: plan.change.onboardingFeeMinor }
            : {}),
        },
      });
    });
    return this.centresService.get(actor, centreId);
  }
}

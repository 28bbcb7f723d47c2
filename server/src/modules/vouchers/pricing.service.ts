import { Injectable } from '@nestjs/common';
import type {
  InstitutionExamPriceDto,
  PriceListDto,
  RetakePolicyDto,
  RetakePolicyRequest,
  UpsertPriceListRequest,
} from '@invigil/contracts';
import { AuditService } from '../../core/audit/audit.service';
import type { Actor } from '../../core/auth/actor';
import { TransactionRunner } from '../../core/database/transaction-runner';
import { Problem } from '../../core/errors/problem';
import { validatePriceList } from './domain/pricing';
import { PriceListRow, PriceListsRepository } from './price-lists.repository';

const PRICE_LIST_ERRORS = {
  'no-tier-from-one': 'the first tier must start at a quantity of 1',
  'duplicate-tier': 'two tiers start at the same quantity',
  'tier-above-retail': 'a wholesale tier costs more than the retail price',
  'price-rises-with-quantity': 'a bigger pack may not cost more per voucher',
} as const;

const toDto = (r: PriceListRow): PriceListDto => ({
  examId: r.examId,
  examCode: r.examCode,
  examTitle: r.examTitle,
  certificationBodyName: r.certificationBodyName,
  currency: r.currency,
  retailPriceMinor: r.retailPriceMinor,
  validityMonths: r.validityMonths,
  tiers: r.tiers,
});

/** The operator's price lists, institutions' prices to their learners, and retake policies. */
@Injectable()
export class PricingService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly prices: PriceListsRepository,
    private readonly audit: AuditService,
  ) {}

  async list(certificationBodyId?: string): Promise<PriceListDto[]> {
    return (await this.prices.list(this.tx.manager, { certificationBodyId })).map(toDto);
  }

  async upsert(actor: Actor, examId: string, request: UpsertPriceListRequest): Promise<PriceListDto> {
    actor.requireOperator();
    const list = { ...request, validityMonths: request.validityMonths ?? 12 };
    const error = validatePriceList(list);
    if (error) throw Problem.validation([{ field: 'tiers', messages: [PRICE_LIST_ERRORS[error]] }]);
    return this.tx.run(async (em) => {
      if (!(await this.prices.examExists(em, examId))) throw Problem.notFound('Exam');
      await this.prices.upsert(em, examId, list);
      await this.audit.record(em, actor, {
        action: 'price_list.updated',
        entityType: 'exam',
        entityId: examId,
        details: { ...list },
      });
      return toDto((await this.prices.forExams(em, [examId]))[0]);
    });
  }

  async institutionPrices(actor: Actor, institutionId: string): Promise<InstitutionExamPriceDto[]> {
    actor.requireInstitutionRole(institutionId, ['institution_admin', 'instructor', 'proctor', 'candidate']);
    return this.prices.institutionPrices(this.tx.manager, institutionId);
  }

  async setInstitutionPrice(
    actor: Actor,
    institutionId: string,
    examId: string,
    priceMinor: number,
    currency: string,
  ): Promise<InstitutionExamPriceDto[]> {
    actor.requireInstitutionRole(institutionId, ['institution_admin']);
    return this.tx.run(async (em) => {
      if (!(await this.prices.examExists(em, examId))) throw Problem.notFound('Exam');
      await this.prices.setInstitutionPrice(em, institutionId, examId, priceMinor, currency);
      await this.audit.record(em, actor, {
        action: 'institution_price.set',
        entityType: 'exam',
        entityId: examId,
        institutionId,
        details: { priceMinor, currency },
      });
      return this.prices.institutionPrices(em, institutionId);
    });
  }

  async removeInstitutionPrice(actor: Actor, institutionId: string, examId: string): Promise<void> {
    actor.requireInstitutionRole(institutionId, ['institution_admin']);
    await this.tx.run(async (em) => {
      if (!(await this.prices.removeInstitutionPrice(em, institutionId, examId)))
        throw Problem.notFound('Price');
      await this.audit.record(em, actor, {
        action: 'institution_price.removed',
        entityType: 'exam',
        entityId: examId,
        institutionId,
      });
    });
  }

  async retakePolicy(certificationBodyId: string): Promise<RetakePolicyDto> {
    if (!(await this.prices.certificationBodyExists(this.tx.manager, certificationBodyId)))
      throw Problem.notFound('Certification body');
    const policy = await this.prices.retakePolicy(this.tx.manager, certificationBodyId);
    // the platform default until the body sets its own
    return {
      certificationBodyId,
      ...(policy ?? {
        waitHoursAfterFirstFailure: 24,
        waitHoursAfterThirdFailure: 48,
        maxAttemptsPerYear: null,
      }),
    };
  }

  async setRetakePolicy(
    actor: Actor,
    certificationBodyId: string,
    request: RetakePolicyRequest,
  ): Promise<RetakePolicyDto> {
    actor.requireCertificationBodyAdmin(certificationBodyId);
    return this.tx.run(async (em) => {
      if (!(await this.prices.certificationBodyExists(em, certificationBodyId)))
        throw Problem.notFound('Certification body');
      await this.prices.setRetakePolicy(em, certificationBodyId, request);
      await this.audit.record(em, actor, {
        action: 'retake_policy.updated',
        entityType: 'certification_body',
        entityId: certificationBodyId,
        certificationBodyId,
        details: { ...request },
      });
      return { certificationBodyId, ...request };
    });
  }
}

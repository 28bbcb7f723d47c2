import { Injectable, OnModuleInit } from '@nestjs/common';
import type {
  BulkAssignResultDto,
  EntitlementDto,
  EntitlementHolderDto,
  PageDto,
  UtilisationReportDto,
  UtilisationRowDto,
  VoucherDto,
} from '@invigil/contracts';
import { parse } from 'csv-parse/sync';
import { EntityManager } from 'typeorm';
import { AuditService } from '../../core/audit/audit.service';
import type { Actor } from '../../core/auth/actor';
import { AppConfig } from '../../core/config/app-config';
import { TransactionRunner } from '../../core/database/transaction-runner';
import { Problem } from '../../core/errors/problem';
import { RateLimit, RateLimiterFactory } from '../../core/http/rate-limiter';
import { MailService } from '../../core/mail/mail.service';
import { CodeVault } from './code-vault';
import { RedemptionBatcher } from './redemption-batcher';
import { VoucherCode } from './domain/voucher-code';
import type { VoucherStatus } from './domain/voucher-lifecycle';
import {
  EntitlementRow,
  RedemptionKey,
  RedemptionRequest,
  RedemptionVerdict,
  VoucherFilter,
  VoucherLedgerRepository,
  VoucherRow,
} from './voucher-ledger.repository';

const STATUSES: VoucherStatus[] = [
  'available',
  'assigned',
  'redeemed',
  'reserved',
  'consumed',
  'voided',
  'expired',
];

/** Codes, assignment, exactly-once redemption, entitlements and utilisation. */
@Injectable()
export class VouchersService implements OnModuleInit {
  private perUser!: RateLimit;
  private perAddress!: RateLimit;
  private failures!: RateLimit;

  constructor(
    private readonly tx: TransactionRunner,
    private readonly ledger: VoucherLedgerRepository,
    private readonly vault: CodeVault,
    private readonly redemptions: RedemptionBatcher,
    private readonly audit: AuditService,
    private readonly mail: MailService,
    private readonly limits: RateLimiterFactory,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.perUser = this.limits.create('redeem-user', {
      points: this.config.REDEEM_LIMIT_PER_USER_PER_MINUTE,
      durationSeconds: 60,
    });
    this.perAddress = this.limits.create('redeem-ip', {
      points: this.config.REDEEM_LIMIT_PER_IP_PER_MINUTE,
      durationSeconds: 60,
    });
    this.failures = this.limits.create(
      'redeem-failures',
      {
        points: this.config.REDEEM_MAX_FAILURES,
        durationSeconds: this.config.REDEEM_LOCKOUT_SECONDS,
        blockSeconds: this.config.REDEEM_LOCKOUT_SECONDS,
      },
      'redemption-locked',
    );
  }

  // --- the institution's codes ---------------------------------------------------------

  async list(
    actor: Actor,
    institutionId: string,
    filter: VoucherFilter,
    limit: number,
    offset: number,
  ): Promise<PageDto<VoucherDto>> {
    actor.requireInstitutionRole(institutionId, ['institution_admin']);
    const { rows, total } = await this.ledger.listVouchers(
      this.tx.manager,
      institutionId,
      filter,
      limit,
      offset,
    );
    return { items: rows.map((r) => this.toDto(r)), total, limit, offset };
  }

  /** Every matching code as CSV, for the institution's own records. */
  async exportCsv(actor: Actor, institutionId: string, filter: VoucherFilter): Promise<string> {
    actor.requireInstitutionRole(institutionId, ['institution_admin']);
    const { rows } = await this.ledger.listVouchers(this.tx.manager, institutionId, filter, 100_000, 0);
    const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
    const lines = rows.map((r) => {
      const v = this.toDto(r);
      return [
        v.code,
        v.examCode,
        v.status,
        v.expiresAt,
        v.assignedTo?.email ?? '',
        v.redeemedBy?.email ?? '',
        v.statusReason ?? '',
      ]
        .map(quote)
        .join(',');
    });
    await this.tx.run((em) =>
      this.audit.record(em, actor, {
        action: 'vouchers.exported',
        entityType: 'institution',
        entityId: institutionId,
        institutionId,
        details: { count: rows.length, ...filter },
      }),
    );
    return ['code,exam,status,expires_at,assigned_to,redeemed_by,reason', ...lines].join('\n') + '\n';
  }

  async void(actor: Actor, voucherId: string, reason: string): Promise<VoucherDto> {
    return this.tx.run(async (em) => {
      const voucher = await this.ownVoucher(em, actor, voucherId);
      if (!(await this.ledger.move(em, voucherId, ['available', 'assigned'], 'voided', { reason }))) {
        throw Problem.conflict('invalid-state-transition', `A ${voucher.status} voucher cannot be voided`, {
          voucherStatus: voucher.status,
        });
      }
      await this.audit.record(em, actor, {
        action: 'voucher.voided',
        entityType: 'voucher',
        entityId: voucherId,
        institutionId: voucher.institutionId,
        details: { reason, previousStatus: voucher.status },
      });
      return this.toDto((await this.ledger.findVoucher(em, voucherId)) as VoucherRow);
    });
  }

  /**
   * A consumed entitlement becomes redeemed again, good for another attempt, when the attempt
   * failed through the platform's fault (the operator's call) or the centre's (its institution
   * admin's or the operator's).
   */
  async reinstate(
    actor: Actor,
    voucherId: string,
    fault: 'platform' | 'centre',
    reason: string,
  ): Promise<VoucherDto> {
    return this.tx.run(async (em) => {
      const voucher = await this.ledger.findVoucher(em, voucherId);
      if (!voucher) throw Problem.notFound('Voucher');
      if (fault === 'platform' || !voucher.institutionId) {
        if (!actor.isOperator) {
          if (voucher.institutionId && actor.isMemberOf(voucher.institutionId))
            throw Problem.forbidden('Only the platform operator reinstates for a platform fault');
          throw Problem.notFound('Voucher');
        }
      } else {
        actor.requireInstitutionRole(voucher.institutionId, ['institution_admin'], { what: 'Voucher' });
      }
      if (!(await this.ledger.reinstate(em, voucherId, reason))) {
        throw Problem.conflict(
          'invalid-state-transition',
          `Only a consumed entitlement can be reinstated; this one is ${voucher.status}`,
          { voucherStatus: voucher.status },
        );
      }
      await this.audit.record(em, actor, {
        action: 'voucher.reinstated',
        entityType: 'voucher',
        entityId: voucherId,
        institutionId: voucher.institutionId,
        details: { fault, reason },
      });
      return this.toDto((await this.ledger.findVoucher(em, voucherId)) as VoucherRow);
    });
  }

  async assign(actor: Actor, voucherId: string, candidateUserId: string): Promise<VoucherDto> {
    return this.tx.run(async (em) => {
      const voucher = await this.ownVoucher(em, actor, voucherId);
      const candidate = await this.ledger.isCandidateOf(em, voucher.institutionId as string, candidateUserId);
      if (!candidate) {
        throw Problem.validation([
          { field: 'candidateUserId', messages: ['not a candidate of this institution'] },
        ]);
      }
      if (
        !(await this.ledger.move(em, voucherId, ['available'], 'assigned', { assignedTo: candidateUserId }))
      ) {
        throw Problem.conflict('invalid-state-transition', `A ${voucher.status} voucher cannot be assigned`, {
          voucherStatus: voucher.status,
        });
      }
      await this.notifyAssignment(em, candidate.email, voucher.examCode);
      await this.audit.record(em, actor, {
        action: 'voucher.assigned',
        entityType: 'voucher',
        entityId: voucherId,
        institutionId: voucher.institutionId,
        details: { candidateUserId },
      });
      return this.toDto((await this.ledger.findVoucher(em, voucherId)) as VoucherRow);
    });
  }

  async unassign(actor: Actor, voucherId: string): Promise<VoucherDto> {
    return this.tx.run(async (em) => {
      const voucher = await this.ownVoucher(em, actor, voucherId);
      if (!(await this.ledger.move(em, voucherId, ['assigned'], 'available', { assignedTo: null }))) {
        throw Problem.conflict('invalid-state-transition', `A ${voucher.status} voucher is not assigned`, {
          voucherStatus: voucher.status,
        });
      }
      await this.audit.record(em, actor, {
        action: 'voucher.unassigned',
        entityType: 'voucher',
        entityId: voucherId,
        institutionId: voucher.institutionId,
        details: { previousCandidate: voucher.assignedTo },
      });
      return this.toDto((await this.ledger.findVoucher(em, voucherId)) as VoucherRow);
    });
  }

  /** Assigns one available voucher of the exam to each candidate of a CSV roster, in one transaction. */
  async bulkAssign(
    actor: Actor,
    institutionId: string,
    examId: string,
    csv: string,
  ): Promise<BulkAssignResultDto> {
    actor.requireInstitutionRole(institutionId, ['institution_admin']);
    const roster = parseRoster(csv);
    return this.tx.run(async (em) => {
      const skipped: BulkAssignResultDto['skipped'] = [...roster.skipped];
      const found = new Map(
        (
          await this.ledger.candidatesByEmail(
            em,
            institutionId,
            roster.rows.map((r) => r.email),
          )
        ).map((c) => [c.email, c.id]),
      );
      const wanted = roster.rows.filter((r) => {
        if (found.has(r.email)) return true;
        skipped.push({ ...r, reason: 'not a candidate of this institution' });
        return false;
      });
      const vouchers = await this.ledger.takeAvailable(em, institutionId, examId, wanted.length);
      if (vouchers.length < wanted.length) {
        throw Problem.conflict(
          'no-vouchers-available',
          `Only ${vouchers.length} unused vouchers of this exam for ${wanted.length} candidates`,
          {
            available: vouchers.length,
            needed: wanted.length,
          },
        );
      }
      const assigned: BulkAssignResultDto['assigned'] = [];
      for (const [i, row] of wanted.entries()) {
        await this.ledger.move(em, vouchers[i], ['available'], 'assigned', {
          assignedTo: found.get(row.email) as string,
        });
        assigned.push({ email: row.email, voucherId: vouchers[i] });
      }
      const exam = assigned.length
        ? ((await this.ledger.findVoucher(em, vouchers[0])) as VoucherRow).examCode
        : '';
      for (const a of assigned) await this.notifyAssignment(em, a.email, exam);
      await this.audit.record(em, actor, {
        action: 'vouchers.bulk_assigned',
        entityType: 'institution',
        entityId: institutionId,
        institutionId,
        details: { examId, assigned: assigned.length, skipped: skipped.length },
      });
      return { assigned, skipped };
    });
  }

  // --- redemption ----------------------------------------------------------------------

  /**
   * Redeems a typed code. Limited per user and per address in Redis (so across API processes);
   * repeated failures lock the caller out; each failure is audited.
   */
  async redeem(actor: Actor, input: string, ip: string): Promise<EntitlementDto> {
    // three independent Redis round trips, in parallel: they dominate a redemption's latency
    const [failures] = await Promise.all([
      this.failures.check(actor.userId),
      this.perUser.consume(actor.userId),
      this.perAddress.consume(ip),
    ]);
    const parsed = VoucherCode.parse(input);
    if (!parsed.ok) {
      await this.fail(actor, 'code', parsed.error);
      throw parsed.error === 'malformed'
        ? new Problem(
            'voucher-code-malformed',
            400,
            'A voucher code has 20 letters and digits in groups of four',
            {
              errors: [{ field: 'code', messages: ['not a voucher code'] }],
            },
          )
        : new Problem('voucher-code-mistyped', 400, 'Check the code: one of its characters is wrong', {
            errors: [{ field: 'code', messages: ['the check character does not match'] }],
          });
    }
    return this.redeemWhere(
      actor,
      'code_hash',
      this.vault.lookupHash(parsed.code),
      `…${parsed.code.slice(-4)}`,
      failures > 0,
    );
  }

  /** Redeems a voucher the institution assigned to this candidate, without typing its code. */
  async redeemAssigned(actor: Actor, voucherId: string): Promise<EntitlementDto> {
    const [failures] = await Promise.all([
      this.failures.check(actor.userId),
      this.perUser.consume(actor.userId),
    ]);
    return this.redeemWhere(actor, 'id', voucherId, voucherId, failures > 0);
  }

  private async redeemWhere(
    actor: Actor,
    column: RedemptionKey,
    key: Buffer | string,
    label: string,
    hadFailures: boolean,
  ): Promise<EntitlementDto> {
    const request: RedemptionRequest = {
      key,
      userId: actor.userId,
      ip: actor.ip,
      institutionIds: actor.institutionIds(['candidate']),
      label,
    };
    const outcome = await this.redemptions.redeem(column, request);
    if (outcome.redeemed) {
      if (hadFailures) await this.failures.reset(actor.userId);
      return this.toEntitlement(outcome.redeemed);
    }
    // the database judged the failure and audited it, in the same statement or (after a race) afresh
    const countFailure = this.failures.consume(actor.userId).catch(() => undefined);
    const [verdict] = await Promise.all([
      outcome.verdict ?? this.ledger.failRedemption(this.tx.manager, column, request),
      countFailure,
    ]);
    throw redemptionProblem(verdict, actor.userId);
  }

  private async fail(actor: Actor, label: string, reason: string): Promise<void> {
    // one INSERT commits on its own: no transaction round trips on the failure path
    await Promise.all([
      this.failures.consume(actor.userId).catch(() => undefined),
      this.audit.record(this.tx.manager, actor, {
        action: 'voucher.redeem_failed',
        entityType: 'voucher_code',
        entityId: label,
        details: { reason },
      }),
    ]);
  }

  /** Who can fill a seat of a block of `examId`: for the institution's bookers. */
  async entitlementHolders(
    actor: Actor,
    institutionId: string,
    examId: string,
  ): Promise<EntitlementHolderDto[]> {
    actor.requireInstitutionRole(institutionId, ['institution_admin', 'instructor']);
    return this.ledger.entitlementHolders(this.tx.manager, institutionId, examId);
  }

  async entitlements(actor: Actor): Promise<EntitlementDto[]> {
    return (await this.ledger.entitlementsOf(this.tx.manager, actor.userId)).map((r) =>
      this.toEntitlement(r),
    );
  }

  private toEntitlement(r: EntitlementRow): EntitlementDto {
    return {
      voucherId: r.id,
      examId: r.examId,
      examCode: r.examCode,
      examTitle: r.examTitle,
      certificationBodyName: r.certificationBodyName,
      institutionId: r.institutionId,
      institutionName: r.institutionName,
      status: r.status,
      code: r.status === 'assigned' || r.status === 'available' ? this.vault.decrypt(r.codeEncrypted) : null,
      expiresAt: new Date(r.expiresAt).toISOString(),
      redeemedAt: r.redeemedAt ? new Date(r.redeemedAt).toISOString() : null,
      owed:
        r.owedMinor !== null && r.owedCurrency
          ? { amountMinor: r.owedMinor, currency: r.owedCurrency }
          : null,
    };
  }

  // --- reports -------------------------------------------------------------------------

  async utilisation(actor: Actor, institutionId: string): Promise<UtilisationReportDto> {
    actor.requireInstitutionRole(institutionId, ['institution_admin']);
    const rows = await this.ledger.utilisation(this.tx.manager, institutionId);
    const empty = (examId: string | null, examCode: string | null, currency: string): UtilisationRowDto => ({
      examId,
      examCode,
      currency,
      bought: 0,
      available: 0,
      assigned: 0,
      redeemed: 0,
      reserved: 0,
      consumed: 0,
      expired: 0,
      voided: 0,
      remaining: 0,
      value: { bought: 0, assigned: 0, redeemed: 0, consumed: 0, expired: 0, voided: 0, remaining: 0 },
    });
    const currency = rows[0]?.currency ?? 'USD';
    const byExam = new Map<string, UtilisationRowDto>();
    const total = empty(null, null, currency);
    for (const r of rows) {
      const row = byExam.get(r.examId) ?? empty(r.examId, r.examCode, r.currency);
      byExam.set(r.examId, row);
      for (const target of [row, total]) {
        const count = Number(r.count);
        const value = Number(r.value);
        target[r.status] += count;
        target.bought += count;
        target.value.bought += value;
        if (r.status === 'available' || r.status === 'assigned') {
          target.remaining += count;
          target.value.remaining += value;
        }
        if (r.status === 'assigned') target.value.assigned += value;
        if (r.status === 'redeemed' || r.status === 'reserved') target.value.redeemed += value;
        if (r.status === 'consumed') target.value.consumed += value;
        if (r.status === 'expired') target.value.expired += value;
        if (r.status === 'voided') target.value.voided += value;
      }
    }
    return { institutionId, currency, byExam: [...byExam.values()], total };
  }

  // --- helpers -------------------------------------------------------------------------

  /** The voucher, if it belongs to an institution the caller administers (404 otherwise). */
  private async ownVoucher(em: EntityManager, actor: Actor, voucherId: string): Promise<VoucherRow> {
    const voucher = await this.ledger.findVoucher(em, voucherId);
    if (!voucher || !voucher.institutionId) throw Problem.notFound('Voucher');
    actor.requireInstitutionRole(voucher.institutionId, ['institution_admin'], { what: 'Voucher' });
    return voucher;
  }

  private async notifyAssignment(em: EntityManager, email: string, examCode: string): Promise<void> {
    await this.mail.enqueue(em, {
      to: email,
      subject: `A voucher for ${examCode} is waiting for you`,
      text: [
        `Your institution has assigned you an exam voucher for ${examCode}.`,
        `Sign in to Invigil and open "My exams" to redeem it: ${this.config.PUBLIC_URL}/candidate/vouchers`,
      ].join('\n\n'),
      template: 'voucher-assigned',
    });
  }

  private toDto(r: VoucherRow): VoucherDto {
    return {
      id: r.id,
      packId: r.packId,
      examId: r.examId,
      examCode: r.examCode,
      code: this.vault.decrypt(r.codeEncrypted),
      status: r.status,
      expiresAt: new Date(r.expiresAt).toISOString(),
      assignedTo: r.assignedTo
        ? { userId: r.assignedTo, email: r.assignedEmail ?? '', displayName: r.assignedName ?? '' }
        : null,
      redeemedBy: r.redeemedBy
        ? { userId: r.redeemedBy, email: r.redeemedEmail ?? '', displayName: r.redeemedName ?? '' }
        : null,
      statusReason: r.statusReason,
      statusChangedAt: new Date(r.statusChangedAt).toISOString(),
    };
  }
}

export const VOUCHER_STATUSES = STATUSES;

/** Parses a roster CSV with an `email` column; reports lines it cannot use. */
export function parseRoster(csv: string): {
  rows: { line: number; email: string }[];
  skipped: { line: number; email: string; reason: string }[];
} {
  let records: Record<string, string>[];
  try {
    records = parse(csv, {
      columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()),
      skip_empty_lines: true,
      trim: true,
      bom: true,
    });
  } catch (error) {
    throw Problem.validation([{ field: 'csv', messages: [`not readable CSV: ${(error as Error).message}`] }]);
  }
  if (records.length === 0 || !('email' in records[0])) {
    throw Problem.validation([
      { field: 'csv', messages: ['needs a header row with an "email" column and at least one row'] },
    ]);
  }
  const rows: { line: number; email: string }[] = [];
  const skipped: { line: number; email: string; reason: string }[] = [];
  const seen = new Set<string>();
  records.forEach((record, i) => {
    const line = i + 2;
    const email = (record.email ?? '').toLowerCase();
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
      skipped.push({ line, email, reason: 'not an email address' });
    else if (seen.has(email)) skipped.push({ line, email, reason: 'listed twice' });
    else {
      seen.add(email);
      rows.push({ line, email });
    }
  });
  return { rows, skipped };
}

/** The answer to a failed redemption. */
function redemptionProblem(verdict: RedemptionVerdict, userId: string): Problem {
  switch (verdict.reason) {
    case 'voucher-not-found':
      return new Problem('voucher-not-found', 404, 'No voucher with this code is available to you');
    case 'voucher-already-redeemed':
      return Problem.conflict(
        'voucher-already-redeemed',
        verdict.redeemedBy === userId
          ? 'You have already redeemed this voucher'
          : 'Someone has already redeemed this voucher',
      );
    case 'voucher-voided':
      return Problem.conflict('voucher-voided', 'The institution voided this voucher');
    case 'voucher-expired':
      return Problem.conflict('voucher-expired', 'The voucher passed its expiry date');
    case 'voucher-assigned-to-another':
      return Problem.conflict('voucher-assigned-to-another', 'The voucher is assigned to another candidate');
  }
}

import { Injectable } from '@nestjs/common';
import type {
  InstitutionBookingRulesDto,
  MaintenanceWindowDto,
  PeakPeriodDto,
  PoolUtilisationDto,
  VmPoolDto,
} from '@invigil/contracts';
import { DateTime } from 'luxon';
import { EntityManager } from 'typeorm';
import { AuditService } from '../../core/audit/audit.service';
import type { Actor } from '../../core/auth/actor';
import { TransactionRunner } from '../../core/database/transaction-runner';
import { Problem } from '../../core/errors/problem';
import { inPeak } from './domain/booking-window-policy';
import type {
  CreateMaintenanceWindowDto,
  CreatePeakPeriodDto,
  CreateVmPoolDto,
  UpdateInstitutionBookingRulesDto,
  UpdateVmPoolDto,
} from './dto/scheduling-requests.dto';
import { SchedulingPolicy } from './scheduling-policy';
import { MaintenanceRow, PeakRow, SchedulingRepository, VmPoolRow } from './scheduling.repository';

const HOUR = 3_600_000;
const UTILISATION_WEEKS = 6;

const toPool = (p: VmPoolRow): VmPoolDto => ({
  id: p.id,
  region: p.region,
  name: p.name,
  capacityPerHour: p.capacityPerHour,
  createdAt: new Date(p.createdAt).toISOString(),
});
const toMaintenance = (m: MaintenanceRow): MaintenanceWindowDto => ({
  id: m.id,
  vmPoolId: m.vmPoolId,
  starts: new Date(m.startsAt).toISOString(),
  ends: new Date(m.endsAt).toISOString(),
  vmsOffline: m.vmsOffline,
  reason: m.reason,
});
const toPeak = (p: PeakRow): PeakPeriodDto => ({
  id: p.id,
  vmPoolId: p.vmPoolId,
  name: p.name,
  starts: new Date(p.startsAt).toISOString(),
  ends: new Date(p.endsAt).toISOString(),
});

function instantRange(starts: string, ends: string): { startsAt: Date; endsAt: Date } {
  const startsAt = new Date(starts);
  const endsAt = new Date(ends);
  if (endsAt <= startsAt)
    throw Problem.validation([{ field: 'ends', messages: ['ends must be after starts'] }]);
  return { startsAt, endsAt };
}

/** The operator's side of scheduling: VM pools by region, maintenance, peak periods, utilisation. */
@Injectable()
export class VmPoolsService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly repository: SchedulingRepository,
    private readonly policy: SchedulingPolicy,
    private readonly audit: AuditService,
  ) {}

  async list(actor: Actor): Promise<VmPoolDto[]> {
    actor.requireOperator();
    return (await this.repository.listPools(this.tx.manager)).map(toPool);
  }

  async create(actor: Actor, dto: CreateVmPoolDto): Promise<VmPoolDto> {
    actor.requireOperator();
    return this.tx.run(async (em) => {
      const id = await this.repository.insertPool(em, dto);
      if (!id)
        throw Problem.conflict('already-exists', `Region ${dto.region} already has a VM pool`, {
          errors: [{ field: 'region', messages: ['region must be unique'] }],
        });
      await this.audit.record(em, actor, {
        action: 'vm_pool.created',
        entityType: 'vm_pool',
        entityId: id,
        details: { ...dto },
      });
      return toPool((await this.repository.findPool(em, id)) as VmPoolRow);
    });
  }

  async update(actor: Actor, poolId: string, dto: UpdateVmPoolDto): Promise<VmPoolDto> {
    actor.requireOperator();
    return this.tx.run(async (em) => {
      const before = await this.loadPool(em, poolId, 'update');
      await this.repository.updatePool(em, poolId, dto);
      if (dto.capacityPerHour !== undefined) {
        const now = new Date();
        const horizon = new Date(
          now.getTime() + (this.policy.platformWindow.maxHorizonDays + 1) * 86_400_000,
        );
        await this.recompute(em, poolId, null, null, { from: now, to: horizon });
      }
      await this.audit.record(em, actor, {
        action: 'vm_pool.updated',
        entityType: 'vm_pool',
        entityId: poolId,
        details: {
          before: { name: before.name, capacityPerHour: before.capacityPerHour },
          after: { ...dto },
        },
      });
      return toPool((await this.repository.findPool(em, poolId)) as VmPoolRow);
    });
  }

  async assignCentre(
    actor: Actor,
    centreId: string,
    poolId: string,
  ): Promise<{ centreId: string; vmPoolId: string }> {
    actor.requireOperator();
    return this.tx.run(async (em) => {
      const centre = await this.repository.findCentre(em, centreId);
      if (!centre) throw Problem.notFound('Centre');
      await this.loadPool(em, poolId);
      await this.repository.assignCentrePool(em, centreId, poolId);
      await this.audit.record(em, actor, {
        action: 'centre.vm_pool_assigned',
        entityType: 'testing_centre',
        entityId: centreId,
        institutionId: centre.institutionId,
        details: { from: centre.vmPoolId, to: poolId },
      });
      return { centreId, vmPoolId: poolId };
    });
  }

  // --- maintenance --------------------------------------------------------------------------

  async listMaintenance(actor: Actor, poolId: string): Promise<MaintenanceWindowDto[]> {
    actor.requireOperator();
    const em = this.tx.manager;
    await this.loadPool(em, poolId);
    const rows = await this.repository.maintenance(
      em,
      poolId,
      new Date(Date.now() - 7 * 86_400_000),
      new Date(8.64e15),
    );
    return rows.map(toMaintenance);
  }

  /** Lowers the pool's capacity for a while; refused if an hour already has more VMs booked. */
  async addMaintenance(
    actor: Actor,
    poolId: string,
    dto: CreateMaintenanceWindowDto,
  ): Promise<MaintenanceWindowDto> {
    actor.requireOperator();
    const { startsAt, endsAt } = instantRange(dto.starts, dto.ends);
    return this.tx.run(async (em) => {
      await this.loadPool(em, poolId, 'update');
      const id = await this.repository.insertMaintenance(em, poolId, {
        startsAt,
        endsAt,
        vmsOffline: dto.vmsOffline,
        reason: dto.reason,
        createdBy: actor.userId,
      });
      await this.recompute(em, poolId, startsAt, endsAt, { from: startsAt, to: endsAt });
      await this.audit.record(em, actor, {
        action: 'vm_pool.maintenance_added',
        entityType: 'vm_pool',
        entityId: poolId,
        details: { maintenanceId: id, ...dto },
      });
      return {
        id,
        vmPoolId: poolId,
        starts: startsAt.toISOString(),
        ends: endsAt.toISOString(),
        vmsOffline: dto.vmsOffline,
        reason: dto.reason,
      };
    });
  }

  async removeMaintenance(actor: Actor, poolId: string, id: string): Promise<void> {
    actor.requireOperator();
    await this.tx.run(async (em) => {
      await this.loadPool(em, poolId, 'update');
      const removed = await this.repository.deleteMaintenance(em, poolId, id);
      if (!removed) throw Problem.notFound('Maintenance window');
      await this.recompute(em, poolId, new Date(removed.startsAt), new Date(removed.endsAt), {
        from: new Date(removed.startsAt),
        to: new Date(removed.endsAt),
      });
      await this.audit.record(em, actor, {
        action: 'vm_pool.maintenance_removed',
        entityType: 'vm_pool',
        entityId: poolId,
        details: { ...toMaintenance(removed) },
      });
    });
  }

  // --- peak periods ---------------------------------------------------------------------------

  async listPeaks(actor: Actor, poolId: string): Promise<PeakPeriodDto[]> {
    actor.requireOperator();
    const em = this.tx.manager;
    await this.loadPool(em, poolId);
    return (await this.repository.peaks(em, poolId, new Date(0), new Date(8.64e15))).map(toPeak);
  }

  async addPeak(actor: Actor, poolId: string, dto: CreatePeakPeriodDto): Promise<PeakPeriodDto> {
    actor.requireOperator();
    const { startsAt, endsAt } = instantRange(dto.starts, dto.ends);
    return this.tx.run(async (em) => {
      await this.loadPool(em, poolId);
      const id = await this.repository.insertPeak(em, poolId, { name: dto.name, startsAt, endsAt });
      await this.audit.record(em, actor, {
        action: 'vm_pool.peak_period_added',
        entityType: 'vm_pool',
        entityId: poolId,
        details: { peakPeriodId: id, ...dto },
      });
      return {
        id,
        vmPoolId: poolId,
        name: dto.name,
        starts: startsAt.toISOString(),
        ends: endsAt.toISOString(),
      };
    });
  }

  async removePeak(actor: Actor, poolId: string, id: string): Promise<void> {
    actor.requireOperator();
    await this.tx.run(async (em) => {
      const removed = await this.repository.deletePeak(em, poolId, id);
      if (!removed) throw Problem.notFound('Peak period');
      await this.audit.record(em, actor, {
        action: 'vm_pool.peak_period_removed',
        entityType: 'vm_pool',
        entityId: poolId,
        details: { ...toPeak(removed) },
      });
    });
  }

  // --- utilisation ------------------------------------------------------------------------------

  /** Every hour of the pool over a range (default: the next 6 weeks): capacity, used, held, free. */
  async utilisation(actor: Actor, poolId: string, from?: string, to?: string): Promise<PoolUtilisationDto> {
    actor.requireOperator();
    const em = this.tx.manager;
    const pool = await this.loadPool(em, poolId);
    const start = DateTime.fromJSDate(from ? new Date(from) : new Date(), { zone: 'utc' })
      .startOf('hour')
      .toJSDate();
    const end = to ? new Date(to) : new Date(start.getTime() + UTILISATION_WEEKS * 7 * 24 * HOUR);
    if (end <= start) throw Problem.validation([{ field: 'to', messages: ['to must be after from'] }]);
    if (end.getTime() - start.getTime() > 12 * 7 * 24 * HOUR)
      throw Problem.validation([{ field: 'to', messages: ['the range may span at most 12 weeks'] }]);
    const [rows, held, maintenance, peaks] = await Promise.all([
      this.repository.capacityRows(em, poolId, start, end),
      this.repository.heldVms(em, poolId, start, end),
      this.repository.maintenance(em, poolId, start, end),
      this.repository.peaks(em, poolId, start, end),
    ]);
    const byHour = new Map(rows.map((r) => [new Date(r.hour).getTime(), r]));
    const heldByHour = new Map(held.map((h) => [new Date(h.hour).getTime(), h]));
    const peakPeriods = peaks.map((p) => ({ starts: new Date(p.startsAt), ends: new Date(p.endsAt) }));
    const hours = [];
    for (let t = start.getTime(); t < end.getTime(); t += HOUR) {
      const row = byHour.get(t);
      const offline = maintenance
        .filter((m) => new Date(m.startsAt).getTime() < t + HOUR && new Date(m.endsAt).getTime() > t)
        .reduce((s, m) => s + m.vmsOffline, 0);
      const capacity = row?.capacity ?? Math.max(0, pool.capacityPerHour - offline);
      const h = heldByHour.get(t);
      // lapsed holds still sit in the counter until reclaimed, but they are free
      const used = Math.max(0, (row?.used ?? 0) - (h?.lapsed ?? 0));
      hours.push({
        hour: new Date(t).toISOString(),
        capacity,
        used,
        held: h?.live ?? 0,
        free: Math.max(0, capacity - used),
        inMaintenance: offline > 0,
        inPeak: inPeak(new Date(t), peakPeriods),
      });
    }
    return { vmPoolId: poolId, region: pool.region, from: start.toISOString(), to: end.toISOString(), hours };
  }

  // --- institution booking rules ------------------------------------------------------------------

  async bookingRules(actor: Actor, institutionId: string): Promise<InstitutionBookingRulesDto> {
    actor.requireInstitutionRole(institutionId, ['institution_admin', 'instructor']);
    const em = this.tx.manager;
    if (!(await this.repository.institutionExists(em, institutionId))) throw Problem.notFound('Institution');
    const rules = await this.repository.bookingRules(em, institutionId);
    return {
      institutionId,
      minLeadDays: rules?.minLeadDays ?? null,
      peakMinLeadDays: rules?.peakMinLeadDays ?? null,
      maxHorizonDays: rules?.maxHorizonDays ?? null,
      effective: await this.policy.windowFor(em, institutionId),
    };
  }

  /** An institution may be stricter than the platform, never looser. */
  async updateBookingRules(
    actor: Actor,
    institutionId: string,
    dto: UpdateInstitutionBookingRulesDto,
  ): Promise<InstitutionBookingRulesDto> {
    actor.requireInstitutionRole(institutionId, ['institution_admin']);
    const platform = this.policy.platformWindow;
    const errors: { field: string; messages: string[] }[] = [];
    if (dto.minLeadDays != null && dto.minLeadDays < platform.minLeadDays)
      errors.push({
        field: 'minLeadDays',
        messages: [`minLeadDays cannot be below the platform's ${platform.minLeadDays}`],
      });
    if (dto.peakMinLeadDays != null && dto.peakMinLeadDays < platform.peakMinLeadDays)
      errors.push({
        field: 'peakMinLeadDays',
        messages: [`peakMinLeadDays cannot be below the platform's ${platform.peakMinLeadDays}`],
      });
    if (dto.maxHorizonDays != null && dto.maxHorizonDays > platform.maxHorizonDays)
      errors.push({
        field: 'maxHorizonDays',
        messages: [`maxHorizonDays cannot exceed the platform's ${platform.maxHorizonDays}`],
      });
    if (errors.length) throw Problem.validation(errors);
    await this.tx.run(async (em) => {
      if (!(await this.repository.institutionExists(em, institutionId)))
        throw Problem.notFound('Institution');
      const current = await this.repository.bookingRules(em, institutionId);
      const next = {
        minLeadDays: dto.minLeadDays !== undefined ? dto.minLeadDays : (current?.minLeadDays ?? null),
        peakMinLeadDays:
          dto.peakMinLeadDays !== undefined ? dto.peakMinLeadDays : (current?.peakMinLeadDays ?? null),
        maxHorizonDays:
          dto.maxHorizonDays !== undefined ? dto.maxHorizonDays : (current?.maxHorizonDays ?? null),
      };
      await this.repository.upsertBookingRules(em, institutionId, next);
      await this.audit.record(em, actor, {
        action: 'institution.booking_rules_updated',
        entityType: 'institution',
        entityId: institutionId,
        institutionId,
        details: { before: current, after: next },
      });
    });
    return this.bookingRules(actor, institutionId);
  }

  // --- helpers --------------------------------------------------------------------------------------

  private async loadPool(em: EntityManager, poolId: string, lock?: 'update'): Promise<VmPoolRow> {
    const pool = await this.repository.findPool(em, poolId, lock);
    if (!pool) throw Problem.notFound('VM pool');
    return pool;
  }

  private async recompute(
    em: EntityManager,
    poolId: string,
    from: Date | null,
    to: Date | null,
    materialise: { from: Date; to: Date },
  ): Promise<void> {
    // only hours that can still be booked need a row: from now to the horizon
    const now = Date.now();
    const horizon = now + (this.policy.platformWindow.maxHorizonDays + 1) * 86_400_000;
    const span = {
      from: new Date(Math.max(now, materialise.from.getTime())),
      to: new Date(Math.min(horizon, materialise.to.getTime())),
    };
    const over = await this.repository.recomputeCapacity(
      em,
      poolId,
      from,
      to,
      span.to > span.from ? span : undefined,
    );
    if (over)
      throw Problem.conflict(
        'vm-capacity-below-booked',
        `The hour ${new Date(over).toISOString()} already has more VMs booked than the new capacity`,
        { hour: new Date(over).toISOString() },
      );
  }
}

import { Injectable } from '@nestjs/common';
import type { LabDto, OpeningHoursDto, TestingCentreDto } from '@invigil/contracts';
import { EntityManager } from 'typeorm';
import { AuditService } from '../../core/audit/audit.service';
import type { Actor } from '../../core/auth/actor';
import { INSTITUTION_ROLES } from '../../core/auth/roles';
import { TransactionRunner } from '../../core/database/transaction-runner';
import { Problem } from '../../core/errors/problem';
import { toCentreDto } from './centre.mapper';
import { CentreAccess } from './centre-access';
import { CentreRow, CentresRepository, CentreValues } from './centres.repository';
import { nextProctoringFee, proctoringFeeProblem } from './domain/access-policy';
import { canRunExams } from './domain/accreditation';
import { normaliseOpeningHours } from './domain/opening-hours';
import { localToday, trainedProctorsByDay } from './domain/proctor-training';
import type { CreateCentreDto } from './dto/create-centre.dto';
import type { CreateLabDto } from './dto/create-lab.dto';
import type { ReplaceOpeningHoursDto } from './dto/replace-opening-hours.dto';
import type { UpdateCentreDto } from './dto/update-centre.dto';
import type { UpdateLabDto } from './dto/update-lab.dto';

const ADMIN = ['institution_admin'] as const;

/** Testing centres of an institution: their details, opening hours and labs. */
@Injectable()
export class CentresService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly centres: CentresRepository,
    private readonly access: CentreAccess,
    private readonly audit: AuditService,
  ) {}

  // --- centres ----------------------------------------------------------------------------

  async list(actor: Actor, institutionId: string): Promise<TestingCentreDto[]> {
    actor.requireInstitutionRole(institutionId, INSTITUTION_ROLES);
    const em = this.tx.manager;
    // members passed the check above; the operator may name an institution that does not exist
    if ((await this.centres.institutionName(em, institutionId)) === null)
      throw Problem.notFound('Institution');
    return this.present(em, await this.centres.listCentres(em, institutionId));
  }

  async get(actor: Actor, centreId: string): Promise<TestingCentreDto> {
    const em = this.tx.manager;
    const centre = await this.access.load(em, actor, centreId);
    return (await this.present(em, [centre]))[0];
  }

  async create(actor: Actor, institutionId: string, dto: CreateCentreDto): Promise<TestingCentreDto> {
    actor.requireInstitutionRole(institutionId, ADMIN);
    const hours = this.checkedHours(dto.openingHours ?? [], 'openingHours');
    const values: CentreValues = {
      name: dto.name,
      timeZone: dto.timeZone,
      ...addressColumns(dto.address),
      accessPolicy: dto.accessPolicy,
      publicProctoringFeeMinor: dto.publicProctoringFeeMinor ?? null,
      currency: dto.currency ?? 'USD',
    };
    this.checkFee(values);
    const centreId = await this.tx.run(async (em) => {
      if ((await this.centres.institutionName(em, institutionId)) === null)
        throw Problem.notFound('Institution');
      const id = await this.centres.insertCentre(em, institutionId, values);
      if (id === null) throw duplicateName('centre', dto.name, 'this institution');
      await this.centres.replaceOpeningHours(em, id, hours);
      await this.audit.record(em, actor, {
        action: 'centre.created',
        entityType: 'testing_centre',
        entityId: id,
        institutionId,
        details: { name: values.name, timeZone: values.timeZone, accessPolicy: values.accessPolicy },
      });
      return id;
    });
    return this.get(actor, centreId);
  }

  async update(actor: Actor, centreId: string, dto: UpdateCentreDto): Promise<TestingCentreDto> {
    await this.tx.run(async (em) => {
      const centre = await this.access.load(em, actor, centreId, ADMIN, 'update');
      const accessPolicy = dto.accessPolicy ?? centre.accessPolicy;
      const changes: Partial<CentreValues> = {
        name: dto.name,
        timeZone: dto.timeZone,
        ...(dto.address ? addressColumns(dto.address) : {}),
        accessPolicy: dto.accessPolicy,
        publicProctoringFeeMinor: nextProctoringFee(
          accessPolicy,
          dto.publicProctoringFeeMinor,
          centre.publicProctoringFeeMinor,
        ),
        currency: dto.currency,
      };
      this.checkFee({ accessPolicy, publicProctoringFeeMinor: changes.publicProctoringFeeMinor ?? null });
      const changed = Object.fromEntries(
        Object.entries(changes).filter(
          ([key, value]) => value !== undefined && value !== centre[key as keyof CentreRow],
        ),
      );
      if (Object.keys(changed).length === 0) return;
      if ((await this.centres.updateCentre(em, centreId, changed)) === 'duplicate-name') {
        throw duplicateName('centre', dto.name ?? centre.name, 'this institution');
      }
      await this.audit.record(em, actor, {
        action: 'centre.updated',
        entityType: 'testing_centre',
        entityId: centreId,
        institutionId: centre.institutionId,
        details: { changes: changed },
      });
    });
    return this.get(actor, centreId);
  }

  /** Replaces the whole week at once; the centre's row lock queues concurrent replacements. */
  async replaceOpeningHours(
    actor: Actor,
    centreId: string,
    dto: ReplaceOpeningHoursDto,
  ): Promise<TestingCentreDto> {
    const hours = this.checkedHours(dto.hours, 'hours');
    await this.tx.run(async (em) => {
      const centre = await this.access.load(em, actor, centreId, ADMIN, 'update');
      await this.centres.replaceOpeningHours(em, centreId, hours);
      await this.audit.record(em, actor, {
        action: 'centre.opening_hours_replaced',
        entityType: 'testing_centre',
        entityId: centreId,
        institutionId: centre.institutionId,
        details: { hours },
      });
    });
    return this.get(actor, centreId);
  }

  // --- labs -------------------------------------------------------------------------------

  addLab(actor: Actor, centreId: string, dto: CreateLabDto): Promise<LabDto> {
    return this.tx.run(async (em) => {
      const centre = await this.access.load(em, actor, centreId, ADMIN);
      const lab = await this.centres.insertLab(em, centreId, { name: dto.name, seats: dto.seats });
      if (!lab) throw duplicateName('lab', dto.name, 'this centre');
      await this.audit.record(em, actor, {
        action: 'lab.created',
        entityType: 'lab',
        entityId: lab.id,
        institutionId: centre.institutionId,
        details: { centreId, name: lab.name, seats: lab.seats },
      });
      return lab;
    });
  }

  updateLab(actor: Actor, centreId: string, labId: string, dto: UpdateLabDto): Promise<LabDto> {
    return this.tx.run(async (em) => {
      const centre = await this.access.load(em, actor, centreId, ADMIN);
      const before = await this.centres.findLab(em, centreId, labId);
      if (!before) throw Problem.notFound('Lab');
      const lab = await this.centres.updateLab(em, centreId, labId, { name: dto.name, seats: dto.seats });
      if (lab === 'not-found') throw Problem.notFound('Lab');
      if (lab === 'duplicate-name') throw duplicateName('lab', dto.name ?? before.name, 'this centre');
      await this.audit.record(em, actor, {
        action: 'lab.updated',
        entityType: 'lab',
        entityId: labId,
        institutionId: centre.institutionId,
        details: {
          centreId,
          before: { name: before.name, seats: before.seats },
          after: { name: lab.name, seats: lab.seats },
        },
      });
      return lab;
    });
  }

  removeLab(actor: Actor, centreId: string, labId: string): Promise<void> {
    return this.tx.run(async (em) => {
      const centre = await this.access.load(em, actor, centreId, ADMIN);
      const lab = await this.centres.deleteLab(em, centreId, labId);
      if (!lab) throw Problem.notFound('Lab');
      await this.audit.record(em, actor, {
        action: 'lab.deleted',
        entityType: 'lab',
        entityId: labId,
        institutionId: centre.institutionId,
        details: { centreId, name: lab.name, seats: lab.seats },
      });
    });
  }

  // --- for other modules ------------------------------------------------------------------

  /**
   * Whether the centre may run exams now (it is accredited); a missing centre cannot. Pass the
   * caller's transaction to read inside it, with `lock` to share-lock the centre row so that a
   * suspension waits until that transaction (e.g. a booking) commits.
   */
  async isAbleToRunExams(
    centreId: string,
    em: EntityManager = this.tx.manager,
    { lock = false }: { lock?: boolean } = {},
  ): Promise<boolean> {
    const centre = await this.centres.findCentre(em, centreId, lock ? 'share' : undefined);
    return centre !== null && canRunExams(centre.accreditationStatus);
  }

  /**
   * Proctors of the centre who still hold the proctor role and whose training covers `on`: a
   * local date "yyyy-MM-dd" of the centre, or an instant (read on the centre's wall calendar).
   */
  async currentlyTrainedProctorIds(
    centreId: string,
    on: string | Date,
    em: EntityManager = this.tx.manager,
  ): Promise<string[]> {
    const centre = await this.centres.findCentre(em, centreId);
    if (!centre) return [];
    const day = on instanceof Date ? localToday(centre.timeZone, on) : on;
    return (await this.trainedProctorIdsByDay(centreId, [day], em)).get(day) ?? [];
  }

  /**
   * The currently trained proctors of the centre on each of several local dates
   * ("yyyy-MM-dd"), read in two queries however many days are asked for.
   */
  async trainedProctorIdsByDay(
    centreId: string,
    days: readonly string[],
    em: EntityManager = this.tx.manager,
  ): Promise<Map<string, string[]>> {
    const [proctors, trainings] = await Promise.all([
      this.centres.proctors(em, centreId),
      this.centres.trainings(em, centreId),
    ]);
    return trainedProctorsByDay(proctors, trainings, days);
  }

  /** The centre's weekly opening hours, centre-local "HH:mm". */
  async openingHoursOf(centreId: string, em: EntityManager = this.tx.manager): Promise<OpeningHoursDto[]> {
    return (await this.centres.openingHours(em, [centreId])).get(centreId) ?? [];
  }

  // --- helpers ----------------------------------------------------------------------------

  /** Centres with their opening hours and labs, read in three queries whatever their number. */
  async present(em: EntityManager, rows: CentreRow[]): Promise<TestingCentreDto[]> {
    const ids = rows.map((r) => r.id);
    const [hours, labs] = await Promise.all([this.centres.openingHours(em, ids), this.centres.labs(em, ids)]);
    return rows.map((row) => toCentreDto(row, hours.get(row.id) ?? [], labs.get(row.id) ?? []));
  }

  private checkedHours(hours: readonly OpeningHoursDto[], field: string): OpeningHoursDto[] {
    const result = normaliseOpeningHours(hours, field);
    if (!result.ok) {
      throw Problem.validation(result.errors.map((e) => ({ field: e.field, messages: [e.message] })));
    }
    return result.hours;
  }

  private checkFee(centre: Pick<CentreValues, 'accessPolicy' | 'publicProctoringFeeMinor'>): void {
    const problem = proctoringFeeProblem(centre.accessPolicy, centre.publicProctoringFeeMinor);
    if (problem) throw Problem.validation([{ field: 'publicProctoringFeeMinor', messages: [problem] }]);
  }
}

function addressColumns(address: CreateCentreDto['address']) {
  return {
    addressLine1: address.line1,
    addressLine2: blankToNull(address.line2),
    city: address.city,
    region: blankToNull(address.region),
    postalCode: blankToNull(address.postalCode),
    country: address.country,
  };
}

const blankToNull = (value: string | null | undefined): string | null => (value ? value : null);

function duplicateName(what: 'centre' | 'lab', name: string, where: string): Problem {
  return Problem.conflict('already-exists', `A ${what} named "${name}" already exists in ${where}`, {
    errors: [{ field: 'name', messages: [`name must be unique in ${where}`] }],
  });
}

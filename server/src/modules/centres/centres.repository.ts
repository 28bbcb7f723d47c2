import { Injectable } from '@nestjs/common';
import type { AccessPolicy, AccreditationStatus, LabDto, OpeningHoursDto } from '@invigil/contracts';
import { EntityManager, In, QueryFailedError } from 'typeorm';
import { rowsOf } from '../../core/database/query-result';
import type { AccreditationChange } from './domain/accreditation';
import { LabEntity } from './lab.entity';
import { ProctorTrainingEntity } from './proctor-training.entity';

/** A centre as stored, with its institution's name. */
export interface CentreRow {
  id: string;
  institutionId: string;
  institutionName: string;
  name: string;
  timeZone: string;
  addressLine1: string;
  addressLine2: string | null;
  city: string;
  region: string | null;
  postalCode: string | null;
  country: string;
  accessPolicy: AccessPolicy;
  publicProctoringFeeMinor: number | null;
  currency: string;
  accreditationStatus: AccreditationStatus;
  onboardingFeeMinor: number | null;
  onboardingFeePaidAt: Date | null;
  accreditedAt: Date | null;
  statusReason: string | null;
  statusChangedAt: Date;
}

/** The writable columns of a centre. */
export interface CentreValues {
  name: string;
  timeZone: string;
  addressLine1: string;
  addressLine2: string | null;
  city: string;
  region: string | null;
  postalCode: string | null;
  country: string;
  accessPolicy: AccessPolicy;
  publicProctoringFeeMinor: number | null;
  currency: string;
}

export interface ProctorRow {
  userId: string;
  email: string;
  displayName: string;
  /** still holds the proctor role in the centre's institution */
  holdsProctorRole: boolean;
}

export interface TrainingRow {
  userId: string;
  trainedOn: string;
  trainedByOperator: boolean;
  trainerUserId: string | null;
  trainerName: string | null;
}

const CENTRE_COLUMNS = `
  c.id, c.institution_id AS "institutionId", i.name AS "institutionName", c.name,
  c.time_zone AS "timeZone", c.address_line1 AS "addressLine1", c.address_line2 AS "addressLine2",
  c.city, c.region, c.postal_code AS "postalCode", c.country, c.access_policy AS "accessPolicy",
  c.public_proctoring_fee_minor AS "publicProctoringFeeMinor", c.currency,
  c.accreditation_status AS "accreditationStatus", c.onboarding_fee_minor AS "onboardingFeeMinor",
  c.onboarding_fee_paid_at AS "onboardingFeePaidAt", c.accredited_at AS "accreditedAt",
  c.status_reason AS "statusReason", c.status_changed_at AS "statusChangedAt"`;

/** Column of each writable field, in the order `CentreValues` lists them. */
const VALUE_COLUMNS: Record<keyof CentreValues, string> = {
  name: 'name',
  timeZone: 'time_zone',
  addressLine1: 'address_line1',
  addressLine2: 'address_line2',
  city: 'city',
  region: 'region',
  postalCode: 'postal_code',
  country: 'country',
  accessPolicy: 'access_policy',
  publicProctoringFeeMinor: 'public_proctoring_fee_minor',
  currency: 'currency',
};

const toLab = (lab: LabEntity): LabDto => ({ id: lab.id, name: lab.name, seats: lab.seats });

const isUniqueViolation = (error: unknown, constraint: string): boolean =>
  error instanceof QueryFailedError &&
  (error.driverError as { code?: string; constraint?: string }).code === '23505' &&
  (error.driverError as { constraint?: string }).constraint === constraint;

/** All SQL about testing centres, their opening hours, labs, proctors and proctor trainings. */
@Injectable()
export class CentresRepository {
  // --- centres ----------------------------------------------------------------------------

  async institutionName(em: EntityManager, institutionId: string): Promise<string | null> {
    const rows = await em.query<{ name: string }[]>(`SELECT name FROM institutions WHERE id = $1`, [
      institutionId,
    ]);
    return rows[0]?.name ?? null;
  }

  /**
   * One centre; `lock` takes its row lock for the rest of the transaction (`update` to change
   * it, `share` to rely on it staying as read).
   */
  async findCentre(em: EntityManager, id: string, lock?: 'update' | 'share'): Promise<CentreRow | null> {
    const suffix = lock === 'update' ? 'FOR UPDATE OF c' : lock === 'share' ? 'FOR SHARE OF c' : '';
    const rows = await em.query<CentreRow[]>(
      `SELECT ${CENTRE_COLUMNS} FROM testing_centres c JOIN institutions i ON i.id = c.institution_id
        WHERE c.id = $1 ${suffix}`,
      [id],
    );
    return rows[0] ?? null;
  }

  listCentres(em: EntityManager, institutionId: string): Promise<CentreRow[]> {
    return em.query<CentreRow[]>(
      `SELECT ${CENTRE_COLUMNS} FROM testing_centres c JOIN institutions i ON i.id = c.institution_id
        WHERE c.institution_id = $1 ORDER BY c.name`,
      [institutionId],
    );
  }

  /** Centres awaiting a decision, the longest-waiting first. */
  async accreditationQueue(
    em: EntityManager,
    statuses: readonly AccreditationStatus[],
    limit: number,
    offset: number,
  ): Promise<{ rows: CentreRow[]; total: number }> {
    const [rows, total] = await Promise.all([
      em.query<CentreRow[]>(
        `SELECT ${CENTRE_COLUMNS}
           FROM testing_centres c JOIN institutions i ON i.id = c.institution_id
          WHERE c.accreditation_status = ANY($1::text[])
          ORDER BY c.status_changed_at, c.created_at, c.id
          LIMIT $2 OFFSET $3`,
        [statuses, limit, offset],
      ),
      this.countByStatus(em, statuses),
    ]);
    return { rows, total };
  }

  private async countByStatus(em: EntityManager, statuses: readonly AccreditationStatus[]): Promise<number> {
    const rows = await em.query<{ n: string }[]>(
      `SELECT count(*) AS n FROM testing_centres WHERE accreditation_status = ANY($1::text[])`,
      [statuses],
    );
    return Number(rows[0].n);
  }

  /** Inserts a centre in status `applied`; null when the institution already has one of that name. */
  async insertCentre(em: EntityManager, institutionId: string, values: CentreValues): Promise<string | null> {
    const keys = Object.keys(VALUE_COLUMNS) as (keyof CentreValues)[];
    const rows = await em.query<{ id: string }[]>(
      `INSERT INTO testing_centres (institution_id, ${keys.map((k) => VALUE_COLUMNS[k]).join(', ')})
       VALUES ($1, ${keys.map((_, i) => `$${i + 2}`).join(', ')})
       ON CONFLICT ON CONSTRAINT testing_centres_name_key DO NOTHING
       RETURNING id`,
      [institutionId, ...keys.map((k) => values[k])],
    );
    return rows[0]?.id ?? null;
  }

  /** Writes the given fields; 'duplicate-name' when another centre of the institution has the name. */
  async updateCentre(
    em: EntityManager,
    id: string,
    changes: Partial<CentreValues>,
  ): Promise<'updated' | 'duplicate-name'> {
    const keys = (Object.keys(changes) as (keyof CentreValues)[]).filter((k) => changes[k] !== undefined);
    if (keys.length === 0) return 'updated';
    try {
      await em.query(
        `UPDATE testing_centres SET ${keys.map((k, i) => `${VALUE_COLUMNS[k]} = $${i + 2}`).join(', ')},
                updated_at = now()
          WHERE id = $1`,
        [id, ...keys.map((k) => changes[k])],
      );
      return 'updated';
    } catch (error) {
      if (isUniqueViolation(error, 'testing_centres_name_key')) return 'duplicate-name';
      throw error;
    }
  }

  /**
   * Applies an accreditation decision only if the centre is still in the state it was planned
   * from; of two racing decisions the second finds no row and gets false.
   */
  async applyAccreditation(em: EntityManager, id: string, change: AccreditationChange): Promise<boolean> {
    const result: unknown = await em.query(
      `UPDATE testing_centres
          SET accreditation_status = $2,
              onboarding_fee_minor = coalesce($3, onboarding_fee_minor),
              onboarding_fee_paid_at = CASE WHEN $4 THEN now() ELSE onboarding_fee_paid_at END,
              accredited_at = CASE WHEN $5 THEN now() ELSE accredited_at END,
              status_reason = $6,
              status_changed_at = now(),
              updated_at = now()
        WHERE id = $1
          AND accreditation_status = $7
          AND (onboarding_fee_paid_at IS NOT NULL) = $8
        RETURNING id`,
      [
        id,
        change.to,
        change.onboardingFeeMinor ?? null,
        change.markFeePaid === true,
        change.markAccredited === true,
        change.reason,
        change.guard.status,
        change.guard.feePaid,
      ],
    );
    return rowsOf<{ id: string }>(result).length === 1;
  }

  // --- opening hours ----------------------------------------------------------------------

  async openingHours(
    em: EntityManager,
    centreIds: readonly string[],
  ): Promise<Map<string, OpeningHoursDto[]>> {
    const byCentre = new Map<string, OpeningHoursDto[]>(centreIds.map((id) => [id, []]));
    if (centreIds.length === 0) return byCentre;
    const rows = await em.query<(OpeningHoursDto & { centreId: string })[]>(
      `SELECT centre_id AS "centreId", weekday, to_char(opens, 'HH24:MI') AS opens,
              to_char(closes, 'HH24:MI') AS closes
         FROM centre_opening_hours WHERE centre_id = ANY($1::uuid[])
        ORDER BY weekday, opens, closes`,
      [centreIds],
    );
    for (const { centreId, ...hours } of rows) byCentre.get(centreId)?.push(hours);
    return byCentre;
  }

  /** Replaces the whole week; the caller holds the centre's row lock so replacements queue up. */
  async replaceOpeningHours(
    em: EntityManager,
    centreId: string,
    hours: readonly OpeningHoursDto[],
  ): Promise<void> {
    await em.query(`DELETE FROM centre_opening_hours WHERE centre_id = $1`, [centreId]);
    if (hours.length === 0) return;
    await em.query(
      `INSERT INTO centre_opening_hours (centre_id, weekday, opens, closes)
       SELECT $1, h.weekday, h.opens::time, h.closes::time
         FROM unnest($2::smallint[], $3::text[], $4::text[]) AS h(weekday, opens, closes)`,
      [centreId, hours.map((h) => h.weekday), hours.map((h) => h.opens), hours.map((h) => h.closes)],
    );
  }

  // --- labs -------------------------------------------------------------------------------

  async labs(em: EntityManager, centreIds: readonly string[]): Promise<Map<string, LabDto[]>> {
    const byCentre = new Map<string, LabDto[]>(centreIds.map((id) => [id, []]));
    if (centreIds.length === 0) return byCentre;
    const labs = await em.find(LabEntity, {
      where: { centreId: In([...centreIds]) },
      order: { name: 'ASC' },
    });
    for (const lab of labs) byCentre.get(lab.centreId)?.push(toLab(lab));
    return byCentre;
  }

  async findLab(em: EntityManager, centreId: string, labId: string): Promise<LabDto | null> {
    const lab = await em.findOne(LabEntity, { where: { id: labId, centreId } });
    return lab ? toLab(lab) : null;
  }

  /** null when the centre already has a lab of that name. */
  async insertLab(
    em: EntityManager,
    centreId: string,
    lab: { name: string; seats: number },
  ): Promise<LabDto | null> {
    const rows = await em.query<LabDto[]>(
      `INSERT INTO labs (centre_id, name, seats) VALUES ($1, $2, $3)
       ON CONFLICT ON CONSTRAINT labs_name_key DO NOTHING
       RETURNING id, name, seats`,
      [centreId, lab.name, lab.seats],
    );
    return rows[0] ?? null;
  }

  async updateLab(
    em: EntityManager,
    centreId: string,
    labId: string,
    changes: { name?: string; seats?: number },
  ): Promise<LabDto | 'not-found' | 'duplicate-name'> {
    try {
      const result: unknown = await em.query(
        `UPDATE labs SET name = coalesce($3, name), seats = coalesce($4, seats)
          WHERE id = $1 AND centre_id = $2 RETURNING id, name, seats`,
        [labId, centreId, changes.name ?? null, changes.seats ?? null],
      );
      return rowsOf<LabDto>(result)[0] ?? 'not-found';
    } catch (error) {
      if (isUniqueViolation(error, 'labs_name_key')) return 'duplicate-name';
      throw error;
    }
  }

  async deleteLab(em: EntityManager, centreId: string, labId: string): Promise<LabDto | null> {
    const result: unknown = await em.query(
      `DELETE FROM labs WHERE id = $1 AND centre_id = $2 RETURNING id, name, seats`,
      [labId, centreId],
    );
    return rowsOf<LabDto>(result)[0] ?? null;
  }

  // --- proctors ---------------------------------------------------------------------------

  /**
   * Whether the user holds the proctor role in the institution; the membership row is share-locked
   * so the role cannot be revoked before the caller's transaction ends.
   */
  async holdsProctorRole(em: EntityManager, institutionId: string, userId: string): Promise<boolean> {
    const rows = await em.query<unknown[]>(
      `SELECT 1 FROM memberships WHERE user_id = $1 AND institution_id = $2 AND role = 'proctor' FOR SHARE`,
      [userId, institutionId],
    );
    return rows.length > 0;
  }

  /** false when the user is already a proctor of the centre. */
  async addProctor(em: EntityManager, centreId: string, userId: string): Promise<boolean> {
    const rows = await em.query<unknown[]>(
      `INSERT INTO centre_proctors (centre_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING user_id`,
      [centreId, userId],
    );
    return rows.length > 0;
  }

  /** Removes the proctor and, with them, their trainings at this centre. */
  async removeProctor(em: EntityManager, centreId: string, userId: string): Promise<boolean> {
    const result: unknown = await em.query(
      `DELETE FROM centre_proctors WHERE centre_id = $1 AND user_id = $2 RETURNING user_id`,
      [centreId, userId],
    );
    return rowsOf(result).length > 0;
  }

  /** Share-locks a proctor's assignment to the centre so it stays while the transaction relies on it. */
  async lockProctor(em: EntityManager, centreId: string, userId: string): Promise<boolean> {
    const rows = await em.query<unknown[]>(
      `SELECT 1 FROM centre_proctors WHERE centre_id = $1 AND user_id = $2 FOR SHARE`,
      [centreId, userId],
    );
    return rows.length > 0;
  }

  /** The centre's proctors (all of them, or `userId` alone), by name. */
  proctors(em: EntityManager, centreId: string, userId?: string): Promise<ProctorRow[]> {
    return em.query<ProctorRow[]>(
      `SELECT u.id AS "userId", u.email, u.display_name AS "displayName",
              EXISTS (SELECT 1 FROM memberships m
                       WHERE m.user_id = u.id AND m.institution_id = c.institution_id AND m.role = 'proctor')
                AS "holdsProctorRole"
         FROM centre_proctors p
         JOIN users u ON u.id = p.user_id
         JOIN testing_centres c ON c.id = p.centre_id
        WHERE p.centre_id = $1 AND ($2::uuid IS NULL OR p.user_id = $2)
        ORDER BY u.display_name, u.email`,
      [centreId, userId ?? null],
    );
  }

  /** Trainings at the centre (of everyone, or of `userId`), newest first. */
  trainings(em: EntityManager, centreId: string, userId?: string): Promise<TrainingRow[]> {
    return em.query<TrainingRow[]>(
      `SELECT t.user_id AS "userId", t.trained_on::text AS "trainedOn", t.trained_by_operator AS "trainedByOperator",
              t.trainer_user_id AS "trainerUserId", tr.display_name AS "trainerName"
         FROM proctor_trainings t
         LEFT JOIN users tr ON tr.id = t.trainer_user_id
        WHERE t.centre_id = $1 AND ($2::uuid IS NULL OR t.user_id = $2)
        ORDER BY t.trained_on DESC, t.created_at DESC`,
      [centreId, userId ?? null],
    );
  }

  async insertTraining(
    em: EntityManager,
    training: {
      centreId: string;
      userId: string;
      trainedOn: string;
      trainerUserId: string | null;
      recordedBy: string;
    },
  ): Promise<string> {
    const result = await em.insert(ProctorTrainingEntity, {
      ...training,
      trainedByOperator: training.trainerUserId === null,
    });
    return (result.identifiers[0] as { id: string }).id;
  }
}

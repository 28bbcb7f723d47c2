import type {
  CentreProctorDto,
  LabDto,
  OpeningHoursDto,
  ProctorTrainingDto,
  TestingCentreDto,
} from '@invigil/contracts';
import type { CentreRow, ProctorRow, TrainingRow } from './centres.repository';
import { canRunExams } from './domain/accreditation';
import { currentlyTrained, latestTraining, trainedUntil } from './domain/proctor-training';

export function toCentreDto(
  row: CentreRow,
  openingHours: OpeningHoursDto[],
  labs: LabDto[],
): TestingCentreDto {
  return {
    id: row.id,
    institutionId: row.institutionId,
    institutionName: row.institutionName,
    name: row.name,
    timeZone: row.timeZone,
    address: {
      line1: row.addressLine1,
      line2: row.addressLine2,
      city: row.city,
      region: row.region,
      postalCode: row.postalCode,
      country: row.country,
    },
    accessPolicy: row.accessPolicy,
    publicProctoringFeeMinor: row.publicProctoringFeeMinor,
    currency: row.currency,
    accreditation: {
      status: row.accreditationStatus,
      onboardingFeeMinor: row.onboardingFeeMinor,
      onboardingFeePaidAt: row.onboardingFeePaidAt?.toISOString() ?? null,
      accreditedAt: row.accreditedAt?.toISOString() ?? null,
      reason: row.statusReason,
      changedAt: row.statusChangedAt.toISOString(),
    },
    canRunExams: canRunExams(row.accreditationStatus),
    openingHours,
    labs,
  };
}

/** A proctor with their latest training, judged on `today` (a local date of the centre). */
export function toProctorDto(
  proctor: ProctorRow,
  trainings: readonly TrainingRow[],
  today: string,
): CentreProctorDto {
  const latest = latestTraining(trainings);
  const lastTraining: ProctorTrainingDto | null = latest && {
    trainedOn: latest.trainedOn,
    trainedByOperator: latest.trainedByOperator,
    trainerUserId: latest.trainerUserId,
    trainerName: latest.trainerName,
  };
  return {
    userId: proctor.userId,
    email: proctor.email,
    displayName: proctor.displayName,
    lastTraining,
    trainedUntil: latest ? trainedUntil(latest.trainedOn) : null,
    currentlyTrained: currentlyTrained(trainings, today),
  };
}

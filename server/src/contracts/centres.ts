export type AccessPolicy = 'members_only' | 'public';
export type AccreditationStatus = 'applied' | 'onboarding' | 'accredited' | 'suspended' | 'rejected';
export type AccreditationAction =
  | 'start_onboarding'
  | 'record_fee_paid'
  | 'accredit'
  | 'suspend'
  | 'reinstate'
  | 'reject';

export interface AddressDto {
  line1: string;
  line2?: string | null;
  city: string;
  region?: string | null;
  postalCode?: string | null;
  /** ISO 3166-1 alpha-2 */
  country: string;
}

/** weekday: ISO 1 = Monday ... 7 = Sunday; opens/closes "HH:mm" local to the centre */
export interface OpeningHoursDto {
  weekday: number;
  opens: string;
  closes: string;
}

export interface LabDto {
  id: string;
  name: string;
  seats: number;
}

export interface TestingCentreDto {
  id: string;
  institutionId: string;
  institutionName: string;
  name: string;
  timeZone: string;
  address: AddressDto;
  accessPolicy: AccessPolicy;
  /** minor units of `currency`; set when the centre is open to the public */
  publicProctoringFeeMinor: number | null;
  currency: string;
  accreditation: {
    status: AccreditationStatus;
    onboardingFeeMinor: number | null;
    onboardingFeePaidAt: string | null;
    accreditedAt: string | null;
    reason: string | null;
    changedAt: string;
  };
  /** true only while accredited: later capabilities rely on this */
  canRunExams: boolean;
  openingHours: OpeningHoursDto[];
  labs: LabDto[];
}

/** POST /api/institutions/:id/centres (status starts at "applied") */
export interface CreateCentreRequest {
  name: string;
  timeZone: string;
  address: AddressDto;
  accessPolicy: AccessPolicy;
  publicProctoringFeeMinor?: number | null;
  currency?: string;
  openingHours?: OpeningHoursDto[];
}

/** PATCH /api/centres/:id */
export type UpdateCentreRequest = Partial<Omit<CreateCentreRequest, 'openingHours'>>;

/** PUT /api/centres/:id/opening-hours */
export interface ReplaceOpeningHoursRequest {
  hours: OpeningHoursDto[];
}

/** POST /api/centres/:id/labs ; PATCH /api/centres/:id/labs/:labId */
export interface CreateLabRequest {
  name: string;
  seats: number;
}

/** POST /api/centres/:id/accreditation (operator decides) */
export interface AccreditationDecisionRequest {
  action: AccreditationAction;
  /** required for start_onboarding */
  onboardingFeeMinor?: number;
  /** required for suspend and reject */
  reason?: string;
}

export interface ProctorTrainingDto {
  trainedOn: string;
  trainedByOperator: boolean;
  trainerUserId: string | null;
  trainerName: string | null;
}

export interface CentreProctorDto {
  userId: string;
  email: string;
  displayName: string;
  /** the latest training, if any */
  lastTraining: ProctorTrainingDto | null;
  /** local date (yyyy-MM-dd) on which the latest training lapses: trainedOn + 12 months */
  trainedUntil: string | null;
  currentlyTrained: boolean;
}

/** POST /api/centres/:id/proctors : the user must be a proctor member of the centre's institution */
export interface AddProctorRequest {
  userId: string;
}

/**
 * POST /api/centres/:id/proctors/:userId/trainings
 * By the operator (trainerUserId omitted, caller must be operator) or by a currently trained
 * proctor of the same centre (trainerUserId given).
 */
export interface RecordTrainingRequest {
  trainedOn: string;
  trainerUserId?: string;
}

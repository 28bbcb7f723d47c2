export type ExamLevel = 'fundamentals' | 'associate' | 'professional' | 'expert';
export type DeliveryMode = 'in_lab' | 'virtual_lab' | 'online_proctored';

export interface CertificationBodyDto {
  id: string;
  code: string;
  name: string;
  website: string | null;
}

/** POST /api/certification-bodies (operator) */
export interface CreateCertificationBodyRequest {
  code: string;
  name: string;
  website?: string;
}

export interface ExamObjectiveDto {
  code: string;
  description: string;
}

export interface ExamDto {
  id: string;
  certificationBodyId: string;
  certificationBodyName: string;
  code: string;
  title: string;
  level: ExamLevel;
  durationMinutes: number;
  passingScore: number;
  maxScore: number;
  deliveryModes: DeliveryMode[];
  objectives: ExamObjectiveDto[];
  active: boolean;
}

/** POST /api/certification-bodies/:bodyId/exams */
export interface CreateExamRequest {
  code: string;
  title: string;
  level: ExamLevel;
  durationMinutes: number;
  passingScore: number;
  maxScore: number;
  deliveryModes: DeliveryMode[];
  objectives: ExamObjectiveDto[];
}

/** PATCH /api/exams/:id (code is fixed once created) */
export type UpdateExamRequest = Partial<Omit<CreateExamRequest, 'code'>> & { active?: boolean };

/** "all of these" or "any `minCount` of these", over exams and/or other credentials. */
export interface StackingRuleDto {
  kind: 'all' | 'any';
  minCount: number | null;
  examIds: string[];
  credentialIds: string[];
}

export interface CredentialDto {
  id: string;
  certificationBodyId: string;
  code: string;
  title: string;
  description: string;
  level: ExamLevel;
  rule: StackingRuleDto;
  /** Human-readable rule, e.g. "Any 3 of: MO-100, MO-200, MO-300, MO-400, MO-500" */
  ruleSummary: string;
}

/** POST /api/certification-bodies/:bodyId/credentials ; PUT /api/credentials/:id replaces it */
export interface CreateCredentialRequest {
  code: string;
  title: string;
  description?: string;
  level: ExamLevel;
  rule: StackingRuleDto;
}

import type {
  AccessPolicy,
  AccreditationStatus,
  DeliveryMode,
  ExamLevel,
  InstitutionKind,
  InvitationStatus,
  RoleName,
} from '@invigil/contracts';

export const ROLE_LABELS: Record<RoleName, string> = {
  platform_operator: 'Platform operator',
  certification_body_admin: 'Certification-body admin',
  institution_admin: 'Institution admin',
  instructor: 'Instructor',
  proctor: 'Proctor',
  candidate: 'Candidate',
};

export const INVITABLE_INSTITUTION_ROLES = [
  'institution_admin',
  'instructor',
  'proctor',
  'candidate',
] as const;

export const LEVEL_LABELS: Record<ExamLevel, string> = {
  fundamentals: 'Fundamentals',
  associate: 'Associate',
  professional: 'Professional',
  expert: 'Expert',
};
export const EXAM_LEVELS = Object.keys(LEVEL_LABELS) as ExamLevel[];

export const DELIVERY_MODE_LABELS: Record<DeliveryMode, string> = {
  in_lab: 'In a lab',
  virtual_lab: 'Virtual lab',
  online_proctored: 'Online proctored',
};
export const DELIVERY_MODES = Object.keys(DELIVERY_MODE_LABELS) as DeliveryMode[];

export const ACCESS_POLICY_LABELS: Record<AccessPolicy, string> = {
  members_only: 'Own students and alumni only',
  public: 'Open to the public (proctoring fee)',
};

export const ACCREDITATION_LABELS: Record<AccreditationStatus, string> = {
  applied: 'Applied',
  onboarding: 'Onboarding',
  accredited: 'Accredited',
  suspended: 'Suspended',
  rejected: 'Rejected',
};
export const ACCREDITATION_STATUSES = Object.keys(ACCREDITATION_LABELS) as AccreditationStatus[];

export const INSTITUTION_KIND_LABELS: Record<InstitutionKind, string> = {
  school: 'School',
  school_board: 'School board',
  college: 'College',
  polytechnic: 'Polytechnic',
  university: 'University',
  company: 'Company',
  workforce_agency: 'Workforce agency',
};
export const INSTITUTION_KINDS = Object.keys(INSTITUTION_KIND_LABELS) as InstitutionKind[];

export const INVITATION_STATUS_LABELS: Record<InvitationStatus, string> = {
  pending: 'Pending',
  accepted: 'Accepted',
  revoked: 'Revoked',
  expired: 'Expired',
};

/** ISO weekdays, 1 = Monday. */
export const WEEKDAYS: { value: number; label: string }[] = [
  { value: 1, label: 'Monday' },
  { value: 2, label: 'Tuesday' },
  { value: 3, label: 'Wednesday' },
  { value: 4, label: 'Thursday' },
  { value: 5, label: 'Friday' },
  { value: 6, label: 'Saturday' },
  { value: 7, label: 'Sunday' },
];

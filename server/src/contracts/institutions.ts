import type { RoleName } from './identity';

export type InstitutionKind =
  | 'school'
  | 'school_board'
  | 'college'
  | 'polytechnic'
  | 'university'
  | 'company'
  | 'workforce_agency';

export interface InstitutionDto {
  id: string;
  name: string;
  kind: InstitutionKind;
  country: string;
  timeZone: string;
}

/** POST /api/institutions (operator); the first admin is invited by `adminEmail` */
export interface CreateInstitutionRequest {
  name: string;
  kind: InstitutionKind;
  country: string;
  timeZone: string;
  adminEmail: string;
}

export interface MemberDto {
  userId: string;
  email: string;
  displayName: string;
  roles: RoleName[];
}

export type InvitationStatus = 'pending' | 'accepted' | 'revoked' | 'expired';

export interface InvitationDto {
  id: string;
  email: string;
  role: RoleName;
  status: InvitationStatus;
  expiresAt: string;
  createdAt: string;
  invitedByEmail: string | null;
}

/** POST /api/institutions/:id/invitations */
export interface CreateInvitationRequest {
  email: string;
  role: 'institution_admin' | 'instructor' | 'proctor' | 'candidate';
}

/** POST /api/institutions/:id/invitations/bulk : CSV with header `email,role` (role optional, default candidate) */
export interface BulkInvitationRequest {
  csv: string;
  defaultRole?: 'instructor' | 'proctor' | 'candidate';
}

export interface BulkInvitationResultDto {
  invited: number;
  skipped: { line: number; email: string; reason: string }[];
}

/** POST /api/certification-bodies/:id/invitations (operator) */
export interface CreateBodyAdminInvitationRequest {
  email: string;
}

export type RoleName =
  | 'platform_operator'
  | 'certification_body_admin'
  | 'institution_admin'
  | 'instructor'
  | 'proctor'
  | 'candidate';

export interface MembershipDto {
  role: RoleName;
  institutionId: string | null;
  institutionName: string | null;
  certificationBodyId: string | null;
  certificationBodyName: string | null;
}

export interface UserProfileDto {
  id: string;
  email: string;
  displayName: string;
  timeZone: string | null;
  memberships: MembershipDto[];
}

/**
 * POST /api/auth/sign-up — an individual creates their own account. The answer is always 202
 * (whether or not the address has an account already); the mail says what to do next.
 */
export interface SignUpRequest {
  email: string;
  displayName: string;
  password: string;
  /** IANA zone the person lives in; defaults to none (times are then shown in the browser's) */
  timeZone?: string;
}

/** POST /api/auth/verify-email — the token of the link mailed after sign-up */
export interface VerifyEmailRequest {
  token: string;
}

/** POST /api/auth/password-reset — always 202; a link is mailed if the address has an account */
export interface PasswordResetRequest {
  email: string;
}

/** POST /api/auth/password-reset/complete — the token of the mailed link and the new password */
export interface CompletePasswordResetRequest {
  token: string;
  password: string;
}

/** POST /api/auth/login */
export interface LoginRequest {
  email: string;
  password: string;
}

/** Returned by login and refresh. The refresh token rotates on every use. */
export interface TokenPairDto {
  accessToken: string;
  accessTokenExpiresAt: string;
  refreshToken: string;
  refreshTokenExpiresAt: string;
  user: UserProfileDto;
}

/** POST /api/auth/refresh and POST /api/auth/logout */
export interface RefreshRequest {
  refreshToken: string;
}

/** POST /api/auth/password (revokes every other session) */
export interface ChangePasswordRequest {
  currentPassword: string;
  newPassword: string;
}

/** PATCH /api/me */
export interface UpdateProfileRequest {
  displayName?: string;
  timeZone?: string | null;
}

/** GET /api/invitations/:token (public preview) */
export interface InvitationPreviewDto {
  email: string;
  role: RoleName;
  institutionName: string | null;
  certificationBodyName: string | null;
  expiresAt: string;
  accountExists: boolean;
}

/** POST /api/invitations/accept: a new account gives displayName + password; an existing one its password. */
export interface AcceptInvitationRequest {
  token: string;
  password: string;
  displayName?: string;
}

export const ROLES = [
  'platform_operator',
  'certification_body_admin',
  'institution_admin',
  'instructor',
  'proctor',
  'candidate',
] as const;
export type Role = (typeof ROLES)[number];

/** Roles held within one institution. */
export const INSTITUTION_ROLES = ['institution_admin', 'instructor', 'proctor', 'candidate'] as const;
export type InstitutionRole = (typeof INSTITUTION_ROLES)[number];

/** Roles an invitation can grant. */
export const INVITABLE_ROLES = ['certification_body_admin', ...INSTITUTION_ROLES] as const;
export type InvitableRole = (typeof INVITABLE_ROLES)[number];

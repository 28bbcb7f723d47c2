import { Problem } from '../errors/problem';
import type { InstitutionRole, Role } from './roles';

export interface ActorMembership {
  role: Role;
  institutionId: string | null;
  certificationBodyId: string | null;
}

/**
 * The authenticated caller of a request, with the memberships read from the database for this
 * request (so a revoked role stops working at once). Services ask it before touching
 * institution or certification-body data.
 */
export class Actor {
  constructor(
    readonly userId: string,
    readonly memberships: readonly ActorMembership[],
    readonly ip: string | null = null,
  ) {}

  get isOperator(): boolean {
    return this.memberships.some((m) => m.role === 'platform_operator');
  }

  hasRole(role: Role): boolean {
    return this.memberships.some((m) => m.role === role);
  }

  hasInstitutionRole(institutionId: string, roles: readonly InstitutionRole[]): boolean {
    return this.memberships.some(
      (m) => m.institutionId === institutionId && (roles as Role[]).includes(m.role),
    );
  }

  isMemberOf(institutionId: string): boolean {
    return this.memberships.some((m) => m.institutionId === institutionId);
  }

  /** Institutions where the caller holds one of `roles` (any role when omitted). */
  institutionIds(roles?: readonly InstitutionRole[]): string[] {
    const ids = this.memberships
      .filter((m) => m.institutionId !== null && (!roles || (roles as Role[]).includes(m.role)))
      .map((m) => m.institutionId as string);
    return [...new Set(ids)];
  }

  certificationBodyIds(): string[] {
    return this.memberships
      .filter((m) => m.role === 'certification_body_admin' && m.certificationBodyId)
      .map((m) => m.certificationBodyId as string);
  }

  /**
   * Refuses unless the caller holds one of `roles` in the institution (or `operatorToo` and is
   * the operator). Outsiders get 404 so ids of other tenants reveal nothing; members whose
   * role is not enough get 403.
   */
  requireInstitutionRole(
    institutionId: string,
    roles: readonly InstitutionRole[],
    { operatorToo = true, what = 'Institution' }: { operatorToo?: boolean; what?: string } = {},
  ): void {
    if (operatorToo && this.isOperator) return;
    if (this.hasInstitutionRole(institutionId, roles)) return;
    if (this.isMemberOf(institutionId)) throw Problem.forbidden();
    throw Problem.notFound(what);
  }

  requireOperator(): void {
    if (!this.isOperator) throw Problem.forbidden('Only the platform operator can do this');
  }

  /** Certification-body admins of that body, or the operator. */
  requireCertificationBodyAdmin(certificationBodyId: string): void {
    if (this.isOperator || this.certificationBodyIds().includes(certificationBodyId)) return;
    throw Problem.forbidden('Only an admin of this certification body can do this');
  }
}

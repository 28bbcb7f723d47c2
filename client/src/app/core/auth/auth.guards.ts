import { inject } from '@angular/core';
import { CanActivateFn, Router } from '@angular/router';
import type { RoleName } from '@invigil/contracts';
import { InstitutionContext } from '../context/institution-context.service';
import { landingPath } from '../navigation/navigation';
import { AuthService } from './auth.service';

/** Only signed-in users; others go to the sign-in page and come back afterwards. */
export const signedInGuard: CanActivateFn = (_route, state) => {
  const auth = inject(AuthService);
  if (auth.signedIn()) return true;
  return inject(Router).createUrlTree(['/login'], { queryParams: { returnUrl: state.url } });
};

/** The sign-in page sends a signed-in user on to their landing page. */
export const anonymousGuard: CanActivateFn = () => {
  const auth = inject(AuthService);
  if (!auth.signedIn()) return true;
  return inject(Router).parseUrl(landingPath(auth.memberships(), inject(InstitutionContext).institutionId()));
};

/** Holders of a platform-wide or certification-body role (`roles`) may pass. */
export function roleGuard(...roles: RoleName[]): CanActivateFn {
  return (_route, state) => {
    const auth = inject(AuthService);
    const router = inject(Router);
    if (!auth.signedIn()) return router.createUrlTree(['/login'], { queryParams: { returnUrl: state.url } });
    if (roles.some((r) => auth.hasRole(r))) return true;
    return router.createUrlTree(['/home']);
  };
}

/**
 * Holders of `role` (or of any of several) in an institution may pass. When the institution
 * being worked in lacks the role but another of the user's institutions has it, the context
 * switches there. The operator passes when `operatorToo`.
 */
export function institutionRoleGuard(
  role: RoleName | readonly RoleName[],
  { operatorToo = false } = {},
): CanActivateFn {
  const roles: readonly RoleName[] = typeof role === 'string' ? [role] : role;
  return (_route, state) => {
    const auth = inject(AuthService);
    const context = inject(InstitutionContext);
    const router = inject(Router);
    if (!auth.signedIn()) return router.createUrlTree(['/login'], { queryParams: { returnUrl: state.url } });
    if (roles.some((r) => context.hasRole(r))) return true;
    const other = context.institutions().find((i) => roles.some((r) => i.roles.includes(r)));
    if (other) {
      context.select(other.id);
      return true;
    }
    if (operatorToo && auth.hasRole('platform_operator')) return true;
    return router.createUrlTree(['/home']);
  };
}

/**
 * A candidate's own pages (their exams): candidates of an institution, and individuals with no
 * role anywhere, who signed up themselves to sit an exam they booked.
 */
export const candidateOrIndividualGuard: CanActivateFn = (route, state) => {
  const auth = inject(AuthService);
  if (auth.signedIn() && auth.memberships().length === 0) return true;
  return institutionRoleGuard('candidate')(route, state);
};

import type { MembershipDto, RoleName } from '@invigil/contracts';

export interface NavItem {
  label: string;
  path: string;
  testId: string;
  /** highlighted only on this very path, not on the pages below it */
  exact?: boolean;
}

export interface NavSection {
  title: string;
  items: NavItem[];
}

/** Roles that apply: platform-wide ones, body ones, and those held in the chosen institution. */
function effectiveRoles(memberships: readonly MembershipDto[], institutionId: string | null): Set<RoleName> {
  const roles = new Set<RoleName>();
  for (const m of memberships) {
    if (m.institutionId === null || m.institutionId === institutionId) roles.add(m.role);
  }
  return roles;
}

/**
 * The side navigation for a user: only the sections their memberships allow, with institution
 * sections following the institution they are working in.
 */
export function buildNavigation(
  memberships: readonly MembershipDto[],
  institutionId: string | null,
): NavSection[] {
  const roles = effectiveRoles(memberships, institutionId);
  const sections: NavSection[] = [
    {
      title: 'General',
      items: [
        { label: 'Home', path: '/home', testId: 'nav-home' },
        { label: 'Catalogue', path: '/catalogue', testId: 'nav-catalogue' },
      ],
    },
  ];
  if (roles.has('platform_operator')) {
    sections.push({
      title: 'Platform',
      items: [
        { label: 'Accreditation queue', path: '/operator/accreditation', testId: 'nav-accreditation' },
        { label: 'Institutions', path: '/operator/institutions', testId: 'nav-institutions' },
        { label: 'Voucher price lists', path: '/operator/price-lists', testId: 'nav-price-lists' },
        { label: 'Invoices', path: '/operator/invoices', testId: 'nav-invoices' },
        { label: 'VM capacity', path: '/operator/capacity', testId: 'nav-capacity' },
        { label: 'Audit log', path: '/operator/audit', testId: 'nav-operator-audit' },
      ],
    });
  }
  if (roles.has('certification_body_admin') || roles.has('platform_operator')) {
    sections.push({
      title: 'Certification body',
      items: [
        { label: 'Exams', path: '/body/exams', testId: 'nav-body-exams' },
        { label: 'Exam results', path: '/body/results', testId: 'nav-body-results' },
        { label: 'Credentials', path: '/body/credentials', testId: 'nav-body-credentials' },
        { label: 'Retake policy', path: '/body/retake-policy', testId: 'nav-retake-policy' },
      ],
    });
  }
  const exams: NavItem[] = [];
  if (roles.has('instructor') || roles.has('institution_admin')) {
    exams.push(
      { label: 'Book exam blocks', path: '/institution/calendar', testId: 'nav-calendar' },
      { label: 'My bookings', path: '/institution/bookings', testId: 'nav-bookings' },
    );
  }
  if (roles.has('proctor')) exams.push({ label: 'My blocks', path: '/me/blocks', testId: 'nav-my-blocks' });
  // candidates, and individuals (no role anywhere) who sit exams they booked themselves
  if (roles.has('candidate') || memberships.length === 0)
    exams.push({ label: 'My exams', path: '/me/exams', testId: 'nav-my-exams' });
  // candidates, and people without any role who buy a voucher for themselves and book a public seat
  if (roles.has('candidate') || memberships.length === 0)
    exams.push(
      { label: 'Open sessions', path: '/me/open-sessions', testId: 'nav-open-sessions' },
      { label: 'My vouchers', path: '/candidate/vouchers', testId: 'nav-my-vouchers' },
      { label: 'My results', path: '/candidate/results', testId: 'nav-my-results' },
    );
  if (exams.length) sections.push({ title: 'Exams', items: exams });
  if (roles.has('institution_admin')) {
    sections.push({
      title: 'Institution',
      items: [
        { label: 'Testing centres', path: '/institution/centres', testId: 'nav-centres' },
        { label: 'Vouchers', path: '/institution/vouchers', testId: 'nav-vouchers', exact: true },
        { label: 'Voucher utilisation', path: '/institution/vouchers/report', testId: 'nav-voucher-report' },
        { label: 'Members & invitations', path: '/institution/members', testId: 'nav-members' },
        { label: 'Audit log', path: '/institution/audit', testId: 'nav-institution-audit' },
      ],
    });
  }
  return sections;
}

/** Where a user lands after signing in: the first page their main role works on. */
export function landingPath(memberships: readonly MembershipDto[], institutionId: string | null): string {
  const roles = effectiveRoles(memberships, institutionId);
  if (roles.has('platform_operator')) return '/operator/accreditation';
  if (roles.has('institution_admin')) return '/institution/centres';
  if (roles.has('certification_body_admin')) return '/body/exams';
  if (roles.has('instructor')) return '/institution/calendar';
  if (roles.has('proctor')) return '/me/blocks';
  if (roles.has('candidate') || memberships.length === 0) return '/me/exams';
  return '/home';
}

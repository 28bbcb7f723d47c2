import type { MembershipDto, RoleName } from '@invigil/contracts';
import { buildNavigation, landingPath } from './navigation';

const NORTHFIELD = 'inst-northfield';
const LAKESIDE = 'inst-lakeside';

function member(
  role: RoleName,
  institutionId: string | null = null,
  certificationBodyId: string | null = null,
): MembershipDto {
  return {
    role,
    institutionId,
    institutionName: institutionId ? `Name of ${institutionId}` : null,
    certificationBodyId,
    certificationBodyName: certificationBodyId ? 'Microsoft' : null,
  };
}

const paths = (memberships: MembershipDto[], institutionId: string | null): string[] =>
  buildNavigation(memberships, institutionId).flatMap((s) => s.items.map((i) => i.path));

describe('role-based navigation', () => {
  it('gives a candidate the general pages, their exams, open sessions, vouchers and results', () => {
    expect(paths([member('candidate', NORTHFIELD)], NORTHFIELD)).toEqual([
      '/home',
      '/catalogue',
      '/me/exams',
      '/me/open-sessions',
      '/candidate/vouchers',
      '/candidate/results',
    ]);
  });

  it('lets an individual (no role anywhere) see their exams, book public seats, buy and redeem vouchers', () => {
    expect(paths([], null)).toEqual([
      '/home',
      '/catalogue',
      '/me/exams',
      '/me/open-sessions',
      '/candidate/vouchers',
      '/candidate/results',
    ]);
  });

  it('gives instructors and proctors no voucher pages', () => {
    const all = paths([member('instructor', NORTHFIELD), member('proctor', NORTHFIELD)], NORTHFIELD);
    expect(all).not.toContain('/candidate/vouchers');
    expect(all).not.toContain('/institution/vouchers');
  });

  it('gives an instructor the calendar and their bookings', () => {
    const nav = buildNavigation([member('instructor', NORTHFIELD)], NORTHFIELD);
    expect(nav.map((s) => s.title)).toEqual(['General', 'Exams']);
    expect(nav[1].items.map((i) => i.path)).toEqual(['/institution/calendar', '/institution/bookings']);
  });

  it('gives a proctor their blocks, and one who is also a candidate their exams too', () => {
    expect(paths([member('proctor', NORTHFIELD)], NORTHFIELD)).toContain('/me/blocks');
    const both = paths([member('proctor', NORTHFIELD), member('candidate', NORTHFIELD)], NORTHFIELD);
    expect(both.slice(2)).toEqual([
      '/me/blocks',
      '/me/exams',
      '/me/open-sessions',
      '/candidate/vouchers',
      '/candidate/results',
    ]);
  });

  it('gives an institution admin the booking pages and the institution section', () => {
    const nav = buildNavigation([member('institution_admin', NORTHFIELD)], NORTHFIELD);
    expect(nav.map((s) => s.title)).toEqual(['General', 'Exams', 'Institution']);
    expect(nav[1].items.map((i) => i.path)).toEqual(['/institution/calendar', '/institution/bookings']);
    expect(nav[2].items.map((i) => i.path)).toEqual([
      '/institution/centres',
      '/institution/vouchers',
      '/institution/vouchers/report',
      '/institution/members',
      '/institution/audit',
    ]);
  });

  it('gives the operator the platform section and the certification-body pages, but no institution pages', () => {
    const all = paths([member('platform_operator')], null);
    expect(all).toContain('/operator/accreditation');
    expect(all).toContain('/operator/institutions');
    expect(all).toContain('/operator/audit');
    expect(all).toContain('/operator/price-lists');
    expect(all).toContain('/operator/invoices');
    expect(all).toContain('/operator/capacity');
    expect(all).toContain('/body/exams');
    expect(all).toContain('/body/results');
    expect(all).toContain('/body/retake-policy');
    expect(all).not.toContain('/institution/centres');
    expect(all).not.toContain('/institution/vouchers');
    expect(all).not.toContain('/candidate/vouchers');
    expect(all).not.toContain('/institution/calendar');
    expect(all).not.toContain('/candidate/results');
  });

  it('gives a certification-body admin the exams, results and credentials of the body', () => {
    const all = paths([member('certification_body_admin', null, 'body-ms')], null);
    expect(all).toEqual([
      '/home',
      '/catalogue',
      '/body/exams',
      '/body/results',
      '/body/credentials',
      '/body/retake-policy',
    ]);
  });

  it('follows the institution being worked in when roles differ between institutions', () => {
    const memberships = [member('institution_admin', NORTHFIELD), member('candidate', LAKESIDE)];
    expect(paths(memberships, NORTHFIELD)).toContain('/institution/centres');
    expect(paths(memberships, LAKESIDE)).not.toContain('/institution/centres');
    expect(paths(memberships, LAKESIDE)).toContain('/candidate/vouchers');
    expect(paths(memberships, LAKESIDE)).toContain('/candidate/results');
    expect(paths(memberships, NORTHFIELD)).not.toContain('/candidate/vouchers');
    expect(paths(memberships, NORTHFIELD)).not.toContain('/candidate/results');
  });

  it('keeps platform-wide roles whatever institution is chosen', () => {
    const memberships = [member('platform_operator'), member('instructor', NORTHFIELD)];
    expect(paths(memberships, NORTHFIELD)).toContain('/operator/accreditation');
  });
});

describe('landing page after signing in', () => {
  it.each([
    [[member('platform_operator')], null, '/operator/accreditation'],
    [[member('institution_admin', NORTHFIELD)], NORTHFIELD, '/institution/centres'],
    [[member('certification_body_admin', null, 'body-ms')], null, '/body/exams'],
    [[member('instructor', NORTHFIELD)], NORTHFIELD, '/institution/calendar'],
    [[member('proctor', NORTHFIELD)], NORTHFIELD, '/me/blocks'],
    [[member('candidate', NORTHFIELD)], NORTHFIELD, '/me/exams'],
    [[], null, '/me/exams'],
  ] as const)('%# lands on the main page of the role', (memberships, institutionId, expected) => {
    expect(landingPath([...memberships], institutionId)).toBe(expected);
  });
});

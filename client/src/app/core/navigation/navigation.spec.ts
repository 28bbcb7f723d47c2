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
  it('gives a candidate the general pages, their vouchers and their results', () => {
    expect(paths([member('candidate', NORTHFIELD)], NORTHFIELD)).toEqual([
      '/home',
      '/catalogue',
      '/candidate/vouchers',
      '/candidate/results',
    ]);
  });

  it('lets someone without any role buy and redeem their own vouchers and see their results', () => {
    expect(paths([], null)).toEqual(['/home', '/catalogue', '/candidate/vouchers', '/candidate/results']);
  });

  it('gives instructors and proctors no voucher pages', () => {
    expect(paths([member('instructor', NORTHFIELD), member('proctor', NORTHFIELD)], NORTHFIELD)).toEqual([
      '/home',
      '/catalogue',
    ]);
  });

  it('gives an institution admin the institution section', () => {
    const nav = buildNavigation([member('institution_admin', NORTHFIELD)], NORTHFIELD);
    expect(nav.map((s) => s.title)).toEqual(['General', 'Institution']);
    expect(nav[1].items.map((i) => i.path)).toEqual([
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
    expect(all).toContain('/body/exams');
    expect(all).toContain('/body/results');
    expect(all).toContain('/body/retake-policy');
    expect(all).not.toContain('/institution/centres');
    expect(all).not.toContain('/institution/vouchers');
    expect(all).not.toContain('/candidate/vouchers');
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
    [[member('proctor', NORTHFIELD)], NORTHFIELD, '/home'],
    [[], null, '/home'],
  ] as const)('%# lands on the main page of the role', (memberships, institutionId, expected) => {
    expect(landingPath([...memberships], institutionId)).toBe(expected);
  });
});

import { Problem } from '../errors/problem';
import { Actor } from './actor';

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const BODY = '00000000-0000-4000-8000-0000000000bb';

const statusOf = (fn: () => void): number | 'allowed' => {
  try {
    fn();
    return 'allowed';
  } catch (e) {
    return (e as Problem).getStatus();
  }
};

describe('Actor', () => {
  const admin = new Actor('u1', [{ role: 'institution_admin', institutionId: A, certificationBodyId: null }]);
  const multi = new Actor('u2', [
    { role: 'instructor', institutionId: A, certificationBodyId: null },
    { role: 'institution_admin', institutionId: B, certificationBodyId: null },
  ]);
  const operator = new Actor('u3', [
    { role: 'platform_operator', institutionId: null, certificationBodyId: null },
  ]);
  const bodyAdmin = new Actor('u4', [
    { role: 'certification_body_admin', institutionId: null, certificationBodyId: BODY },
  ]);

  it('lets an institution admin act in their own institution', () => {
    expect(statusOf(() => admin.requireInstitutionRole(A, ['institution_admin']))).toBe('allowed');
  });

  it('hides other institutions behind a 404', () => {
    expect(statusOf(() => admin.requireInstitutionRole(B, ['institution_admin']))).toBe(404);
  });

  it('gives a member with the wrong role a 403', () => {
    expect(statusOf(() => multi.requireInstitutionRole(A, ['institution_admin']))).toBe(403);
    expect(statusOf(() => multi.requireInstitutionRole(B, ['institution_admin']))).toBe('allowed');
  });

  it('lets the operator through unless the rule excludes the operator', () => {
    expect(statusOf(() => operator.requireInstitutionRole(A, ['institution_admin']))).toBe('allowed');
    expect(statusOf(() => operator.requireInstitutionRole(A, ['candidate'], { operatorToo: false }))).toBe(
      404,
    );
  });

  it('scopes certification-body admins to their own body', () => {
    expect(statusOf(() => bodyAdmin.requireCertificationBodyAdmin(BODY))).toBe('allowed');
    expect(statusOf(() => bodyAdmin.requireCertificationBodyAdmin(A))).toBe(403);
    expect(statusOf(() => bodyAdmin.requireOperator())).toBe(403);
  });

  it('lists institutions by role without duplicates', () => {
    expect(multi.institutionIds().sort()).toEqual([A, B]);
    expect(multi.institutionIds(['institution_admin'])).toEqual([B]);
  });
});

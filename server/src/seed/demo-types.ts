/**
 * What the demo tenant seed (`seedDemoTenant` in demo-tenant.ts) hands to the seeds that build
 * on it: the two institutions and the demo users by part.
 */
export interface DemoTenant {
  /** Northfield College */
  institutionId: string;
  /** Lakeside Polytechnic */
  otherInstitutionId: string;
  users: Record<
    | 'operator'
    | 'bodyAdmin'
    | 'institutionAdmin'
    | 'instructor'
    | 'proctor'
    | 'proctor2'
    | 'candidate'
    | 'otherAdmin',
    { id: string; email: string }
  >;
}

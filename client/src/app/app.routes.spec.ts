import type { Route } from '@angular/router';
import { appRoutes } from './app.routes';

/** Every path the router knows, parameters as written (":id"). */
function paths(routes: readonly Route[], prefix = ''): string[] {
  return routes.flatMap((r) => {
    const here = [prefix, r.path].filter((p) => p).join('/');
    return [here, ...paths(r.children ?? [], here)];
  });
}

const matches = (pattern: string, url: string): boolean =>
  new RegExp(`^${pattern.replace(/:[^/]+/g, '[^/]+')}$`).test(url);

/**
 * The pages the server links to from mail, calendar feeds and API answers (booking-notifications,
 * my-schedule, vouchers): if one of these routes moves, a link in every mail sent breaks.
 */
const LINKED_BY_THE_SERVER = [
  'me/exams',
  'me/exams/0b6f0f0e-1111-4222-8333-444455556666',
  'institution/bookings/0b6f0f0e-1111-4222-8333-444455556666',
  'institution/vouchers',
  'candidate/vouchers',
  'invite/some-token',
  'verify-email/some-token',
  'reset-password/some-token',
  'login',
];

describe('routes the server links to', () => {
  const known = paths(appRoutes).filter((p) => p !== '**');
  it.each(LINKED_BY_THE_SERVER)('%s is a page of the client', (url) => {
    expect(known.some((pattern) => matches(pattern, url))).toBe(true);
  });

  it('would notice a link to a page that does not exist', () => {
    expect(known.some((pattern) => matches(pattern, 'exams/0b6f0f0e-1111-4222-8333-444455556666'))).toBe(
      false,
    );
  });
});

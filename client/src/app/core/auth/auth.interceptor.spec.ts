import { HttpClient, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import type { TokenPairDto } from '@invigil/contracts';
import { authInterceptor } from './auth.interceptor';
import { AuthService } from './auth.service';

const invalidToken = {
  type: '/problems/invalid-token',
  title: 'The token is invalid or expired',
  status: 401,
};
const inAnHour = (): string => new Date(Date.now() + 3_600_000).toISOString();

function pair(n: number): TokenPairDto {
  return {
    accessToken: `access-${n}`,
    accessTokenExpiresAt: inAnHour(),
    refreshToken: `refresh-token-number-${n}`,
    refreshTokenExpiresAt: inAnHour(),
    user: { id: 'u1', email: 'admin@northfield.demo', displayName: 'Ada', timeZone: null, memberships: [] },
  };
}

describe('authInterceptor', () => {
  let http: HttpClient;
  let backend: HttpTestingController;
  let auth: AuthService;
  let router: Router;

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
      ],
    });
    http = TestBed.inject(HttpClient);
    backend = TestBed.inject(HttpTestingController);
    auth = TestBed.inject(AuthService);
    router = TestBed.inject(Router);
    vi.spyOn(router, 'navigate').mockResolvedValue(true);
    auth.adopt(pair(1));
  });

  afterEach(() => backend.verify());

  it('sends the bearer token to the API, not elsewhere', () => {
    http.get('/api/me').subscribe();
    http.get('https://example.org/other').subscribe();
    expect(backend.expectOne('/api/me').request.headers.get('Authorization')).toBe('Bearer access-1');
    expect(backend.expectOne('https://example.org/other').request.headers.has('Authorization')).toBe(false);
  });

  it('does not send the token with login and refresh', () => {
    auth.login({ email: 'a@b.c', password: 'x' }).subscribe();
    expect(backend.expectOne('/api/auth/login').request.headers.has('Authorization')).toBe(false);
  });

  it('refreshes once on 401 invalid-token and retries with the new token', () => {
    const received: unknown[] = [];
    http.get('/api/me').subscribe((body) => received.push(body));

    backend.expectOne('/api/me').flush(invalidToken, { status: 401, statusText: 'Unauthorized' });
    const refresh = backend.expectOne('/api/auth/refresh');
    expect(refresh.request.body).toEqual({ refreshToken: 'refresh-token-number-1' });
    refresh.flush(pair(2));

    const retry = backend.expectOne('/api/me');
    expect(retry.request.headers.get('Authorization')).toBe('Bearer access-2');
    retry.flush({ ok: true });
    expect(received).toEqual([{ ok: true }]);
    expect(localStorage.getItem('invigil.refreshToken')).toBe('refresh-token-number-2');
  });

  it('shares one refresh between requests that fail together (the refresh token rotates)', () => {
    const results: string[] = [];
    http.get('/api/a').subscribe(() => results.push('a'));
    http.get('/api/b').subscribe(() => results.push('b'));

    backend.expectOne('/api/a').flush(invalidToken, { status: 401, statusText: 'Unauthorized' });
    backend.expectOne('/api/b').flush(invalidToken, { status: 401, statusText: 'Unauthorized' });
    const refreshes = backend.match('/api/auth/refresh');
    expect(refreshes).toHaveLength(1);
    refreshes[0].flush(pair(2));

    backend.expectOne('/api/a').flush({});
    backend.expectOne('/api/b').flush({});
    expect(results.sort()).toEqual(['a', 'b']);
  });

  it('signs out and passes the error on when the refresh is refused', () => {
    let failure: unknown;
    http.get('/api/me').subscribe({ error: (e: unknown) => (failure = e) });

    backend.expectOne('/api/me').flush(invalidToken, { status: 401, statusText: 'Unauthorized' });
    backend.expectOne('/api/auth/refresh').flush(invalidToken, { status: 401, statusText: 'Unauthorized' });

    expect((failure as { status: number }).status).toBe(401);
    expect(auth.signedIn()).toBe(false);
    expect(localStorage.getItem('invigil.refreshToken')).toBeNull();
    expect(router.navigate).toHaveBeenCalledWith(
      ['/login'],
      expect.objectContaining({ queryParams: expect.objectContaining({ reason: 'expired' }) }),
    );
  });

  it('keeps the session when the refresh fails for want of a network', () => {
    let failure: unknown;
    http.get('/api/me').subscribe({ error: (e: unknown) => (failure = e) });

    backend.expectOne('/api/me').flush(invalidToken, { status: 401, statusText: 'Unauthorized' });
    backend.expectOne('/api/auth/refresh').error(new ProgressEvent('error'), { status: 0 });

    expect((failure as { status: number }).status).toBe(401);
    expect(auth.signedIn()).toBe(true);
    expect(localStorage.getItem('invigil.refreshToken')).toBe('refresh-token-number-1');
  });

  it('signs out when the retry is refused too, without refreshing a second time', () => {
    let failure: unknown;
    http.get('/api/me').subscribe({ error: (e: unknown) => (failure = e) });

    backend.expectOne('/api/me').flush(invalidToken, { status: 401, statusText: 'Unauthorized' });
    backend.expectOne('/api/auth/refresh').flush(pair(2));
    backend.expectOne('/api/me').flush(invalidToken, { status: 401, statusText: 'Unauthorized' });

    backend.expectNone('/api/auth/refresh');
    expect((failure as { status: number }).status).toBe(401);
    expect(auth.signedIn()).toBe(false);
  });

  it('leaves other errors alone (a 403 is not a session problem)', () => {
    let failure: unknown;
    http.get('/api/audit').subscribe({ error: (e: unknown) => (failure = e) });
    backend
      .expectOne('/api/audit')
      .flush(
        { type: '/problems/forbidden', title: 'Forbidden', status: 403 },
        { status: 403, statusText: 'Forbidden' },
      );
    backend.expectNone('/api/auth/refresh');
    expect((failure as { status: number }).status).toBe(403);
    expect(auth.signedIn()).toBe(true);
  });

  it('does not refresh on a wrong current password (401 of another kind)', () => {
    http.post('/api/invitations/accept', {}).subscribe({ error: () => undefined });
    backend
      .expectOne('/api/invitations/accept')
      .flush(
        { type: '/problems/invalid-credentials', title: 'Email or password is wrong', status: 401 },
        { status: 401, statusText: 'Unauthorized' },
      );
    backend.expectNone('/api/auth/refresh');
    expect(auth.signedIn()).toBe(true);
  });
});

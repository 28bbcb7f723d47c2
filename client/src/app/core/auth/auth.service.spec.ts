import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { TokenPairDto } from '@invigil/contracts';
import { authInterceptor } from './auth.interceptor';
import { AuthService } from './auth.service';

const pair: TokenPairDto = {
  accessToken: 'access-2',
  accessTokenExpiresAt: new Date(Date.now() + 900_000).toISOString(),
  refreshToken: 'refresh-token-number-2',
  refreshTokenExpiresAt: new Date(Date.now() + 86_400_000).toISOString(),
  user: { id: 'u1', email: 'proctor@northfield.demo', displayName: 'Priya', timeZone: null, memberships: [] },
};

describe('AuthService.restore (start-up)', () => {
  let auth: AuthService;
  let backend: HttpTestingController;

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
      ],
    });
    auth = TestBed.inject(AuthService);
    backend = TestBed.inject(HttpTestingController);
  });

  afterEach(() => backend.verify());

  it('does nothing without a stored refresh token', async () => {
    await auth.restore();
    backend.expectNone('/api/auth/refresh');
    expect(auth.signedIn()).toBe(false);
  });

  it('turns the stored refresh token back into a session', async () => {
    localStorage.setItem('invigil.refreshToken', 'refresh-token-number-1');
    const restored = auth.restore();
    backend.expectOne('/api/auth/refresh').flush(pair);
    await restored;
    expect(auth.user()?.displayName).toBe('Priya');
    expect(auth.accessToken()).toBe('access-2');
    expect(localStorage.getItem('invigil.refreshToken')).toBe('refresh-token-number-2');
  });

  it('forgets a refresh token the server refuses', async () => {
    localStorage.setItem('invigil.refreshToken', 'refresh-token-revoked');
    const restored = auth.restore();
    backend
      .expectOne('/api/auth/refresh')
      .flush(
        { type: '/problems/invalid-token', title: 'x', status: 401 },
        { status: 401, statusText: 'Unauthorized' },
      );
    await restored;
    expect(auth.signedIn()).toBe(false);
    expect(localStorage.getItem('invigil.refreshToken')).toBeNull();
  });

  it('keeps the refresh token when the server cannot be reached', async () => {
    localStorage.setItem('invigil.refreshToken', 'refresh-token-number-1');
    const restored = auth.restore();
    backend.expectOne('/api/auth/refresh').error(new ProgressEvent('error'), { status: 0 });
    await restored;
    expect(auth.signedIn()).toBe(false);
    expect(localStorage.getItem('invigil.refreshToken')).toBe('refresh-token-number-1');
  });
});

import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import type { TokenPairDto } from '@invigil/contracts';
import { authInterceptor } from '../../core/auth/auth.interceptor';
import { AuthService } from '../../core/auth/auth.service';
import { LoginPageComponent } from './login-page.component';

const tokens: TokenPairDto = {
  accessToken: 'access',
  accessTokenExpiresAt: new Date(Date.now() + 900_000).toISOString(),
  refreshToken: 'refresh-token-of-twenty-chars',
  refreshTokenExpiresAt: new Date(Date.now() + 86_400_000).toISOString(),
  user: {
    id: 'u1',
    email: 'admin@northfield.demo',
    displayName: 'Nora Admin',
    timeZone: 'America/Toronto',
    memberships: [
      {
        role: 'institution_admin',
        institutionId: 'i1',
        institutionName: 'Northfield College',
        certificationBodyId: null,
        certificationBodyName: null,
      },
    ],
  },
};

describe('LoginPageComponent', () => {
  let fixture: ComponentFixture<LoginPageComponent>;
  let backend: HttpTestingController;
  let router: Router;
  let page: HTMLElement;

  const type = (testId: string, value: string): void => {
    const input = page.querySelector<HTMLInputElement>(`[data-testid="${testId}"]`);
    if (!input) throw new Error(`no ${testId}`);
    input.value = value;
    input.dispatchEvent(new Event('input'));
  };
  const submit = async (): Promise<void> => {
    page.querySelector<HTMLButtonElement>('[data-testid="login-submit"]')?.click();
    await fixture.whenStable();
  };

  beforeEach(async () => {
    localStorage.clear();
    TestBed.configureTestingModule({
      imports: [LoginPageComponent],
      providers: [
        provideRouter([]),
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
      ],
    });
    backend = TestBed.inject(HttpTestingController);
    router = TestBed.inject(Router);
    vi.spyOn(router, 'navigateByUrl').mockResolvedValue(true);
    fixture = TestBed.createComponent(LoginPageComponent);
    page = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
  });

  afterEach(() => backend.verify());

  it('signs in and goes to the landing page of the role', async () => {
    type('login-email', ' admin@northfield.demo ');
    type('login-password', 'invigil-demo-2026');
    await submit();

    const request = backend.expectOne('/api/auth/login');
    expect(request.request.method).toBe('POST');
    expect(request.request.body).toEqual({ email: 'admin@northfield.demo', password: 'invigil-demo-2026' });
    request.flush(tokens);
    await fixture.whenStable();

    expect(TestBed.inject(AuthService).user()?.displayName).toBe('Nora Admin');
    expect(localStorage.getItem('invigil.refreshToken')).toBe('refresh-token-of-twenty-chars');
    expect(router.navigateByUrl).toHaveBeenCalledWith('/institution/centres');
  });

  it('returns to the page the user wanted, but never to another site', async () => {
    fixture.componentRef.setInput('returnUrl', '/institution/members');
    type('login-email', 'admin@northfield.demo');
    type('login-password', 'x');
    await submit();
    backend.expectOne('/api/auth/login').flush(tokens);
    await fixture.whenStable();
    expect(router.navigateByUrl).toHaveBeenCalledWith('/institution/members');

    fixture.componentRef.setInput('returnUrl', '//evil.example/phish');
    await submit();
    backend.expectOne('/api/auth/login').flush(tokens);
    expect(router.navigateByUrl).toHaveBeenLastCalledWith('/institution/centres');
  });

  it('shows the problem the API answered with', async () => {
    type('login-email', 'admin@northfield.demo');
    type('login-password', 'wrong');
    await submit();
    backend.expectOne('/api/auth/login').flush(
      {
        type: '/problems/invalid-credentials',
        title: 'Email or password is wrong',
        status: 401,
        detail: 'Email or password is wrong',
      },
      { status: 401, statusText: 'Unauthorized' },
    );
    await fixture.whenStable();

    expect(page.querySelector('[data-testid="problem-title"]')?.textContent).toContain(
      'Email or password is wrong',
    );
    expect(router.navigateByUrl).not.toHaveBeenCalled();
    expect(TestBed.inject(AuthService).signedIn()).toBe(false);
  });

  it('does not call the API while the form is incomplete', async () => {
    type('login-email', 'not-an-email');
    await submit();
    backend.expectNone('/api/auth/login');
    expect(page.textContent).toContain('That is not an email address');
    expect(page.textContent).toContain('Enter your password');
  });

  it('explains why the user is back on the sign-in page after the session ended', async () => {
    fixture.componentRef.setInput('reason', 'expired');
    await fixture.whenStable();
    expect(page.querySelector('[data-testid="session-expired"]')).not.toBeNull();
  });
});

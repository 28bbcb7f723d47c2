import { provideHttpClient } from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { MembershipDto } from '@invigil/contracts';
import { AuthService } from '../core/auth/auth.service';
import { ShellComponent } from './shell.component';

function signIn(memberships: MembershipDto[]): void {
  TestBed.inject(AuthService).adopt({
    accessToken: 'a',
    accessTokenExpiresAt: new Date(Date.now() + 900_000).toISOString(),
    refreshToken: 'refresh-token-of-twenty-chars',
    refreshTokenExpiresAt: new Date(Date.now() + 86_400_000).toISOString(),
    user: {
      id: 'u1',
      email: 'someone@northfield.demo',
      displayName: 'Sam Someone',
      timeZone: null,
      memberships,
    },
  });
}

const at = (role: MembershipDto['role'], institutionId: string, institutionName: string): MembershipDto => ({
  role,
  institutionId,
  institutionName,
  certificationBodyId: null,
  certificationBodyName: null,
});

describe('ShellComponent', () => {
  beforeEach(() => {
    localStorage.clear();
    sessionStorage.clear();
    TestBed.configureTestingModule({
      imports: [ShellComponent],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
  });

  async function render(): Promise<HTMLElement> {
    const fixture = TestBed.createComponent(ShellComponent);
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  const navTestIds = (page: HTMLElement): string[] =>
    Array.from(page.querySelectorAll('nav a')).map((a) => a.getAttribute('data-testid') ?? '');

  it('shows a candidate the general pages and their exams, vouchers and results, with their name and institution', async () => {
    signIn([at('candidate', 'i1', 'Northfield College')]);
    const page = await render();
    expect(navTestIds(page)).toEqual([
      'nav-home',
      'nav-catalogue',
      'nav-my-exams',
      'nav-open-sessions',
      'nav-my-vouchers',
      'nav-my-results',
    ]);
    expect(page.querySelector('[data-testid="user-name"]')?.textContent).toContain('Sam Someone');
    expect(page.querySelector('[data-testid="institution-name"]')?.textContent).toContain(
      'Northfield College',
    );
    expect(page.querySelector('[data-testid="institution-select"]')).toBeNull();
  });

  it('shows an institution admin the booking pages and the institution section', async () => {
    signIn([at('institution_admin', 'i1', 'Northfield College')]);
    const page = await render();
    expect(navTestIds(page)).toEqual([
      'nav-home',
      'nav-catalogue',
      'nav-calendar',
      'nav-bookings',
      'nav-centres',
      'nav-vouchers',
      'nav-voucher-report',
      'nav-members',
      'nav-institution-audit',
    ]);
  });

  it('lets a member of several institutions choose which one to work in', async () => {
    signIn([
      at('candidate', 'i1', 'Northfield College'),
      at('institution_admin', 'i2', 'Lakeside Polytechnic'),
    ]);
    const page = await render();
    expect(page.querySelector('[data-testid="institution-select"]')).not.toBeNull();
    // alphabetical: Lakeside comes first and is where the admin role is held
    expect(navTestIds(page)).toContain('nav-centres');
  });
});

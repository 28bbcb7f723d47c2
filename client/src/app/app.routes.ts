import { inject } from '@angular/core';
import { Route } from '@angular/router';
import type { RoleName } from '@invigil/contracts';
import {
  anonymousGuard,
  candidateOrIndividualGuard,
  institutionRoleGuard,
  roleGuard,
  signedInGuard,
} from './core/auth/auth.guards';
import { AuthService } from './core/auth/auth.service';
import { InstitutionContext } from './core/context/institution-context.service';
import { landingPath } from './core/navigation/navigation';
import { PublicLayoutComponent } from './shell/public-layout.component';
import { ShellComponent } from './shell/shell.component';

/** who books exam blocks for a class */
const BOOKERS: readonly RoleName[] = ['instructor', 'institution_admin'];

export const appRoutes: Route[] = [
  {
    path: '',
    pathMatch: 'full',
    redirectTo: () => {
      const auth = inject(AuthService);
      return auth.signedIn()
        ? landingPath(auth.memberships(), inject(InstitutionContext).institutionId())
        : '/login';
    },
  },
  {
    path: '',
    component: PublicLayoutComponent,
    children: [
      {
        path: 'login',
        title: 'Sign in',
        canActivate: [anonymousGuard],
        loadComponent: () => import('./pages/login/login-page.component').then((m) => m.LoginPageComponent),
      },
      {
        path: 'sign-up',
        title: 'Create an account',
        canActivate: [anonymousGuard],
        loadComponent: () =>
          import('./pages/sign-up/sign-up-page.component').then((m) => m.SignUpPageComponent),
      },
      {
        path: 'forgot-password',
        title: 'Forgot your password',
        loadComponent: () =>
          import('./pages/sign-up/forgot-password-page.component').then((m) => m.ForgotPasswordPageComponent),
      },
      {
        path: 'reset-password/:token',
        title: 'Choose a new password',
        loadComponent: () =>
          import('./pages/sign-up/reset-password-page.component').then((m) => m.ResetPasswordPageComponent),
      },
      {
        path: 'verify-email/:token',
        title: 'Confirm your address',
        loadComponent: () =>
          import('./pages/sign-up/verify-email-page.component').then((m) => m.VerifyEmailPageComponent),
      },
      {
        path: 'invite/:token',
        title: 'Invitation',
        loadComponent: () =>
          import('./pages/invitation/invitation-page.component').then((m) => m.InvitationPageComponent),
      },
      {
        path: 'dev/mailbox',
        title: 'Development mailbox',
        loadComponent: () =>
          import('./pages/dev-mailbox/dev-mailbox-page.component').then((m) => m.DevMailboxPageComponent),
      },
    ],
  },
  {
    path: '',
    component: ShellComponent,
    canActivate: [signedInGuard],
    children: [
      {
        path: 'home',
        title: 'Home',
        loadComponent: () => import('./pages/home/home-page.component').then((m) => m.HomePageComponent),
      },
      {
        path: 'profile',
        title: 'Profile',
        loadComponent: () =>
          import('./pages/profile/profile-page.component').then((m) => m.ProfilePageComponent),
      },
      {
        path: 'catalogue',
        title: 'Catalogue',
        loadComponent: () =>
          import('./pages/catalogue/catalogue-page.component').then((m) => m.CataloguePageComponent),
      },
      {
        path: 'candidate/vouchers',
        title: 'My vouchers',
        loadComponent: () =>
          import('./pages/my-vouchers/my-vouchers-page.component').then((m) => m.MyVouchersPageComponent),
      },
      {
        path: 'candidate/results',
        title: 'My results',
        loadComponent: () =>
          import('./pages/my-results/my-results-page.component').then((m) => m.MyResultsPageComponent),
      },
      {
        path: 'operator',
        canActivate: [roleGuard('platform_operator')],
        children: [
          {
            path: 'price-lists',
            title: 'Voucher price lists',
            loadComponent: () =>
              import('./pages/price-lists/price-lists-page.component').then((m) => m.PriceListsPageComponent),
          },
          {
            path: 'invoices',
            title: 'Invoices',
            loadComponent: () =>
              import('./pages/invoices/invoices-page.component').then((m) => m.InvoicesPageComponent),
          },
          {
            path: 'accreditation',
            title: 'Accreditation queue',
            loadComponent: () =>
              import('./pages/accreditation/accreditation-page.component').then(
                (m) => m.AccreditationPageComponent,
              ),
          },
          {
            path: 'institutions',
            title: 'Institutions',
            loadComponent: () =>
              import('./pages/institutions/institutions-page.component').then(
                (m) => m.InstitutionsPageComponent,
              ),
          },
          {
            path: 'capacity',
            title: 'VM capacity',
            loadComponent: () =>
              import('./pages/capacity/capacity-page.component').then((m) => m.CapacityPageComponent),
          },
          {
            path: 'audit',
            title: 'Audit log',
            data: { scope: 'platform' },
            loadComponent: () =>
              import('./pages/audit/audit-page.component').then((m) => m.AuditPageComponent),
          },
        ],
      },
      {
        path: 'body',
        canActivate: [roleGuard('certification_body_admin', 'platform_operator')],
        children: [
          {
            path: 'exams',
            title: 'Exams',
            loadComponent: () =>
              import('./pages/body-exams/body-exams-page.component').then((m) => m.BodyExamsPageComponent),
          },
          {
            path: 'results',
            title: 'Exam results',
            loadComponent: () =>
              import('./pages/body-results/body-results-page.component').then(
                (m) => m.BodyResultsPageComponent,
              ),
          },
          {
            path: 'credentials',
            title: 'Credentials',
            loadComponent: () =>
              import('./pages/body-credentials/body-credentials-page.component').then(
                (m) => m.BodyCredentialsPageComponent,
              ),
          },
          {
            path: 'retake-policy',
            title: 'Retake policy',
            loadComponent: () =>
              import('./pages/retake-policy/retake-policy-page.component').then(
                (m) => m.RetakePolicyPageComponent,
              ),
          },
        ],
      },
      {
        path: 'me',
        children: [
          {
            path: 'exams',
            title: 'My exams',
            canActivate: [candidateOrIndividualGuard],
            loadComponent: () =>
              import('./pages/my-exams/my-exams-page.component').then((m) => m.MyExamsPageComponent),
          },
          {
            path: 'exams/:bookingId',
            title: 'Your exam',
            canActivate: [candidateOrIndividualGuard],
            loadComponent: () =>
              import('./pages/exam-room/exam-room-page.component').then((m) => m.ExamRoomPageComponent),
          },
          {
            path: 'open-sessions',
            title: 'Open sessions',
            // anyone signed in: members of the public book a seat with a voucher they bought
            loadComponent: () =>
              import('./pages/open-sessions/open-sessions-page.component').then(
                (m) => m.OpenSessionsPageComponent,
              ),
          },
          {
            path: 'blocks',
            title: 'My blocks',
            canActivate: [institutionRoleGuard('proctor')],
            loadComponent: () =>
              import('./pages/my-blocks/my-blocks-page.component').then((m) => m.MyBlocksPageComponent),
          },
        ],
      },
      {
        path: 'institution',
        children: [
          {
            path: 'centres',
            title: 'Testing centres',
            canActivate: [institutionRoleGuard('institution_admin')],
            loadComponent: () =>
              import('./pages/centres/centres-page.component').then((m) => m.CentresPageComponent),
          },
          {
            path: 'centres/:id',
            title: 'Testing centre',
            canActivate: [institutionRoleGuard('institution_admin', { operatorToo: true })],
            loadComponent: () =>
              import('./pages/centre-detail/centre-detail-page.component').then(
                (m) => m.CentreDetailPageComponent,
              ),
          },
          {
            path: 'vouchers',
            title: 'Vouchers',
            canActivate: [institutionRoleGuard('institution_admin')],
            loadComponent: () =>
              import('./pages/vouchers/vouchers-page.component').then((m) => m.VouchersPageComponent),
          },
          {
            path: 'vouchers/report',
            title: 'Voucher utilisation',
            canActivate: [institutionRoleGuard('institution_admin')],
            loadComponent: () =>
              import('./pages/voucher-report/voucher-report-page.component').then(
                (m) => m.VoucherReportPageComponent,
              ),
          },
          {
            path: 'calendar',
            title: 'Book exam blocks',
            canActivate: [institutionRoleGuard(BOOKERS)],
            loadComponent: () =>
              import('./pages/calendar/calendar-page.component').then((m) => m.CalendarPageComponent),
          },
          {
            path: 'bookings',
            title: 'My bookings',
            canActivate: [institutionRoleGuard(BOOKERS)],
            loadComponent: () =>
              import('./pages/bookings/bookings-page.component').then((m) => m.BookingsPageComponent),
          },
          {
            path: 'bookings/:id',
            title: 'Exam block',
            // its proctors open it too: the roster is whom they check in
            canActivate: [institutionRoleGuard([...BOOKERS, 'proctor'], { operatorToo: true })],
            loadComponent: () =>
              import('./pages/booking-detail/booking-detail-page.component').then(
                (m) => m.BookingDetailPageComponent,
              ),
          },
          {
            path: 'members',
            title: 'Members & invitations',
            canActivate: [institutionRoleGuard('institution_admin')],
            loadComponent: () =>
              import('./pages/members/members-page.component').then((m) => m.MembersPageComponent),
          },
          {
            path: 'audit',
            title: 'Audit log',
            data: { scope: 'institution' },
            canActivate: [institutionRoleGuard('institution_admin')],
            loadComponent: () =>
              import('./pages/audit/audit-page.component').then((m) => m.AuditPageComponent),
          },
        ],
      },
    ],
  },
  {
    path: '**',
    title: 'Not found',
    loadComponent: () =>
      import('./pages/not-found/not-found-page.component').then((m) => m.NotFoundPageComponent),
  },
];

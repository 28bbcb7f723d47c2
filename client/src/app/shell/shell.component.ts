import { BreakpointObserver } from '@angular/cdk/layout';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { MatButton, MatIconButton } from '@angular/material/button';
import { MatDivider } from '@angular/material/divider';
import { MatListModule } from '@angular/material/list';
import { MatMenuModule } from '@angular/material/menu';
import { MatSelectModule } from '@angular/material/select';
import { MatSidenavModule } from '@angular/material/sidenav';
import { MatToolbar } from '@angular/material/toolbar';
import { NavigationEnd, Router, RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { filter, map } from 'rxjs';
import { AuthService } from '../core/auth/auth.service';
import { InstitutionContext } from '../core/context/institution-context.service';
import { ROLE_LABELS } from '../core/format/labels';
import { buildNavigation, landingPath } from '../core/navigation/navigation';
import { BrandComponent } from './brand.component';

/** The signed-in frame: top bar (product, institution, user) and role-aware side navigation. */
@Component({
  selector: 'inv-shell',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    RouterOutlet,
    RouterLink,
    RouterLinkActive,
    MatToolbar,
    MatSidenavModule,
    MatListModule,
    MatMenuModule,
    MatSelectModule,
    MatButton,
    MatIconButton,
    MatDivider,
    BrandComponent,
  ],
  templateUrl: './shell.component.html',
  styleUrl: './shell.component.scss',
})
export class ShellComponent {
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  protected readonly context = inject(InstitutionContext);
  protected readonly user = this.auth.user;
  protected readonly roleLabels = ROLE_LABELS;

  protected readonly narrow = toSignal(
    inject(BreakpointObserver)
      .observe('(max-width: 900px)')
      .pipe(map((state) => state.matches)),
    { initialValue: false },
  );
  protected readonly menuOpen = signal(false);
  protected readonly sidenavOpened = computed(() => !this.narrow() || this.menuOpen());

  protected readonly sections = computed(() =>
    buildNavigation(this.auth.memberships(), this.context.institutionId()),
  );

  /** Platform-wide and body roles, shown under the user's name. */
  protected readonly roleSummary = computed(() => {
    const labels = new Set<string>();
    for (const m of this.auth.memberships()) {
      if (m.role === 'platform_operator') labels.add(ROLE_LABELS.platform_operator);
      if (m.role === 'certification_body_admin')
        labels.add(`Admin, ${m.certificationBodyName ?? 'certification body'}`);
    }
    for (const role of this.context.roles()) labels.add(ROLE_LABELS[role]);
    return [...labels].join(' · ');
  });

  constructor() {
    this.router.events
      .pipe(
        filter((e) => e instanceof NavigationEnd),
        takeUntilDestroyed(),
      )
      .subscribe(() => this.menuOpen.set(false));
  }

  protected chooseInstitution(id: string): void {
    this.context.select(id);
    // the current page may not exist for the roles held there: start from that institution's landing page
    void this.router.navigateByUrl(landingPath(this.auth.memberships(), id));
  }

  protected toggleMenu(): void {
    this.menuOpen.update((open) => !open);
  }

  protected signOut(): void {
    this.auth.signOut('user');
  }
}

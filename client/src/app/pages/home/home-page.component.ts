import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { RouterLink } from '@angular/router';
import { CentresApi } from '../../core/api/centres.api';
import { AuthService } from '../../core/auth/auth.service';
import { InstitutionContext } from '../../core/context/institution-context.service';
import { remote } from '../../core/data/remote';
import { accreditationTone, totalSeats } from '../../core/format/accreditation';
import { MoneyPipe } from '../../core/format/format.pipes';
import { ACCESS_POLICY_LABELS, ACCREDITATION_LABELS, ROLE_LABELS } from '../../core/format/labels';
import { summarizeOpeningHours } from '../../core/format/opening-hours';
import { ProblemComponent } from '../../core/problem/problem.component';
import { EmptyStateComponent } from '../../core/ui/empty-state.component';
import { LoadingComponent } from '../../core/ui/loading.component';
import { PageHeaderComponent } from '../../core/ui/page-header.component';
import { StatusChipComponent } from '../../core/ui/status-chip.component';

/** Everyone's start page: where they belong, in which roles, and their institution's centres. */
@Component({
  selector: 'inv-home-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    RouterLink,
    ProblemComponent,
    EmptyStateComponent,
    LoadingComponent,
    PageHeaderComponent,
    StatusChipComponent,
    MoneyPipe,
  ],
  templateUrl: './home-page.component.html',
  styles: `
    .memberships {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(260px, 1fr));
      gap: 12px;
    }
    .membership {
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 10px;
      padding: 14px 16px;
    }
    .membership.current {
      border-color: var(--mat-sys-primary);
      box-shadow: inset 0 0 0 1px var(--mat-sys-primary);
    }
    .membership .name {
      font: var(--mat-sys-title-medium);
      margin-bottom: 8px;
    }
  `,
})
export class HomePageComponent {
  private readonly auth = inject(AuthService);
  private readonly centresApi = inject(CentresApi);
  protected readonly context = inject(InstitutionContext);
  protected readonly roleLabels = ROLE_LABELS;
  protected readonly policyLabels = ACCESS_POLICY_LABELS;
  protected readonly statusLabels = ACCREDITATION_LABELS;
  protected readonly tone = accreditationTone;
  protected readonly seats = totalSeats;
  protected readonly hours = summarizeOpeningHours;

  protected readonly greeting = computed(() => `Welcome, ${this.auth.user()?.displayName ?? ''}`);
  protected readonly platformRoles = computed(() =>
    this.auth
      .memberships()
      .filter((m) => m.institutionId === null)
      .map((m) => ({
        role: ROLE_LABELS[m.role],
        where: m.certificationBodyName ?? 'Invigil platform',
      })),
  );
  protected readonly centres = remote(
    () => this.context.institutionId() ?? undefined,
    (id) => this.centresApi.forInstitution(id),
  );
}

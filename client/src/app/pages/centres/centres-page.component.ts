import { ChangeDetectionStrategy, Component, computed, inject, signal, viewChild } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { Router, RouterLink } from '@angular/router';
import type { CreateCentreRequest } from '@invigil/contracts';
import { catchError, of } from 'rxjs';
import { CentresApi } from '../../core/api/centres.api';
import { InstitutionsApi } from '../../core/api/institutions.api';
import { InstitutionContext } from '../../core/context/institution-context.service';
import { action, remote } from '../../core/data/remote';
import { accreditationTone, totalSeats } from '../../core/format/accreditation';
import { MoneyPipe } from '../../core/format/format.pipes';
import { ACCESS_POLICY_LABELS, ACCREDITATION_LABELS } from '../../core/format/labels';
import { currencyForCountry } from '../../core/format/money';
import { summarizeOpeningHours } from '../../core/format/opening-hours';
import { ProblemComponent } from '../../core/problem/problem.component';
import { EmptyStateComponent } from '../../core/ui/empty-state.component';
import { LoadingComponent } from '../../core/ui/loading.component';
import { Notifier } from '../../core/ui/notifier.service';
import { PageHeaderComponent } from '../../core/ui/page-header.component';
import { StatusChipComponent } from '../../core/ui/status-chip.component';
import { CentreFormComponent, CentreFormDefaults } from './centre-form.component';

/** An institution admin's testing centres, and creating a new one. */
@Component({
  selector: 'inv-centres-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    RouterLink,
    MatButton,
    CentreFormComponent,
    ProblemComponent,
    EmptyStateComponent,
    LoadingComponent,
    PageHeaderComponent,
    StatusChipComponent,
    MoneyPipe,
  ],
  templateUrl: './centres-page.component.html',
})
export class CentresPageComponent {
  private readonly api = inject(CentresApi);
  private readonly institutionsApi = inject(InstitutionsApi);
  private readonly router = inject(Router);
  private readonly notifier = inject(Notifier);
  protected readonly context = inject(InstitutionContext);

  protected readonly policyLabels = ACCESS_POLICY_LABELS;
  protected readonly statusLabels = ACCREDITATION_LABELS;
  protected readonly tone = accreditationTone;
  protected readonly seats = totalSeats;
  protected readonly hours = summarizeOpeningHours;

  private readonly institutionId = computed(() => this.context.institutionId() ?? undefined);
  protected readonly centres = remote(this.institutionId, (id) => this.api.forInstitution(id));
  /** the institution's country and zone make good defaults for a new centre */
  private readonly institution = remote(this.institutionId, (id) =>
    this.institutionsApi.get(id).pipe(catchError(() => of(null))),
  );
  protected readonly defaults = computed<CentreFormDefaults | null>(() => {
    const i = this.institution.value();
    return i ? { country: i.country, timeZone: i.timeZone, currency: currencyForCountry(i.country) } : null;
  });

  protected readonly creating = signal(false);
  protected readonly create = action();
  private readonly form = viewChild(CentreFormComponent);

  protected startCreating(): void {
    this.create.clear();
    this.creating.set(true);
  }

  protected submit(request: CreateCentreRequest): void {
    const institutionId = this.institutionId();
    if (!institutionId) return;
    this.create.run(
      this.api.create(institutionId, request),
      (centre) => {
        this.notifier.success(`Centre "${centre.name}" created; add its labs and opening hours next`);
        void this.router.navigate(['/institution/centres', centre.id]);
      },
      (problem) => this.form()?.showProblem(problem),
    );
  }
}

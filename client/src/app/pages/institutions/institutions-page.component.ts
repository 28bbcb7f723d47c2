import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatPaginator, PageEvent } from '@angular/material/paginator';
import { MatSelectModule } from '@angular/material/select';
import type { InstitutionKind } from '@invigil/contracts';
import { InstitutionsApi } from '../../core/api/institutions.api';
import { action, remote } from '../../core/data/remote';
import { INSTITUTION_KIND_LABELS, INSTITUTION_KINDS } from '../../core/format/labels';
import { timeZoneValidator } from '../../core/format/time-zones';
import { applyFieldErrors } from '../../core/problem/problem';
import { ProblemComponent } from '../../core/problem/problem.component';
import { EmptyStateComponent } from '../../core/ui/empty-state.component';
import { LoadingComponent } from '../../core/ui/loading.component';
import { Notifier } from '../../core/ui/notifier.service';
import { PageHeaderComponent } from '../../core/ui/page-header.component';
import { TimeZoneFieldComponent } from '../../core/ui/time-zone-field.component';

/** The operator signs institutions: each starts with one invited admin. */
@Component({
  selector: 'inv-institutions-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ReactiveFormsModule,
    MatFormFieldModule,
    MatInput,
    MatSelectModule,
    MatButton,
    MatPaginator,
    ProblemComponent,
    EmptyStateComponent,
    LoadingComponent,
    PageHeaderComponent,
    TimeZoneFieldComponent,
  ],
  templateUrl: './institutions-page.component.html',
})
export class InstitutionsPageComponent {
  private readonly api = inject(InstitutionsApi);
  private readonly notifier = inject(Notifier);
  private readonly fb = inject(FormBuilder).nonNullable;

  protected readonly kinds = INSTITUTION_KINDS;
  protected readonly kindLabels = INSTITUTION_KIND_LABELS;
  protected readonly page = signal({ limit: 50, offset: 0 });
  protected readonly institutions = remote(
    () => this.page(),
    (page) => this.api.list(page),
  );
  protected readonly creating = signal(false);
  protected readonly create = action();

  protected readonly form = this.fb.group({
    name: ['', [Validators.required, Validators.maxLength(200)]],
    kind: this.fb.control<InstitutionKind>('college', Validators.required),
    country: ['', [Validators.required, Validators.pattern(/^[A-Za-z]{2}$/)]],
    timeZone: ['', [Validators.required, timeZoneValidator]],
    adminEmail: ['', [Validators.required, Validators.email, Validators.maxLength(254)]],
  });

  protected submit(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const v = this.form.getRawValue();
    this.create.run(
      this.api.create({
        name: v.name.trim(),
        kind: v.kind,
        country: v.country.trim().toUpperCase(),
        timeZone: v.timeZone.trim(),
        adminEmail: v.adminEmail.trim(),
      }),
      (institution) => {
        this.notifier.success(`${institution.name} created; an invitation went to ${v.adminEmail.trim()}`);
        this.form.reset({ kind: 'college' });
        this.creating.set(false);
        this.institutions.reload();
      },
      (problem) => applyFieldErrors(this.form, problem),
    );
  }

  protected changePage(event: PageEvent): void {
    this.page.set({ limit: event.pageSize, offset: event.pageIndex * event.pageSize });
  }
}

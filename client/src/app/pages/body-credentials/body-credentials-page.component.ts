import { ChangeDetectionStrategy, Component, computed, inject, signal, viewChild } from '@angular/core';
import { MatButton } from '@angular/material/button';
import type { CreateCredentialRequest, CredentialDto } from '@invigil/contracts';
import { CatalogueApi } from '../../core/api/catalogue.api';
import { BodyContext } from '../../core/context/body-context.service';
import { action, remote, remoteOnce } from '../../core/data/remote';
import { LEVEL_LABELS } from '../../core/format/labels';
import { ProblemComponent } from '../../core/problem/problem.component';
import { EmptyStateComponent } from '../../core/ui/empty-state.component';
import { LoadingComponent } from '../../core/ui/loading.component';
import { Notifier } from '../../core/ui/notifier.service';
import { PageHeaderComponent } from '../../core/ui/page-header.component';
import { StatusChipComponent } from '../../core/ui/status-chip.component';
import { BodyPickerComponent } from '../body-exams/body-picker.component';
import { CredentialFormComponent } from './credential-form.component';

/** A certification body's credentials and the stacking rules that earn them. */
@Component({
  selector: 'inv-body-credentials-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    MatButton,
    CredentialFormComponent,
    BodyPickerComponent,
    ProblemComponent,
    EmptyStateComponent,
    LoadingComponent,
    PageHeaderComponent,
    StatusChipComponent,
  ],
  templateUrl: './body-credentials-page.component.html',
})
export class BodyCredentialsPageComponent {
  private readonly api = inject(CatalogueApi);
  private readonly notifier = inject(Notifier);
  protected readonly bodyContext = inject(BodyContext);
  protected readonly levelLabels = LEVEL_LABELS;

  protected readonly allBodies = remoteOnce(() => this.api.bodies());
  protected readonly bodies = computed(() => this.bodyContext.manageable(this.allBodies.value() ?? []));
  protected readonly body = computed(() => {
    this.bodyContext.chosenId();
    return this.bodyContext.current(this.bodies());
  });
  protected readonly credentials = remote(
    () => this.body()?.id,
    (id) => this.api.credentials(id),
  );
  protected readonly exams = remote(
    () => this.body()?.id,
    (id) => this.api.exams({ certificationBodyId: id }),
  );

  protected readonly editing = signal<CredentialDto | 'new' | null>(null);
  protected readonly editedCredential = computed(() => {
    const e = this.editing();
    return e === 'new' ? null : e;
  });
  protected readonly formHeading = computed(() => {
    const c = this.editedCredential();
    return c ? `Edit ${c.title}` : `New credential for ${this.body()?.name ?? 'the body'}`;
  });
  protected readonly save = action();
  private readonly form = viewChild(CredentialFormComponent);

  protected open(credential: CredentialDto | 'new'): void {
    this.save.clear();
    this.editing.set(credential);
  }

  protected submit(request: CreateCredentialRequest): void {
    const body = this.body();
    const editing = this.editing();
    if (!body || !editing) return;
    const request$ =
      editing === 'new'
        ? this.api.createCredential(body.id, request)
        : this.api.replaceCredential(editing.id, request);
    this.save.run(
      request$,
      (credential) => {
        this.notifier.success(`${credential.title} saved`);
        this.editing.set(null);
        this.credentials.reload();
      },
      (problem) => this.form()?.showProblem(problem),
    );
  }
}

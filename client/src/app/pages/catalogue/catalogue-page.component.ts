import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormBuilder, FormControl, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatExpansionModule } from '@angular/material/expansion';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { MatTabsModule } from '@angular/material/tabs';
import type { CertificationBodyDto, ExamLevel } from '@invigil/contracts';
import { debounceTime, distinctUntilChanged } from 'rxjs';
import { CatalogueApi } from '../../core/api/catalogue.api';
import { InstitutionsApi } from '../../core/api/institutions.api';
import { AuthService } from '../../core/auth/auth.service';
import { action, remote, remoteOnce } from '../../core/data/remote';
import { DELIVERY_MODE_LABELS, EXAM_LEVELS, LEVEL_LABELS } from '../../core/format/labels';
import { applyFieldErrors } from '../../core/problem/problem';
import { ProblemComponent } from '../../core/problem/problem.component';
import { ConfirmService } from '../../core/ui/confirm.service';
import { EmptyStateComponent } from '../../core/ui/empty-state.component';
import { LoadingComponent } from '../../core/ui/loading.component';
import { Notifier } from '../../core/ui/notifier.service';
import { PageHeaderComponent } from '../../core/ui/page-header.component';
import { StatusChipComponent } from '../../core/ui/status-chip.component';

/** Certification bodies, their exams (with objectives) and the credentials a pass earns. */
@Component({
  selector: 'inv-catalogue-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ReactiveFormsModule,
    MatTabsModule,
    MatFormFieldModule,
    MatInput,
    MatSelectModule,
    MatButton,
    MatExpansionModule,
    ProblemComponent,
    EmptyStateComponent,
    LoadingComponent,
    PageHeaderComponent,
    StatusChipComponent,
  ],
  templateUrl: './catalogue-page.component.html',
  styleUrl: './catalogue-page.component.scss',
})
export class CataloguePageComponent {
  private readonly api = inject(CatalogueApi);
  private readonly institutionsApi = inject(InstitutionsApi);
  private readonly auth = inject(AuthService);
  private readonly confirm = inject(ConfirmService);
  private readonly notifier = inject(Notifier);
  private readonly fb = inject(FormBuilder).nonNullable;

  protected readonly isOperator = computed(() => this.auth.hasRole('platform_operator'));
  protected readonly levels = EXAM_LEVELS;
  protected readonly levelLabels = LEVEL_LABELS;
  protected readonly modeLabels = DELIVERY_MODE_LABELS;

  protected readonly bodies = remoteOnce(() => this.api.bodies());
  protected readonly bodyNames = computed(
    () => new Map((this.bodies.value() ?? []).map((b) => [b.id, b.name] as const)),
  );

  // exams, filtered by body, level and text
  protected readonly examBody = new FormControl<string>('', { nonNullable: true });
  protected readonly examLevel = new FormControl<ExamLevel | ''>('', { nonNullable: true });
  protected readonly examQuery = new FormControl('', { nonNullable: true });
  private readonly examFilter = {
    body: toSignal(this.examBody.valueChanges, { initialValue: '' }),
    level: toSignal(this.examLevel.valueChanges, { initialValue: '' as ExamLevel | '' }),
    q: toSignal(this.examQuery.valueChanges.pipe(debounceTime(250), distinctUntilChanged()), {
      initialValue: '',
    }),
  };
  protected readonly exams = remote(
    () => ({
      certificationBodyId: this.examFilter.body() || null,
      level: this.examFilter.level() || null,
      q: this.examFilter.q().trim() || null,
    }),
    (filter) => this.api.exams(filter),
  );

  // credentials, filtered by body
  protected readonly credentialBody = new FormControl<string>('', { nonNullable: true });
  private readonly credentialBodyValue = toSignal(this.credentialBody.valueChanges, { initialValue: '' });
  protected readonly credentials = remote(
    () => ({ body: this.credentialBodyValue() || null }),
    ({ body }) => this.api.credentials(body),
  );

  // the operator adds bodies and invites their admins
  protected readonly creatingBody = signal(false);
  protected readonly bodyForm = this.fb.group({
    code: ['', [Validators.required, Validators.pattern(/^[a-z0-9][a-z0-9-]{1,39}$/)]],
    name: ['', [Validators.required, Validators.maxLength(200)]],
    website: ['', Validators.pattern(/^https?:\/\/\S+$/)],
  });
  protected readonly bodyWrite = action();

  protected createBody(): void {
    if (this.bodyForm.invalid) {
      this.bodyForm.markAllAsTouched();
      return;
    }
    const v = this.bodyForm.getRawValue();
    this.bodyWrite.run(
      this.api.createBody({
        code: v.code.trim(),
        name: v.name.trim(),
        ...(v.website.trim() ? { website: v.website.trim() } : {}),
      }),
      (body) => {
        this.notifier.success(`${body.name} added`);
        this.bodyForm.reset();
        this.creatingBody.set(false);
        this.bodies.reload();
      },
      (problem) => applyFieldErrors(this.bodyForm, problem),
    );
  }

  protected inviteAdmin(body: CertificationBodyDto): void {
    this.confirm
      .ask({
        title: `Invite an admin for ${body.name}`,
        message: 'They will manage the body’s exams and credentials.',
        confirmLabel: 'Send invitation',
        input: { label: 'Email', required: true, type: 'email' },
      })
      .subscribe((email) =>
        this.bodyWrite.run(this.institutionsApi.inviteBodyAdmin(body.id, { email }), (invitation) =>
          this.notifier.success(`Invitation sent to ${invitation.email}`),
        ),
      );
  }
}

import { ChangeDetectionStrategy, Component, computed, effect, inject } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { CatalogueApi } from '../../core/api/catalogue.api';
import { VouchersApi } from '../../core/api/vouchers.api';
import { BodyContext } from '../../core/context/body-context.service';
import { action, remote, remoteOnce } from '../../core/data/remote';
import { applyFieldErrors } from '../../core/problem/problem';
import { ProblemComponent } from '../../core/problem/problem.component';
import { LoadingComponent } from '../../core/ui/loading.component';
import { Notifier } from '../../core/ui/notifier.service';
import { PageHeaderComponent } from '../../core/ui/page-header.component';
import { BodyPickerComponent } from '../body-exams/body-picker.component';

/** A certification body's retake policy: waits after failed attempts and a yearly limit. */
@Component({
  selector: 'inv-retake-policy-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ReactiveFormsModule,
    MatFormFieldModule,
    MatInput,
    MatButton,
    BodyPickerComponent,
    ProblemComponent,
    LoadingComponent,
    PageHeaderComponent,
  ],
  template: `
    <div class="page">
      <inv-page-header
        heading="Retake policy"
        subtitle="How soon a candidate may sit an exam of the body again after failing it, and how often a year. Checked when a voucher is used to book."
      >
        <inv-body-picker [bodies]="bodies()" [selected]="body()" (chosen)="bodyContext.select($event)" />
      </inv-page-header>
      <inv-problem [problem]="allBodies.problem()" />
      <inv-problem [problem]="policy.problem()" />
      <section class="panel">
        @if (policy.loading() && !policy.value()) {
          <inv-loading label="Loading the policy…" />
        } @else if (policy.value()) {
          <inv-problem [problem]="save.problem()" />
          <form [formGroup]="form" (ngSubmit)="submit()" novalidate class="form-grid">
            <mat-form-field>
              <mat-label>Wait after a first failed attempt (hours)</mat-label>
              <input
                matInput
                type="number"
                min="0"
                step="1"
                formControlName="waitHoursAfterFirstFailure"
                data-testid="retake-first"
              />
              <mat-hint>e.g. 24</mat-hint>
              @if (form.controls.waitHoursAfterFirstFailure.invalid) {
                <mat-error>{{
                  form.controls.waitHoursAfterFirstFailure.getError('server') ?? '0 to 8,760 hours'
                }}</mat-error>
              }
            </mat-form-field>
            <mat-form-field>
              <mat-label>Wait after a third failed attempt (hours)</mat-label>
              <input
                matInput
                type="number"
                min="0"
                step="1"
                formControlName="waitHoursAfterThirdFailure"
                data-testid="retake-third"
              />
              <mat-hint>e.g. 48</mat-hint>
              @if (form.controls.waitHoursAfterThirdFailure.invalid) {
                <mat-error>{{
                  form.controls.waitHoursAfterThirdFailure.getError('server') ?? '0 to 8,760 hours'
                }}</mat-error>
              }
            </mat-form-field>
            <mat-form-field>
              <mat-label>Attempts a year at most</mat-label>
              <input
                matInput
                type="number"
                min="1"
                max="100"
                step="1"
                formControlName="maxAttemptsPerYear"
                data-testid="retake-max"
              />
              <mat-hint>Leave empty for no limit</mat-hint>
              @if (form.controls.maxAttemptsPerYear.invalid) {
                <mat-error>{{
                  form.controls.maxAttemptsPerYear.getError('server') ?? '1 to 100, or empty'
                }}</mat-error>
              }
            </mat-form-field>
            <div class="span-all row">
              <span class="spacer"></span>
              <button mat-flat-button type="submit" [disabled]="save.pending()" data-testid="retake-save">
                {{ save.pending() ? 'Saving…' : 'Save policy' }}
              </button>
            </div>
          </form>
        }
      </section>
    </div>
  `,
})
export class RetakePolicyPageComponent {
  private readonly api = inject(VouchersApi);
  private readonly catalogue = inject(CatalogueApi);
  private readonly notifier = inject(Notifier);
  private readonly fb = inject(FormBuilder);
  protected readonly bodyContext = inject(BodyContext);

  protected readonly allBodies = remoteOnce(() => this.catalogue.bodies());
  protected readonly bodies = computed(() => this.bodyContext.manageable(this.allBodies.value() ?? []));
  protected readonly body = computed(() => {
    this.bodyContext.chosenId();
    return this.bodyContext.current(this.bodies());
  });
  protected readonly policy = remote(
    () => this.body()?.id,
    (id) => this.api.retakePolicy(id),
  );
  protected readonly form = this.fb.group({
    waitHoursAfterFirstFailure: this.fb.nonNullable.control(24, [
      Validators.required,
      Validators.min(0),
      Validators.max(8760),
    ]),
    waitHoursAfterThirdFailure: this.fb.nonNullable.control(48, [
      Validators.required,
      Validators.min(0),
      Validators.max(8760),
    ]),
    maxAttemptsPerYear: this.fb.control<number | null>(null, [Validators.min(1), Validators.max(100)]),
  });
  protected readonly save = action();

  constructor() {
    effect(() => {
      const p = this.policy.value();
      if (p) {
        this.form.reset({
          waitHoursAfterFirstFailure: p.waitHoursAfterFirstFailure,
          waitHoursAfterThirdFailure: p.waitHoursAfterThirdFailure,
          maxAttemptsPerYear: p.maxAttemptsPerYear,
        });
      }
    });
  }

  protected submit(): void {
    const body = this.body();
    if (!body || this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const v = this.form.getRawValue();
    this.save.run(
      this.api.setRetakePolicy(body.id, {
        waitHoursAfterFirstFailure: Number(v.waitHoursAfterFirstFailure),
        waitHoursAfterThirdFailure: Number(v.waitHoursAfterThirdFailure),
        // an emptied number input gives null (or '' in some browsers): no yearly limit
        maxAttemptsPerYear:
          v.maxAttemptsPerYear === null || String(v.maxAttemptsPerYear) === ''
            ? null
            : Number(v.maxAttemptsPerYear),
      }),
      (saved) => {
        this.policy.set(saved);
        this.notifier.success(`Retake policy of ${body.name} saved`);
      },
      (problem) => applyFieldErrors(this.form, problem),
    );
  }
}

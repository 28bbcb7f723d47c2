import { ChangeDetectionStrategy, Component, effect, inject, input } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { SchedulingApi } from '../../core/api/scheduling.api';
import { action, remote } from '../../core/data/remote';
import { applyFieldErrors } from '../../core/problem/problem';
import { ProblemComponent } from '../../core/problem/problem.component';
import { Notifier } from '../../core/ui/notifier.service';

const optionalDays = (value: number | null | string): number | null =>
  value === null || value === '' ? null : Number(value);

/** An institution admin's own booking window: only stricter than the platform's. */
@Component({
  selector: 'inv-booking-rules-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatButton, MatFormFieldModule, MatInput, ProblemComponent],
  template: `
    <section class="panel" data-testid="booking-rules-panel">
      <div class="panel-header"><h2>Booking rules</h2></div>
      <inv-problem [problem]="rules.problem() ?? save.problem()" />
      @if (rules.value(); as r) {
        <p class="muted">
          In force: at least {{ r.effective.minLeadDays }} days ahead ({{ r.effective.peakMinLeadDays }} in
          peak periods), at most {{ r.effective.maxHorizonDays }} days. Leave a field empty to use the
          platform's value; yours may only be stricter.
        </p>
        <form class="form-grid" [formGroup]="form" (ngSubmit)="submit()" novalidate>
          <mat-form-field>
            <mat-label>Lead time (days)</mat-label>
            <input matInput type="number" min="0" formControlName="minLeadDays" data-testid="rules-lead" />
            @if (form.controls.minLeadDays.hasError('server')) {
              <mat-error>{{ form.controls.minLeadDays.getError('server') }}</mat-error>
            }
          </mat-form-field>
          <mat-form-field>
            <mat-label>Lead time in peak periods (days)</mat-label>
            <input
              matInput
              type="number"
              min="0"
              formControlName="peakMinLeadDays"
              data-testid="rules-peak"
            />
            @if (form.controls.peakMinLeadDays.hasError('server')) {
              <mat-error>{{ form.controls.peakMinLeadDays.getError('server') }}</mat-error>
            }
          </mat-form-field>
          <mat-form-field>
            <mat-label>Horizon (days)</mat-label>
            <input
              matInput
              type="number"
              min="1"
              formControlName="maxHorizonDays"
              data-testid="rules-horizon"
            />
            @if (form.controls.maxHorizonDays.hasError('server')) {
              <mat-error>{{ form.controls.maxHorizonDays.getError('server') }}</mat-error>
            }
          </mat-form-field>
          <div class="actions-row">
            <button mat-stroked-button type="submit" [disabled]="save.pending()" data-testid="rules-save">
              Save rules
            </button>
          </div>
        </form>
      }
    </section>
  `,
})
export class BookingRulesPanelComponent {
  private readonly api = inject(SchedulingApi);
  private readonly notifier = inject(Notifier);
  private readonly fb = inject(FormBuilder);

  readonly institutionId = input.required<string>();
  protected readonly rules = remote(
    () => this.institutionId(),
    (id) => this.api.bookingRules(id),
  );
  protected readonly save = action();
  protected readonly form = this.fb.group({
    minLeadDays: this.fb.control<number | null>(null, [Validators.min(0), Validators.max(365)]),
    peakMinLeadDays: this.fb.control<number | null>(null, [Validators.min(0), Validators.max(365)]),
    maxHorizonDays: this.fb.control<number | null>(null, [Validators.min(1), Validators.max(730)]),
  });

  constructor() {
    effect(() => {
      const r = this.rules.value();
      if (r)
        this.form.reset({
          minLeadDays: r.minLeadDays,
          peakMinLeadDays: r.peakMinLeadDays,
          maxHorizonDays: r.maxHorizonDays,
        });
    });
  }

  protected submit(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const v = this.form.getRawValue();
    this.save.run(
      this.api.updateBookingRules(this.institutionId(), {
        minLeadDays: optionalDays(v.minLeadDays),
        peakMinLeadDays: optionalDays(v.peakMinLeadDays),
        maxHorizonDays: optionalDays(v.maxHorizonDays),
      }),
      (rules) => {
        this.rules.set(rules);
        this.notifier.success('Booking rules saved');
      },
      (problem) => applyFieldErrors(this.form, problem),
    );
  }
}

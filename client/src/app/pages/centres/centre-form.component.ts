import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  input,
  output,
  untracked,
} from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import {
  AbstractControl,
  FormBuilder,
  ReactiveFormsModule,
  ValidationErrors,
  Validators,
} from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatRadioModule } from '@angular/material/radio';
import { MatSelectModule } from '@angular/material/select';
import type { AccessPolicy, CreateCentreRequest, TestingCentreDto } from '@invigil/contracts';
import { ACCESS_POLICY_LABELS } from '../../core/format/labels';
import { COMMON_CURRENCIES, fromMinorUnits, toMinorUnits } from '../../core/format/money';
import { timeZoneValidator } from '../../core/format/time-zones';
import { applyFieldErrors, ReadableProblem } from '../../core/problem/problem';
import { TimeZoneFieldComponent } from '../../core/ui/time-zone-field.component';

export interface CentreFormDefaults {
  country: string;
  currency: string;
  timeZone: string;
}

/** A proctoring fee is required (and not negative) when the centre is open to the public. */
function feeWhenPublic(group: AbstractControl): ValidationErrors | null {
  const policy = group.get('accessPolicy')?.value as AccessPolicy;
  const fee = group.get('fee');
  if (!fee) return null;
  const value = fee.value as number | null;
  const errors = { ...(fee.errors ?? {}) };
  delete errors['requiredWhenPublic'];
  if (policy === 'public' && (value === null || value === undefined || Number.isNaN(value))) {
    errors['requiredWhenPublic'] = true;
  }
  fee.setErrors(Object.keys(errors).length ? errors : null, { emitEvent: false });
  return null;
}

const regionNames = (() => {
  try {
    return new Intl.DisplayNames(undefined, { type: 'region' });
  } catch {
    return null;
  }
})();

/** Name, zone, address, access policy and fee of a centre: used to create one and to edit it. */
@Component({
  selector: 'inv-centre-form',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ReactiveFormsModule,
    MatFormFieldModule,
    MatInput,
    MatSelectModule,
    MatRadioModule,
    MatButton,
    TimeZoneFieldComponent,
  ],
  templateUrl: './centre-form.component.html',
  styles: `
    fieldset {
      border: none;
      padding: 0;
      margin: 0 0 8px;
    }
    legend {
      font: var(--mat-sys-title-small);
      color: var(--mat-sys-on-surface-variant);
      margin-bottom: 8px;
      padding: 0;
    }
    .policies {
      display: flex;
      flex-direction: column;
      gap: 2px;
      margin-bottom: 12px;
    }
  `,
})
export class CentreFormComponent {
  /** the centre being edited; absent when creating */
  readonly centre = input<TestingCentreDto | null>(null);
  readonly defaults = input<CentreFormDefaults | null>(null);
  readonly submitLabel = input('Save');
  readonly pending = input(false);
  readonly submitted = output<CreateCentreRequest>();
  readonly cancelled = output();

  protected readonly policyLabels = ACCESS_POLICY_LABELS;
  protected readonly policies: AccessPolicy[] = ['members_only', 'public'];
  protected readonly currencies = COMMON_CURRENCIES;

  private readonly fb = inject(FormBuilder).nonNullable;
  readonly form = this.fb.group(
    {
      name: ['', [Validators.required, Validators.maxLength(200)]],
      timeZone: ['', [Validators.required, timeZoneValidator]],
      address: this.fb.group({
        line1: ['', [Validators.required, Validators.maxLength(200)]],
        line2: ['', Validators.maxLength(200)],
        city: ['', [Validators.required, Validators.maxLength(120)]],
        region: ['', Validators.maxLength(120)],
        postalCode: ['', Validators.maxLength(20)],
        country: ['', [Validators.required, Validators.pattern(/^[A-Za-z]{2}$/)]],
      }),
      accessPolicy: this.fb.control<AccessPolicy>('members_only', Validators.required),
      currency: ['CAD', [Validators.required, Validators.pattern(/^[A-Z]{3}$/)]],
      fee: this.fb.control<number | null>(null, Validators.min(0)),
    },
    { validators: feeWhenPublic },
  );

  private readonly policy = toSignal(this.form.controls.accessPolicy.valueChanges, {
    initialValue: this.form.controls.accessPolicy.value,
  });
  protected readonly isPublic = computed(() => this.policy() === 'public');
  private readonly country = toSignal(this.form.controls.address.controls.country.valueChanges, {
    initialValue: '',
  });
  protected readonly countryName = computed(() => {
    const code = this.country().trim().toUpperCase();
    if (!/^[A-Z]{2}$/.test(code)) return null;
    const name = regionNames?.of(code);
    return name && name !== code ? name : null;
  });

  constructor() {
    effect(() => {
      const centre = this.centre();
      const defaults = this.defaults();
      untracked(() => this.fill(centre, defaults));
    });
  }

  private fill(centre: TestingCentreDto | null, defaults: CentreFormDefaults | null): void {
    if (centre) {
      this.form.reset({
        name: centre.name,
        timeZone: centre.timeZone,
        address: {
          line1: centre.address.line1,
          line2: centre.address.line2 ?? '',
          city: centre.address.city,
          region: centre.address.region ?? '',
          postalCode: centre.address.postalCode ?? '',
          country: centre.address.country,
        },
        accessPolicy: centre.accessPolicy,
        currency: centre.currency,
        fee:
          centre.publicProctoringFeeMinor === null
            ? null
            : fromMinorUnits(centre.publicProctoringFeeMinor, centre.currency),
      });
    } else if (defaults && this.form.pristine) {
      this.form.patchValue({
        timeZone: this.form.controls.timeZone.value || defaults.timeZone,
        address: { country: this.form.controls.address.controls.country.value || defaults.country },
        currency: defaults.currency,
      });
    }
  }

  /** Shows a validation problem from the server beside the fields it names. */
  showProblem(problem: ReadableProblem): void {
    applyFieldErrors(this.form, problem, { publicProctoringFeeMinor: 'fee' });
  }

  protected submit(): void {
    this.form.updateValueAndValidity();
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const v = this.form.getRawValue();
    const optional = (value: string): string | null => value.trim() || null;
    this.submitted.emit({
      name: v.name.trim(),
      timeZone: v.timeZone.trim(),
      address: {
        line1: v.address.line1.trim(),
        line2: optional(v.address.line2),
        city: v.address.city.trim(),
        region: optional(v.address.region),
        postalCode: optional(v.address.postalCode),
        country: v.address.country.trim().toUpperCase(),
      },
      accessPolicy: v.accessPolicy,
      currency: v.currency,
      publicProctoringFeeMinor:
        v.accessPolicy === 'public' && v.fee !== null ? toMinorUnits(v.fee, v.currency) : null,
    });
  }
}

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
import { MatCheckbox } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatRadioModule } from '@angular/material/radio';
import { MatSelectModule } from '@angular/material/select';
import type { CreateCredentialRequest, CredentialDto, ExamDto, ExamLevel } from '@invigil/contracts';
import { EXAM_LEVELS, LEVEL_LABELS } from '../../core/format/labels';
import { applyFieldErrors, ReadableProblem } from '../../core/problem/problem';
import { describeRule } from './rule-summary';

export const CREDENTIAL_CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,47}$/;

/** A rule needs at least one item; "any N" needs 1 ≤ N ≤ the number of items. */
function validRule(group: AbstractControl): ValidationErrors | null {
  const examIds = group.get('examIds')?.value as string[];
  const credentialIds = group.get('credentialIds')?.value as string[];
  const kind = group.get('kind')?.value as 'all' | 'any';
  const minCount = group.get('minCount')?.value as number | null;
  const count = examIds.length + credentialIds.length;
  if (count === 0) return { empty: true };
  if (kind === 'any' && (minCount === null || minCount < 1 || minCount > count))
    return { minCount: { count } };
  return null;
}

/** A credential and its stacking rule: all of, or any N of, chosen exams and other credentials. */
@Component({
  selector: 'inv-credential-form',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ReactiveFormsModule,
    MatFormFieldModule,
    MatInput,
    MatSelectModule,
    MatRadioModule,
    MatCheckbox,
    MatButton,
  ],
  templateUrl: './credential-form.component.html',
  styles: `
    fieldset {
      border: none;
      padding: 0;
      margin: 8px 0 16px;
    }
    legend {
      font: var(--mat-sys-title-small);
      color: var(--mat-sys-on-surface-variant);
      padding: 0;
      margin-bottom: 8px;
    }
    .kind {
      display: flex;
      gap: 16px;
      align-items: center;
      flex-wrap: wrap;
    }
    .kind mat-form-field {
      width: 120px;
    }
    .choices {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(280px, 1fr));
      gap: 6px 16px;
      max-height: 320px;
      overflow: auto;
      padding: 4px 0;
    }
    .summary {
      margin-top: 8px;
      padding: 10px 14px;
      border-radius: 8px;
      background: var(--mat-sys-surface-container-low);
    }
  `,
})
export class CredentialFormComponent {
  readonly credential = input<CredentialDto | null>(null);
  /** the body's exams and its other credentials the rule can name */
  readonly exams = input.required<ExamDto[]>();
  readonly credentials = input.required<CredentialDto[]>();
  readonly pending = input(false);
  readonly submitLabel = input('Save');
  readonly submitted = output<CreateCredentialRequest>();
  readonly cancelled = output();

  protected readonly levels = EXAM_LEVELS;
  protected readonly levelLabels = LEVEL_LABELS;

  private readonly fb = inject(FormBuilder).nonNullable;
  readonly form = this.fb.group({
    code: ['', [Validators.required, Validators.pattern(CREDENTIAL_CODE)]],
    title: ['', [Validators.required, Validators.maxLength(200)]],
    description: ['', Validators.maxLength(2000)],
    level: this.fb.control<ExamLevel>('associate', Validators.required),
    rule: this.fb.group(
      {
        kind: this.fb.control<'all' | 'any'>('all'),
        minCount: this.fb.control<number | null>(null),
        examIds: this.fb.control<string[]>([]),
        credentialIds: this.fb.control<string[]>([]),
      },
      { validators: validRule },
    ),
  });

  /** other credentials: a credential cannot require itself */
  protected readonly otherCredentials = computed(() =>
    this.credentials().filter((c) => c.id !== this.credential()?.id),
  );
  private readonly ruleValue = toSignal(this.form.controls.rule.valueChanges, {
    initialValue: this.form.controls.rule.getRawValue(),
  });
  protected readonly summary = computed(() => {
    const names = new Map<string, string>([
      ...this.exams().map((e) => [e.id, e.code] as const),
      ...this.credentials().map((c) => [c.id, c.title] as const),
    ]);
    const r = this.ruleValue();
    return describeRule(
      {
        kind: r.kind ?? 'all',
        minCount: r.minCount ?? null,
        examIds: r.examIds ?? [],
        credentialIds: r.credentialIds ?? [],
      },
      names,
    );
  });

  constructor() {
    effect(() => {
      const credential = this.credential();
      untracked(() => this.fill(credential));
    });
  }

  private fill(credential: CredentialDto | null): void {
    if (credential) {
      this.form.reset({
        code: credential.code,
        title: credential.title,
        description: credential.description,
        level: credential.level,
        rule: {
          kind: credential.rule.kind,
          minCount: credential.rule.minCount,
          examIds: [...credential.rule.examIds],
          credentialIds: [...credential.rule.credentialIds],
        },
      });
    } else {
      this.form.reset();
    }
  }

  protected isChosen(list: 'examIds' | 'credentialIds', id: string): boolean {
    return this.form.controls.rule.controls[list].value.includes(id);
  }

  protected toggle(list: 'examIds' | 'credentialIds', id: string, checked: boolean): void {
    const control = this.form.controls.rule.controls[list];
    const next = checked ? [...control.value, id] : control.value.filter((x) => x !== id);
    control.setValue(next);
    control.markAsDirty();
  }

  showProblem(problem: ReadableProblem): void {
    applyFieldErrors(this.form, problem);
  }

  protected submit(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const v = this.form.getRawValue();
    this.submitted.emit({
      code: v.code.trim(),
      title: v.title.trim(),
      description: v.description.trim(),
      level: v.level,
      rule: {
        kind: v.rule.kind,
        minCount: v.rule.kind === 'any' ? Number(v.rule.minCount) : null,
        examIds: v.rule.examIds,
        credentialIds: v.rule.credentialIds,
      },
    });
  }
}

import { ChangeDetectionStrategy, Component, effect, inject, input, output, untracked } from '@angular/core';
import {
  AbstractControl,
  FormArray,
  FormBuilder,
  FormControl,
  FormGroup,
  ReactiveFormsModule,
  ValidationErrors,
  Validators,
} from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatCheckbox } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { MatSlideToggle } from '@angular/material/slide-toggle';
import type { CreateExamRequest, DeliveryMode, ExamDto, ExamLevel } from '@invigil/contracts';
import { DELIVERY_MODE_LABELS, DELIVERY_MODES, EXAM_LEVELS, LEVEL_LABELS } from '../../core/format/labels';
import { applyFieldErrors, ReadableProblem } from '../../core/problem/problem';

export const EXAM_CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/;
export const OBJECTIVE_CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,19}$/;
const MAX_SCORE = 100_000;

type Objective = FormGroup<{ code: FormControl<string>; description: FormControl<string> }>;

export interface ExamFormValue extends CreateExamRequest {
  active: boolean;
}

function passBelowMax(group: AbstractControl): ValidationErrors | null {
  const pass = group.get('passingScore')?.value as number | null;
  const max = group.get('maxScore')?.value as number | null;
  return pass !== null && max !== null && pass > max ? { passAboveMax: true } : null;
}

function atLeastOneMode(group: AbstractControl): ValidationErrors | null {
  const modes = group.value as Record<DeliveryMode, boolean>;
  return Object.values(modes).some(Boolean) ? null : { noMode: true };
}

function uniqueCodes(array: AbstractControl): ValidationErrors | null {
  const codes = (array.value as { code: string }[]).map((o) => o.code.trim().toLowerCase()).filter(Boolean);
  return new Set(codes).size === codes.length ? null : { duplicateCodes: true };
}

/** An exam's definition: code, title, level, timing, scoring, delivery modes and objectives. */
@Component({
  selector: 'inv-exam-form',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ReactiveFormsModule,
    MatFormFieldModule,
    MatInput,
    MatSelectModule,
    MatCheckbox,
    MatSlideToggle,
    MatButton,
  ],
  templateUrl: './exam-form.component.html',
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
      margin-bottom: 4px;
    }
    .modes {
      display: flex;
      gap: 16px;
      flex-wrap: wrap;
    }
    .objective {
      margin-bottom: 8px;
      display: grid;
      grid-template-columns: 32px 140px minmax(0, 1fr) auto;
      gap: 8px;
      align-items: start;
    }
    .objective .index {
      padding-top: 16px;
      color: var(--mat-sys-on-surface-variant);
      text-align: right;
    }
    .objective .buttons {
      display: flex;
      padding-top: 6px;
    }
    .objective .buttons button {
      min-width: 0;
      padding: 0 8px;
    }
  `,
})
export class ExamFormComponent {
  readonly exam = input<ExamDto | null>(null);
  readonly pending = input(false);
  readonly submitLabel = input('Save');
  readonly submitted = output<ExamFormValue>();
  readonly cancelled = output();

  protected readonly levels = EXAM_LEVELS;
  protected readonly levelLabels = LEVEL_LABELS;
  protected readonly modes = DELIVERY_MODES;
  protected readonly modeLabels = DELIVERY_MODE_LABELS;

  private readonly fb = inject(FormBuilder).nonNullable;
  readonly form = this.fb.group(
    {
      code: ['', [Validators.required, Validators.pattern(EXAM_CODE)]],
      title: ['', [Validators.required, Validators.maxLength(200)]],
      level: this.fb.control<ExamLevel>('associate', Validators.required),
      durationMinutes: this.fb.control<number | null>(50, [
        Validators.required,
        Validators.min(5),
        Validators.max(480),
      ]),
      passingScore: this.fb.control<number | null>(700, [
        Validators.required,
        Validators.min(0),
        Validators.max(MAX_SCORE),
      ]),
      maxScore: this.fb.control<number | null>(1000, [
        Validators.required,
        Validators.min(1),
        Validators.max(MAX_SCORE),
      ]),
      deliveryModes: this.fb.group(
        { in_lab: [true], virtual_lab: [false], online_proctored: [false] },
        { validators: atLeastOneMode },
      ),
      objectives: this.fb.array<Objective>([], { validators: uniqueCodes }),
      active: [true],
    },
    { validators: passBelowMax },
  );

  constructor() {
    effect(() => {
      const exam = this.exam();
      untracked(() => this.fill(exam));
    });
  }

  private objective(code = '', description = ''): Objective {
    return this.fb.group({
      code: [code, [Validators.required, Validators.pattern(OBJECTIVE_CODE)]],
      description: [description, [Validators.required, Validators.maxLength(500)]],
    });
  }

  private fill(exam: ExamDto | null): void {
    const objectives = this.form.controls.objectives;
    objectives.clear();
    if (exam) {
      this.form.reset({
        code: exam.code,
        title: exam.title,
        level: exam.level,
        durationMinutes: exam.durationMinutes,
        passingScore: exam.passingScore,
        maxScore: exam.maxScore,
        deliveryModes: {
          in_lab: exam.deliveryModes.includes('in_lab'),
          virtual_lab: exam.deliveryModes.includes('virtual_lab'),
          online_proctored: exam.deliveryModes.includes('online_proctored'),
        },
        active: exam.active,
      });
      for (const o of exam.objectives) objectives.push(this.objective(o.code, o.description));
      this.form.controls.code.disable();
    } else {
      this.form.controls.code.enable();
      objectives.push(this.objective('1'));
    }
  }

  protected get objectives(): FormArray<Objective> {
    return this.form.controls.objectives;
  }

  protected addObjective(): void {
    const next = this.objectives.length + 1;
    this.objectives.push(this.objective(String(next)));
  }

  protected removeObjective(index: number): void {
    this.objectives.removeAt(index);
  }

  protected move(index: number, by: -1 | 1): void {
    const target = index + by;
    if (target < 0 || target >= this.objectives.length) return;
    const control = this.objectives.at(index);
    this.objectives.removeAt(index, { emitEvent: false });
    this.objectives.insert(target, control);
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
      level: v.level,
      durationMinutes: Number(v.durationMinutes),
      passingScore: Number(v.passingScore),
      maxScore: Number(v.maxScore),
      deliveryModes: DELIVERY_MODES.filter((m) => v.deliveryModes[m]),
      objectives: v.objectives.map((o) => ({ code: o.code.trim(), description: o.description.trim() })),
      active: v.active,
    });
  }
}

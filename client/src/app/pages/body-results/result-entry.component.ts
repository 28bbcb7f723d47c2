import { ChangeDetectionStrategy, Component, computed, inject, input, output } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import {
  AbstractControl,
  FormControl,
  FormGroup,
  ReactiveFormsModule,
  ValidationErrors,
} from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import type { ExamAttemptDto } from '@invigil/contracts';
import { AttemptsApi } from '../../core/api/attempts.api';
import { scoreSummary } from '../../core/attempts/attempt-labels';
import { explainResultProblem } from '../../core/attempts/result-problems';
import { checkScore, passes } from '../../core/attempts/score';
import { action } from '../../core/data/remote';
import { applyFieldErrors } from '../../core/problem/problem';
import { ProblemComponent } from '../../core/problem/problem.component';
import { ConfirmService } from '../../core/ui/confirm.service';

/** The score of one attempt in progress, checked against the exam's range, and recorded once. */
@Component({
  selector: 'inv-result-entry',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatFormFieldModule, MatInput, MatButton, ProblemComponent],
  template: `
    <form [formGroup]="form" (ngSubmit)="submit()" novalidate class="entry" data-testid="result-entry">
      <mat-form-field class="score" subscriptSizing="dynamic">
        <mat-label>Score</mat-label>
        <input
          matInput
          type="number"
          min="0"
          [max]="attempt().maxScore"
          step="1"
          formControlName="score"
          data-testid="result-score"
        />
        <!-- the field shows the hint, or the error once touched -->
        <mat-hint data-testid="result-score-hint">{{ hint() }}</mat-hint>
        <mat-error data-testid="result-score-error">{{
          form.controls.score.getError('server') ?? form.controls.score.getError('score')
        }}</mat-error>
      </mat-form-field>
      <button mat-flat-button type="submit" [disabled]="record.pending()" data-testid="result-record">
        {{ record.pending() ? 'Recording…' : 'Record result' }}
      </button>
    </form>
    <inv-problem [problem]="problem()" />
  `,
  styles: `
    .entry {
      display: flex;
      gap: 12px;
      align-items: flex-start;
      flex-wrap: wrap;
    }
    .score {
      width: 200px;
    }
    button {
      margin-top: 8px;
    }
  `,
})
export class ResultEntryComponent {
  readonly attempt = input.required<ExamAttemptDto>();
  readonly recorded = output<ExamAttemptDto>();

  private readonly api = inject(AttemptsApi);
  private readonly confirm = inject(ConfirmService);
  protected readonly record = action();
  protected readonly problem = computed(() => {
    const p = this.record.problem();
    return p ? explainResultProblem(p) : null;
  });

  protected readonly form = new FormGroup({
    score: new FormControl<number | null>(null, (c: AbstractControl): ValidationErrors | null => {
      // the control validates when created, before the attempt input is set; empty needs no maximum
      if (c.value === null) return { score: 'Enter the score' };
      const check = checkScore(c.value as number | null, this.attempt().maxScore);
      return check.ok ? null : { score: check.error };
    }),
  });
  private readonly value = toSignal(this.form.controls.score.valueChanges, { initialValue: null });

  /** the range while nothing is typed, then whether the typed score passes */
  protected readonly hint = computed(() => {
    const a = this.attempt();
    const check = checkScore(this.value(), a.maxScore);
    const range = scoreSummary({ ...a, score: null });
    if (!check.ok) return range;
    return `${passes(check.score, a.passingScore) ? 'Passes' : 'Does not pass'} · ${range}`;
  });

  protected submit(): void {
    const a = this.attempt();
    const check = checkScore(this.form.controls.score.value, a.maxScore);
    if (!check.ok) {
      this.form.markAllAsTouched();
      return;
    }
    const passed = passes(check.score, a.passingScore);
    this.record.clear();
    this.confirm
      .ask({
        title: `Record ${check.score} for ${a.candidateName}?`,
        message: `${a.examCode} ${a.examTitle}: ${check.score} of ${a.maxScore} is ${
          passed ? 'a pass' : 'below the passing score'
        } (${a.passingScore}). ${a.candidateName} is emailed the result, and it cannot be changed afterwards.`,
        confirmLabel: passed ? 'Record a pass' : 'Record a fail',
      })
      .subscribe(() =>
        this.record.run(
          this.api.recordResult(a.id, check.score),
          (attempt) => this.recorded.emit(attempt),
          (problem) => applyFieldErrors(this.form, problem),
        ),
      );
  }
}

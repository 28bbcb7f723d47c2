import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  input,
  output,
  signal,
  viewChild,
} from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import type { BulkAssignResultDto, VoucherPackDto } from '@invigil/contracts';
import { VouchersApi } from '../../core/api/vouchers.api';
import { action } from '../../core/data/remote';
import { ProblemComponent } from '../../core/problem/problem.component';
import { CsvFileButtonComponent, MAX_ROSTER_BYTES } from '../../core/ui/csv-file-button.component';
import { SkippedLinesTableComponent } from '../../core/ui/skipped-lines-table.component';

/** Assigns one voucher of an exam to each candidate of a CSV class roster. */
@Component({
  selector: 'inv-voucher-roster-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ReactiveFormsModule,
    MatFormFieldModule,
    MatInput,
    MatSelectModule,
    MatButton,
    ProblemComponent,
    CsvFileButtonComponent,
    SkippedLinesTableComponent,
  ],
  template: `
    <form [formGroup]="form" (ngSubmit)="send()" novalidate>
      <p class="muted">
        Paste or upload a CSV with a header line containing <code>email</code>. Each candidate of
        {{ institutionName() }} on the roster gets one unused voucher of the exam and an email; other lines
        are skipped and listed below. Nothing is assigned unless there are enough vouchers for everyone.
      </p>
      <div class="row">
        <mat-form-field class="exam" subscriptSizing="dynamic">
          <mat-label>Exam</mat-label>
          <mat-select formControlName="examId" data-testid="roster-exam">
            @for (e of exams(); track e.id) {
              <mat-option [value]="e.id">{{ e.code }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
        <inv-csv-file-button testId="roster-upload" (loaded)="form.controls.csv.setValue($event)" />
      </div>
      <mat-form-field class="full">
        <mat-label>Class roster</mat-label>
        <textarea
          matInput
          rows="8"
          formControlName="csv"
          placeholder="email,name&#10;ada@example.org,Ada Lovelace&#10;grace@example.org,Grace Hopper"
          data-testid="roster-csv"
        ></textarea>
        @if (form.controls.csv.hasError('required')) {
          <mat-error>Paste the roster or upload a file</mat-error>
        } @else if (form.controls.csv.hasError('maxlength')) {
          <mat-error>The roster is too long; split it</mat-error>
        }
      </mat-form-field>
      <div class="row">
        @if (form.controls.examId.touched && form.controls.examId.hasError('required')) {
          <span class="form-error">Choose the exam first</span>
        }
        <span class="spacer"></span>
        <button mat-flat-button type="submit" [disabled]="bulk.pending()" data-testid="roster-send">
          {{ bulk.pending() ? 'Assigning…' : 'Assign vouchers to the roster' }}
        </button>
      </div>
    </form>
    <inv-problem [problem]="bulk.problem()" />
    @if (result(); as r) {
      <div class="result" data-testid="roster-result">
        <div class="counts">
          <span data-testid="roster-assigned">{{ r.assigned.length }} assigned</span>
          <span data-testid="roster-skipped">{{ r.skipped.length }} skipped</span>
        </div>
        <inv-skipped-lines [lines]="r.skipped" rowTestId="roster-skipped-row" />
      </div>
    }
  `,
  styles: `
    .exam {
      width: 220px;
    }
    textarea {
      font-family: var(--inv-mono);
      font-size: 13px;
    }
    .result {
      margin-top: 16px;
      padding: 16px;
      border-radius: 10px;
      background: var(--mat-sys-surface-container-low);
    }
    .counts {
      display: flex;
      gap: 24px;
      font: var(--mat-sys-title-medium);
      margin-bottom: 8px;
    }
  `,
})
export class VoucherRosterPanelComponent {
  private readonly api = inject(VouchersApi);
  private readonly fb = inject(FormBuilder).nonNullable;

  readonly institutionId = input.required<string>();
  readonly institutionName = input('your institution');
  readonly packs = input<VoucherPackDto[]>([]);
  readonly assigned = output<BulkAssignResultDto>();

  protected readonly exams = computed(() => {
    const seen = new Map<string, string>();
    for (const p of this.packs()) seen.set(p.examId, p.examCode);
    return [...seen].map(([id, code]) => ({ id, code }));
  });

  protected readonly form = this.fb.group({
    examId: ['', Validators.required],
    csv: ['', [Validators.required, Validators.maxLength(MAX_ROSTER_BYTES)]],
  });
  private readonly csvFile = viewChild(CsvFileButtonComponent);
  protected readonly result = signal<BulkAssignResultDto | null>(null);
  protected readonly bulk = action();

  protected send(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const { examId, csv } = this.form.getRawValue();
    this.result.set(null);
    this.bulk.run(this.api.bulkAssign(this.institutionId(), { examId, csv }), (result) => {
      // the server lists unreadable lines before unknown candidates; people read a roster top down
      this.result.set({ ...result, skipped: [...result.skipped].sort((a, b) => a.line - b.line) });
      if (result.assigned.length > 0) {
        this.form.controls.csv.reset('');
        this.csvFile()?.clear();
      }
      this.assigned.emit(result);
    });
  }
}

import { ChangeDetectionStrategy, Component, effect, inject, input } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import type { InstitutionExamPriceDto, PriceListDto } from '@invigil/contracts';
import { VouchersApi } from '../../core/api/vouchers.api';
import { action, remote } from '../../core/data/remote';
import { MoneyPipe } from '../../core/format/format.pipes';
import { COMMON_CURRENCIES, fromMinorUnits, toMinorUnits } from '../../core/format/money';
import { applyFieldErrors } from '../../core/problem/problem';
import { ProblemComponent } from '../../core/problem/problem.component';
import { ConfirmService } from '../../core/ui/confirm.service';
import { EmptyStateComponent } from '../../core/ui/empty-state.component';
import { LoadingComponent } from '../../core/ui/loading.component';
import { Notifier } from '../../core/ui/notifier.service';

/** What the institution charges its own learners per exam (it may fold the cost into tuition). */
@Component({
  selector: 'inv-learner-prices-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ReactiveFormsModule,
    MatFormFieldModule,
    MatInput,
    MatSelectModule,
    MatButton,
    MoneyPipe,
    ProblemComponent,
    EmptyStateComponent,
    LoadingComponent,
  ],
  template: `
    <p class="muted">
      Candidates see this price beside a voucher you give them. Leave an exam without a price to include it in
      tuition.
    </p>
    <form class="row" [formGroup]="form" (ngSubmit)="save()" novalidate>
      <mat-form-field class="exam">
        <mat-label>Exam</mat-label>
        <mat-select formControlName="examId" data-testid="learner-price-exam">
          @for (p of priceLists(); track p.examId) {
            <mat-option [value]="p.examId">{{ p.examCode }} — {{ p.examTitle }}</mat-option>
          }
        </mat-select>
        @if (form.controls.examId.hasError('required')) {
          <mat-error>Choose an exam</mat-error>
        }
      </mat-form-field>
      <mat-form-field class="amount">
        <mat-label>Price</mat-label>
        <input
          matInput
          type="number"
          min="0"
          step="any"
          formControlName="amount"
          data-testid="learner-price-amount"
        />
        @if (form.controls.amount.hasError('required')) {
          <mat-error>Enter a price</mat-error>
        } @else if (form.controls.amount.hasError('min')) {
          <mat-error>Must not be negative</mat-error>
        } @else if (form.controls.amount.hasError('server')) {
          <mat-error>{{ form.controls.amount.getError('server') }}</mat-error>
        }
      </mat-form-field>
      <mat-form-field class="currency">
        <mat-label>Currency</mat-label>
        <mat-select formControlName="currency" data-testid="learner-price-currency">
          @for (c of currencies; track c) {
            <mat-option [value]="c">{{ c }}</mat-option>
          }
        </mat-select>
      </mat-form-field>
      <button mat-flat-button type="submit" [disabled]="saving.pending()" data-testid="learner-price-save">
        {{ saving.pending() ? 'Saving…' : 'Set price' }}
      </button>
    </form>
    <inv-problem [problem]="saving.problem()" />
    <inv-problem [problem]="removing.problem()" />
    <inv-problem [problem]="prices.problem()" />
    @if (prices.loading() && !prices.value()) {
      <inv-loading label="Loading prices…" />
    } @else if (prices.value(); as list) {
      @if (list.length === 0) {
        <inv-empty-state
          heading="No learner prices set"
          message="Vouchers you hand out are free to your candidates."
        />
      } @else {
        <table class="inv-table" data-testid="learner-prices-table">
          <thead>
            <tr>
              <th>Exam</th>
              <th class="num">Price to learners</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            @for (p of list; track p.examId) {
              <tr data-testid="learner-price-row">
                <td>
                  {{ p.examCode }}
                  <div class="muted small">{{ p.examTitle }}</div>
                </td>
                <td class="num">{{ p.priceMinor | invMoney: p.currency }}</td>
                <td class="actions">
                  <button mat-button type="button" (click)="edit(p)">Change</button>
                  <button mat-button type="button" class="danger" (click)="remove(p)">Remove</button>
                </td>
              </tr>
            }
          </tbody>
        </table>
      }
    }
  `,
  styles: `
    .exam {
      flex: 1 1 300px;
      max-width: 420px;
    }
    .amount {
      width: 140px;
    }
    .currency {
      width: 130px;
    }
    form.row {
      align-items: flex-start;
    }
    form button {
      margin-top: 10px;
    }
  `,
})
export class LearnerPricesPanelComponent {
  private readonly api = inject(VouchersApi);
  private readonly confirm = inject(ConfirmService);
  private readonly notifier = inject(Notifier);
  private readonly fb = inject(FormBuilder).nonNullable;

  readonly institutionId = input.required<string>();
  readonly priceLists = input.required<PriceListDto[]>();
  readonly defaultCurrency = input('USD');

  protected readonly currencies = COMMON_CURRENCIES;
  protected readonly prices = remote(
    () => this.institutionId(),
    (id) => this.api.institutionPrices(id),
  );
  protected readonly form = this.fb.group({
    examId: ['', Validators.required],
    amount: this.fb.control<number | null>(null, [Validators.required, Validators.min(0)]),
    currency: ['USD', Validators.required],
  });
  protected readonly saving = action();
  protected readonly removing = action();

  constructor() {
    // the institution's currency, once known, unless the admin already picked one
    effect(() => {
      const currency = this.defaultCurrency();
      if (this.form.controls.currency.pristine) this.form.controls.currency.setValue(currency);
    });
  }

  protected edit(p: InstitutionExamPriceDto): void {
    this.form.setValue({
      examId: p.examId,
      amount: fromMinorUnits(p.priceMinor, p.currency),
      currency: p.currency,
    });
  }

  protected save(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const { examId, amount, currency } = this.form.getRawValue();
    this.saving.run(
      this.api.setInstitutionPrice(this.institutionId(), examId, {
        priceMinor: toMinorUnits(amount ?? 0, currency),
        currency,
      }),
      (list) => {
        this.prices.set(list);
        this.form.reset({ examId: '', amount: null, currency });
        this.notifier.success('Price saved');
      },
      (problem) => applyFieldErrors(this.form, problem, { priceMinor: 'amount' }),
    );
  }

  protected remove(p: InstitutionExamPriceDto): void {
    this.confirm
      .ask({
        title: `Stop charging for ${p.examCode}?`,
        message: 'Candidates will no longer see a price for this exam.',
        confirmLabel: 'Remove price',
        danger: true,
      })
      .subscribe(() =>
        this.removing.run(this.api.removeInstitutionPrice(this.institutionId(), p.examId), () => {
          this.notifier.success(`${p.examCode} is no longer charged to learners`);
          this.prices.reload();
        }),
      );
  }
}

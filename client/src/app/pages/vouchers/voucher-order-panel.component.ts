import { ChangeDetectionStrategy, Component, computed, inject, input, output, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import type { OrderItemRequest, PriceListDto, QuoteDto, VoucherOrderDto } from '@invigil/contracts';
import { map } from 'rxjs';
import { VouchersApi } from '../../core/api/vouchers.api';
import { action } from '../../core/data/remote';
import { MoneyPipe } from '../../core/format/format.pipes';
import { ProblemComponent } from '../../core/problem/problem.component';
import { IdempotencyKeys, orderFingerprint, outcomeUnknown } from '../../core/vouchers/idempotency';
import { tierRanges } from '../../core/vouchers/voucher-labels';

const MAX_QUANTITY = 10_000;

/** Quote a pack order at the wholesale tiers, then place it; a retry never buys twice. */
@Component({
  selector: 'inv-voucher-order-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ReactiveFormsModule,
    MatFormFieldModule,
    MatInput,
    MatSelectModule,
    MatButton,
    MoneyPipe,
    ProblemComponent,
  ],
  templateUrl: './voucher-order-panel.component.html',
  styles: `
    .line {
      display: flex;
      gap: 12px;
      align-items: flex-start;
      flex-wrap: wrap;
    }
    .exam {
      flex: 1 1 320px;
      max-width: 480px;
    }
    .qty {
      width: 140px;
    }
    .line button {
      margin-top: 10px;
    }
    .tiers {
      margin: 0 0 12px;
    }
    .quote,
    .placed {
      margin-top: 16px;
      padding: 16px;
      border-radius: 10px;
      background: var(--mat-sys-surface-container-low);
    }
    .total {
      font: var(--mat-sys-title-medium);
    }
  `,
})
export class VoucherOrderPanelComponent {
  private readonly api = inject(VouchersApi);
  private readonly fb = inject(FormBuilder).nonNullable;

  readonly institutionId = input.required<string>();
  readonly priceLists = input.required<PriceListDto[]>();
  readonly ordered = output<VoucherOrderDto>();

  protected readonly form = this.fb.group({
    lines: this.fb.array([this.line()]),
  });
  private readonly formValue = toSignal(this.form.valueChanges.pipe(map(() => this.items())), {
    initialValue: [] as OrderItemRequest[],
  });

  protected readonly quote = signal<{ fingerprint: string; dto: QuoteDto } | null>(null);
  protected readonly placed = signal<VoucherOrderDto | null>(null);
  protected readonly quoting = action();
  protected readonly placing = action();
  // the tab's storage: a purchase retried after a reload is still the same purchase
  private readonly keys = new IdempotencyKeys(undefined, {
    storage: sessionStorage,
    name: 'invigil.pending-order.institution',
  });
  /** set when the last attempt's outcome is unknown: the retry reuses its key */
  protected readonly retryable = signal(false);

  protected readonly quoteIsCurrent = computed(() => {
    const q = this.quote();
    return !!q && q.fingerprint === this.fingerprint(this.formValue());
  });

  private line() {
    return this.fb.group({
      examId: ['', Validators.required],
      quantity: [100, [Validators.required, Validators.min(1), Validators.max(MAX_QUANTITY)]],
    });
  }

  protected addLine(): void {
    this.form.controls.lines.push(this.line());
  }

  protected removeLine(index: number): void {
    this.form.controls.lines.removeAt(index);
  }

  protected listFor(examId: string): PriceListDto | undefined {
    return this.priceLists().find((p) => p.examId === examId);
  }

  protected tiersOf(list: PriceListDto): { label: string; price: number }[] {
    return tierRanges(list.tiers).map((t) => ({ label: t.label, price: t.tier.unitPriceMinor }));
  }

  protected tierLabel(examId: string, minQuantity: number): string {
    const list = this.listFor(examId);
    return list ? (tierRanges(list.tiers).find((t) => t.tier.minQuantity === minQuantity)?.label ?? '') : '';
  }

  private items(): OrderItemRequest[] {
    return this.form.controls.lines.controls.map((c) => ({
      examId: c.controls.examId.value,
      quantity: Number(c.controls.quantity.value),
    }));
  }

  private fingerprint(items: OrderItemRequest[]): string {
    return orderFingerprint(this.institutionId(), items);
  }

  protected getQuote(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const items = this.items();
    this.placed.set(null);
    this.placing.clear();
    this.quoting.run(this.api.quote(this.institutionId(), items), (dto) =>
      this.quote.set({ fingerprint: this.fingerprint(items), dto }),
    );
  }

  protected placeOrder(): void {
    if (!this.quoteIsCurrent()) return;
    const items = this.items();
    const key = this.keys.keyFor(this.fingerprint(items));
    this.placing.run(
      this.api.order(this.institutionId(), items, key),
      (order) => {
        this.keys.succeeded();
        this.retryable.set(false);
        this.placed.set(order);
        this.quote.set(null);
        this.form.setControl('lines', this.fb.array([this.line()]));
        this.ordered.emit(order);
      },
      (problem) => {
        this.keys.failed(problem);
        this.retryable.set(outcomeUnknown(problem));
      },
    );
  }
}

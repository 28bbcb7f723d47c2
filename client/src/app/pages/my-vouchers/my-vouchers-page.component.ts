import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import type { EntitlementDto, VoucherOrderDto } from '@invigil/contracts';
import { VouchersApi } from '../../core/api/vouchers.api';
import { action, remote, remoteOnce } from '../../core/data/remote';
import { DateTimePipe, MoneyPipe } from '../../core/format/format.pipes';
import type { ReadableProblem } from '../../core/problem/problem';
import { ProblemComponent } from '../../core/problem/problem.component';
import { EmptyStateComponent } from '../../core/ui/empty-state.component';
import { LoadingComponent } from '../../core/ui/loading.component';
import { Notifier } from '../../core/ui/notifier.service';
import { PageHeaderComponent } from '../../core/ui/page-header.component';
import { StatusChipComponent } from '../../core/ui/status-chip.component';
import { IdempotencyKeys, orderFingerprint, outcomeUnknown } from '../../core/vouchers/idempotency';
import { RedeemMessage, redeemMessage } from '../../core/vouchers/redeem-problems';
import { checkVoucherCode, formatVoucherCode, voucherCodeHint } from '../../core/vouchers/voucher-code';
import {
  INVOICE_STATUS_LABELS,
  invoiceTone,
  shownVoucherStatus,
  VOUCHER_STATUS_LABELS,
  voucherTone,
} from '../../core/vouchers/voucher-labels';

/** A candidate's vouchers: redeem a code or an assigned voucher, see entitlements, buy one retail. */
@Component({
  selector: 'inv-my-vouchers-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    FormsModule,
    MatFormFieldModule,
    MatInput,
    MatSelectModule,
    MatButton,
    ProblemComponent,
    EmptyStateComponent,
    LoadingComponent,
    PageHeaderComponent,
    StatusChipComponent,
    DateTimePipe,
    MoneyPipe,
  ],
  templateUrl: './my-vouchers-page.component.html',
  styleUrl: './my-vouchers-page.component.scss',
})
export class MyVouchersPageComponent {
  private readonly api = inject(VouchersApi);
  private readonly notifier = inject(Notifier);

  protected readonly statusLabels = VOUCHER_STATUS_LABELS;
  protected readonly tone = voucherTone;
  protected readonly invoiceLabels = INVOICE_STATUS_LABELS;
  protected readonly invoiceTone = invoiceTone;

  protected readonly entitlements = remoteOnce(() => this.api.entitlements());
  private readonly shown = computed(() =>
    (this.entitlements.value() ?? []).map((e) => ({
      ...e,
      status: shownVoucherStatus(e.status, e.expiresAt),
    })),
  );
  /** assigned by an institution, or bought by the candidate: still to be redeemed */
  protected readonly waiting = computed(() =>
    this.shown().filter((e) => e.status === 'assigned' || e.status === 'available'),
  );
  protected readonly held = computed(() =>
    this.shown().filter((e) => e.status !== 'assigned' && e.status !== 'available'),
  );

  // --- redeeming a code ---
  protected readonly code = signal('');
  protected readonly codePreview = computed(() => (this.code().trim() ? formatVoucherCode(this.code()) : ''));
  protected readonly codeHint = computed(() => voucherCodeHint(this.code()));
  protected readonly codeReady = computed(() => checkVoucherCode(this.code()) === 'ok');
  protected readonly redeeming = action();
  protected readonly redeemError = signal<{ kind: string; message: RedeemMessage } | null>(null);
  protected readonly redeemed = signal<EntitlementDto | null>(null);
  protected readonly redeemingId = signal<string | null>(null);

  protected redeemCode(): void {
    if (!this.codeReady()) return;
    this.redeemError.set(null);
    this.redeemed.set(null);
    this.redeeming.run(
      this.api.redeem(this.code()),
      (entitlement) => {
        this.code.set('');
        this.succeeded(entitlement);
      },
      (problem) => this.failed(problem),
    );
  }

  protected redeemAssigned(e: EntitlementDto): void {
    this.redeemError.set(null);
    this.redeemed.set(null);
    this.redeemingId.set(e.voucherId);
    this.redeeming.run(
      this.api.redeemAssigned(e.voucherId),
      (entitlement) => {
        this.redeemingId.set(null);
        this.succeeded(entitlement);
      },
      (problem) => {
        this.redeemingId.set(null);
        this.failed(problem);
      },
    );
  }

  private succeeded(entitlement: EntitlementDto): void {
    this.redeemed.set(entitlement);
    this.notifier.success(`${entitlement.examCode} redeemed: you can book the exam now`);
    this.entitlements.reload();
  }

  private failed(problem: ReadableProblem): void {
    this.redeemError.set({ kind: problem.kind, message: redeemMessage(problem) });
    this.entitlements.reload();
  }

  // --- buying a retail voucher ---
  protected readonly priceLists = remoteOnce(() => this.api.priceLists());
  protected readonly orders = remoteOnce(() => this.api.myOrders());
  protected readonly fees = remoteOnce(() => this.api.myFees());
  protected readonly examId = signal<string | null>(null);
  /** the server's price for the chosen exam, with what each public centre's fee adds */
  protected readonly quote = remote(
    () => this.examId() ?? undefined,
    (examId) => this.api.quoteRetail(examId),
  );
  protected readonly buying = action();
  protected readonly bought = signal<VoucherOrderDto | null>(null);
  protected readonly buyRetryable = signal(false);
  // the tab's storage: a purchase retried after a reload is still the same purchase
  private readonly keys = new IdempotencyKeys(undefined, {
    storage: sessionStorage,
    name: 'invigil.pending-order.me',
  });

  protected buy(): void {
    const examId = this.examId();
    if (!examId) return;
    this.bought.set(null);
    const key = this.keys.keyFor(orderFingerprint('me', [{ examId, quantity: 1 }]));
    this.buying.run(
      this.api.orderRetail(examId, key),
      (order) => {
        this.keys.succeeded();
        this.buyRetryable.set(false);
        this.bought.set(order);
        this.orders.reload();
      },
      (problem) => {
        this.keys.failed(problem);
        this.buyRetryable.set(outcomeUnknown(problem));
      },
    );
  }
}

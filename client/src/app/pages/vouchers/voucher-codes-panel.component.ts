import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  input,
  linkedSignal,
  signal,
} from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatPaginator, PageEvent } from '@angular/material/paginator';
import { MatSelectModule } from '@angular/material/select';
import type { MemberDto, VoucherDto, VoucherPackDto, VoucherStatusName } from '@invigil/contracts';
import { filter } from 'rxjs';
import { VoucherFilter, VouchersApi } from '../../core/api/vouchers.api';
import { AuthService } from '../../core/auth/auth.service';
import { action, remote } from '../../core/data/remote';
import { DateTimePipe } from '../../core/format/format.pipes';
import { ProblemComponent } from '../../core/problem/problem.component';
import { ConfirmService } from '../../core/ui/confirm.service';
import { EmptyStateComponent } from '../../core/ui/empty-state.component';
import { LoadingComponent } from '../../core/ui/loading.component';
import { Notifier } from '../../core/ui/notifier.service';
import { StatusChipComponent } from '../../core/ui/status-chip.component';
import { maskVoucherCode, voucherSearchTerm } from '../../core/vouchers/voucher-code';
import {
  shownVoucherStatus,
  VOUCHER_STATUSES,
  VOUCHER_STATUS_LABELS,
  voucherTone,
} from '../../core/vouchers/voucher-labels';
import { AssignVoucherDialogComponent, AssignVoucherDialogData } from './assign-voucher-dialog.component';

/** The codes of the institution's packs: search, filter, reveal, export, void, assign. */
@Component({
  selector: 'inv-voucher-codes-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    FormsModule,
    MatFormFieldModule,
    MatInput,
    MatSelectModule,
    MatButton,
    MatPaginator,
    ProblemComponent,
    EmptyStateComponent,
    LoadingComponent,
    StatusChipComponent,
    DateTimePipe,
  ],
  templateUrl: './voucher-codes-panel.component.html',
  styles: `
    .filters {
      display: flex;
      gap: 12px;
      flex-wrap: wrap;
      align-items: center;
      margin-bottom: 8px;
    }
    .filters mat-form-field {
      width: 200px;
    }
    .filters .search {
      width: 280px;
    }
    .code {
      font-family: var(--inv-mono);
      white-space: nowrap;
    }
    .reveal {
      min-width: 0;
    }
  `,
})
export class VoucherCodesPanelComponent {
  private readonly api = inject(VouchersApi);
  private readonly dialog = inject(MatDialog);
  private readonly confirm = inject(ConfirmService);
  private readonly notifier = inject(Notifier);
  private readonly auth = inject(AuthService);
  protected readonly isOperator = computed(() =>
    this.auth.memberships().some((m) => m.role === 'platform_operator'),
  );

  readonly institutionId = input.required<string>();
  readonly packs = input<VoucherPackDto[]>([]);
  readonly zone = input<string | null>(null);
  /** a pack to show the codes of, e.g. chosen from the orders list */
  readonly initialPackId = input<string | null>(null);

  protected readonly statuses = VOUCHER_STATUSES;
  protected readonly statusLabels = VOUCHER_STATUS_LABELS;
  protected readonly tone = voucherTone;
  protected readonly mask = maskVoucherCode;
  protected readonly shownStatus = (v: VoucherDto) => shownVoucherStatus(v.status, v.expiresAt);

  protected readonly status = signal<VoucherStatusName | null>(null);
  protected readonly examId = signal<string | null>(null);
  protected readonly packId = linkedSignal(() => this.initialPackId());
  protected readonly searchText = signal('');
  private readonly q = signal('');
  protected readonly page = signal({ limit: 50, offset: 0 });

  protected readonly exams = computed(() => {
    const seen = new Map<string, string>();
    for (const p of this.packs()) seen.set(p.examId, p.examCode);
    return [...seen].map(([id, code]) => ({ id, code }));
  });

  private readonly filter = computed<VoucherFilter>(() => ({
    status: this.status(),
    examId: this.examId(),
    packId: this.packId(),
    q: this.q() || null,
  }));
  protected readonly vouchers = remote(
    () => ({ id: this.institutionId(), ...this.filter(), ...this.page() }),
    ({ id, ...query }) => this.api.vouchers(id, query),
  );

  protected readonly revealAll = signal(false);
  private readonly revealed = signal<ReadonlySet<string>>(new Set());
  protected readonly change = action();
  protected readonly exporting = action();

  protected shown(v: VoucherDto): boolean {
    return this.revealAll() || this.revealed().has(v.id);
  }

  protected toggleReveal(v: VoucherDto): void {
    this.revealed.update((set) => {
      const next = new Set(set);
      if (next.has(v.id)) next.delete(v.id);
      else next.add(v.id);
      return next;
    });
  }

  protected setFilter(apply: () => void): void {
    apply();
    this.page.update((p) => ({ ...p, offset: 0 }));
  }

  protected search(): void {
    this.setFilter(() => this.q.set(voucherSearchTerm(this.searchText())));
  }

  protected clearFilters(): void {
    this.setFilter(() => {
      this.status.set(null);
      this.examId.set(null);
      this.packId.set(null);
      this.searchText.set('');
      this.q.set('');
    });
  }

  protected paginate(event: PageEvent): void {
    this.page.set({ limit: event.pageSize, offset: event.pageIndex * event.pageSize });
  }

  protected exportCsv(): void {
    this.exporting.run(this.api.exportCsv(this.institutionId(), this.filter()), (blob) => {
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = `vouchers-${new Date().toISOString().slice(0, 10)}.csv`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    });
  }

  protected assign(v: VoucherDto): void {
    this.dialog
      .open<AssignVoucherDialogComponent, AssignVoucherDialogData, MemberDto>(AssignVoucherDialogComponent, {
        data: { institutionId: this.institutionId(), voucher: v },
        width: '480px',
      })
      .afterClosed()
      .pipe(filter((m): m is MemberDto => !!m))
      .subscribe((member) =>
        this.change.run(this.api.assign(v.id, member.userId), () => {
          this.notifier.success(`Voucher …${v.code.slice(-4)} assigned to ${member.displayName}`);
          this.vouchers.reload();
        }),
      );
  }

  protected unassign(v: VoucherDto): void {
    this.confirm
      .ask({
        title: 'Take the voucher back?',
        message: `${v.assignedTo?.displayName ?? 'The candidate'} will no longer see it; it becomes available again.`,
        confirmLabel: 'Unassign',
      })
      .subscribe(() =>
        this.change.run(this.api.unassign(v.id), () => {
          this.notifier.success(`Voucher …${v.code.slice(-4)} is available again`);
          this.vouchers.reload();
        }),
      );
  }

  /** A used entitlement is good for another attempt when the attempt failed through no fault of the candidate. */
  protected reinstate(v: VoucherDto, fault: 'platform' | 'centre'): void {
    this.confirm
      .ask({
        title: `Reinstate voucher …${v.code.slice(-4)}?`,
        message:
          fault === 'centre'
            ? 'The attempt failed through the testing centre’s fault; the candidate gets the entitlement back for another attempt. Recorded in the audit log with your reason.'
            : 'The attempt failed through the platform’s fault; the candidate gets the entitlement back for another attempt. Recorded in the audit log with your reason.',
        confirmLabel: 'Reinstate',
        input: {
          label: 'What went wrong',
          required: true,
          hint: 'e.g. lab power cut mid-exam; at least 3 characters',
        },
      })
      .subscribe((reason) =>
        this.change.run(this.api.reinstate(v.id, fault, reason), () => {
          this.notifier.success(`Voucher …${v.code.slice(-4)} reinstated`);
          this.vouchers.reload();
        }),
      );
  }

  protected voidVoucher(v: VoucherDto): void {
    this.confirm
      .ask({
        title: `Void voucher …${v.code.slice(-4)}?`,
        message:
          'A voided voucher can never be redeemed. This is recorded in the audit log with your reason.',
        confirmLabel: 'Void voucher',
        danger: true,
        input: { label: 'Reason', required: true, hint: 'e.g. code shared publicly; at least 3 characters' },
      })
      .subscribe((reason) =>
        this.change.run(this.api.void(v.id, reason), () => {
          this.notifier.success(`Voucher …${v.code.slice(-4)} voided`);
          this.vouchers.reload();
        }),
      );
  }
}

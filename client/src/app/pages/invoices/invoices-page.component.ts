import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatSelectModule } from '@angular/material/select';
import type { InvoiceDto, InvoiceStatus } from '@invigil/contracts';
import { VouchersApi } from '../../core/api/vouchers.api';
import { action, remote, remoteOnce } from '../../core/data/remote';
import { DateTimePipe, MoneyPipe } from '../../core/format/format.pipes';
import { formatMoney } from '../../core/format/money';
import { ProblemComponent } from '../../core/problem/problem.component';
import { ConfirmService } from '../../core/ui/confirm.service';
import { EmptyStateComponent } from '../../core/ui/empty-state.component';
import { LoadingComponent } from '../../core/ui/loading.component';
import { Notifier } from '../../core/ui/notifier.service';
import { PageHeaderComponent } from '../../core/ui/page-header.component';
import { StatusChipComponent } from '../../core/ui/status-chip.component';
import { INVOICE_STATUS_LABELS, invoiceTone } from '../../core/vouchers/voucher-labels';

/**
 * Voucher orders' and proctoring fees' invoices: the operator settles one once its payment
 * arrived offline, and records the refund of a paid fee whose seat ended before the exam.
 */
@Component({
  selector: 'inv-invoices-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    MatButton,
    MatFormFieldModule,
    MatSelectModule,
    DateTimePipe,
    MoneyPipe,
    ProblemComponent,
    EmptyStateComponent,
    LoadingComponent,
    PageHeaderComponent,
    StatusChipComponent,
  ],
  styles: `
    .status-filter {
      width: 240px;
    }
  `,
  template: `
    <div class="page">
      <inv-page-header
        heading="Invoices"
        subtitle="Voucher orders and proctoring fees are invoiced and paid offline. Settle an invoice once its payment has arrived; a retail voucher is issued then. A paid fee whose seat was given back, removed or cancelled is due for a refund: record it once refunded."
      >
        <mat-form-field subscriptSizing="dynamic" class="status-filter">
          <mat-label>Status</mat-label>
          <mat-select [value]="status()" (valueChange)="status.set($event)" data-testid="invoices-status">
            <mat-option [value]="null">Any status</mat-option>
            @for (s of statuses; track s) {
              <mat-option [value]="s">{{ labels[s] }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
      </inv-page-header>
      <inv-problem [problem]="settling.problem()" />
      <inv-problem [problem]="refunding.problem()" />
      @if (status() !== 'refund_due' && refundsDue.value()?.length; as due) {
        <div class="notice" role="status" data-testid="invoices-refunds-due">
          {{ due === 1 ? '1 proctoring fee is' : due + ' proctoring fees are' }} due for a refund.
          <button
            mat-button
            type="button"
            (click)="status.set('refund_due')"
            data-testid="invoices-show-refunds"
          >
            Show them
          </button>
        </div>
      }
      <inv-problem [problem]="invoices.problem()" />
      <section class="panel">
        @if (invoices.loading() && !invoices.value()) {
          <inv-loading label="Loading invoices…" />
        } @else if (invoices.value(); as list) {
          @if (list.length === 0) {
            <inv-empty-state heading="No invoices" message="Invoices appear here as vouchers are ordered." />
          } @else {
            <div class="table-wrap">
              <table class="inv-table" data-testid="invoices-table">
                <thead>
                  <tr>
                    <th>Number</th>
                    <th>Buyer</th>
                    <th class="num">Amount</th>
                    <th>Issued</th>
                    <th>Due</th>
                    <th>Status</th>
                    <th></th>
                  </tr>
                </thead>
                <tbody>
                  @for (i of list; track i.id) {
                    <tr data-testid="invoice-row">
                      <td>{{ i.number }}</td>
                      <td>
                        {{ i.institutionName ?? 'Individual' }}
                        <div class="muted small">{{ i.buyerEmail }}</div>
                        @if (i.description) {
                          <div class="muted small" data-testid="invoice-description">{{ i.description }}</div>
                        }
                      </td>
                      <td class="num">{{ i.amountMinor | invMoney: i.currency }}</td>
                      <td class="small">{{ i.issuedAt | invDateTime: null : 'date' }}</td>
                      <td class="small">{{ i.dueAt | invDateTime: null : 'date' }}</td>
                      <td>
                        <inv-status-chip [tone]="tone(i.status)" data-testid="invoice-status">{{
                          labels[i.status]
                        }}</inv-status-chip>
                        @if (i.refundedAt) {
                          <div class="muted small">refunded {{ i.refundedAt | invDateTime }}</div>
                        } @else if (i.refundDueAt) {
                          <div class="muted small" data-testid="invoice-refund-due">
                            seat ended {{ i.refundDueAt | invDateTime }}
                          </div>
                        } @else if (i.settledAt) {
                          <div class="muted small">{{ i.settledAt | invDateTime }}</div>
                        }
                      </td>
                      <td class="actions">
                        @if (i.status === 'open') {
                          <button mat-button type="button" (click)="settle(i)" data-testid="invoice-settle">
                            Settle
                          </button>
                        } @else if (i.status === 'refund_due') {
                          <button mat-button type="button" (click)="refund(i)" data-testid="invoice-refund">
                            Record refund
                          </button>
                        }
                      </td>
                    </tr>
                  }
                </tbody>
              </table>
            </div>
          }
        }
      </section>
    </div>
  `,
})
export class InvoicesPageComponent {
  private readonly api = inject(VouchersApi);
  private readonly confirm = inject(ConfirmService);
  private readonly notifier = inject(Notifier);

  protected readonly statuses: InvoiceStatus[] = ['open', 'refund_due', 'paid', 'refunded', 'void'];
  protected readonly labels = INVOICE_STATUS_LABELS;
  protected readonly tone = invoiceTone;
  protected readonly status = signal<InvoiceStatus | null>('open');
  protected readonly invoices = remote(
    () => ({ status: this.status() }),
    ({ status }) => this.api.invoices(status),
  );
  /** refunds to make are easy to miss under another filter: their count is always shown */
  protected readonly refundsDue = remoteOnce(() => this.api.invoices('refund_due'));
  protected readonly settling = action();
  protected readonly refunding = action();

  protected settle(invoice: InvoiceDto): void {
    this.confirm
      .ask({
        title: `Settle invoice ${invoice.number}?`,
        message: `Record that ${invoice.institutionName ?? invoice.buyerEmail} paid it. This cannot be undone and is audited.`,
        confirmLabel: 'Settle',
      })
      .subscribe(() =>
        this.settling.run(this.api.settle(invoice.id), (settled) => {
          this.notifier.success(`Invoice ${settled.number} settled`);
          this.invoices.reload();
        }),
      );
  }

  protected refund(invoice: InvoiceDto): void {
    this.confirm
      .ask({
        title: `Record the refund of ${invoice.number}?`,
        message: `Record that ${formatMoney(invoice.amountMinor, invoice.currency)} was refunded to ${invoice.buyerEmail}. This cannot be undone and is audited.`,
        confirmLabel: 'Record refund',
      })
      .subscribe(() =>
        this.refunding.run(this.api.refund(invoice.id), (refunded) => {
          this.notifier.success(`Refund of ${refunded.number} recorded`);
          this.invoices.reload();
          this.refundsDue.reload();
        }),
      );
  }
}

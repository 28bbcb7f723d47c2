import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatTabsModule } from '@angular/material/tabs';
import { RouterLink } from '@angular/router';
import type { VoucherPackDto } from '@invigil/contracts';
import { catchError, of } from 'rxjs';
import { InstitutionsApi } from '../../core/api/institutions.api';
import { VouchersApi } from '../../core/api/vouchers.api';
import { InstitutionContext } from '../../core/context/institution-context.service';
import { remote, remoteOnce } from '../../core/data/remote';
import { DateTimePipe, MoneyPipe } from '../../core/format/format.pipes';
import { currencyForCountry } from '../../core/format/money';
import { ProblemComponent } from '../../core/problem/problem.component';
import { EmptyStateComponent } from '../../core/ui/empty-state.component';
import { LoadingComponent } from '../../core/ui/loading.component';
import { PageHeaderComponent } from '../../core/ui/page-header.component';
import { StatusChipComponent } from '../../core/ui/status-chip.component';
import { INVOICE_STATUS_LABELS, invoiceTone } from '../../core/vouchers/voucher-labels';
import { LearnerPricesPanelComponent } from './learner-prices-panel.component';
import { VoucherCodesPanelComponent } from './voucher-codes-panel.component';
import { VoucherOrderPanelComponent } from './voucher-order-panel.component';
import { VoucherRosterPanelComponent } from './voucher-roster-panel.component';

/** An institution admin's vouchers: buy packs, see orders, manage and hand out codes, set learner prices. */
@Component({
  selector: 'inv-vouchers-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    RouterLink,
    MatButton,
    MatTabsModule,
    VoucherOrderPanelComponent,
    VoucherCodesPanelComponent,
    VoucherRosterPanelComponent,
    LearnerPricesPanelComponent,
    ProblemComponent,
    EmptyStateComponent,
    LoadingComponent,
    PageHeaderComponent,
    StatusChipComponent,
    DateTimePipe,
    MoneyPipe,
  ],
  templateUrl: './vouchers-page.component.html',
})
export class VouchersPageComponent {
  private readonly api = inject(VouchersApi);
  private readonly institutionsApi = inject(InstitutionsApi);
  protected readonly context = inject(InstitutionContext);

  protected readonly invoiceLabels = INVOICE_STATUS_LABELS;
  protected readonly invoiceTone = invoiceTone;

  protected readonly institutionId = computed(() => this.context.institutionId() ?? undefined);
  private readonly institution = remote(this.institutionId, (id) =>
    this.institutionsApi.get(id).pipe(catchError(() => of(null))),
  );
  /** expiry and purchase dates are shown in the institution's zone */
  protected readonly zone = computed(() => this.institution.value()?.timeZone ?? null);
  protected readonly currency = computed(() => currencyForCountry(this.institution.value()?.country));
  protected readonly priceLists = remoteOnce(() => this.api.priceLists());
  protected readonly orders = remote(this.institutionId, (id) => this.api.orders(id));
  protected readonly packs = computed<VoucherPackDto[]>(() =>
    (this.orders.value() ?? []).flatMap((o) => o.packs),
  );
  protected readonly tab = signal(0);
  protected readonly codesOfPack = signal<string | null>(null);

  protected showCodes(packId: string | null = null): void {
    this.codesOfPack.set(packId);
    this.tab.set(1);
  }
}

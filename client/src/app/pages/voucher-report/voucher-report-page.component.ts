import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { RouterLink } from '@angular/router';
import { VouchersApi } from '../../core/api/vouchers.api';
import { InstitutionContext } from '../../core/context/institution-context.service';
import { remote } from '../../core/data/remote';
import { MoneyPipe } from '../../core/format/format.pipes';
import { ProblemComponent } from '../../core/problem/problem.component';
import { BarChartComponent, BarDatum } from '../../core/ui/bar-chart.component';
import { EmptyStateComponent } from '../../core/ui/empty-state.component';
import { LoadingComponent } from '../../core/ui/loading.component';
import { PageHeaderComponent } from '../../core/ui/page-header.component';
import { figureCaption, shareOfBought, utilisationFigures } from './utilisation';

/** How the institution's voucher packs are used: counts and values of every state, with a chart. */
@Component({
  selector: 'inv-voucher-report-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    RouterLink,
    MoneyPipe,
    BarChartComponent,
    ProblemComponent,
    EmptyStateComponent,
    LoadingComponent,
    PageHeaderComponent,
  ],
  templateUrl: './voucher-report-page.component.html',
  styles: `
    .figures {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(150px, 1fr));
      gap: 12px;
      margin-bottom: 24px;
    }
    .figure {
      padding: 12px 14px;
      border-radius: 10px;
      background: var(--mat-sys-surface-container-low);
      border-left: 4px solid var(--bucket);
    }
    .figure .count {
      font: var(--mat-sys-headline-small);
    }
    .figure .label {
      font: var(--mat-sys-label-large);
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class VoucherReportPageComponent {
  private readonly api = inject(VouchersApi);
  protected readonly context = inject(InstitutionContext);

  private readonly institutionId = computed(() => this.context.institutionId() ?? undefined);
  protected readonly report = remote(this.institutionId, (id) => this.api.report(id));
  protected readonly share = shareOfBought;

  protected readonly totals = computed(() => {
    const r = this.report.value();
    return r ? utilisationFigures(r.total) : [];
  });
  protected readonly chart = computed<BarDatum[]>(() => {
    const currency = this.report.value()?.currency ?? 'USD';
    return this.totals().map((f) => ({
      label: f.label,
      value: f.count,
      caption: figureCaption(f, currency),
      color: f.color,
    }));
  });
  protected readonly rows = computed(() =>
    (this.report.value()?.byExam ?? []).map((row) => ({ row, figures: utilisationFigures(row) })),
  );
}

import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import type { PriceListDto, UpsertPriceListRequest } from '@invigil/contracts';
import { forkJoin } from 'rxjs';
import { CatalogueApi } from '../../core/api/catalogue.api';
import { VouchersApi } from '../../core/api/vouchers.api';
import { action, remoteOnce } from '../../core/data/remote';
import { MoneyPipe } from '../../core/format/format.pipes';
import { ProblemComponent } from '../../core/problem/problem.component';
import { EmptyStateComponent } from '../../core/ui/empty-state.component';
import { LoadingComponent } from '../../core/ui/loading.component';
import { Notifier } from '../../core/ui/notifier.service';
import { PageHeaderComponent } from '../../core/ui/page-header.component';
import { tierRanges } from '../../core/vouchers/voucher-labels';
import { PriceListFormComponent } from './price-list-form.component';

interface ExamPriceRow {
  examId: string;
  examCode: string;
  examTitle: string;
  bodyName: string;
  list: PriceListDto | null;
}

/** The operator's voucher price lists: retail price and wholesale tiers per exam. */
@Component({
  selector: 'inv-price-lists-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    MatButton,
    MoneyPipe,
    PriceListFormComponent,
    ProblemComponent,
    EmptyStateComponent,
    LoadingComponent,
    PageHeaderComponent,
  ],
  template: `
    <div class="page">
      <inv-page-header
        heading="Voucher price lists"
        subtitle="Per exam: the retail price of a single voucher and the wholesale tiers institutions pay by pack size."
      />
      <inv-problem [problem]="data.problem()" />
      @if (editing(); as row) {
        <section class="panel" data-testid="price-edit-panel">
          <div class="panel-header">
            <h2>Prices of {{ row.examCode }} — {{ row.examTitle }}</h2>
          </div>
          <inv-problem [problem]="save.problem()" />
          <inv-price-list-form
            [list]="row.list"
            [pending]="save.pending()"
            (submitted)="submit(row, $event)"
            (cancelled)="editing.set(null)"
          />
        </section>
      }
      <section class="panel">
        @if (data.loading() && !data.value()) {
          <inv-loading label="Loading price lists…" />
        } @else if (rows().length === 0) {
          <inv-empty-state heading="No exams in the catalogue" />
        } @else {
          <div class="table-wrap">
            <table class="inv-table" data-testid="price-lists-table">
              <thead>
                <tr>
                  <th>Exam</th>
                  <th>Body</th>
                  <th class="num">Retail</th>
                  <th>Wholesale per voucher</th>
                  <th class="num">Valid</th>
                  <th></th>
                </tr>
              </thead>
              <tbody>
                @for (r of rows(); track r.examId) {
                  <tr data-testid="price-list-row">
                    <td>
                      {{ r.examCode }}
                      <div class="muted small">{{ r.examTitle }}</div>
                    </td>
                    <td class="small">{{ r.bodyName }}</td>
                    @if (r.list; as l) {
                      <td class="num">{{ l.retailPriceMinor | invMoney: l.currency }}</td>
                      <td class="small">
                        @for (t of ranges(l.tiers); track t.label) {
                          <div>{{ t.label }}: {{ t.tier.unitPriceMinor | invMoney: l.currency }}</div>
                        }
                      </td>
                      <td class="num">{{ l.validityMonths }} mo</td>
                    } @else {
                      <td class="muted" colspan="3">No price list: cannot be bought yet</td>
                    }
                    <td class="actions">
                      <button mat-button type="button" (click)="edit(r)" data-testid="price-edit">
                        {{ r.list ? 'Edit' : 'Set prices' }}
                      </button>
                    </td>
                  </tr>
                }
              </tbody>
            </table>
          </div>
        }
      </section>
    </div>
  `,
})
export class PriceListsPageComponent {
  private readonly api = inject(VouchersApi);
  private readonly catalogue = inject(CatalogueApi);
  private readonly notifier = inject(Notifier);

  protected readonly data = remoteOnce(() =>
    forkJoin({ exams: this.catalogue.exams(), lists: this.api.priceLists() }),
  );
  protected readonly rows = computed<ExamPriceRow[]>(() => {
    const d = this.data.value();
    if (!d) return [];
    const lists = new Map(d.lists.map((l) => [l.examId, l]));
    return d.exams
      .map((e) => ({
        examId: e.id,
        examCode: e.code,
        examTitle: e.title,
        bodyName: e.certificationBodyName,
        list: lists.get(e.id) ?? null,
      }))
      .sort((a, b) => a.bodyName.localeCompare(b.bodyName) || a.examCode.localeCompare(b.examCode));
  });
  protected readonly editing = signal<ExamPriceRow | null>(null);
  protected readonly save = action();
  protected readonly ranges = tierRanges;

  protected edit(row: ExamPriceRow): void {
    this.save.clear();
    this.editing.set(row);
  }

  protected submit(row: ExamPriceRow, request: UpsertPriceListRequest): void {
    this.save.run(this.api.setPriceList(row.examId, request), () => {
      this.notifier.success(`Prices of ${row.examCode} saved`);
      this.editing.set(null);
      this.data.reload();
    });
  }
}

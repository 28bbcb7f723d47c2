import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatTooltip } from '@angular/material/tooltip';
import { HeatCell, Heatmap } from '../../core/scheduling/heatmap';

const HOURS = Array.from({ length: 24 }, (_, h) => h);

/** Days × 24 hours of a VM pool: darker is fuller; M marks maintenance, a purple edge a peak period. */
@Component({
  selector: 'inv-heatmap',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatTooltip],
  template: `
    <div class="table-wrap">
      <table class="heat" data-testid="heatmap">
        <thead>
          <tr>
            <th class="day"></th>
            @for (h of hours; track h) {
              <th class="hour">{{ h % 3 === 0 ? pad(h) : '' }}</th>
            }
          </tr>
        </thead>
        <tbody>
          @for (row of map().rows; track row.date) {
            <tr [attr.data-testid]="'heat-row-' + row.date">
              <th class="day">{{ row.label }}</th>
              @for (cell of row.cells; track $index) {
                <td
                  [class]="'l' + cell.level"
                  [class.maintenance]="cell.inMaintenance"
                  [class.peak]="cell.inPeak"
                  [class.none]="cell.share === null"
                  [matTooltip]="tip(row.label, $index, cell)"
                  [attr.data-testid]="
                    cell.inMaintenance ? 'heat-maintenance' : cell.inPeak ? 'heat-peak' : null
                  "
                >
                  @if (cell.inMaintenance) {
                    M
                  }
                </td>
              }
            </tr>
          }
        </tbody>
      </table>
    </div>
    <div class="legend small">
      <span><i class="l0"></i>idle</span>
      <span><i class="l1"></i>under half</span>
      <span><i class="l2"></i>half</span>
      <span><i class="l3"></i>80 %+</span>
      <span><i class="l4"></i>full</span>
      <span><i class="l0 maintenance-key">M</i>maintenance</span>
      <span><i class="l0 peak"></i>peak period</span>
      <span class="muted">Hours in {{ zone() }}</span>
    </div>
  `,
  styles: `
    table.heat {
      border-collapse: separate;
      border-spacing: 2px;
      width: 100%;
      min-width: 720px;
      table-layout: fixed;
    }
    th {
      font: var(--mat-sys-label-small);
      color: var(--mat-sys-on-surface-variant);
      white-space: nowrap;
    }
    th.day {
      width: 84px;
      text-align: right;
      padding-right: 6px;
    }
    th.hour {
      text-align: left;
    }
    td {
      height: 16px;
      border-radius: 3px;
      font: var(--mat-sys-label-small);
      text-align: center;
      color: #fff;
      padding: 0;
      box-sizing: border-box;
    }
    .l0 {
      background: #eef1f5;
    }
    .l1 {
      background: #b9dcc3;
    }
    .l2 {
      background: #f3d27a;
    }
    .l3 {
      background: #ee9a5c;
    }
    .l4 {
      background: #d2463f;
    }
    td.none {
      background: transparent;
    }
    td.maintenance {
      background-image: repeating-linear-gradient(135deg, rgb(0 0 0 / 28%) 0 3px, transparent 3px 6px);
      color: #222;
      font-weight: 700;
    }
    .peak {
      box-shadow: inset 0 -3px 0 #7b3fd1;
    }
    .legend {
      display: flex;
      gap: 14px;
      flex-wrap: wrap;
      margin-top: 8px;
      align-items: center;
    }
    .legend i {
      display: inline-block;
      width: 16px;
      height: 12px;
      border-radius: 3px;
      margin-right: 4px;
      vertical-align: -1px;
      font-style: normal;
      font-size: 9px;
      text-align: center;
      line-height: 12px;
    }
  `,
})
export class HeatmapComponent {
  readonly map = input.required<Heatmap>();
  readonly zone = input.required<string>();
  protected readonly hours = HOURS;

  protected pad(h: number): string {
    return String(h).padStart(2, '0');
  }

  protected tip(day: string, hour: number, cell: HeatCell): string {
    if (cell.share === null) return `${day} ${this.pad(hour)}:00 · no data`;
    const parts = [
      `${day} ${this.pad(hour)}:00`,
      `${cell.used} / ${cell.capacity} VMs used`,
      cell.held ? `${cell.held} held` : null,
      cell.inMaintenance ? 'maintenance' : null,
      cell.inPeak ? 'peak period' : null,
      cell.hours.length > 1 ? 'hour happens twice (clocks went back)' : null,
    ];
    return parts.filter(Boolean).join(' · ');
  }
}

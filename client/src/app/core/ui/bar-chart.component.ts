import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { barPercent, chartScale } from './chart-scale';

export interface BarDatum {
  label: string;
  value: number;
  /** what a person reads beside the bar, e.g. "12 · $1,980.00" */
  caption?: string;
  /** a CSS colour; defaults to the theme's primary */
  color?: string;
}

/**
 * A horizontal bar chart in plain SVG. Screen readers get the figures as a list (the SVG is
 * decorative), so the chart adds nothing they would miss.
 */
@Component({
  selector: 'inv-bar-chart',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <figure class="chart" [attr.data-testid]="testId()">
      @if (caption()) {
        <figcaption>{{ caption() }}</figcaption>
      }
      <ul class="sr-only">
        @for (d of data(); track d.label) {
          <li>{{ d.label }}: {{ d.caption ?? d.value }}</li>
        }
      </ul>
      <svg
        aria-hidden="true"
        [attr.viewBox]="'0 0 ' + width + ' ' + height()"
        preserveAspectRatio="xMinYMin meet"
      >
        @for (t of scale().ticks; track t) {
          <line
            class="grid"
            [attr.x1]="x(t)"
            [attr.x2]="x(t)"
            [attr.y1]="0"
            [attr.y2]="height() - axisHeight"
          />
          <text class="tick" [attr.x]="x(t)" [attr.y]="height() - 4" text-anchor="middle">{{ t }}</text>
        }
        @for (d of data(); track d.label; let i = $index) {
          <text
            class="label"
            [attr.x]="labelWidth - 8"
            [attr.y]="barY(i) + barHeight / 2 + 4"
            text-anchor="end"
          >
            {{ d.label }}
          </text>
          <rect
            class="bar"
            [attr.x]="labelWidth"
            [attr.y]="barY(i)"
            [attr.width]="barWidth(d.value)"
            [attr.height]="barHeight"
            [attr.fill]="d.color ?? 'var(--mat-sys-primary)'"
            rx="3"
            data-testid="chart-bar"
          />
          <text
            class="value"
            [attr.x]="labelWidth + barWidth(d.value) + 6"
            [attr.y]="barY(i) + barHeight / 2 + 4"
          >
            {{ d.caption ?? d.value }}
          </text>
        }
      </svg>
    </figure>
  `,
  styles: `
    .chart {
      margin: 0;
    }
    figcaption {
      font: var(--mat-sys-title-small);
      margin-bottom: 8px;
    }
    svg {
      width: 100%;
      max-width: 760px;
      height: auto;
      display: block;
    }
    .grid {
      stroke: var(--mat-sys-outline-variant);
      stroke-width: 1;
    }
    .tick,
    .value {
      font-size: 11px;
      fill: var(--mat-sys-on-surface-variant);
    }
    .label {
      font-size: 12px;
      fill: var(--mat-sys-on-surface);
    }
    .sr-only {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip: rect(0 0 0 0);
      white-space: nowrap;
    }
  `,
})
export class BarChartComponent {
  readonly data = input.required<BarDatum[]>();
  readonly caption = input<string | null>(null);
  readonly testId = input('bar-chart');

  protected readonly width = 760;
  protected readonly labelWidth = 120;
  /** room on the right for the value beside the longest bar */
  private readonly valueRoom = 150;
  protected readonly barHeight = 20;
  private readonly gap = 10;
  protected readonly axisHeight = 20;

  protected readonly scale = computed(() => chartScale(Math.max(0, ...this.data().map((d) => d.value))));
  protected readonly height = computed(
    () => this.data().length * (this.barHeight + this.gap) + this.gap + this.axisHeight,
  );

  private plotWidth(): number {
    return this.width - this.labelWidth - this.valueRoom;
  }

  protected x(value: number): number {
    return this.labelWidth + (barPercent(value, this.scale().max) / 100) * this.plotWidth();
  }

  protected barWidth(value: number): number {
    return (barPercent(value, this.scale().max) / 100) * this.plotWidth();
  }

  protected barY(index: number): number {
    return this.gap + index * (this.barHeight + this.gap);
  }
}

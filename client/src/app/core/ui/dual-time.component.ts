import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { ViewerZone } from '../format/viewer-zone.service';
import { dualTime } from '../scheduling/zone-labels';

/** An exam's time where it happens (the centre's zone) and, when the clock differs, the viewer's. */
@Component({
  selector: 'inv-dual-time',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <span class="centre" data-testid="time-centre">{{ text().centre }}</span>
    @if (text().viewer; as v) {
      <span class="viewer" data-testid="time-viewer">Your time: {{ v }}</span>
    }
  `,
  styles: `
    :host {
      display: inline-flex;
      flex-direction: column;
    }
    .viewer {
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-primary);
    }
  `,
})
export class DualTimeComponent {
  private readonly viewer = inject(ViewerZone);
  readonly start = input.required<string>();
  readonly zone = input.required<string>();
  protected readonly text = computed(() => dualTime(this.start(), this.zone(), this.viewer.zone()));
}

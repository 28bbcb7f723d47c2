import { ChangeDetectionStrategy, Component, input } from '@angular/core';

export type ChipTone = 'neutral' | 'info' | 'success' | 'warning' | 'danger';

/** A small coloured label for a state (accredited, lapsed, pending…). */
@Component({
  selector: 'inv-status-chip',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { '[class]': '"chip " + tone()' },
  template: `<ng-content />`,
  styles: `
    :host {
      display: inline-flex;
      align-items: center;
      padding: 2px 10px;
      border-radius: 999px;
      font: var(--mat-sys-label-medium);
      white-space: nowrap;
      border: 1px solid transparent;
    }
    :host(.neutral) {
      background: var(--mat-sys-surface-container-high);
      color: var(--mat-sys-on-surface-variant);
    }
    :host(.info) {
      background: #e3f0ff;
      color: #0b4a8b;
    }
    :host(.success) {
      background: #e1f5e6;
      color: #155d2b;
    }
    :host(.warning) {
      background: #fff3d6;
      color: #7a4a00;
    }
    :host(.danger) {
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
  `,
})
export class StatusChipComponent {
  readonly tone = input<ChipTone>('neutral');
}

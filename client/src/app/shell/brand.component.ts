import { ChangeDetectionStrategy, Component } from '@angular/core';

/** The product mark and name. */
@Component({
  selector: 'inv-brand',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <svg viewBox="0 0 32 32" aria-hidden="true">
      <rect width="32" height="32" rx="8" />
      <path d="M9 16.5l4.5 4.5L23 11.5" />
    </svg>
    <span class="name">Invigil</span>
  `,
  styles: `
    :host {
      display: inline-flex;
      align-items: center;
      gap: 10px;
    }
    svg {
      width: 28px;
      height: 28px;
    }
    rect {
      fill: var(--mat-sys-primary);
    }
    path {
      fill: none;
      stroke: var(--mat-sys-on-primary);
      stroke-width: 3;
      stroke-linecap: round;
      stroke-linejoin: round;
    }
    .name {
      font: var(--mat-sys-title-large);
      font-weight: 600;
      letter-spacing: 0.2px;
    }
  `,
})
export class BrandComponent {}

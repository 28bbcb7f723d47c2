import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatProgressSpinner } from '@angular/material/progress-spinner';

@Component({
  selector: 'inv-loading',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatProgressSpinner],
  template: `
    <div class="loading" role="status" aria-live="polite" data-testid="loading">
      <mat-spinner diameter="28" />
      <span>{{ label() }}</span>
    </div>
  `,
  styles: `
    .loading {
      display: flex;
      align-items: center;
      gap: 12px;
      padding: 24px 8px;
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class LoadingComponent {
  readonly label = input('Loading…');
}

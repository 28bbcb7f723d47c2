import { ChangeDetectionStrategy, Component, input } from '@angular/core';

/** What an empty list means and what to do about it. */
@Component({
  selector: 'inv-empty-state',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="empty" data-testid="empty-state">
      <svg viewBox="0 0 24 24" aria-hidden="true">
        <path
          d="M19 3H5a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h14a2 2 0 0 0 2-2V5a2 2 0 0 0-2-2zm0 16H5v-3h3.56a3.5 3.5 0 0 0 6.88 0H19v3zm0-5h-5a2 2 0 1 1-4 0H5V5h14v9z"
        />
      </svg>
      <div class="title">{{ heading() }}</div>
      @if (message()) {
        <div class="message">{{ message() }}</div>
      }
      <ng-content />
    </div>
  `,
  styles: `
    .empty {
      display: flex;
      flex-direction: column;
      align-items: center;
      text-align: center;
      gap: 6px;
      padding: 32px 16px;
      color: var(--mat-sys-on-surface-variant);
    }
    svg {
      width: 40px;
      height: 40px;
      fill: var(--mat-sys-outline);
    }
    .title {
      font: var(--mat-sys-title-medium);
      color: var(--mat-sys-on-surface);
    }
    .message {
      max-width: 56ch;
    }
  `,
})
export class EmptyStateComponent {
  readonly heading = input.required<string>();
  readonly message = input<string | null>(null);
}

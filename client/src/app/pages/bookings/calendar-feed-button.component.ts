import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { SchedulingApi } from '../../core/api/scheduling.api';
import { action } from '../../core/data/remote';
import { ProblemComponent } from '../../core/problem/problem.component';
import { ConfirmService } from '../../core/ui/confirm.service';
import { Notifier } from '../../core/ui/notifier.service';

/**
 * Gets the secret iCalendar URL of the user's blocks and copies it. Each request makes a new
 * URL and retires the old one, so it asks first.
 */
@Component({
  selector: 'inv-calendar-feed-button',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButton, ProblemComponent],
  template: `
    <button
      mat-stroked-button
      type="button"
      [disabled]="request.pending()"
      (click)="ask()"
      data-testid="calendar-feed"
    >
      Calendar feed
    </button>
    @if (url(); as u) {
      <div class="feed" data-testid="calendar-feed-url">
        <input class="mono" readonly [value]="u" aria-label="Calendar feed URL" (focus)="select($event)" />
        <button mat-button type="button" (click)="copy(u)" data-testid="calendar-feed-copy">Copy</button>
      </div>
    }
    <inv-problem [problem]="request.problem()" />
  `,
  styles: `
    :host {
      display: inline-flex;
      flex-direction: column;
      align-items: flex-end;
      gap: 6px;
    }
    .feed {
      display: flex;
      gap: 6px;
      align-items: center;
    }
    input {
      width: 360px;
      padding: 6px 8px;
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 6px;
    }
  `,
})
export class CalendarFeedButtonComponent {
  private readonly api = inject(SchedulingApi);
  private readonly confirm = inject(ConfirmService);
  private readonly notifier = inject(Notifier);
  protected readonly request = action();
  protected readonly url = signal<string | null>(null);

  protected ask(): void {
    this.confirm
      .ask({
        title: 'Subscribe to your blocks',
        message:
          'This makes a secret web address of your exam blocks for a calendar app (Outlook, Google, Apple). Anyone with it can read your blocks; asking again makes a new one and the old one stops working.',
        confirmLabel: 'Get the address',
      })
      .subscribe(() =>
        this.request.run(this.api.newCalendarFeed(), (feed) => {
          this.url.set(feed.url);
          this.copy(feed.url);
        }),
      );
  }

  protected copy(url: string): void {
    navigator.clipboard?.writeText(url).then(
      () => this.notifier.success('Calendar address copied'),
      () => this.notifier.success('Copy the address from the box'),
    );
  }

  protected select(event: FocusEvent): void {
    (event.target as HTMLInputElement).select();
  }
}

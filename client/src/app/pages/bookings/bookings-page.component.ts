import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatSlideToggle } from '@angular/material/slide-toggle';
import { RouterLink } from '@angular/router';
import { SchedulingApi } from '../../core/api/scheduling.api';
import { remote } from '../../core/data/remote';
import { DELIVERY_MODE_LABELS } from '../../core/format/labels';
import { ProblemComponent } from '../../core/problem/problem.component';
import { BOOKING_STATUS_LABELS, bookingTone } from '../../core/scheduling/booking-labels';
import { DualTimeComponent } from '../../core/ui/dual-time.component';
import { EmptyStateComponent } from '../../core/ui/empty-state.component';
import { LoadingComponent } from '../../core/ui/loading.component';
import { PageHeaderComponent } from '../../core/ui/page-header.component';
import { StatusChipComponent } from '../../core/ui/status-chip.component';
import { CalendarFeedButtonComponent } from './calendar-feed-button.component';

/** The blocks an instructor booked (an institution admin: the institution's), soonest first. */
@Component({
  selector: 'inv-bookings-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    RouterLink,
    MatButton,
    MatSlideToggle,
    ProblemComponent,
    EmptyStateComponent,
    LoadingComponent,
    PageHeaderComponent,
    StatusChipComponent,
    DualTimeComponent,
    CalendarFeedButtonComponent,
  ],
  templateUrl: './bookings-page.component.html',
})
export class BookingsPageComponent {
  private readonly api = inject(SchedulingApi);
  protected readonly modeLabels = DELIVERY_MODE_LABELS;
  protected readonly statusLabels = BOOKING_STATUS_LABELS;
  protected readonly tone = bookingTone;

  protected readonly showEnded = signal(false);
  private readonly since = new Date(Date.now() - 7 * 86_400_000).toISOString();
  protected readonly bookings = remote(
    () => ({ from: this.since }),
    ({ from }) => this.api.bookings({ from }),
  );
  protected readonly shown = computed(() =>
    [...(this.bookings.value() ?? [])]
      .filter((b) => this.showEnded() || b.status === 'held' || b.status === 'confirmed')
      .sort((a, b) => a.start.localeCompare(b.start)),
  );
}

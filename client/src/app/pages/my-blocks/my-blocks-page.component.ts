import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { RouterLink } from '@angular/router';
import { SchedulingApi } from '../../core/api/scheduling.api';
import { remoteOnce } from '../../core/data/remote';
import { DELIVERY_MODE_LABELS } from '../../core/format/labels';
import { ProblemComponent } from '../../core/problem/problem.component';
import { BOOKING_STATUS_LABELS, bookingTone } from '../../core/scheduling/booking-labels';
import { DualTimeComponent } from '../../core/ui/dual-time.component';
import { EmptyStateComponent } from '../../core/ui/empty-state.component';
import { LoadingComponent } from '../../core/ui/loading.component';
import { PageHeaderComponent } from '../../core/ui/page-header.component';
import { StatusChipComponent } from '../../core/ui/status-chip.component';
import { CalendarFeedButtonComponent } from '../bookings/calendar-feed-button.component';

/** A proctor's blocks to supervise, from a week ago on, and their calendar feed. */
@Component({
  selector: 'inv-my-blocks-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    RouterLink,
    ProblemComponent,
    EmptyStateComponent,
    LoadingComponent,
    PageHeaderComponent,
    StatusChipComponent,
    DualTimeComponent,
    CalendarFeedButtonComponent,
  ],
  templateUrl: './my-blocks-page.component.html',
})
export class MyBlocksPageComponent {
  private readonly api = inject(SchedulingApi);
  protected readonly modeLabels = DELIVERY_MODE_LABELS;
  protected readonly statusLabels = BOOKING_STATUS_LABELS;
  protected readonly tone = bookingTone;
  protected readonly blocks = remoteOnce(() => this.api.myProctoring());
}

import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatSlideToggle } from '@angular/material/slide-toggle';
import { RouterLink } from '@angular/router';
import { forkJoin, map, of, switchMap } from 'rxjs';
import { CentresApi } from '../../core/api/centres.api';
import { SchedulingApi } from '../../core/api/scheduling.api';
import { AuthService } from '../../core/auth/auth.service';
import { InstitutionContext } from '../../core/context/institution-context.service';
import { remote } from '../../core/data/remote';
import { DELIVERY_MODE_LABELS } from '../../core/format/labels';
import { ProblemComponent } from '../../core/problem/problem.component';
import { BOOKING_STATUS_LABELS, bookingTone } from '../../core/scheduling/booking-labels';
import { DualTimeComponent } from '../../core/ui/dual-time.component';
import { EmptyStateComponent } from '../../core/ui/empty-state.component';
import { LoadingComponent } from '../../core/ui/loading.component';
import { PageHeaderComponent } from '../../core/ui/page-header.component';
import { StatusChipComponent } from '../../core/ui/status-chip.component';
import { BookingRulesPanelComponent } from './booking-rules-panel.component';
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
    BookingRulesPanelComponent,
  ],
  templateUrl: './bookings-page.component.html',
})
export class BookingsPageComponent {
  private readonly api = inject(SchedulingApi);
  private readonly centresApi = inject(CentresApi);
  private readonly auth = inject(AuthService);
  protected readonly context = inject(InstitutionContext);
  protected readonly modeLabels = DELIVERY_MODE_LABELS;
  protected readonly statusLabels = BOOKING_STATUS_LABELS;
  protected readonly tone = bookingTone;

  protected readonly showEnded = signal(false);
  /** an instructor sees their own blocks first; an admin the whole institution's */
  protected readonly onlyMine = signal(!this.context.hasRole('institution_admin'));
  private readonly since = new Date(Date.now() - 7 * 86_400_000).toISOString();
  private readonly until = new Date(Date.now() + 180 * 86_400_000 - 8 * 86_400_000).toISOString();

  /** every block of the institution's centres, from a week ago to the booking horizon */
  protected readonly bookings = remote(
    () => this.context.institutionId() ?? undefined,
    (institutionId) =>
      this.centresApi.forInstitution(institutionId).pipe(
        switchMap((centres) => {
          const open = centres.filter((c) => c.canRunExams);
          return open.length
            ? forkJoin(open.map((c) => this.api.centreBookings(c.id, { from: this.since, to: this.until })))
            : of([]);
        }),
        map((lists) => lists.flat()),
      ),
  );
  protected readonly shown = computed(() => {
    const me = this.auth.user()?.id;
    return [...(this.bookings.value() ?? [])]
      .filter((b) => this.showEnded() || b.status === 'held' || b.status === 'confirmed')
      .filter((b) => !this.onlyMine() || b.bookedBy === me)
      .sort((a, b) => a.start.localeCompare(b.start));
  });
}

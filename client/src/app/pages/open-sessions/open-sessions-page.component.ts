import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatSelectModule } from '@angular/material/select';
import { RouterLink } from '@angular/router';
import type { OpenSessionDto } from '@invigil/contracts';
import { SchedulingApi } from '../../core/api/scheduling.api';
import { action, remoteOnce } from '../../core/data/remote';
import { MoneyPipe } from '../../core/format/format.pipes';
import { DELIVERY_MODE_LABELS } from '../../core/format/labels';
import { ProblemComponent } from '../../core/problem/problem.component';
import { DualTimeComponent } from '../../core/ui/dual-time.component';
import { EmptyStateComponent } from '../../core/ui/empty-state.component';
import { LoadingComponent } from '../../core/ui/loading.component';
import { Notifier } from '../../core/ui/notifier.service';
import { PageHeaderComponent } from '../../core/ui/page-header.component';
import { formatMoney } from '../../core/format/money';

/** Open sessions of centres open to the public: a candidate takes a seat with their own entitlement. */
@Component({
  selector: 'inv-open-sessions-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    RouterLink,
    MatButton,
    MatFormFieldModule,
    MatSelectModule,
    ProblemComponent,
    EmptyStateComponent,
    LoadingComponent,
    PageHeaderComponent,
    DualTimeComponent,
    MoneyPipe,
  ],
  templateUrl: './open-sessions-page.component.html',
})
export class OpenSessionsPageComponent {
  private readonly api = inject(SchedulingApi);
  private readonly notifier = inject(Notifier);
  protected readonly modeLabels = DELIVERY_MODE_LABELS;

  protected readonly sessions = remoteOnce(() => this.api.openSessions());
  protected readonly examFilter = signal<string | null>(null);
  /** the exams on offer, for the filter */
  protected readonly exams = computed(() => {
    const byId = new Map<string, string>();
    for (const s of this.sessions.value() ?? []) byId.set(s.examId, `${s.examCode} · ${s.examTitle}`);
    return [...byId.entries()]
      .map(([id, label]) => ({ id, label }))
      .sort((a, b) => a.label.localeCompare(b.label));
  });
  protected readonly shown = computed(() => {
    const exam = this.examFilter();
    return (this.sessions.value() ?? []).filter((s) => !exam || s.examId === exam);
  });
  protected readonly take = action();

  protected takeSeat(session: OpenSessionDto): void {
    this.take.run(this.api.takeOpenSeat(session.bookingId), (seat) => {
      const fee = seat.fee
        ? ` · proctoring fee ${formatMoney(seat.fee.amountMinor, seat.fee.currency)} invoiced (${seat.fee.invoiceNumber})`
        : '';
      this.notifier.success(`Seat taken: ${session.examCode} at ${session.centreName}${fee}`);
      this.sessions.reload();
    });
  }
}

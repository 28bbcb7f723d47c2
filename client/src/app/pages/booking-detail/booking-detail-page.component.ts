import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatButton } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatSelectModule } from '@angular/material/select';
import { RouterLink } from '@angular/router';
import type { BookingCandidateDto, BookingDto, ExamAttemptDto } from '@invigil/contracts';
import { catchError, interval, map, of, startWith } from 'rxjs';
import { AttemptsApi } from '../../core/api/attempts.api';
import { CentresApi } from '../../core/api/centres.api';
import { SchedulingApi } from '../../core/api/scheduling.api';
import { ATTEMPT_OUTCOME_LABELS, attemptTone } from '../../core/attempts/attempt-labels';
import { startWindow } from '../../core/attempts/start-window';
import { AuthService } from '../../core/auth/auth.service';
import { action, remote } from '../../core/data/remote';
import { DateTimePipe } from '../../core/format/format.pipes';
import { DELIVERY_MODE_LABELS } from '../../core/format/labels';
import { ProblemComponent } from '../../core/problem/problem.component';
import { BOOKING_STATUS_LABELS, bookingTone } from '../../core/scheduling/booking-labels';
import { explainBookingProblem } from '../../core/scheduling/booking-problems';
import { holdCountdown } from '../../core/scheduling/hold-countdown';
import { mondayOf } from '../../core/scheduling/week-grid';
import { ConfirmService } from '../../core/ui/confirm.service';
import { DualTimeComponent } from '../../core/ui/dual-time.component';
import { EmptyStateComponent } from '../../core/ui/empty-state.component';
import { LoadingComponent } from '../../core/ui/loading.component';
import { Notifier } from '../../core/ui/notifier.service';
import { PageHeaderComponent } from '../../core/ui/page-header.component';
import { StatusChipComponent } from '../../core/ui/status-chip.component';

/** One exam block: its details, its class roster, and moving or cancelling it. */
@Component({
  selector: 'inv-booking-detail-page',
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
    StatusChipComponent,
    DualTimeComponent,
    DateTimePipe,
  ],
  templateUrl: './booking-detail-page.component.html',
  styles: `
    .add-row {
      display: flex;
      gap: 12px;
      align-items: center;
      flex-wrap: wrap;
      margin-top: 16px;
    }
    .add-row mat-form-field {
      flex: 1 1 320px;
    }
    .hold {
      padding: 10px 14px;
      border-radius: 8px;
      background: #fff3d6;
      margin-bottom: 12px;
      display: flex;
      gap: 12px;
      align-items: center;
      flex-wrap: wrap;
    }
    .short-explained {
      padding: 10px 14px;
      border-radius: 8px;
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
    .countdown {
      font: var(--mat-sys-title-large);
      font-variant-numeric: tabular-nums;
    }
  `,
})
export class BookingDetailPageComponent {
  private readonly api = inject(SchedulingApi);
  private readonly auth = inject(AuthService);
  private readonly centresApi = inject(CentresApi);
  private readonly confirm = inject(ConfirmService);
  private readonly notifier = inject(Notifier);
  private readonly attemptsApi = inject(AttemptsApi);

  readonly id = input.required<string>();
  protected readonly outcomeLabels = ATTEMPT_OUTCOME_LABELS;
  protected readonly outcomeTone = attemptTone;

  protected readonly modeLabels = DELIVERY_MODE_LABELS;
  protected readonly statusLabels = BOOKING_STATUS_LABELS;
  protected readonly tone = bookingTone;

  protected readonly booking = remote(
    () => this.id(),
    (id) => this.api.booking(id),
  );
  /** instructors and admins of the block's institution change it; its proctors only read it */
  protected readonly canChange = computed(() => {
    const b = this.booking.value();
    return (
      !!b &&
      this.auth
        .memberships()
        .some(
          (m) =>
            m.institutionId === b.institutionId &&
            (m.role === 'instructor' || m.role === 'institution_admin'),
        )
    );
  });
  /** proctors of the block check candidates' ID and start their exams */
  protected readonly isProctor = computed(() => {
    const b = this.booking.value();
    const me = this.auth.user()?.id;
    return !!b && !!me && b.proctors.some((p) => p.userId === me);
  });
  protected readonly attempts = remote(
    () => (this.booking.value() && (this.isProctor() || this.canChange()) ? this.id() : undefined),
    (id) => this.attemptsApi.ofBooking(id),
  );
  protected readonly attemptOf = computed(() => {
    const byCandidate = new Map<string, ExamAttemptDto>();
    for (const a of this.attempts.value() ?? [])
      if (!byCandidate.has(a.candidateId)) byCandidate.set(a.candidateId, a);
    return byCandidate;
  });
  protected readonly startable = computed(() => {
    const b = this.booking.value();
    return !!b && this.isProctor() && b.status === 'confirmed' && startWindow(b, this.now()) === 'open';
  });
  protected readonly live = computed(() => {
    const s = this.booking.value()?.status;
    return this.canChange() && (s === 'held' || s === 'confirmed');
  });
  protected readonly back = computed(() =>
    this.canChange() || !this.auth.hasRole('proctor')
      ? { link: '/institution/bookings', label: 'My bookings' }
      : { link: '/me/blocks', label: 'My blocks' },
  );
  /** a confirmed block of a centre open to the public can be published as an open session */
  private readonly centre = remote(
    () => this.booking.value()?.centreId,
    (id) => this.centresApi.get(id).pipe(catchError(() => of(null))),
  );
  protected readonly canPublish = computed(
    () =>
      this.live() &&
      this.booking.value()?.status === 'confirmed' &&
      this.centre.value()?.accessPolicy === 'public',
  );
  protected readonly eligible = remote(
    () => {
      const b = this.booking.value();
      return b && this.live() && b.status === 'confirmed'
        ? { institutionId: b.institutionId, examId: b.examId }
        : undefined;
    },
    ({ institutionId, examId }) => this.api.entitlementHolders(institutionId, examId),
  );
  /** eligible candidates not already in the block */
  protected readonly addable = computed(() => {
    const seated = new Set((this.booking.value()?.candidates ?? []).map((c) => c.userId));
    return (this.eligible.value() ?? []).filter((c) => !seated.has(c.userId));
  });
  protected readonly seatsLeft = computed(() => {
    const b = this.booking.value();
    return b ? b.seats - b.filledSeats : 0;
  });
  protected readonly moveQuery = computed(() => {
    const b = this.booking.value();
    return b ? { move: b.id, centre: b.centreId, week: mondayOf(b.localStart.slice(0, 10)) } : null;
  });

  private readonly now = toSignal(
    interval(1000).pipe(
      startWith(0),
      map(() => Date.now()),
    ),
    {
      initialValue: Date.now(),
    },
  );
  protected readonly countdown = computed(() => {
    const b = this.booking.value();
    return this.canChange() && b?.status === 'held' && b.holdExpiresAt
      ? holdCountdown(b.holdExpiresAt, this.now())
      : null;
  });

  protected readonly chosen = signal<string | null>(null);
  protected readonly write = action();
  /** a refused change said in the booker's terms, else the server's problem shows */
  protected readonly explained = computed(() => {
    const problem = this.write.problem();
    const b = this.booking.value();
    return problem && b ? explainBookingProblem(problem, b.timeZone) : null;
  });

  private adopt(message: string): (booking: BookingDto) => void {
    return (booking) => {
      this.booking.set(booking);
      this.eligible.reload();
      this.notifier.success(message);
    };
  }

  protected addCandidate(): void {
    const userId = this.chosen();
    const candidate = this.addable().find((c) => c.userId === userId);
    if (!userId || !candidate) return;
    this.write.run(this.api.addCandidate(this.id(), userId), (booking) => {
      this.chosen.set(null);
      this.adopt(`${candidate.displayName} added to the block`)(booking);
    });
  }

  protected removeCandidate(candidate: BookingCandidateDto): void {
    this.confirm
      .ask({
        title: `Remove ${candidate.displayName}?`,
        message: 'Their seat is freed and their exam entitlement can be used in another block.',
        confirmLabel: 'Remove',
        danger: true,
      })
      .subscribe(() =>
        this.write.run(
          this.api.removeCandidate(this.id(), candidate.userId),
          this.adopt(`${candidate.displayName} removed from the block`),
        ),
      );
  }

  /** After checking the candidate's photo ID: their voucher is consumed and the exam opens. */
  protected startExam(candidate: BookingCandidateDto): void {
    this.confirm
      .ask({
        title: `Start ${candidate.displayName}’s exam?`,
        message:
          'Check their photo ID against their name first. Starting uses their exam entitlement; it cannot be undone, only reinstated by the institution if the attempt fails through no fault of theirs.',
        confirmLabel: 'ID checked: start exam',
      })
      .subscribe(() =>
        this.write.run(this.attemptsApi.start(this.id(), candidate.userId), () => {
          this.notifier.success(`${candidate.displayName}’s exam has started`);
          this.attempts.reload();
        }),
      );
  }

  protected setOpen(open: boolean): void {
    this.write.run(
      this.api.setOpenToPublic(this.id(), open),
      this.adopt(
        open ? 'Published: candidates of any institution can take a free seat' : 'Open session withdrawn',
      ),
    );
  }

  protected confirmHold(): void {
    this.write.run(this.api.confirm(this.id()), this.adopt('Block confirmed'));
  }

  protected cancel(booking: BookingDto): void {
    this.confirm
      .ask({
        title: 'Cancel this block?',
        message: `${booking.examCode}, ${booking.seats} seats: its VMs, lab and proctors are released, and its ${booking.filledSeats} candidates get their entitlements back.`,
        confirmLabel: 'Cancel block',
        danger: true,
        input: { label: 'Reason (needed inside the 24-hour cut-off)', required: false },
      })
      .subscribe((reason) =>
        this.write.run(this.api.cancel(this.id(), reason ? { reason } : {}), this.adopt('Block cancelled')),
      );
  }
}

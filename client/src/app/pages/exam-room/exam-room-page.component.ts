import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import { AttemptsApi } from '../../core/api/attempts.api';
import { SchedulingApi } from '../../core/api/scheduling.api';
import { remoteOnce } from '../../core/data/remote';
import { ATTEMPT_OUTCOME_LABELS, attemptTone, outcomeExplanation } from '../../core/attempts/attempt-labels';
import { START_EARLY_MINUTES } from '../../core/attempts/start-window';
import { DELIVERY_MODE_LABELS } from '../../core/format/labels';
import { ProblemComponent } from '../../core/problem/problem.component';
import { DualTimeComponent } from '../../core/ui/dual-time.component';
import { EmptyStateComponent } from '../../core/ui/empty-state.component';
import { LoadingComponent } from '../../core/ui/loading.component';
import { PageHeaderComponent } from '../../core/ui/page-header.component';
import { StatusChipComponent } from '../../core/ui/status-chip.component';

/** how often the page asks whether the proctor has started the exam */
export const ATTEMPT_POLL_MS = 15_000;

/**
 * A candidate's page for one online exam (the link of their booking mail and of My exams): when
 * it is, what to have ready, and where it stands: waiting for the proctor's ID check, started,
 * or its outcome. It looks again every 15 seconds, so it moves on by itself when the proctor
 * starts the exam.
 */
@Component({
  selector: 'inv-exam-room-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    RouterLink,
    ProblemComponent,
    EmptyStateComponent,
    LoadingComponent,
    PageHeaderComponent,
    DualTimeComponent,
    StatusChipComponent,
  ],
  template: `
    <div class="page">
      <inv-problem [problem]="exams.problem()" />
      @if (exams.loading() && !exams.value()) {
        <inv-loading label="Loading your exam…" />
      } @else if (exam(); as e) {
        <inv-page-header
          [heading]="e.examCode + ' · ' + e.examTitle"
          [subtitle]="modeLabels[e.deliveryMode]"
        />
        <section class="panel" data-testid="exam-room">
          <dl class="definition-list">
            <dt>When</dt>
            <dd><inv-dual-time [start]="e.start" [zone]="e.centreTimeZone" /></dd>
            <dt>Length</dt>
            <dd>{{ e.durationMinutes }} minutes</dd>
            <dt>Centre</dt>
            <dd>{{ e.centreName }}</dd>
          </dl>
          <h2>Where it stands</h2>
          @if (attempt(); as a) {
            <p data-testid="exam-room-status">
              <inv-status-chip [tone]="tone(a.outcome)">{{ outcomeLabels[a.outcome] }}</inv-status-chip>
              @if (a.outcome === 'in_progress') {
                Your proctor checked your ID and started your exam.
              } @else {
                {{ explain(a.outcome) }}
              }
            </p>
            @if (a.outcome !== 'in_progress') {
              <p><a routerLink="/candidate/results">See all your results</a></p>
            }
          } @else {
            <p data-testid="exam-room-status">
              <inv-status-chip tone="neutral">Waiting for your proctor</inv-status-chip>
              From {{ startEarly }} minutes before the start, your proctor checks your photo ID by video and
              then starts your exam. This page updates by itself when they do.
            </p>
          }
          <h2>Have ready</h2>
          <ul data-testid="exam-room-checklist">
            <li>A computer with a working camera and microphone, and a recent web browser.</li>
            <li>The photo ID you registered with.</li>
            <li>A quiet room with a clear desk, for the whole {{ e.durationMinutes }} minutes.</li>
          </ul>
        </section>
      } @else if (exams.value()) {
        <inv-empty-state
          heading="No such exam of yours"
          message="It may have been cancelled or moved: My exams lists the ones you are booked into."
        />
        <p><a routerLink="/me/exams">My exams</a></p>
      }
    </div>
  `,
  styles: `
    h2 {
      font: var(--mat-sys-title-medium);
      margin: 20px 0 8px;
    }
  `,
})
export class ExamRoomPageComponent {
  private readonly scheduling = inject(SchedulingApi);
  private readonly attemptsApi = inject(AttemptsApi);
  /** the booking, from the route (`/me/exams/:bookingId`) */
  readonly bookingId = input.required<string>();

  protected readonly modeLabels = DELIVERY_MODE_LABELS;
  protected readonly outcomeLabels = ATTEMPT_OUTCOME_LABELS;
  protected readonly tone = attemptTone;
  protected readonly explain = outcomeExplanation;
  protected readonly startEarly = START_EARLY_MINUTES;

  protected readonly exams = remoteOnce(() => this.scheduling.myExams());
  protected readonly attempts = remoteOnce(() => this.attemptsApi.mine());
  protected readonly exam = computed(() => this.exams.value()?.find((e) => e.bookingId === this.bookingId()));
  protected readonly attempt = computed(
    () =>
      (this.attempts.value() ?? [])
        .filter((a) => a.bookingId === this.bookingId() && a.outcome !== 'voided')
        .sort((a, b) => b.startedAt.localeCompare(a.startedAt))[0],
  );
  constructor() {
    const timer = setInterval(() => {
      // once the exam has an outcome there is nothing left to wait for
      const a = this.attempt();
      if (a && a.outcome !== 'in_progress') return;
      this.attempts.reload();
    }, ATTEMPT_POLL_MS);
    inject(DestroyRef).onDestroy(() => clearInterval(timer));
  }
}

import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatSelectModule } from '@angular/material/select';
import type { ExamAttemptDto } from '@invigil/contracts';
import { AttemptsApi } from '../../core/api/attempts.api';
import { CatalogueApi } from '../../core/api/catalogue.api';
import {
  attemptTone,
  BODY_OUTCOME_LABELS,
  OUTCOME_FILTERS,
  OutcomeFilter,
  scoreSummary,
} from '../../core/attempts/attempt-labels';
import { BodyContext } from '../../core/context/body-context.service';
import { remote, remoteOnce } from '../../core/data/remote';
import { DateTimePipe } from '../../core/format/format.pipes';
import { ProblemComponent } from '../../core/problem/problem.component';
import { EmptyStateComponent } from '../../core/ui/empty-state.component';
import { LoadingComponent } from '../../core/ui/loading.component';
import { Notifier } from '../../core/ui/notifier.service';
import { PageHeaderComponent } from '../../core/ui/page-header.component';
import { StatusChipComponent } from '../../core/ui/status-chip.component';
import { BodyPickerComponent } from '../body-exams/body-picker.component';
import { ResultEntryComponent } from './result-entry.component';

const EMPTY: Record<OutcomeFilter, { heading: string; message: string }> = {
  in_progress: {
    heading: 'No attempts awaiting a result',
    message:
      'When a proctor starts a candidate’s exam at one of the body’s exams, it appears here for you to record the score.',
  },
  passed: { heading: 'No passed attempts', message: 'Attempts you record as passed appear here.' },
  failed: { heading: 'No failed attempts', message: 'Attempts you record as failed appear here.' },
  voided: {
    heading: 'No voided attempts',
    message:
      'An attempt is voided when its voucher is reinstated because it failed through the platform’s or the centre’s fault.',
  },
  all: { heading: 'No attempts yet', message: 'No candidate has started one of the body’s exams yet.' },
};

/** The certification body's exam attempts: those awaiting a result get their score here. */
@Component({
  selector: 'inv-body-results-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    MatFormFieldModule,
    MatSelectModule,
    BodyPickerComponent,
    ResultEntryComponent,
    ProblemComponent,
    EmptyStateComponent,
    LoadingComponent,
    PageHeaderComponent,
    StatusChipComponent,
    DateTimePipe,
  ],
  templateUrl: './body-results-page.component.html',
})
export class BodyResultsPageComponent {
  private readonly api = inject(AttemptsApi);
  private readonly catalogue = inject(CatalogueApi);
  private readonly notifier = inject(Notifier);
  protected readonly bodyContext = inject(BodyContext);

  protected readonly filters = OUTCOME_FILTERS;
  protected readonly labels = BODY_OUTCOME_LABELS;
  protected readonly tone = attemptTone;
  protected readonly scoreSummary = scoreSummary;

  protected readonly allBodies = remoteOnce(() => this.catalogue.bodies());
  protected readonly bodies = computed(() => this.bodyContext.manageable(this.allBodies.value() ?? []));
  protected readonly body = computed(() => {
    this.bodyContext.chosenId();
    return this.bodyContext.current(this.bodies());
  });
  /** awaiting a result by default: that is the body's work */
  protected readonly outcome = signal<OutcomeFilter>('in_progress');
  protected readonly attempts = remote(
    () => {
      const body = this.body();
      return body ? { bodyId: body.id, outcome: this.outcome() } : undefined;
    },
    ({ bodyId, outcome }) => this.api.ofBody(bodyId, outcome === 'all' ? null : outcome),
  );
  protected readonly empty = computed(() => EMPTY[this.outcome()]);
  protected readonly count = computed(() => {
    const n = this.attempts.value()?.length ?? 0;
    return `${n} ${n === 1 ? 'attempt' : 'attempts'}`;
  });

  /** A recorded row stays in the list, now showing its result, until the filter changes. */
  protected recorded(attempt: ExamAttemptDto): void {
    const list = this.attempts.value() ?? [];
    this.attempts.set(list.map((a) => (a.id === attempt.id ? attempt : a)));
    this.notifier.success(
      `${attempt.candidateName}: ${attempt.examCode} ${attempt.outcome === 'passed' ? 'passed' : 'failed'} with ${attempt.score}`,
    );
  }
}

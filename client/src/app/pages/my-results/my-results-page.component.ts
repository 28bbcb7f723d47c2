import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { RouterLink } from '@angular/router';
import { AttemptsApi } from '../../core/api/attempts.api';
import {
  ATTEMPT_OUTCOME_LABELS,
  attemptTone,
  outcomeExplanation,
  scoreSummary,
} from '../../core/attempts/attempt-labels';
import { remoteOnce } from '../../core/data/remote';
import { DateTimePipe } from '../../core/format/format.pipes';
import { ProblemComponent } from '../../core/problem/problem.component';
import { EmptyStateComponent } from '../../core/ui/empty-state.component';
import { LoadingComponent } from '../../core/ui/loading.component';
import { PageHeaderComponent } from '../../core/ui/page-header.component';
import { StatusChipComponent } from '../../core/ui/status-chip.component';

/** A candidate's exam attempts and their results, newest first. */
@Component({
  selector: 'inv-my-results-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    RouterLink,
    ProblemComponent,
    EmptyStateComponent,
    LoadingComponent,
    PageHeaderComponent,
    StatusChipComponent,
    DateTimePipe,
  ],
  template: `
    <div class="page">
      <inv-page-header
        heading="My results"
        subtitle="Your exam attempts and what came of them. Times are in your own time zone."
      />
      <inv-problem [problem]="attempts.problem()" />
      <section class="panel">
        @if (attempts.loading() && !attempts.value()) {
          <inv-loading label="Loading your results…" />
        } @else if (attempts.value(); as list) {
          @if (list.length === 0) {
            <inv-empty-state
              heading="No exam attempts yet"
              message="Once a proctor starts your exam, it appears here, and its result once the certification body records it."
            >
              <a routerLink="/candidate/vouchers" data-testid="my-results-vouchers">Go to my vouchers</a>
            </inv-empty-state>
          } @else {
            <div class="table-wrap">
              <table class="inv-table" data-testid="my-results-table">
                <thead>
                  <tr>
                    <th>Exam</th>
                    <th>Sat</th>
                    <th>Outcome</th>
                    <th>Score</th>
                  </tr>
                </thead>
                <tbody>
                  @for (a of list; track a.id) {
                    <tr
                      data-testid="my-result-row"
                      [attr.data-attempt-id]="a.id"
                      [attr.data-outcome]="a.outcome"
                    >
                      <td>
                        <span class="mono">{{ a.examCode }}</span>
                        <div class="muted small">{{ a.examTitle }}</div>
                      </td>
                      <td class="small">{{ a.startedAt | invDateTime }}</td>
                      <td class="outcome">
                        <inv-status-chip [tone]="tone(a.outcome)" data-testid="my-result-outcome">{{
                          labels[a.outcome]
                        }}</inv-status-chip>
                        <div class="muted small" data-testid="my-result-explanation">
                          {{ explanation(a.outcome) }}
                        </div>
                      </td>
                      <td class="small" data-testid="my-result-score">
                        {{ a.outcome === 'voided' && a.score === null ? '—' : scoreSummary(a) }}
                      </td>
                    </tr>
                  }
                </tbody>
              </table>
            </div>
          }
        }
      </section>
    </div>
  `,
  styles: `
    .outcome {
      max-width: 40ch;
    }
    .outcome .small {
      margin-top: 4px;
    }
  `,
})
export class MyResultsPageComponent {
  private readonly api = inject(AttemptsApi);

  protected readonly labels = ATTEMPT_OUTCOME_LABELS;
  protected readonly tone = attemptTone;
  protected readonly explanation = outcomeExplanation;
  protected readonly scoreSummary = scoreSummary;

  protected readonly attempts = remoteOnce(() => this.api.mine());
}

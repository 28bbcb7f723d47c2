import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { SchedulingApi } from '../../core/api/scheduling.api';
import { remoteOnce } from '../../core/data/remote';
import { DateTimePipe, MoneyPipe } from '../../core/format/format.pipes';
import { ViewerZone } from '../../core/format/viewer-zone.service';
import { DELIVERY_MODE_LABELS } from '../../core/format/labels';
import { ProblemComponent } from '../../core/problem/problem.component';
import { DualTimeComponent } from '../../core/ui/dual-time.component';
import { EmptyStateComponent } from '../../core/ui/empty-state.component';
import { LoadingComponent } from '../../core/ui/loading.component';
import { PageHeaderComponent } from '../../core/ui/page-header.component';

/** A candidate's upcoming exams: when (the centre's time and their own) and where, or the link. */
@Component({
  selector: 'inv-my-exams-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ProblemComponent,
    EmptyStateComponent,
    LoadingComponent,
    PageHeaderComponent,
    DualTimeComponent,
    MoneyPipe,
    DateTimePipe,
  ],
  templateUrl: './my-exams-page.component.html',
  styles: `
    .exams {
      display: grid;
      gap: 16px;
    }
    .exam h2 {
      font: var(--mat-sys-title-large);
      margin: 0 0 4px;
    }
    .exam .title {
      margin: 0 0 12px;
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class MyExamsPageComponent {
  private readonly api = inject(SchedulingApi);
  protected readonly viewer = inject(ViewerZone);
  protected readonly modeLabels = DELIVERY_MODE_LABELS;
  protected readonly exams = remoteOnce(() => this.api.myExams());
}

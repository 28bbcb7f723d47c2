import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButton } from '@angular/material/button';
import type { UpcomingExamDto } from '@invigil/contracts';
import { SchedulingApi } from '../../core/api/scheduling.api';
import { action, remoteOnce } from '../../core/data/remote';
import { DateTimePipe, MoneyPipe } from '../../core/format/format.pipes';
import { ViewerZone } from '../../core/format/viewer-zone.service';
import { DELIVERY_MODE_LABELS } from '../../core/format/labels';
import { ProblemComponent } from '../../core/problem/problem.component';
import { DualTimeComponent } from '../../core/ui/dual-time.component';
import { EmptyStateComponent } from '../../core/ui/empty-state.component';
import { LoadingComponent } from '../../core/ui/loading.component';
import { ConfirmService } from '../../core/ui/confirm.service';
import { Notifier } from '../../core/ui/notifier.service';
import { PageHeaderComponent } from '../../core/ui/page-header.component';

/** A candidate's upcoming exams: when (the centre's time and their own) and where, or the link. */
@Component({
  selector: 'inv-my-exams-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    MatButton,
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
    .give-back {
      display: flex;
      align-items: center;
      gap: 12px;
      margin-top: 12px;
    }
  `,
})
export class MyExamsPageComponent {
  private readonly api = inject(SchedulingApi);
  protected readonly viewer = inject(ViewerZone);
  protected readonly modeLabels = DELIVERY_MODE_LABELS;
  private readonly confirm = inject(ConfirmService);
  private readonly notifier = inject(Notifier);
  protected readonly exams = remoteOnce(() => this.api.myExams());
  protected readonly givingBack = action();

  protected canGiveBack(exam: UpcomingExamDto): boolean {
    return exam.giveBackUntil !== null && Date.parse(exam.giveBackUntil) > Date.now();
  }

  protected giveBack(exam: UpcomingExamDto): void {
    this.confirm
      .ask({
        title: `Give back your ${exam.examCode} seat?`,
        message: exam.fee
          ? 'Your voucher becomes free to book again. A paid proctoring fee is refunded; an unpaid one is cancelled.'
          : 'Your voucher becomes free to book again.',
        confirmLabel: 'Give back',
      })
      .subscribe(() =>
        this.givingBack.run(this.api.giveBackOpenSeat(exam.bookingId), () => {
          this.notifier.success(`Your ${exam.examCode} seat is given back`);
          this.exams.reload();
        }),
      );
  }
}

import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatPaginator, PageEvent } from '@angular/material/paginator';
import { RouterLink } from '@angular/router';
import type {
  AccreditationAction,
  AccreditationDecisionRequest,
  AccreditationStatus,
  TestingCentreDto,
} from '@invigil/contracts';
import { Observable } from 'rxjs';
import { CentresApi } from '../../core/api/centres.api';
import { action, remote } from '../../core/data/remote';
import { accreditationTone, totalSeats } from '../../core/format/accreditation';
import { DateTimePipe, MoneyPipe } from '../../core/format/format.pipes';
import { ACCESS_POLICY_LABELS, ACCREDITATION_LABELS } from '../../core/format/labels';
import { formatMoney, toMinorUnits } from '../../core/format/money';
import { ProblemComponent } from '../../core/problem/problem.component';
import { ConfirmService } from '../../core/ui/confirm.service';
import { EmptyStateComponent } from '../../core/ui/empty-state.component';
import { LoadingComponent } from '../../core/ui/loading.component';
import { Notifier } from '../../core/ui/notifier.service';
import { PageHeaderComponent } from '../../core/ui/page-header.component';
import { StatusChipComponent } from '../../core/ui/status-chip.component';
import { ACTION_LABELS, availableActions } from './accreditation-actions';

type Filter = 'open' | AccreditationStatus;

const FILTERS: { value: Filter; label: string; statuses: AccreditationStatus[] }[] = [
  { value: 'open', label: 'Awaiting a decision', statuses: ['applied', 'onboarding'] },
  { value: 'applied', label: 'Applied', statuses: ['applied'] },
  { value: 'onboarding', label: 'Onboarding', statuses: ['onboarding'] },
  { value: 'accredited', label: 'Accredited', statuses: ['accredited'] },
  { value: 'suspended', label: 'Suspended', statuses: ['suspended'] },
  { value: 'rejected', label: 'Rejected', statuses: ['rejected'] },
];

/** The operator's accreditation work: onboard, take the fee, accredit, suspend, reinstate, reject. */
@Component({
  selector: 'inv-accreditation-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    RouterLink,
    MatButton,
    MatButtonToggleModule,
    MatPaginator,
    ProblemComponent,
    EmptyStateComponent,
    LoadingComponent,
    PageHeaderComponent,
    StatusChipComponent,
    DateTimePipe,
    MoneyPipe,
  ],
  templateUrl: './accreditation-page.component.html',
  styles: `
    .filters {
      margin-bottom: 16px;
      overflow-x: auto;
    }
    td.actions button {
      margin-left: 4px;
    }
    .reason {
      max-width: 260px;
    }
  `,
})
export class AccreditationPageComponent {
  private readonly api = inject(CentresApi);
  private readonly confirm = inject(ConfirmService);
  private readonly notifier = inject(Notifier);

  protected readonly filters = FILTERS;
  protected readonly filter = signal<Filter>('open');
  protected readonly pageSize = signal(25);
  protected readonly pageIndex = signal(0);
  protected readonly statusLabels = ACCREDITATION_LABELS;
  protected readonly policyLabels = ACCESS_POLICY_LABELS;
  protected readonly actionLabels = ACTION_LABELS;
  protected readonly tone = accreditationTone;
  protected readonly seats = totalSeats;
  protected readonly actionsFor = availableActions;

  protected readonly queue = remote(
    () => ({
      statuses: FILTERS.find((f) => f.value === this.filter())?.statuses ?? [],
      limit: this.pageSize(),
      offset: this.pageIndex() * this.pageSize(),
    }),
    ({ statuses, limit, offset }) => this.api.accreditationQueue(statuses, { limit, offset }),
  );
  protected readonly emptyMessage = computed(() =>
    this.filter() === 'open'
      ? 'No centre is waiting for onboarding or accreditation.'
      : `No centre is ${ACCREDITATION_LABELS[this.filter() as AccreditationStatus].toLowerCase()}.`,
  );
  protected readonly decide = action();
  protected readonly busyCentre = signal<string | null>(null);

  protected setFilter(value: Filter): void {
    this.filter.set(value);
    this.pageIndex.set(0);
  }

  protected changePage(event: PageEvent): void {
    this.pageSize.set(event.pageSize);
    this.pageIndex.set(event.pageIndex);
  }

  protected act(centre: TestingCentreDto, decision: AccreditationAction): void {
    this.ask(centre, decision).subscribe((input) => {
      const request: AccreditationDecisionRequest = { action: decision };
      if (decision === 'start_onboarding')
        request.onboardingFeeMinor = toMinorUnits(Number(input), centre.currency);
      if ((decision === 'suspend' || decision === 'reject' || decision === 'accredit') && input)
        request.reason = input;
      this.busyCentre.set(centre.id);
      this.decide.run(
        this.api.decideAccreditation(centre.id, request),
        (updated) => {
          this.busyCentre.set(null);
          this.notifier.success(
            `${updated.name}: ${ACCREDITATION_LABELS[updated.accreditation.status].toLowerCase()}`,
          );
          this.queue.reload();
        },
        () => this.busyCentre.set(null),
      );
    });
  }

  private ask(centre: TestingCentreDto, decision: AccreditationAction): Observable<string> {
    switch (decision) {
      case 'start_onboarding':
        return this.confirm.ask({
          title: `Start onboarding ${centre.name}`,
          message: `Set the one-time onboarding fee the institution pays before the centre can be accredited (in ${centre.currency}; 0 waives it).`,
          confirmLabel: 'Start onboarding',
          input: { label: `Onboarding fee (${centre.currency})`, required: true, type: 'amount' },
        });
      case 'record_fee_paid':
        return this.confirm.ask({
          title: 'Record the onboarding fee as paid?',
          message: `${centre.institutionName} has paid ${formatMoney(centre.accreditation.onboardingFeeMinor ?? 0, centre.currency)} for ${centre.name}.`,
          confirmLabel: 'Record payment',
        });
      case 'accredit':
        return this.confirm.ask({
          title: `Accredit ${centre.name}?`,
          message: 'The centre can then run exams in its labs with its trained proctors.',
          confirmLabel: 'Accredit',
          input: { label: 'Note (optional)', required: false },
        });
      case 'suspend':
        return this.confirm.ask({
          title: `Suspend ${centre.name}?`,
          message:
            'No new exams can run at the centre until it is reinstated. The institution sees the reason.',
          confirmLabel: 'Suspend',
          danger: true,
          input: { label: 'Reason', required: true },
        });
      case 'reinstate':
        return this.confirm.ask({
          title: `Reinstate ${centre.name}?`,
          message: 'The centre becomes accredited again and can run exams.',
          confirmLabel: 'Reinstate',
        });
      case 'reject':
        return this.confirm.ask({
          title: `Reject ${centre.name}?`,
          message: 'The application ends; the institution sees the reason.',
          confirmLabel: 'Reject',
          danger: true,
          input: { label: 'Reason', required: true },
        });
    }
  }
}

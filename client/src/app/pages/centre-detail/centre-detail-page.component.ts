import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  input,
  signal,
  viewChild,
} from '@angular/core';
import { MatButton } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import type { CreateCentreRequest, OpeningHoursDto } from '@invigil/contracts';
import { CentresApi } from '../../core/api/centres.api';
import { AuthService } from '../../core/auth/auth.service';
import { InstitutionContext } from '../../core/context/institution-context.service';
import { action, remote } from '../../core/data/remote';
import { accreditationExplanation, accreditationTone } from '../../core/format/accreditation';
import { DateTimePipe, MoneyPipe } from '../../core/format/format.pipes';
import { ACCESS_POLICY_LABELS, ACCREDITATION_LABELS } from '../../core/format/labels';
import { summarizeOpeningHours } from '../../core/format/opening-hours';
import { ProblemComponent } from '../../core/problem/problem.component';
import { LoadingComponent } from '../../core/ui/loading.component';
import { Notifier } from '../../core/ui/notifier.service';
import { PageHeaderComponent } from '../../core/ui/page-header.component';
import { StatusChipComponent } from '../../core/ui/status-chip.component';
import { CentreFormComponent } from '../centres/centre-form.component';
import { LabsPanelComponent } from './labs-panel.component';
import { OpeningHoursEditorComponent } from './opening-hours-editor.component';
import { ProctorsPanelComponent } from './proctors-panel.component';

/** One testing centre: its details, accreditation, opening hours, labs and proctors. */
@Component({
  selector: 'inv-centre-detail-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    RouterLink,
    MatButton,
    CentreFormComponent,
    OpeningHoursEditorComponent,
    LabsPanelComponent,
    ProctorsPanelComponent,
    ProblemComponent,
    LoadingComponent,
    PageHeaderComponent,
    StatusChipComponent,
    DateTimePipe,
    MoneyPipe,
  ],
  templateUrl: './centre-detail-page.component.html',
  styles: `
    .accreditation {
      display: flex;
      gap: 16px;
      align-items: flex-start;
    }
    .explanation {
      margin: 0 0 12px;
    }
    .columns {
      display: grid;
      grid-template-columns: minmax(0, 1fr) minmax(0, 1fr);
      gap: 20px;
    }
    @media (max-width: 1100px) {
      .columns {
        grid-template-columns: minmax(0, 1fr);
      }
    }
  `,
})
export class CentreDetailPageComponent {
  private readonly api = inject(CentresApi);
  private readonly auth = inject(AuthService);
  private readonly context = inject(InstitutionContext);
  private readonly notifier = inject(Notifier);

  readonly id = input.required<string>();

  protected readonly centre = remote(
    () => this.id(),
    (id) => this.api.get(id),
  );
  protected readonly policyLabels = ACCESS_POLICY_LABELS;
  protected readonly statusLabels = ACCREDITATION_LABELS;
  protected readonly tone = accreditationTone;
  protected readonly explain = accreditationExplanation;
  protected readonly hours = summarizeOpeningHours;

  protected readonly isOperator = computed(() => this.auth.hasRole('platform_operator'));
  /** only the centre's own institution admins change it */
  protected readonly canEdit = computed(() => {
    const centre = this.centre.value();
    return (
      !!centre &&
      this.auth
        .memberships()
        .some((m) => m.role === 'institution_admin' && m.institutionId === centre.institutionId)
    );
  });
  protected readonly backLink = computed(() =>
    this.canEdit() || !this.isOperator() ? '/institution/centres' : '/operator/accreditation',
  );

  protected readonly editing = signal(false);
  protected readonly saveDetails = action();
  protected readonly saveHours = action();
  private readonly form = viewChild(CentreFormComponent);

  constructor() {
    // an admin opening a centre of another of their institutions then works in that institution
    effect(() => {
      const centre = this.centre.value();
      if (centre && this.canEdit() && this.context.institutionId() !== centre.institutionId) {
        this.context.select(centre.institutionId);
      }
    });
  }

  protected submitDetails(request: CreateCentreRequest): void {
    this.saveDetails.run(
      this.api.update(this.id(), {
        name: request.name,
        timeZone: request.timeZone,
        address: request.address,
        accessPolicy: request.accessPolicy,
        currency: request.currency,
        publicProctoringFeeMinor: request.publicProctoringFeeMinor,
      }),
      (centre) => {
        this.centre.set(centre);
        this.editing.set(false);
        this.notifier.success('Centre saved');
      },
      (problem) => this.form()?.showProblem(problem),
    );
  }

  protected submitHours(hours: OpeningHoursDto[]): void {
    this.saveHours.run(this.api.replaceOpeningHours(this.id(), hours), (centre) => {
      this.centre.set(centre);
      this.notifier.success('Opening hours saved');
    });
  }
}

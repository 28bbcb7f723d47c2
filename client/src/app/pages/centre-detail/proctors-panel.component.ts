import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import type { CentreProctorDto, RecordTrainingRequest, TestingCentreDto } from '@invigil/contracts';
import { CentresApi } from '../../core/api/centres.api';
import { InstitutionsApi } from '../../core/api/institutions.api';
import { action, remote } from '../../core/data/remote';
import { todayIn } from '../../core/format/date-time';
import { LocalDatePipe } from '../../core/format/format.pipes';
import { applyFieldErrors } from '../../core/problem/problem';
import { ProblemComponent } from '../../core/problem/problem.component';
import { ConfirmService } from '../../core/ui/confirm.service';
import { EmptyStateComponent } from '../../core/ui/empty-state.component';
import { LoadingComponent } from '../../core/ui/loading.component';
import { Notifier } from '../../core/ui/notifier.service';
import { StatusChipComponent } from '../../core/ui/status-chip.component';

/** Proctors of a centre and their training (train-the-trainer: a trained proctor trains new staff). */
@Component({
  selector: 'inv-proctors-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ReactiveFormsModule,
    MatFormFieldModule,
    MatInput,
    MatSelectModule,
    MatButton,
    ProblemComponent,
    EmptyStateComponent,
    LoadingComponent,
    StatusChipComponent,
    LocalDatePipe,
  ],
  templateUrl: './proctors-panel.component.html',
  styles: `
    .add-form,
    .training-form {
      display: flex;
      gap: 12px;
      align-items: flex-start;
      flex-wrap: wrap;
      margin-top: 16px;
    }
    .add-form mat-form-field {
      flex: 1 1 320px;
      max-width: 480px;
    }
    .add-form button,
    .training-form button {
      margin-top: 10px;
    }
    .training {
      margin-top: 16px;
      padding: 16px;
      border-radius: 10px;
      background: var(--mat-sys-surface-container-low);
    }
    .training h3 {
      margin: 0 0 4px;
      font: var(--mat-sys-title-small);
    }
  `,
})
export class ProctorsPanelComponent {
  private readonly api = inject(CentresApi);
  private readonly institutionsApi = inject(InstitutionsApi);
  private readonly confirm = inject(ConfirmService);
  private readonly notifier = inject(Notifier);
  private readonly fb = inject(FormBuilder).nonNullable;

  readonly centre = input.required<TestingCentreDto>();
  /** institution admin of the centre's institution: adds, removes and trains (naming a trainer) */
  readonly canManage = input(false);
  /** the platform operator records trainings itself */
  readonly isOperator = input(false);

  protected readonly proctors = remote(
    () => this.centre().id,
    (id) => this.api.proctors(id),
  );
  private readonly members = remote(
    () => (this.canManage() ? this.centre().institutionId : undefined),
    (id) => this.institutionsApi.members(id, { role: 'proctor', limit: 200, offset: 0 }),
  );
  /** proctor members of the institution not yet at this centre */
  protected readonly candidates = computed(() => {
    const here = new Set((this.proctors.value() ?? []).map((p) => p.userId));
    return (this.members.value()?.items ?? []).filter(
      (m) => m.roles.includes('proctor') && !here.has(m.userId),
    );
  });
  protected readonly membersProblem = this.members.problem;

  protected readonly addForm = this.fb.group({ userId: ['', Validators.required] });
  protected readonly trainee = signal<CentreProctorDto | null>(null);
  protected readonly trainingForm = this.fb.group({
    trainedOn: ['', Validators.required],
    trainerUserId: [''],
  });
  /** who may be named as trainer: currently trained proctors of this centre other than the trainee */
  protected readonly trainers = computed(() =>
    (this.proctors.value() ?? []).filter((p) => p.currentlyTrained && p.userId !== this.trainee()?.userId),
  );
  protected readonly today = computed(() => todayIn(this.centre().timeZone));
  protected readonly write = action();

  protected add(): void {
    if (this.addForm.invalid) {
      this.addForm.markAllAsTouched();
      return;
    }
    this.write.run(this.api.addProctor(this.centre().id, this.addForm.getRawValue()), (proctor) => {
      this.addForm.reset();
      this.notifier.success(`${proctor.displayName} now proctors at this centre`);
      this.proctors.reload();
    });
  }

  protected remove(proctor: CentreProctorDto): void {
    this.confirm
      .ask({
        title: `Remove ${proctor.displayName}?`,
        message: 'They will no longer proctor at this centre. Their training record is kept.',
        confirmLabel: 'Remove proctor',
        danger: true,
      })
      .subscribe(() =>
        this.write.run(this.api.removeProctor(this.centre().id, proctor.userId), () => {
          this.notifier.success(`${proctor.displayName} removed from this centre`);
          if (this.trainee()?.userId === proctor.userId) this.trainee.set(null);
          this.proctors.reload();
        }),
      );
  }

  protected startTraining(proctor: CentreProctorDto): void {
    this.write.clear();
    this.trainee.set(proctor);
    this.trainingForm.reset({ trainedOn: this.today(), trainerUserId: '' });
    const trainer = this.trainingForm.controls.trainerUserId;
    trainer.setValidators(this.isOperator() ? [] : [Validators.required]);
    trainer.updateValueAndValidity();
  }

  protected recordTraining(): void {
    const trainee = this.trainee();
    if (!trainee || this.trainingForm.invalid) {
      this.trainingForm.markAllAsTouched();
      return;
    }
    const { trainedOn, trainerUserId } = this.trainingForm.getRawValue();
    const request: RecordTrainingRequest = trainerUserId ? { trainedOn, trainerUserId } : { trainedOn };
    this.write.run(
      this.api.recordTraining(this.centre().id, trainee.userId, request),
      (updated) => {
        this.notifier.success(`Training recorded for ${updated.displayName}`);
        this.trainee.set(null);
        this.proctors.reload();
      },
      (problem) => applyFieldErrors(this.trainingForm, problem),
    );
  }
}

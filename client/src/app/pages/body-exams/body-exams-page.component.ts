import { ChangeDetectionStrategy, Component, computed, inject, signal, viewChild } from '@angular/core';
import { MatButton } from '@angular/material/button';
import type { ExamDto } from '@invigil/contracts';
import { CatalogueApi } from '../../core/api/catalogue.api';
import { BodyContext } from '../../core/context/body-context.service';
import { action, remote, remoteOnce } from '../../core/data/remote';
import { DELIVERY_MODE_LABELS, LEVEL_LABELS } from '../../core/format/labels';
import { ProblemComponent } from '../../core/problem/problem.component';
import { EmptyStateComponent } from '../../core/ui/empty-state.component';
import { LoadingComponent } from '../../core/ui/loading.component';
import { Notifier } from '../../core/ui/notifier.service';
import { PageHeaderComponent } from '../../core/ui/page-header.component';
import { StatusChipComponent } from '../../core/ui/status-chip.component';
import { BodyPickerComponent } from './body-picker.component';
import { ExamFormComponent, ExamFormValue } from './exam-form.component';

/** A certification body's exams: define new ones and revise existing ones. */
@Component({
  selector: 'inv-body-exams-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    MatButton,
    ExamFormComponent,
    BodyPickerComponent,
    ProblemComponent,
    EmptyStateComponent,
    LoadingComponent,
    PageHeaderComponent,
    StatusChipComponent,
  ],
  templateUrl: './body-exams-page.component.html',
})
export class BodyExamsPageComponent {
  private readonly api = inject(CatalogueApi);
  private readonly notifier = inject(Notifier);
  protected readonly bodyContext = inject(BodyContext);

  protected readonly levelLabels = LEVEL_LABELS;
  protected readonly modeLabels = DELIVERY_MODE_LABELS;

  protected readonly allBodies = remoteOnce(() => this.api.bodies());
  protected readonly bodies = computed(() => this.bodyContext.manageable(this.allBodies.value() ?? []));
  protected readonly body = computed(() => {
    this.bodyContext.chosenId();
    return this.bodyContext.current(this.bodies());
  });
  protected readonly exams = remote(
    () => this.body()?.id,
    (id) => this.api.exams({ certificationBodyId: id }),
  );

  /** null: closed; 'new': creating; an exam: editing it */
  protected readonly editing = signal<ExamDto | 'new' | null>(null);
  protected readonly editedExam = computed(() => {
    const e = this.editing();
    return e === 'new' ? null : e;
  });
  protected readonly formHeading = computed(() => {
    const exam = this.editedExam();
    return exam ? `Edit ${exam.code}` : `New exam for ${this.body()?.name ?? 'the body'}`;
  });
  protected readonly save = action();
  private readonly form = viewChild(ExamFormComponent);

  protected open(exam: ExamDto | 'new'): void {
    this.save.clear();
    this.editing.set(exam);
  }

  protected submit(value: ExamFormValue): void {
    const body = this.body();
    const editing = this.editing();
    if (!body || !editing) return;
    const { code, active, ...fields } = value;
    const request$ =
      editing === 'new'
        ? this.api.createExam(body.id, { code, ...fields })
        : this.api.updateExam(editing.id, { ...fields, active });
    this.save.run(
      request$,
      (exam) => {
        this.notifier.success(editing === 'new' ? `${exam.code} created` : `${exam.code} saved`);
        this.editing.set(null);
        this.exams.reload();
      },
      (problem) => this.form()?.showProblem(problem),
    );
  }
}

import { ChangeDetectionStrategy, Component, computed, inject, input, output, signal } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import type { LabDto } from '@invigil/contracts';
import { CentresApi } from '../../core/api/centres.api';
import { action } from '../../core/data/remote';
import { applyFieldErrors } from '../../core/problem/problem';
import { ProblemComponent } from '../../core/problem/problem.component';
import { ConfirmService } from '../../core/ui/confirm.service';
import { EmptyStateComponent } from '../../core/ui/empty-state.component';
import { Notifier } from '../../core/ui/notifier.service';

const MAX_SEATS = 1000;

/** The rooms of a centre and their seats: the limit for lab-delivered exams. */
@Component({
  selector: 'inv-labs-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ReactiveFormsModule,
    MatFormFieldModule,
    MatInput,
    MatButton,
    ProblemComponent,
    EmptyStateComponent,
  ],
  templateUrl: './labs-panel.component.html',
  styles: `
    .add-form {
      display: flex;
      gap: 12px;
      align-items: flex-start;
      flex-wrap: wrap;
      margin-top: 16px;
    }
    .add-form .name {
      flex: 1 1 260px;
    }
    .add-form .seats {
      width: 140px;
    }
    .add-form button {
      margin-top: 10px;
    }
    .edit-row {
      display: flex;
      gap: 8px;
      align-items: center;
    }
    .edit-row .seats {
      width: 110px;
    }
  `,
})
export class LabsPanelComponent {
  private readonly api = inject(CentresApi);
  private readonly confirm = inject(ConfirmService);
  private readonly notifier = inject(Notifier);
  private readonly fb = inject(FormBuilder).nonNullable;

  readonly centreId = input.required<string>();
  readonly labs = input.required<LabDto[]>();
  readonly canEdit = input(false);
  readonly changed = output();

  protected readonly totalSeats = computed(() => this.labs().reduce((sum, lab) => sum + lab.seats, 0));
  protected readonly maxSeats = MAX_SEATS;
  protected readonly addForm = this.fb.group({
    name: ['', [Validators.required, Validators.maxLength(120)]],
    seats: this.fb.control<number | null>(null, [
      Validators.required,
      Validators.min(1),
      Validators.max(MAX_SEATS),
    ]),
  });
  protected readonly editForm = this.fb.group({
    name: ['', [Validators.required, Validators.maxLength(120)]],
    seats: this.fb.control<number | null>(null, [
      Validators.required,
      Validators.min(1),
      Validators.max(MAX_SEATS),
    ]),
  });
  protected readonly editing = signal<string | null>(null);
  protected readonly write = action();

  protected add(): void {
    if (this.addForm.invalid) {
      this.addForm.markAllAsTouched();
      return;
    }
    const { name, seats } = this.addForm.getRawValue();
    this.write.run(
      this.api.addLab(this.centreId(), { name: name.trim(), seats: Number(seats) }),
      (lab) => {
        this.addForm.reset();
        this.notifier.success(`Lab "${lab.name}" added with ${lab.seats} seats`);
        this.changed.emit();
      },
      (problem) => applyFieldErrors(this.addForm, problem),
    );
  }

  protected startEdit(lab: LabDto): void {
    this.write.clear();
    this.editForm.reset({ name: lab.name, seats: lab.seats });
    this.editing.set(lab.id);
  }

  protected saveEdit(lab: LabDto): void {
    if (this.editForm.invalid) {
      this.editForm.markAllAsTouched();
      return;
    }
    const { name, seats } = this.editForm.getRawValue();
    this.write.run(
      this.api.updateLab(this.centreId(), lab.id, { name: name.trim(), seats: Number(seats) }),
      () => {
        this.editing.set(null);
        this.notifier.success('Lab saved');
        this.changed.emit();
      },
      (problem) => applyFieldErrors(this.editForm, problem),
    );
  }

  protected remove(lab: LabDto): void {
    this.confirm
      .ask({
        title: `Remove ${lab.name}?`,
        message: `Its ${lab.seats} seats will no longer be offered for exams at this centre.`,
        confirmLabel: 'Remove lab',
        danger: true,
      })
      .subscribe(() =>
        this.write.run(this.api.removeLab(this.centreId(), lab.id), () => {
          this.notifier.success(`Lab "${lab.name}" removed`);
          this.changed.emit();
        }),
      );
  }
}

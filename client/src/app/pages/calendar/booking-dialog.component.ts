import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import type {
  BookingDto,
  CentreProctorDto,
  CreateBookingRequest,
  DeliveryMode,
  ExamDto,
} from '@invigil/contracts';
import { interval, map, startWith } from 'rxjs';
import { SchedulingApi } from '../../core/api/scheduling.api';
import { action } from '../../core/data/remote';
import { DELIVERY_MODE_LABELS } from '../../core/format/labels';
import { ReadableProblem } from '../../core/problem/problem';
import { ProblemComponent } from '../../core/problem/problem.component';
import { explainBookingProblem } from '../../core/scheduling/booking-problems';
import type { CentreSlot } from '../../core/scheduling/centre-slots';
import { holdCountdown } from '../../core/scheduling/hold-countdown';
import { dualTime } from '../../core/scheduling/zone-labels';

export interface BookingDialogData {
  centreId: string;
  centreName: string;
  timeZone: string;
  viewerZone: string;
  slot: CentreSlot;
  exams: ExamDto[];
  proctors: CentreProctorDto[];
}

const ONLINE_PER_PROCTOR = 20;
const MAX_SEATS = 500;

/** The delivery modes a slot can take: a lab needs a free lab, the others need VMs. */
export function modesOfSlot(slot: CentreSlot): DeliveryMode[] {
  const modes: DeliveryMode[] = [];
  if (slot.labs.some((l) => l.freeSeats > 0)) modes.push('in_lab');
  if (slot.freeVms !== null && slot.freeVms > 0) modes.push('virtual_lab', 'online_proctored');
  return modes;
}

/** Picks an exam, delivery mode and seats for a slot, holds them, then confirms the block. */
@Component({
  selector: 'inv-booking-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    MatDialogModule,
    MatButton,
    MatFormFieldModule,
    MatInput,
    MatSelectModule,
    ReactiveFormsModule,
    ProblemComponent,
  ],
  templateUrl: './booking-dialog.component.html',
  styles: `
    .when {
      margin: 0 0 12px;
    }
    .when .viewer {
      color: var(--mat-sys-primary);
    }
    .full {
      width: 100%;
    }
    .short-explained {
      margin: 0 0 12px;
      padding: 10px 14px;
      border-radius: 8px;
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
    .countdown {
      font: var(--mat-sys-headline-small);
      font-variant-numeric: tabular-nums;
    }
    .countdown.urgent {
      color: var(--mat-sys-error);
    }
    .hold {
      display: flex;
      align-items: center;
      gap: 16px;
      padding: 12px 16px;
      border-radius: 8px;
      background: #fff3d6;
      margin-bottom: 12px;
    }
  `,
})
export class BookingDialogComponent {
  protected readonly data = inject<BookingDialogData>(MAT_DIALOG_DATA);
  private readonly ref = inject<MatDialogRef<BookingDialogComponent, BookingDto | null>>(MatDialogRef);
  private readonly api = inject(SchedulingApi);
  private readonly fb = inject(FormBuilder).nonNullable;
  private readonly destroyRef = inject(DestroyRef);

  protected readonly modeLabels = DELIVERY_MODE_LABELS;
  protected readonly when = dualTime(this.data.slot.start, this.data.timeZone, this.data.viewerZone);
  private readonly slotModes = modesOfSlot(this.data.slot);
  /** exams that can be sat in at least one of the slot's modes */
  protected readonly exams = this.data.exams.filter(
    (e) => e.active && e.deliveryModes.some((m) => this.slotModes.includes(m)),
  );
  protected readonly trainedProctors = this.data.proctors.filter((p) => p.currentlyTrained);
  protected readonly freeLabs = this.data.slot.labs.filter((l) => l.freeSeats > 0);

  protected readonly form = this.fb.group({
    examId: ['', Validators.required],
    deliveryMode: this.fb.control<DeliveryMode | ''>('', Validators.required),
    seats: this.fb.control<number | null>(null, [
      Validators.required,
      Validators.min(1),
      Validators.max(MAX_SEATS),
    ]),
    labId: [''],
    proctorIds: this.fb.control<string[]>([]),
  });

  private readonly examId = toSignal(this.form.controls.examId.valueChanges, { initialValue: '' });
  protected readonly mode = toSignal(this.form.controls.deliveryMode.valueChanges, {
    initialValue: '' as const,
  });
  private readonly seatCount = toSignal(this.form.controls.seats.valueChanges, { initialValue: null });
  private readonly labId = toSignal(this.form.controls.labId.valueChanges, { initialValue: '' });

  protected readonly exam = computed(() => this.exams.find((e) => e.id === this.examId()) ?? null);
  protected readonly modes = computed(() => {
    const exam = this.exam();
    return exam ? this.slotModes.filter((m) => exam.deliveryModes.includes(m)) : [];
  });
  /** the most seats the slot has for the chosen mode (and lab) */
  protected readonly maxSeats = computed(() => {
    const mode = this.mode();
    if (mode === 'in_lab') {
      const lab = this.freeLabs.find((l) => l.labId === this.labId());
      return lab ? lab.freeSeats : Math.max(0, ...this.freeLabs.map((l) => l.freeSeats));
    }
    return Math.min(MAX_SEATS, this.data.slot.freeVms ?? 0);
  });
  protected readonly proctorsNeeded = computed(() => {
    const seats = Number(this.seatCount() ?? 0);
    if (this.mode() === 'in_lab') return 1;
    return Math.max(1, Math.ceil(seats / ONLINE_PER_PROCTOR));
  });

  protected readonly hold = signal<BookingDto | null>(null);
  protected readonly place = action();
  protected readonly settle = action();
  /** the 409 explained in the instructor's terms */
  protected readonly explained = signal<string | null>(null);
  private readonly now = toSignal(
    interval(1000).pipe(
      startWith(0),
      map(() => Date.now()),
      takeUntilDestroyed(),
    ),
    { initialValue: Date.now() },
  );
  protected readonly countdown = computed(() => {
    const expires = this.hold()?.holdExpiresAt;
    return expires ? holdCountdown(expires, this.now()) : null;
  });

  constructor() {
    this.form.controls.examId.valueChanges.pipe(takeUntilDestroyed(this.destroyRef)).subscribe(() => {
      // keep the mode when the new exam allows it, else take its first one
      const modes = this.modes();
      const current = this.form.controls.deliveryMode.value;
      if (!current || !modes.includes(current)) this.form.controls.deliveryMode.setValue(modes[0] ?? '');
    });
    if (this.exams.length === 1) this.form.controls.examId.setValue(this.exams[0].id);
  }

  protected submit(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const v = this.form.getRawValue();
    if (!v.deliveryMode) return;
    const request: CreateBookingRequest = {
      examId: v.examId,
      start: this.data.slot.start,
      deliveryMode: v.deliveryMode,
      seats: Number(v.seats),
      ...(v.deliveryMode === 'in_lab' && v.labId ? { labId: v.labId } : {}),
      ...(v.proctorIds.length ? { proctorIds: v.proctorIds } : {}),
      confirm: false,
    };
    this.explained.set(null);
    this.place.run(
      this.api.book(this.data.centreId, request),
      (booking) => this.hold.set(booking),
      (problem) => this.explain(problem),
    );
  }

  protected confirm(): void {
    const hold = this.hold();
    if (!hold) return;
    this.explained.set(null);
    this.settle.run(
      this.api.confirm(hold.id),
      (booking) => this.ref.close(booking),
      (problem) => this.explain(problem),
    );
  }

  /** Gives the held seats back at once instead of letting the hold lapse. */
  protected release(): void {
    const hold = this.hold();
    if (!hold || this.countdown()?.expired) {
      this.ref.close(null);
      return;
    }
    this.settle.run(
      this.api.cancel(hold.id, { reason: 'Hold released by the instructor' }),
      () => this.ref.close(null),
      () => this.ref.close(null),
    );
  }

  protected startOver(): void {
    this.hold.set(null);
    this.settle.clear();
    this.place.clear();
    this.explained.set(null);
  }

  private explain(problem: ReadableProblem): void {
    this.explained.set(explainBookingProblem(problem, this.data.timeZone));
  }
}

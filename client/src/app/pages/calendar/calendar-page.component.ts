import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatSelectModule } from '@angular/material/select';
import { Router, RouterLink } from '@angular/router';
import type { BookingDto } from '@invigil/contracts';
import { catchError, forkJoin, of } from 'rxjs';
import { CatalogueApi } from '../../core/api/catalogue.api';
import { CentresApi } from '../../core/api/centres.api';
import { SchedulingApi } from '../../core/api/scheduling.api';
import { InstitutionContext } from '../../core/context/institution-context.service';
import { action, remote } from '../../core/data/remote';
import { todayIn } from '../../core/format/date-time';
import { ViewerZone } from '../../core/format/viewer-zone.service';
import { ProblemComponent } from '../../core/problem/problem.component';
import { explainBookingProblem } from '../../core/scheduling/booking-problems';
import { CentreSlot, centreSlots } from '../../core/scheduling/centre-slots';
import { addDays, buildWeekGrid, dayLabel, daysBetween, mondayOf } from '../../core/scheduling/week-grid';
import { dayAndTime, fromLocalInput } from '../../core/scheduling/zone-labels';
import { ConfirmService } from '../../core/ui/confirm.service';
import { EmptyStateComponent } from '../../core/ui/empty-state.component';
import { LoadingComponent } from '../../core/ui/loading.component';
import { Notifier } from '../../core/ui/notifier.service';
import { PageHeaderComponent } from '../../core/ui/page-header.component';
import { BookingDialogComponent, BookingDialogData } from './booking-dialog.component';
import { WeekGridComponent } from './week-grid.component';

/** Instructors book ahead by about this much; the calendar opens on that week. */
const USUAL_LEAD_DAYS = 14;

/**
 * An instructor's (or institution admin's) calendar: one centre's hourly slots a week at a time,
 * and booking a block from a free slot. With `move` it picks the new slot of an existing block.
 */
@Component({
  selector: 'inv-calendar-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    RouterLink,
    MatButton,
    MatFormFieldModule,
    MatSelectModule,
    ProblemComponent,
    EmptyStateComponent,
    LoadingComponent,
    PageHeaderComponent,
    WeekGridComponent,
  ],
  templateUrl: './calendar-page.component.html',
  styles: `
    .toolbar {
      display: flex;
      align-items: center;
      gap: 8px 16px;
      flex-wrap: wrap;
      margin-bottom: 12px;
    }
    .centre-select {
      min-width: 320px;
    }
    .week-label {
      font: var(--mat-sys-title-medium);
      min-width: 170px;
      text-align: center;
    }
    .legend {
      display: flex;
      gap: 12px;
      flex-wrap: wrap;
      align-items: center;
      margin: 4px 0 12px;
    }
    .swatch {
      display: inline-block;
      width: 14px;
      height: 14px;
      border-radius: 3px;
      vertical-align: -2px;
      margin-right: 4px;
      border: 1px solid rgb(0 0 0 / 12%);
    }
    .swatch.free {
      background: #d8f1de;
    }
    .swatch.filling {
      background: #fff1c7;
    }
    .swatch.nearly-full {
      background: #ffd8bf;
    }
    .swatch.full {
      background: #f8c9c9;
    }
    .swatch.closed {
      background: var(--mat-sys-surface-container-high);
    }
    .moving {
      padding: 10px 14px;
      border-radius: 8px;
      background: #e3f0ff;
      color: #0b4a8b;
      margin-bottom: 12px;
    }
    .short-explained {
      padding: 10px 14px;
      border-radius: 8px;
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
  `,
})
export class CalendarPageComponent {
  private readonly centresApi = inject(CentresApi);
  private readonly catalogueApi = inject(CatalogueApi);
  private readonly api = inject(SchedulingApi);
  private readonly dialog = inject(MatDialog);
  private readonly router = inject(Router);
  private readonly confirm = inject(ConfirmService);
  private readonly notifier = inject(Notifier);
  private readonly context = inject(InstitutionContext);
  protected readonly viewer = inject(ViewerZone);

  /** query parameter: the block being moved to another slot */
  readonly move = input<string | undefined>(undefined);
  /** query parameters: the centre and the Monday to show */
  readonly centre = input<string | undefined>(undefined);
  readonly week = input<string | undefined>(undefined);

  protected readonly centres = remote(
    () => this.context.institutionId() ?? undefined,
    (id) => this.centresApi.forInstitution(id),
  );
  protected readonly bookableCentres = computed(() =>
    (this.centres.value() ?? []).filter((c) => c.canRunExams),
  );
  private readonly chosenCentreId = signal<string | null>(null);
  protected readonly currentCentre = computed(() => {
    const list = this.centres.value() ?? [];
    const id = this.chosenCentreId() ?? this.centre() ?? this.moving.value()?.centreId;
    return list.find((c) => c.id === id) ?? this.bookableCentres().at(0) ?? null;
  });

  protected readonly moving = remote(
    () => this.move(),
    (id) => this.api.booking(id),
  );

  private readonly chosenWeek = signal<string | null>(null);
  protected readonly today = computed(() => {
    const c = this.currentCentre();
    return c ? todayIn(c.timeZone) : null;
  });
  protected readonly monday = computed(() => {
    const today = this.today();
    if (!today) return null;
    return this.chosenWeek() ?? this.week() ?? mondayOf(addDays(today, USUAL_LEAD_DAYS));
  });
  protected readonly weekLabel = computed(() => {
    const m = this.monday();
    return m ? `${dayLabel(m)} – ${dayLabel(addDays(m, 6))}` : '';
  });

  protected readonly availability = remote(
    () => {
      const centre = this.currentCentre();
      const monday = this.monday();
      return centre && monday ? { id: centre.id, from: monday, to: addDays(monday, 6) } : undefined;
    },
    ({ id, from, to }) => this.api.availability(id, from, to),
  );
  /** the institution's blocks in the week shown, to mark them in the grid */
  protected readonly weekBlocks = remote(
    () => {
      const centre = this.currentCentre();
      const monday = this.monday();
      if (!centre || !monday) return undefined;
      const from = fromLocalInput(`${monday}T00:00`, centre.timeZone);
      const to = fromLocalInput(`${addDays(monday, 7)}T00:00`, centre.timeZone);
      return from && to ? { id: centre.id, from, to } : undefined;
    },
    ({ id, from, to }) => this.api.centreBookings(id, { from, to }).pipe(catchError(() => of([]))),
  );
  protected readonly grid = computed(() => {
    const a = this.availability.value();
    const m = this.monday();
    return a && m && a.from === m ? buildWeekGrid(centreSlots(a), m) : null;
  });
  protected readonly canGoBack = computed(() => {
    const m = this.monday();
    const today = this.today();
    return !!m && !!today && m > mondayOf(today);
  });
  protected readonly canGoOn = computed(() => {
    const m = this.monday();
    const today = this.today();
    const horizon = this.availability.value()?.window.maxHorizonDays ?? 120;
    return !!m && !!today && daysBetween(today, addDays(m, 7)) <= horizon;
  });
  /** the earliest a lead-time-greyed slot of this week opens, to jump there */
  protected readonly firstBookableFrom = computed(() => {
    const a = this.availability.value();
    if (!a || a.slots.some((s) => s.bookable)) return null;
    const from = a.slots.map((s) => s.bookableFrom).filter((f): f is string => !!f);
    return from.length ? from.reduce((x, y) => (x > y ? x : y)) : null;
  });

  /** exams and proctors for the booking dialog, loaded with the centre */
  private readonly bookingContext = remote(
    () => this.currentCentre()?.id,
    (id) =>
      forkJoin({
        exams: this.catalogueApi.exams(),
        proctors: this.centresApi.proctors(id).pipe(catchError(() => of([]))),
      }),
  );

  protected readonly moveAction = action();
  protected readonly moveExplained = signal<string | null>(null);

  protected chooseCentre(id: string): void {
    this.chosenCentreId.set(id);
    this.chosenWeek.set(null);
  }

  protected shiftWeek(weeks: number): void {
    const m = this.monday();
    if (m) this.chosenWeek.set(addDays(m, weeks * 7));
  }

  protected thisWeek(): void {
    const today = this.today();
    if (today) this.chosenWeek.set(mondayOf(today));
  }

  protected jumpTo(iso: string): void {
    const centre = this.currentCentre();
    if (centre) this.chosenWeek.set(mondayOf(todayIn(centre.timeZone, new Date(iso))));
  }

  protected choose(slot: CentreSlot): void {
    const moving = this.moving.value();
    if (moving) {
      this.moveTo(moving, slot);
      return;
    }
    const centre = this.currentCentre();
    const ctx = this.bookingContext.value();
    if (!centre || !ctx) return;
    this.dialog
      .open<BookingDialogComponent, BookingDialogData, BookingDto | null>(BookingDialogComponent, {
        data: {
          centreId: centre.id,
          centreName: centre.name,
          timeZone: centre.timeZone,
          viewerZone: this.viewer.zone(),
          slot,
          exams: ctx.exams,
          proctors: ctx.proctors,
        },
        width: '620px',
        disableClose: true,
      })
      .afterClosed()
      .subscribe((booking) => {
        this.availability.reload();
        this.weekBlocks.reload();
        if (booking) {
          this.notifier.success(`Block booked: ${booking.examCode}, ${booking.seats} seats`);
          void this.router.navigate(['/institution/bookings', booking.id]);
        }
      });
  }

  private moveTo(booking: BookingDto, slot: CentreSlot): void {
    const zone = booking.timeZone;
    this.confirm
      .ask({
        title: 'Move the block?',
        message: `${booking.examCode} (${booking.seats} seats) moves from ${dayAndTime(booking.start, zone)} to ${dayAndTime(slot.start, zone)}. The new slot is reserved before the old one is released.`,
        confirmLabel: 'Move block',
      })
      .subscribe(() => {
        this.moveExplained.set(null);
        this.moveAction.run(
          this.api.move(booking.id, { start: slot.start }),
          (moved) => {
            this.notifier.success('Block moved');
            void this.router.navigate(['/institution/bookings', moved.id]);
          },
          (problem) => this.moveExplained.set(explainBookingProblem(problem, zone)),
        );
      });
  }
}

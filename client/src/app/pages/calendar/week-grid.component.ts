import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { MatTooltip } from '@angular/material/tooltip';
import { RouterLink } from '@angular/router';
import type { BookingDto, BookingWindowDto } from '@invigil/contracts';
import type { CentreSlot } from '../../core/scheduling/centre-slots';
import {
  REASON_LABELS,
  reasonExplanation,
  slotCapacity,
  SlotCapacity,
} from '../../core/scheduling/slot-capacity';
import { WeekGrid } from '../../core/scheduling/week-grid';
import { clockTime, offsetLabel, zoneAbbreviation, zonesDiffer } from '../../core/scheduling/zone-labels';

interface SlotView {
  slot: CentreSlot;
  capacity: SlotCapacity;
  /** the offset is shown when the hour happens twice that day */
  offset: string | null;
  viewerTime: string | null;
  reasonLabel: string | null;
  /** what is left: for bookable slots, and for full or maintenance ones (to see what ran out) */
  showFigures: boolean;
  tooltip: string;
  testId: string;
}

interface BlockChip {
  id: string;
  label: string;
  title: string;
}

interface RowView {
  hour: number;
  label: string;
  viewerLabel: string | null;
  cells: { date: string; slots: SlotView[]; blocks: BlockChip[] }[];
}

/** One week of a centre's hourly slots: free VMs, lab seats and proctors, coloured by fullness. */
@Component({
  selector: 'inv-week-grid',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatTooltip, RouterLink],
  template: `
    <div class="table-wrap">
      <table class="week" data-testid="week-grid">
        <thead>
          <tr>
            <th class="hour-col">
              <span class="muted small">{{ centreZoneShort() }}</span>
              @if (showViewer()) {
                <span class="viewer small">{{ viewerZoneShort() }}</span>
              }
            </th>
            @for (d of grid().days; track d.date) {
              <th [attr.data-testid]="'day-' + d.date">{{ d.label }}</th>
            }
          </tr>
        </thead>
        <tbody>
          @for (row of rows(); track row.hour) {
            <tr>
              <th class="hour-col" scope="row">
                <span class="hour">{{ row.label }}</span>
                @if (row.viewerLabel) {
                  <span class="viewer small">{{ row.viewerLabel }}</span>
                }
              </th>
              @for (cell of row.cells; track cell.date) {
                <td>
                  @for (v of cell.slots; track v.slot.start) {
                    <button
                      type="button"
                      class="slot"
                      [class]="'slot fill-' + v.capacity.fullness"
                      [class.closed]="!v.slot.bookable"
                      [disabled]="!v.slot.bookable || disabled()"
                      [matTooltip]="v.tooltip"
                      matTooltipShowDelay="300"
                      [attr.aria-label]="v.tooltip"
                      [attr.data-testid]="v.testId"
                      [attr.data-start]="v.slot.start"
                      (click)="chosen.emit(v.slot)"
                    >
                      @if (v.offset) {
                        <span class="offset" data-testid="slot-offset">{{ v.offset }}</span>
                      }
                      @if (v.reasonLabel) {
                        <span class="reason">{{ v.reasonLabel }}</span>
                      }
                      @if (v.showFigures) {
                        @if (v.capacity.freeVms !== null) {
                          <span class="figure" data-testid="slot-vms">{{ v.capacity.freeVms }} VMs</span>
                        }
                        @if (v.capacity.labSeats > 0) {
                          <span class="figure" data-testid="slot-seats"
                            >{{ v.capacity.freeLabSeats }} seats</span
                          >
                        }
                        <span class="figure" data-testid="slot-proctors"
                          >{{ v.capacity.freeProctors }} proctor{{
                            v.capacity.freeProctors === 1 ? '' : 's'
                          }}</span
                        >
                      }
                    </button>
                  } @empty {
                    <span
                      class="no-slot"
                      matTooltip="This local hour does not exist that day (clocks went forward)"
                      >—</span
                    >
                  }
                  @for (b of cell.blocks; track b.id) {
                    <a
                      class="block"
                      [routerLink]="['/institution/bookings', b.id]"
                      [matTooltip]="b.title"
                      data-testid="grid-block"
                      >{{ b.label }}</a
                    >
                  }
                </td>
              }
            </tr>
          }
        </tbody>
      </table>
    </div>
  `,
  styles: `
    table.week {
      border-collapse: separate;
      border-spacing: 3px;
      width: 100%;
      table-layout: fixed;
    }
    th {
      font: var(--mat-sys-label-large);
      color: var(--mat-sys-on-surface-variant);
      padding: 4px;
      white-space: nowrap;
    }
    .hour-col {
      width: 64px;
      text-align: right;
      vertical-align: top;
    }
    .hour-col span {
      display: block;
    }
    .viewer {
      color: var(--mat-sys-primary);
    }
    td {
      padding: 0;
      vertical-align: top;
    }
    .slot {
      display: flex;
      flex-direction: column;
      align-items: flex-start;
      gap: 1px;
      width: 100%;
      min-height: 54px;
      margin-bottom: 2px;
      padding: 4px 6px;
      border-radius: 6px;
      border: 1px solid transparent;
      font: var(--mat-sys-body-small);
      text-align: left;
      cursor: pointer;
      color: #1b2a1e;
    }
    .slot:not(:disabled):hover {
      outline: 2px solid var(--mat-sys-primary);
    }
    .fill-free {
      background: #d8f1de;
      border-color: #a9dcb5;
    }
    .fill-filling {
      background: #fff1c7;
      border-color: #f0d484;
    }
    .fill-nearly-full {
      background: #ffd8bf;
      border-color: #f3ad82;
    }
    .fill-full {
      background: #f8c9c9;
      border-color: #e79a9a;
    }
    .slot.closed {
      background: repeating-linear-gradient(
        135deg,
        var(--mat-sys-surface-container-high),
        var(--mat-sys-surface-container-high) 6px,
        var(--mat-sys-surface-container) 6px,
        var(--mat-sys-surface-container) 12px
      );
      border-color: var(--mat-sys-outline-variant);
      color: var(--mat-sys-on-surface-variant);
      cursor: default;
    }
    .reason {
      font: var(--mat-sys-label-medium);
    }
    .offset {
      font: var(--mat-sys-label-small);
      background: var(--mat-sys-surface);
      border-radius: 4px;
      padding: 0 4px;
    }
    .block {
      display: block;
      margin-bottom: 2px;
      padding: 1px 6px;
      border-radius: 4px;
      background: #e3f0ff;
      color: #0b4a8b;
      font: var(--mat-sys-label-small);
      text-decoration: none;
      white-space: nowrap;
      overflow: hidden;
      text-overflow: ellipsis;
    }
    .no-slot {
      display: block;
      text-align: center;
      color: var(--mat-sys-outline);
      padding-top: 16px;
    }
  `,
})
export class WeekGridComponent {
  readonly grid = input.required<WeekGrid<CentreSlot>>();
  readonly timeZone = input.required<string>();
  readonly viewerZone = input.required<string>();
  readonly window = input.required<BookingWindowDto>();
  /** e.g. while a booking is being made */
  readonly disabled = input(false);
  /** the institution's live blocks at the centre, shown in every hour they occupy */
  readonly blocks = input<BookingDto[]>([]);
  readonly chosen = output<CentreSlot>();

  private readonly sample = computed(() => this.grid().rows[0]?.cells.find((c) => c.slots.length)?.slots[0]);
  protected readonly centreZoneShort = computed(() => {
    const s = this.sample();
    return s ? zoneAbbreviation(s.start, this.timeZone()) : this.timeZone();
  });
  protected readonly viewerZoneShort = computed(() => {
    const s = this.sample();
    return s ? zoneAbbreviation(s.start, this.viewerZone()) : this.viewerZone();
  });
  protected readonly showViewer = computed(() => {
    const s = this.sample();
    return !!s && zonesDiffer(s.start, this.timeZone(), this.viewerZone());
  });

  protected readonly rows = computed<RowView[]>(() => {
    const zone = this.timeZone();
    const viewer = this.viewerZone();
    const window = this.window();
    const byHour = new Map<string, BlockChip[]>();
    for (const b of this.blocks()) {
      if (b.status !== 'held' && b.status !== 'confirmed') continue;
      const chip = {
        id: b.id,
        label: `${b.examCode} · ${b.seats}`,
        title: `${b.examCode} ${b.examTitle}: ${b.seats} seats, ${b.filledSeats} filled${b.labName ? `, ${b.labName}` : ''}`,
      };
      for (const hour of b.occupiedHours) {
        const key = new Date(hour).toISOString();
        byHour.set(key, [...(byHour.get(key) ?? []), chip]);
      }
    }
    return this.grid().rows.map((row) => {
      const first = row.cells.find((c) => c.slots.length)?.slots[0];
      return {
        hour: row.hour,
        label: row.label,
        viewerLabel: first && zonesDiffer(first.start, zone, viewer) ? clockTime(first.start, viewer) : null,
        cells: row.cells.map((cell) => ({
          date: cell.date,
          slots: cell.slots.map((slot) => this.view(slot, cell.slots.length > 1, zone, viewer, window)),
          blocks: cell.slots.flatMap((slot) => byHour.get(new Date(slot.start).toISOString()) ?? []),
        })),
      };
    });
  });

  private view(
    slot: CentreSlot,
    twice: boolean,
    zone: string,
    viewer: string,
    window: BookingWindowDto,
  ): SlotView {
    const capacity = slotCapacity(slot);
    const when = `${slot.localStart.replace('T', ' ')} ${offsetLabel(slot.offset)}`;
    const viewerTime = zonesDiffer(slot.start, zone, viewer)
      ? `${clockTime(slot.start, viewer)} your time`
      : null;
    const figures = [
      capacity.freeVms !== null
        ? `${capacity.freeVms} of ${capacity.vmCapacity ?? 0} VMs free`
        : 'no VM pool',
      `${capacity.freeLabSeats} of ${capacity.labSeats} lab seats free`,
      `${capacity.freeProctors} proctors free`,
    ].join(', ');
    const status = slot.bookable ? figures : reasonExplanation(slot, window, zone);
    return {
      slot,
      capacity,
      offset: twice || slot.repeatedHour ? offsetLabel(slot.offset) : null,
      viewerTime,
      reasonLabel: slot.reason ? REASON_LABELS[slot.reason] : null,
      showFigures: slot.bookable || slot.reason === 'full' || slot.reason === 'maintenance',
      tooltip: [when, viewerTime, status].filter(Boolean).join(' · '),
      testId: slot.bookable ? 'slot-bookable' : `slot-${slot.reason ?? 'closed'}`,
    };
  }
}

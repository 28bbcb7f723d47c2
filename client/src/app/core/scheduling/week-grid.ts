import type { SlotAvailabilityDto } from '@invigil/contracts';

/**
 * Local calendar dates ("yyyy-MM-dd") of a centre, and the week grid of its hourly slots.
 * Dates carry no zone: arithmetic runs on UTC midnights so no viewer zone can shift a day.
 */

const DAY_MS = 86_400_000;

function toUtcMidnight(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return Date.UTC(y, m - 1, d);
}

function fromUtcMidnight(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return fromUtcMidnight(toUtcMidnight(date) + days * DAY_MS);
}

/** ISO weekday, 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const day = new Date(toUtcMidnight(date)).getUTCDay();
  return day === 0 ? 7 : day;
}

/** The Monday of the week `date` falls in. */
export function mondayOf(date: string): string {
  return addDays(date, 1 - isoWeekday(date));
}

/** Whole days from `a` to `b` (negative when `b` is earlier). */
export function daysBetween(a: string, b: string): number {
  return Math.round((toUtcMidnight(b) - toUtcMidnight(a)) / DAY_MS);
}

/** "Mon 14 Dec" for a local date. */
export function dayLabel(date: string, locale = 'en-GB'): string {
  return new Intl.DateTimeFormat(locale, {
    timeZone: 'UTC',
    weekday: 'short',
    day: 'numeric',
    month: 'short',
  }).format(new Date(toUtcMidnight(date)));
}

export interface WeekDay {
  date: string;
  label: string;
}

export interface WeekCell<S extends SlotAvailabilityDto = SlotAvailabilityDto> {
  date: string;
  hour: number;
  /**
   * The slots starting in that local hour: usually one; two when clocks went back and the hour
   * happened twice (the second has `repeatedHour`); none when clocks went forward past it.
   */
  slots: S[];
}

export interface WeekRow<S extends SlotAvailabilityDto = SlotAvailabilityDto> {
  hour: number;
  /** "09:00" */
  label: string;
  cells: WeekCell<S>[];
}

export interface WeekGrid<S extends SlotAvailabilityDto = SlotAvailabilityDto> {
  days: WeekDay[];
  rows: WeekRow<S>[];
  /** no slot of the week is inside opening hours */
  closedAllWeek: boolean;
}

const localDate = (slot: SlotAvailabilityDto): string => slot.localStart.slice(0, 10);
const localHour = (slot: SlotAvailabilityDto): number => Number(slot.localStart.slice(11, 13));

/**
 * Lays the slots of the seven days from `monday` out as hour rows × day columns. Rows span the
 * first to the last hour that is open on any day of the week (closed hours in between stay, so
 * the rows line up); slots outside the week are ignored.
 */
export function buildWeekGrid<S extends SlotAvailabilityDto>(
  slots: readonly S[],
  monday: string,
): WeekGrid<S> {
  const days: WeekDay[] = Array.from({ length: 7 }, (_, i) => {
    const date = addDays(monday, i);
    return { date, label: dayLabel(date) };
  });
  const inWeek = new Set(days.map((d) => d.date));
  const byCell = new Map<string, S[]>();
  let first = 24;
  let last = -1;
  for (const slot of slots) {
    const date = localDate(slot);
    if (!inWeek.has(date)) continue;
    const hour = localHour(slot);
    const key = `${date}|${hour}`;
    const list = byCell.get(key) ?? [];
    list.push(slot);
    byCell.set(key, list);
    if (slot.reason !== 'closed') {
      first = Math.min(first, hour);
      last = Math.max(last, hour);
    }
  }
  for (const list of byCell.values()) list.sort((a, b) => a.start.localeCompare(b.start));

  const rows: WeekRow<S>[] = [];
  for (let hour = first; hour <= last; hour++) {
    rows.push({
      hour,
      label: `${String(hour).padStart(2, '0')}:00`,
      cells: days.map((d) => ({ date: d.date, hour, slots: byCell.get(`${d.date}|${hour}`) ?? [] })),
    });
  }
  return { days, rows, closedAllWeek: rows.length === 0 };
}

import { DateTime } from 'luxon';

const HOUR_MS = 3_600_000;

/** Opening hours of one ISO weekday (1 = Monday), in centre-local "HH:mm" (closes may be "24:00"). */
export interface OpeningInterval {
  weekday: number;
  opens: string;
  closes: string;
}

export interface Slot {
  /** the UTC instant the block starts */
  start: Date;
  /** local wall time, e.g. "2026-11-01T01:00" */
  localStart: string;
  /** UTC offset at the start, e.g. "-04:00" — tells the two slots of a repeated hour apart */
  offset: string;
  /** true for the second slot of a local hour that happens twice (clocks went back) */
  repeatedHour: boolean;
}

const minutesOf = (hhmm: string): number => {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
};

/**
 * Every instant at which the local wall clock in `zone` reads `wall`: none inside a gap (clocks
 * went forward), two inside an overlap (clocks went back), one otherwise. Works for zones
 * whose offsets or shifts are not whole hours.
 */
export function instantsAtWallTime(
  wall: { year: number; month: number; day: number; hour: number; minute: number },
  zone: string,
): DateTime[] {
  const asUtc = DateTime.fromObject(wall, { zone: 'utc' });
  const z = DateTime.now().setZone(zone).zone;
  const offsets = new Set<number>();
  for (const probeHours of [-36, -12, 0, 12, 36])
    offsets.add(z.offset(asUtc.toMillis() + probeHours * 3_600_000));
  const found = [...offsets]
    .map((offset) => DateTime.fromMillis(asUtc.toMillis() - offset * 60_000, { zone }))
    .filter(
      (dt) =>
        dt.year === wall.year &&
        dt.month === wall.month &&
        dt.day === wall.day &&
        dt.hour === wall.hour &&
        dt.minute === wall.minute,
    );
  const unique = new Map(found.map((dt) => [dt.toMillis(), dt]));
  return [...unique.values()].sort((a, b) => a.toMillis() - b.toMillis());
}

/**
 * The hourly slots of a centre between two local dates (inclusive): every hour on the hour,
 * local time, that starts within an opening interval and leaves at least `minimumMinutes`
 * before it closes.
 */
export function generateSlots(
  hours: readonly OpeningInterval[],
  zone: string,
  fromDate: string,
  toDate: string,
  minimumMinutes = 60,
): Slot[] {
  const first = DateTime.fromISO(fromDate, { zone });
  const last = DateTime.fromISO(toDate, { zone });
  if (!first.isValid || !last.isValid) throw new RangeError('invalid date or zone');
  const slots: Slot[] = [];
  for (let day = first.startOf('day'); day <= last; day = day.plus({ days: 1 }).startOf('day')) {
    for (const interval of hours.filter((h) => h.weekday === day.weekday)) {
      const opens = minutesOf(interval.opens);
      const closes = minutesOf(interval.closes);
      for (let hour = Math.ceil(opens / 60); hour * 60 + minimumMinutes <= closes && hour < 24; hour++) {
        const instants = instantsAtWallTime(
          { year: day.year, month: day.month, day: day.day, hour, minute: 0 },
          zone,
        );
        instants.forEach((dt, index) =>
          slots.push({
            start: dt.toUTC().toJSDate(),
            localStart: dt.toFormat("yyyy-MM-dd'T'HH:mm"),
            offset: dt.toFormat('ZZ'),
            repeatedHour: index > 0,
          }),
        );
      }
    }
  }
  return slots.sort((a, b) => a.start.getTime() - b.start.getTime());
}

/**
 * The slots an exam occupies: every slot whose hour overlaps the exam plus its set-up buffer.
 * A 50-minute exam with a 10-minute buffer fits its hour; a 90-minute one takes two.
 */
export function occupiedSlots(
  slots: readonly Slot[],
  start: Date,
  durationMinutes: number,
  bufferMinutes: number,
): Slot[] {
  // instants, not wall-clock times: an hour is 3,600,000 ms whatever the zone does that day
  const examStart = start.getTime();
  const examEnd = examStart + (durationMinutes + bufferMinutes) * 60_000;
  return slots.filter((s) => {
    const hourStart = s.start.getTime();
    // half-open intervals overlap when each starts before the other ends
    return hourStart < examEnd && examStart < hourStart + HOUR_MS;
  });
}

/**
 * Times of exam blocks for people: the centre's wall clock (which decides when the block runs)
 * and, when it differs, the viewer's own. Plain Intl, no zone library in the client bundle.
 */

function parts(iso: string, zone: string, options: Intl.DateTimeFormatOptions, locale?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  try {
    return new Intl.DateTimeFormat(locale ?? 'en-GB', { timeZone: zone, ...options }).format(date);
  } catch {
    return date.toISOString();
  }
}

/** "-04:00" → "UTC−04:00"; "+00:00" → "UTC". */
export function offsetLabel(offset: string): string {
  if (offset === '+00:00' || offset === '-00:00' || offset === 'Z') return 'UTC';
  return `UTC${offset.replace('-', '−')}`;
}

/** The zone's UTC offset at an instant, as "+05:30" / "-04:00" / "+00:00". */
export function offsetAt(iso: string, zone: string): string {
  const text = parts(iso, zone, { timeZoneName: 'longOffset' }, 'en-US');
  const match = /GMT([+-]\d{2}:\d{2})?/.exec(text);
  if (!match) return '+00:00';
  return match[1] ?? '+00:00';
}

/** The zone's short name at an instant ("EST", "CET", or "GMT+1" where there is none). */
export function zoneAbbreviation(iso: string, zone: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return zone;
  try {
    const name = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'short' })
      .formatToParts(date)
      .find((p) => p.type === 'timeZoneName')?.value;
    return name ?? zone;
  } catch {
    return zone;
  }
}

/** "14:00" in `zone`. */
export function clockTime(iso: string, zone: string): string {
  return parts(iso, zone, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
}

/** "Tue 15 Dec 2026, 14:00" in `zone`, put together from parts so every browser writes it alike. */
export function dayAndTime(iso: string, zone: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  try {
    const found = new Intl.DateTimeFormat('en-GB', {
      timeZone: zone,
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).formatToParts(date);
    const get = (type: Intl.DateTimeFormatPartTypes): string =>
      found.find((p) => p.type === type)?.value ?? '';
    return `${get('weekday')} ${get('day')} ${get('month')} ${get('year')}, ${get('hour')}:${get('minute')}`;
  } catch {
    return date.toISOString();
  }
}

/** Whether the two zones show a different wall clock at that instant. */
export function zonesDiffer(iso: string, zoneA: string, zoneB: string): boolean {
  if (zoneA === zoneB) return false;
  return offsetAt(iso, zoneA) !== offsetAt(iso, zoneB);
}

export interface DualTime {
  /** "Tue 15 Dec 2026, 09:00 EST (America/Toronto)" */
  centre: string;
  /** the same instant in the viewer's zone, or null when their clock shows the same */
  viewer: string | null;
}

/** A block's start in the centre's zone and, when it differs, the viewer's. */
export function dualTime(iso: string, centreZone: string, viewerZone: string): DualTime {
  const centre = `${dayAndTime(iso, centreZone)} ${zoneAbbreviation(iso, centreZone)} (${centreZone})`;
  const viewer = zonesDiffer(iso, centreZone, viewerZone)
    ? `${dayAndTime(iso, viewerZone)} ${zoneAbbreviation(iso, viewerZone)} (${viewerZone})`
    : null;
  return { centre, viewer };
}

function offsetMinutes(offset: string): number {
  const match = /^([+-])(\d{2}):(\d{2})$/.exec(offset);
  if (!match) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === '-' ? -minutes : minutes;
}

/** The wall clock of an instant in `zone`, as "yyyy-MM-ddTHH:mm" (a datetime-local value). */
export function toLocalInput(iso: string, zone: string): string {
  const date = new Date(iso);
  const shifted = new Date(date.getTime() + offsetMinutes(offsetAt(iso, zone)) * 60_000);
  return shifted.toISOString().slice(0, 16);
}

/**
 * The instant a wall clock ("yyyy-MM-ddTHH:mm") of `zone` stands for. A time that happens twice
 * takes its first occurrence; one skipped by clocks going forward moves on by the gap.
 */
export function fromLocalInput(local: string, zone: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!match) return null;
  const [, y, mo, d, h, mi] = match.map(Number);
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  // the offset near the wall time, then corrected once for a DST change in between
  const first = wall - offsetMinutes(offsetAt(new Date(wall).toISOString(), zone)) * 60_000;
  const second = wall - offsetMinutes(offsetAt(new Date(first).toISOString(), zone)) * 60_000;
  return new Date(Math.min(first, second)).toISOString();
}

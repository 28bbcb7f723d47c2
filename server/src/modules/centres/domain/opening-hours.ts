/**
 * Weekly opening hours of a testing centre, in centre-local wall time. Intervals are half-open
 * [opens, closes): "08:00–12:00" and "12:00–17:00" on one day touch but do not overlap.
 */
export interface OpeningInterval {
  /** ISO weekday: 1 = Monday ... 7 = Sunday */
  weekday: number;
  /** "HH:mm", 00:00–23:59 */
  opens: string;
  /** "HH:mm", 00:01–24:00 ("24:00" = midnight at the end of the day) */
  closes: string;
}

export interface OpeningHoursError {
  field: string;
  message: string;
}

export type OpeningHoursResult =
  | { ok: true; hours: OpeningInterval[] }
  | { ok: false; errors: OpeningHoursError[] };

const HH_MM = /^(\d{2}):(\d{2})$/;
export const END_OF_DAY = 24 * 60;

/**
 * Minutes since local midnight for "HH:mm", or null when it is not a time of day.
 * "24:00" is accepted only when `asClose` (an interval may run to the end of the day).
 */
export function parseLocalTime(
  value: string,
  { asClose = false }: { asClose?: boolean } = {},
): number | null {
  const match = HH_MM.exec(value);
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (minutes > 59) return null;
  if (hours === 24) return asClose && minutes === 0 ? END_OF_DAY : null;
  if (hours > 23) return null;
  return hours * 60 + minutes;
}

export function formatLocalTime(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

/**
 * Checks a whole week of opening hours and returns it in a normalised order (weekday, then
 * opening time). Each error names the offending entry as `<field>.<index>[.<property>]`, the
 * way the validation pipe names nested fields, so a client can put it next to the right row.
 */
export function normaliseOpeningHours(
  input: readonly OpeningInterval[],
  field = 'hours',
): OpeningHoursResult {
  const errors: OpeningHoursError[] = [];
  const parsed: { index: number; weekday: number; opens: number; closes: number }[] = [];

  input.forEach((entry, index) => {
    const at = `${field}.${index}`;
    let valid = true;
    if (!Number.isInteger(entry.weekday) || entry.weekday < 1 || entry.weekday > 7) {
      errors.push({
        field: `${at}.weekday`,
        message: 'weekday must be an ISO weekday, 1 (Monday) to 7 (Sunday)',
      });
      valid = false;
    }
    const opens = parseLocalTime(entry.opens);
    const closes = parseLocalTime(entry.closes, { asClose: true });
    if (opens === null) {
      errors.push({
        field: `${at}.opens`,
        message: 'opens must be a local time "HH:mm" from 00:00 to 23:59',
      });
      valid = false;
    }
    if (closes === null) {
      errors.push({
        field: `${at}.closes`,
        message: 'closes must be a local time "HH:mm" from 00:01 to 24:00',
      });
      valid = false;
    }
    if (opens !== null && closes !== null && opens >= closes) {
      errors.push({ field: at, message: `opens (${entry.opens}) must be before closes (${entry.closes})` });
      valid = false;
    }
    if (valid && opens !== null && closes !== null)
      parsed.push({ index, weekday: entry.weekday, opens, closes });
  });

  const sorted = [...parsed].sort(
    (a, b) => a.weekday - b.weekday || a.opens - b.opens || a.closes - b.closes || a.index - b.index,
  );
  // compare each interval with the one reaching furthest so far that day, not just its neighbour
  let reach: (typeof sorted)[number] | undefined;
  for (const current of sorted) {
    if (reach && reach.weekday === current.weekday && current.opens < reach.closes) {
      // name the entry given later in the request, pointing at the one it collides with
      const [first, second] = reach.index < current.index ? [reach, current] : [current, reach];
      errors.push({
        field: `${field}.${second.index}`,
        message: `overlaps ${field}.${first.index} on weekday ${current.weekday} (${formatLocalTime(
          first.opens,
        )}–${formatLocalTime(first.closes)})`,
      });
    }
    if (!reach || reach.weekday !== current.weekday || current.closes > reach.closes) reach = current;
  }

  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    hours: sorted.map((h) => ({
      weekday: h.weekday,
      opens: formatLocalTime(h.opens),
      closes: formatLocalTime(h.closes),
    })),
  };
}

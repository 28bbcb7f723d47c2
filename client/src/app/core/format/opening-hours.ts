import type { OpeningHoursDto } from '@invigil/contracts';
import { WEEKDAYS } from './labels';

const SHORT = ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** "Mon–Fri 08:00–18:00, Sat 09:00–13:00": consecutive days with the same hours are merged. */
export function summarizeOpeningHours(hours: readonly OpeningHoursDto[]): string {
  if (hours.length === 0) return 'No opening hours set';
  const byDay = new Map<number, string>();
  for (const day of WEEKDAYS) {
    const spans = hours
      .filter((h) => h.weekday === day.value)
      .sort((a, b) => a.opens.localeCompare(b.opens))
      .map((h) => `${h.opens}–${h.closes}`);
    if (spans.length) byDay.set(day.value, spans.join(', '));
  }
  const groups: { from: number; to: number; text: string }[] = [];
  for (const [day, text] of byDay) {
    const last = groups.at(-1);
    if (last && last.to === day - 1 && last.text === text) last.to = day;
    else groups.push({ from: day, to: day, text });
  }
  return groups
    .map((g) => `${g.from === g.to ? SHORT[g.from] : `${SHORT[g.from]}–${SHORT[g.to]}`} ${g.text}`)
    .join('; ');
}

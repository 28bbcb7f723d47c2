import type { AbstractControl, ValidationErrors, ValidatorFn } from '@angular/forms';

export interface TimeZoneOption {
  zone: string;
  /** e.g. "UTC−08:00", the offset right now */
  offset: string;
  /** lower-case text searched by the filter */
  search: string;
}

function offsetOf(zone: string, now: Date): string {
  try {
    const part = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' })
      .formatToParts(now)
      .find((p) => p.type === 'timeZoneName')?.value;
    return (part ?? 'GMT').replace('GMT', 'UTC').replace('-', '−') || 'UTC';
  } catch {
    return '';
  }
}

let cached: TimeZoneOption[] | null = null;

/** Every IANA zone this browser knows, from `Intl.supportedValuesOf('timeZone')`. */
export function timeZoneOptions(now = new Date()): TimeZoneOption[] {
  if (cached) return cached;
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  const all = zones.includes('UTC') ? zones : [...zones, 'UTC'];
  cached = all.map((zone) => {
    const offset = offsetOf(zone, now);
    return { zone, offset, search: `${zone} ${zone.replace(/_/g, ' ')} ${offset}`.toLowerCase() };
  });
  return cached;
}

/** Zones matching every word of `query` (spaces and underscores alike), at most `limit`. */
export function filterTimeZones(query: string, limit = 50): TimeZoneOption[] {
  const words = query.toLowerCase().replace(/_/g, ' ').split(/\s+/).filter(Boolean);
  const options = timeZoneOptions();
  const matching = words.length ? options.filter((o) => words.every((w) => o.search.includes(w))) : options;
  return matching.slice(0, limit);
}

export function isKnownTimeZone(zone: string): boolean {
  if (!zone) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Refuses a value that is not an IANA zone this browser knows (empty is left to `required`). */
export const timeZoneValidator: ValidatorFn = (control: AbstractControl): ValidationErrors | null => {
  const value: unknown = control.value;
  if (value === null || value === undefined || value === '') return null;
  return typeof value === 'string' && isKnownTimeZone(value) ? null : { timeZone: true };
};

import { DateTime } from 'luxon';

/** One formatter per time zone, made on first use (there are a few hundred IANA zones at most). */
const zoneNameFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * The short name of `zone` at `instant`, as luxon's `ZZZZ` token writes it in en-US ("EST",
 * "EDT", "GMT+5:30"). luxon builds a new Intl formatter for every `ZZZZ` it writes; building
 * one was two thirds of luxon's share of the API's time in bench:booking (every confirmation
 * mail names the zone), so the formatter is kept per zone here.
 */
export function zoneName(instant: Date, zone: string): string {
  let format = zoneNameFormats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'short' });
    zoneNameFormats.set(zone, format);
  }
  return format.formatToParts(instant).find((part) => part.type === 'timeZoneName')?.value ?? zone;
}

/** `instant` in `zone` as the luxon `format`, then a space and the zone's short name. */
export function formatWithZoneName(instant: Date, zone: string, format: string): string {
  return `${DateTime.fromJSDate(instant, { zone }).toFormat(format)} ${zoneName(instant, zone)}`;
}

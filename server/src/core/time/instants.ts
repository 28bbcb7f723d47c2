import { LRUCache } from 'lru-cache';
import { DateTime } from 'luxon';

/**
 * luxon parses and formats by building its objects afresh each time; under bench:booking that
 * was about 4 % of the API's time, for the same few hours asked again and again. These keep
 * the answers of the two questions every booking request asks (what instant is this ISO text,
 * what is this instant's wall time in that zone) per question. They are pure functions of their
 * arguments, so a kept answer is the answer.
 */
const parsed = new LRUCache<string, number | false>({ max: 10_000 });
const wallTimes = new LRUCache<string, LocalParts>({ max: 10_000 });

export interface LocalParts {
  /** the wall time, to the minute: "2026-03-08T03:00" */
  localStart: string;
  /** its UTC offset: "-04:00" */
  offset: string;
}

/** A text that starts with a calendar date names the same instant whatever day it is read on. */
const DATED = /^\d{4}-\d{2}-\d{2}/;

/**
 * The instant an ISO 8601 text names (its own offset, else the server's zone), or null. A bare
 * time ("10:00") means that time today, so only dated texts are kept.
 */
export function parseIsoInstant(value: string): Date | null {
  let ms = parsed.get(value);
  if (ms === undefined) {
    const at = DateTime.fromISO(value, { setZone: true });
    ms = at.isValid ? at.toMillis() : false;
    if (DATED.test(value)) parsed.set(value, ms);
  }
  return ms === false ? null : new Date(ms);
}

/** The wall time and UTC offset of `at` in the IANA `zone`. */
export function localParts(at: Date, zone: string): LocalParts {
  const key = `${zone} ${at.getTime()}`;
  let parts = wallTimes.get(key);
  if (!parts) {
    const local = DateTime.fromJSDate(at, { zone });
    parts = { localStart: local.toFormat("yyyy-MM-dd'T'HH:mm"), offset: local.toFormat('ZZ') };
    wallTimes.set(key, parts);
  }
  return { ...parts };
}

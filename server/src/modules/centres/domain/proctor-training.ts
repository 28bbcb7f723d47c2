import { DateTime } from 'luxon';

/**
 * Proctor training, in local dates ("yyyy-MM-dd") of the centre's zone.
 *
 * A training lapses 12 months after the day it took place: trained on 2025-03-10, the proctor is
 * trained up to and including 2026-03-09 and no longer on 2026-03-10 (`trainedUntil`). When there
 * is no such day the lapse date is clamped to the end of the month, so a training on 29 Feb 2024
 * lapses on 28 Feb 2025: never more than 12 months of cover. A newer training renews the cover.
 */
export const TRAINING_VALIDITY_MONTHS = 12;

export interface TrainingRecord {
  /** local date "yyyy-MM-dd" */
  trainedOn: string;
}

const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The local date if `value` is a real calendar day written "yyyy-MM-dd", otherwise null. */
export function parseLocalDate(value: string): DateTime | null {
  if (!LOCAL_DATE.test(value)) return null;
  const date = DateTime.fromISO(value, { zone: 'utc' });
  return date.isValid ? date : null;
}

function requireLocalDate(value: string): DateTime {
  const date = parseLocalDate(value);
  if (!date) throw new RangeError(`not a local date: ${value}`);
  return date;
}

/** Today's date on the wall calendar of `zone` at `now`. */
export function localToday(zone: string, now: Date): string {
  const local = DateTime.fromJSDate(now, { zone });
  if (!local.isValid) throw new RangeError(`invalid zone ${zone}`);
  return local.toISODate();
}

/** Shifts a local date by whole months (clamped to the month's end), e.g. for "2 months ago". */
export function plusMonths(date: string, months: number): string {
  return requireLocalDate(date).plus({ months }).toISODate() as string;
}

const untilCache = new Map<string, string>();

/** The first local date on which a training given on `trainedOn` no longer counts. */
export function trainedUntil(trainedOn: string): string {
  // pure and asked for the same few dates on every booking, so remembered (bounded)
  const known = untilCache.get(trainedOn);
  if (known) return known;
  const until = plusMonths(trainedOn, TRAINING_VALIDITY_MONTHS);
  if (untilCache.size >= 10_000) untilCache.clear();
  untilCache.set(trainedOn, until);
  return until;
}

/** The training that gives the longest cover: the one with the latest date. */
export function latestTraining<T extends TrainingRecord>(trainings: readonly T[]): T | null {
  return trainings.reduce<T | null>(
    (latest, t) => (!latest || t.trainedOn > latest.trainedOn ? t : latest),
    null,
  );
}

/** The days a training covers: from the day it took place up to, not including, `until`. */
export interface TrainingCover {
  from: string;
  until: string;
}

/** The cover of each training, for checking many days against the same trainings. */
export function trainingCover(trainings: readonly TrainingRecord[]): TrainingCover[] {
  return trainings.map((t) => ({ from: t.trainedOn, until: trainedUntil(t.trainedOn) }));
}

/** Whether any of the covers includes `on` (ISO local dates compare correctly as strings). */
export function coveredOn(cover: readonly TrainingCover[], on: string): boolean {
  return cover.some((c) => c.from <= on && on < c.until);
}

/** Whether any training held on or before `on` still covers that day. */
export function currentlyTrained(trainings: readonly TrainingRecord[], on: string): boolean {
  requireLocalDate(on);
  return coveredOn(trainingCover(trainings), on);
}

export type TrainerVerdict = { ok: true } | { ok: false; reason: string };

/**
 * Train-the-trainer: a proctor can train someone on `on` only if they were themselves trained
 * and covered on that day (a trainer trained the same morning counts).
 */
export function canTrain(trainerTrainings: readonly TrainingRecord[], on: string): TrainerVerdict {
  if (currentlyTrained(trainerTrainings, on)) return { ok: true };
  const latest = latestTraining(trainerTrainings.filter((t) => t.trainedOn <= on));
  if (!latest) return { ok: false, reason: `the trainer had no training on or before ${on}` };
  return {
    ok: false,
    reason: `the trainer's training of ${latest.trainedOn} lapsed on ${trainedUntil(latest.trainedOn)}`,
  };
}

/** Older trainings lapsed long ago; the bound keeps nonsense such as year 0 out of the records. */
export const EARLIEST_TRAINING_DATE = '2000-01-01';

/** Why `trainedOn` cannot be recorded on `today` (both centre-local), or null when it can. */
export function trainingDateProblem(trainedOn: string, today: string): string | null {
  if (!parseLocalDate(trainedOn)) return 'trainedOn must be a calendar date written yyyy-MM-dd';
  if (trainedOn < EARLIEST_TRAINING_DATE) return `trainedOn cannot be before ${EARLIEST_TRAINING_DATE}`;
  if (trainedOn > today) return `trainedOn cannot be in the future (today is ${today} at the centre)`;
  return null;
}

/**
 * Of a centre's proctors, those who still hold the proctor role and whose training covers each
 * of `days` (local dates "yyyy-MM-dd"), from the centre's proctors and all their trainings.
 */
export function trainedProctorsByDay(
  proctors: readonly { userId: string; holdsProctorRole: boolean }[],
  trainings: readonly (TrainingRecord & { userId: string })[],
  days: readonly string[],
): Map<string, string[]> {
  const byProctor = new Map<string, TrainingRecord[]>();
  for (const t of trainings) byProctor.set(t.userId, [...(byProctor.get(t.userId) ?? []), t]);
  // each proctor's training cover, worked out once for all the days asked about
  const cover = new Map(proctors.map((p) => [p.userId, trainingCover(byProctor.get(p.userId) ?? [])]));
  const active = proctors.filter((p) => p.holdsProctorRole);
  const result = new Map<string, string[]>();
  for (const day of new Set(days)) {
    requireLocalDate(day);
    result.set(
      day,
      active.filter((p) => coveredOn(cover.get(p.userId) ?? [], day)).map((p) => p.userId),
    );
  }
  return result;
}

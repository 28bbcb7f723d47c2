import type { DeliveryMode } from '@invigil/contracts';

/** One online proctor supervises at most this many candidates at a time. */
export const CANDIDATES_PER_ONLINE_PROCTOR = 20;

export interface BlockRequirements {
  /** every seat takes one VM for every hour the exam occupies */
  vms: boolean;
  /** the block sits in one of the centre's labs */
  lab: 'required' | 'optional' | 'none';
  /** proctors the block needs */
  proctors: number;
}

/**
 * What a block needs. In-lab exams run on installed software: a lab, no VM, one invigilator for
 * the room. Virtual-lab exams run in a browser on a VM, optionally in a lab; online-proctored
 * ones from anywhere; both need a proctor for every 20 candidates.
 */
export function requirementsOf(mode: DeliveryMode, seats: number): BlockRequirements {
  if (mode === 'in_lab') return { vms: false, lab: 'required', proctors: 1 };
  return {
    vms: true,
    lab: mode === 'virtual_lab' ? 'optional' : 'none',
    proctors: Math.ceil(seats / CANDIDATES_PER_ONLINE_PROCTOR),
  };
}

const HOUR = 3_600_000;

/**
 * Whole hours a block occupies: the exam plus its set-up buffer, rounded up. A 50-minute exam
 * with a 10-minute buffer takes one hour; a 51-minute one takes two.
 */
export function hoursOccupied(durationMinutes: number, bufferMinutes: number): number {
  return Math.max(1, Math.ceil((durationMinutes + bufferMinutes) / 60));
}

/** The hour starts of a block beginning at `start` (consecutive real hours, DST or not). */
export function blockHourStarts(start: Date, hours: number): Date[] {
  return Array.from({ length: hours }, (_, i) => new Date(start.getTime() + i * HOUR));
}

/**
 * The UTC hours of the VM pool a block draws on: every UTC hour its time range touches. For
 * centres whose local hour is not a UTC hour (e.g. UTC+05:30) a block touches two UTC hours
 * per local hour; counting both errs on the side of never overbooking.
 */
export function vmHoursOf(start: Date, end: Date): Date[] {
  const hours: Date[] = [];
  for (let h = Math.floor(start.getTime() / HOUR) * HOUR; h < end.getTime(); h += HOUR)
    hours.push(new Date(h));
  return hours;
}

/** Whether a change to a block starting at `start` falls inside the cut-off (only the operator may). */
export function withinChangeCutoff(start: Date, now: Date, cutoffHours: number): boolean {
  return now.getTime() > changeCutoffAt(start, cutoffHours).getTime();
}

/** The last instant a block starting at `start` may be changed without the operator. */
export function changeCutoffAt(start: Date, cutoffHours: number): Date {
  return new Date(start.getTime() - cutoffHours * HOUR);
}

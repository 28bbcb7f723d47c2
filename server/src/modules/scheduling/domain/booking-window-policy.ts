/**
 * When a block may be booked: not sooner than the lead time (longer inside the region's peak
 * periods, when hundreds of schools book at once) and not further out than the horizon. An
 * institution may be stricter than the platform, never looser; the operator may override with
 * a recorded reason.
 */
export interface BookingWindow {
  minLeadDays: number;
  peakMinLeadDays: number;
  maxHorizonDays: number;
}

export interface PeakPeriod {
  starts: Date;
  ends: Date;
}

export const PLATFORM_DEFAULT_WINDOW: BookingWindow = {
  minLeadDays: 14,
  peakMinLeadDays: 21,
  maxHorizonDays: 120,
};

export type WindowVerdict =
  | { bookable: true }
  | {
      bookable: false;
      reason: 'too-soon' | 'too-soon-peak' | 'too-far' | 'in-the-past';
      earliest: Date | null;
      latest: Date | null;
    };

const DAY = 86_400_000;

/** The stricter of the platform's window and an institution's own rules. */
export function effectiveWindow(
  platform: BookingWindow,
  institution?: Partial<BookingWindow> | null,
): BookingWindow {
  return {
    minLeadDays: Math.max(platform.minLeadDays, institution?.minLeadDays ?? 0),
    peakMinLeadDays: Math.max(platform.peakMinLeadDays, institution?.peakMinLeadDays ?? 0),
    maxHorizonDays: Math.min(platform.maxHorizonDays, institution?.maxHorizonDays ?? Infinity),
  };
}

export function inPeak(start: Date, peaks: readonly PeakPeriod[]): boolean {
  return peaks.some((p) => start >= p.starts && start < p.ends);
}

/** May a block starting at `start` be booked at `now`? `operatorOverride` lifts the lead time only. */
export function checkBookingWindow(
  window: BookingWindow,
  peaks: readonly PeakPeriod[],
  start: Date,
  now: Date,
  operatorOverride = false,
): WindowVerdict {
  if (start <= now) return { bookable: false, reason: 'in-the-past', earliest: null, latest: null };
  const latest = new Date(now.getTime() + window.maxHorizonDays * DAY);
  if (start > latest) return { bookable: false, reason: 'too-far', earliest: null, latest };
  if (operatorOverride) return { bookable: true };
  const peak = inPeak(start, peaks);
  const lead = peak ? window.peakMinLeadDays : window.minLeadDays;
  const earliest = new Date(now.getTime() + lead * DAY);
  if (start < earliest)
    return { bookable: false, reason: peak ? 'too-soon-peak' : 'too-soon', earliest, latest };
  return { bookable: true };
}

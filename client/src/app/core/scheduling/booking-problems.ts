import type {
  LabSeatsExhaustedProblem,
  OutsideBookingWindowProblem,
  ProctorsUnavailableProblem,
  VmCapacityExhaustedProblem,
} from '@invigil/contracts';
import type { ReadableProblem } from '../problem/problem';
import { dayAndTime } from './zone-labels';

const MODE_WORDS: Record<string, string> = {
  in_lab: 'in a lab',
  virtual_lab: 'in a virtual lab',
  online_proctored: 'online',
};

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

function stringOr(value: unknown): string | null {
  return typeof value === 'string' && value ? value : null;
}

/**
 * What a refused booking means for the instructor, in one sentence, from the 409 problems of
 * the scheduling API; null for other problems (shown as the server put them).
 */
export function explainBookingProblem(problem: ReadableProblem, timeZone: string): string | null {
  const x = problem.extensions;
  switch (problem.kind) {
    case 'vm-capacity-exhausted': {
      const p = x as Partial<VmCapacityExhaustedProblem>;
      const hour = stringOr(p.hour);
      const left = numberOr(p.left, 0);
      const requested = numberOr(p.requested, 0);
      const when = hour ? ` at ${dayAndTime(hour, timeZone)}` : '';
      return `Not enough virtual machines${when}: ${plural(left, 'VM')} left in the region's pool, ${requested} requested. Book fewer seats or another hour.`;
    }
    case 'lab-seats-exhausted': {
      const p = x as Partial<LabSeatsExhaustedProblem>;
      const left = numberOr(p.left, 0);
      const requested = numberOr(p.requested, 0);
      return `Not enough lab seats: ${plural(left, 'seat')} free, ${requested} requested. Choose another lab, fewer seats or another hour.`;
    }
    case 'proctors-unavailable': {
      const p = x as Partial<ProctorsUnavailableProblem>;
      const needed = numberOr(p.needed, 1);
      const available = numberOr(p.available, 0);
      const named = Array.isArray(p.unavailableProctorIds) ? p.unavailableProctorIds.length : 0;
      const busy = named
        ? ` ${plural(named, 'chosen proctor is', 'chosen proctors are')} busy or not trained.`
        : '';
      return `Not enough proctors: ${needed} needed, ${available} free at that hour.${busy}`;
    }
    case 'outside-booking-window': {
      const p = x as Partial<OutsideBookingWindowProblem>;
      const earliest = stringOr(p.earliest);
      const latest = stringOr(p.latest);
      switch (p.reason) {
        case 'in-the-past':
          return 'That hour has already started.';
        case 'horizon':
          return `That hour is too far ahead${latest ? `: the last bookable start is ${dayAndTime(latest, timeZone)}` : ''}.`;
        case 'peak-period':
          return `That hour is in a peak exam period and needs more notice${earliest ? `: book from ${dayAndTime(earliest, timeZone)} on` : ''}.`;
        default:
          return `That hour is sooner than the booking lead time allows${earliest ? `: the earliest bookable start is ${dayAndTime(earliest, timeZone)}` : ''}.`;
      }
    }
    case 'hold-expired':
      return 'The hold lapsed and its seats were released. Pick the slot again.';
    case 'slot-closed':
      return 'The centre is closed then, or the exam would run past closing time. Pick an earlier hour.';
    case 'centre-not-bookable':
      return 'This centre cannot take that block: it is not accredited, or has no VM pool for online seats.';
    case 'delivery-mode-not-allowed': {
      const allowed = Array.isArray(x['allowed'])
        ? (x['allowed'] as unknown[]).filter((m) => typeof m === 'string')
        : [];
      return `The exam is not delivered that way${allowed.length ? `: it can be sat ${allowed.map((m) => MODE_WORDS[m as string] ?? m).join(' or ')}` : ''}.`;
    }
    case 'within-change-cutoff':
      return 'The block starts within 24 hours: only the platform operator can change it now.';
    case 'booking-full':
      return 'Every seat of the block is filled.';
    case 'no-entitlement':
      return 'The candidate holds no unused entitlement (redeemed voucher) for this exam.';
    default:
      return null;
  }
}

/** A refused pool change (capacity or maintenance below what is booked), in the operator's zone. */
export function explainPoolProblem(problem: ReadableProblem, timeZone: string): string | null {
  if (problem.kind !== 'vm-capacity-below-booked') return null;
  const hour = stringOr(problem.extensions['hour']);
  const when = hour ? `${dayAndTime(hour, timeZone)} (${timeZone})` : 'An hour';
  return `${when} already has more VMs booked than that would leave. Move or cancel blocks of that hour first, or take fewer VMs offline.`;
}

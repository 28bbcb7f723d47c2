import type {
  LabSeatsExhaustedProblem,
  OutsideBookingWindowProblem,
  ProctorsUnavailableProblem,
  VmCapacityExhaustedProblem,
} from '@invigil/contracts';
import { Problem } from '../../core/errors/problem';
import type { WindowVerdict } from './domain/booking-window-policy';

/** The 409s of scheduling, each naming what is short and how much is left. */
export const SchedulingProblems = {
  vmsExhausted(p: VmCapacityExhaustedProblem): Problem {
    return Problem.conflict(
      'vm-capacity-exhausted',
      `Only ${p.left} VM(s) left at ${p.hour}; ${p.requested} requested`,
      { ...p },
    );
  },
  labSeatsExhausted(p: LabSeatsExhaustedProblem): Problem {
    return Problem.conflict(
      'lab-seats-exhausted',
      p.labId
        ? `The lab has ${p.left} free seat(s) then; ${p.requested} requested`
        : `No free lab has ${p.requested} seats then; the largest free lab has ${p.left}`,
      { ...p },
    );
  },
  proctorsUnavailable(p: ProctorsUnavailableProblem): Problem {
    return Problem.conflict(
      'proctors-unavailable',
      p.unavailableProctorIds.length
        ? `${p.unavailableProctorIds.length} named proctor(s) are busy, untrained or not of this centre`
        : `${p.needed} proctor(s) needed, ${p.available} free and trained`,
      { ...p },
    );
  },
  outsideWindow(verdict: Exclude<WindowVerdict, { bookable: true }>): Problem {
    const reason: OutsideBookingWindowProblem['reason'] =
      verdict.reason === 'too-soon'
        ? 'lead-time'
        : verdict.reason === 'too-soon-peak'
          ? 'peak-period'
          : verdict.reason === 'too-far'
            ? 'horizon'
            : 'in-the-past';
    const body: OutsideBookingWindowProblem = {
      reason,
      earliest: verdict.earliest?.toISOString() ?? null,
      latest: verdict.latest?.toISOString() ?? null,
    };
    const detail =
      reason === 'in-the-past'
        ? 'That slot has already started'
        : reason === 'horizon'
          ? `Blocks can be booked up to ${body.latest}`
          : `Blocks for that slot can be booked from ${body.earliest}${reason === 'peak-period' ? ' (peak period)' : ''}`;
    return Problem.conflict('outside-booking-window', detail, { ...body });
  },
};

import type { BookingWindowDto, NonBookableReason } from '@invigil/contracts';
import type { CentreSlot } from './centre-slots';
import { dayAndTime } from './zone-labels';

export type Fullness = 'free' | 'filling' | 'nearly-full' | 'full';

/** Share of a capacity in use, 0 … 1; null when there is no capacity of that kind. */
export function usedShare(free: number | null, capacity: number | null): number | null {
  if (free === null || capacity === null) return null;
  if (capacity <= 0) return 1;
  return Math.min(1, Math.max(0, (capacity - free) / capacity));
}

/** Under half used: free; to 80 %: filling; beyond: nearly full; nothing left: full. */
export function fullnessOfShare(share: number): Fullness {
  if (share >= 1) return 'full';
  if (share >= 0.8) return 'nearly-full';
  if (share >= 0.5) return 'filling';
  return 'free';
}

export interface SlotCapacity {
  freeVms: number | null;
  vmCapacity: number | null;
  freeLabSeats: number;
  labSeats: number;
  freeLabs: number;
  freeProctors: number;
  /** by the fuller of the VM pool and the labs: the scarcer resource sets the colour */
  fullness: Fullness;
}

/**
 * What a slot has left, and how full it is: the fuller of VMs and lab seats decides the colour,
 * so a slot turns red as the platform-wide pool runs out even while a lab is free (the cell's
 * figures say what is left of each).
 */
export function slotCapacity(slot: CentreSlot): SlotCapacity {
  const labSeats = slot.labs.reduce((sum, lab) => sum + lab.seats, 0);
  const freeLabSeats = slot.labs.reduce((sum, lab) => sum + lab.freeSeats, 0);
  const shares = [usedShare(slot.freeVms, slot.vmCapacity), usedShare(freeLabSeats, labSeats || null)].filter(
    (s): s is number => s !== null,
  );
  // a slot without VMs or labs, or without a free proctor, cannot take a block
  const share = shares.length && slot.freeProctors > 0 ? Math.max(...shares) : 1;
  return {
    freeVms: slot.freeVms,
    vmCapacity: slot.vmCapacity,
    freeLabSeats,
    labSeats,
    freeLabs: slot.labs.filter((l) => l.freeSeats > 0).length,
    freeProctors: slot.freeProctors,
    fullness: slot.reason === 'full' ? 'full' : fullnessOfShare(share),
  };
}

export const REASON_LABELS: Record<NonBookableReason, string> = {
  closed: 'Closed',
  'in-the-past': 'Past',
  'lead-time': 'Lead time',
  'peak-period': 'Peak period',
  horizon: 'Too far ahead',
  maintenance: 'Maintenance',
  full: 'Full',
};

/** Why a slot cannot be booked, in a sentence for its tooltip. */
export function reasonExplanation(slot: CentreSlot, window: BookingWindowDto, timeZone: string): string {
  const from = slot.bookableFrom ? ` Bookable from ${dayAndTime(slot.bookableFrom, timeZone)}.` : '';
  switch (slot.reason) {
    case 'closed':
      return 'The centre is closed at this hour, or the exam would run past closing time.';
    case 'in-the-past':
      return 'This hour has already started.';
    case 'lead-time':
      return `Blocks must be booked at least ${window.minLeadDays} days ahead.${from}`;
    case 'peak-period':
      return `A peak exam period: blocks must be booked at least ${window.peakMinLeadDays} days ahead.${from}`;
    case 'horizon':
      return `Blocks can be booked at most ${window.maxHorizonDays} days ahead.`;
    case 'maintenance':
      return 'The virtual-machine pool of the region is down for maintenance at this hour.';
    case 'full': {
      const short = [
        slot.freeVms !== null && slot.freeVms <= 0 ? 'virtual machine' : null,
        slot.labs.length && slot.labs.every((l) => l.freeSeats <= 0) ? 'lab' : null,
        slot.freeProctors <= 0 ? 'proctor' : null,
      ].filter((s): s is string => s !== null);
      return short.length
        ? `No ${short.join(', no ')} is free at this hour.`
        : 'No virtual machine, lab seat or proctor is left at this hour.';
    }
    case null:
      return 'Bookable';
  }
}

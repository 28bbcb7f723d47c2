import type { CentreAvailabilityDto, SlotAvailabilityDto } from '@invigil/contracts';

/** A lab in one slot: its seats, all free or none (a lab holds one block at a time). */
export interface LabInSlot {
  labId: string;
  name: string;
  seats: number;
  freeSeats: number;
}

/** A slot with its labs spelled out, which the availability answer lists once for all slots. */
export type CentreSlot = SlotAvailabilityDto & { labs: LabInSlot[] };

/** Pairs each slot's `freeLabSeats` with the centre's labs, in the order the API gives them. */
export function centreSlots(availability: Pick<CentreAvailabilityDto, 'labs' | 'slots'>): CentreSlot[] {
  const labs = availability.labs;
  return availability.slots.map((slot) => ({
    ...slot,
    labs: labs.map((lab, i) => ({
      labId: lab.id,
      name: lab.name,
      seats: lab.seats,
      freeSeats: slot.freeLabSeats[i] ?? 0,
    })),
  }));
}

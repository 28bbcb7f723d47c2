import type { CentreSlot } from '../../core/scheduling/centre-slots';
import { modesOfSlot } from './booking-dialog.component';

const slot = (over: Partial<CentreSlot>): CentreSlot => ({
  start: '2026-12-15T14:00:00.000Z',
  localStart: '2026-12-15T09:00',
  offset: '-05:00',
  repeatedHour: false,
  freeVms: 10,
  vmCapacity: 50,
  freeLabSeats: [24],
  labs: [{ labId: 'a', name: 'Lab A', seats: 24, freeSeats: 24 }],
  freeProctors: 2,
  bookable: true,
  reason: null,
  bookableFrom: null,
  ...over,
});

describe('delivery modes a slot can take', () => {
  it('offers the lab while a lab is free and the VM modes while VMs are left', () => {
    expect(modesOfSlot(slot({}))).toEqual(['in_lab', 'virtual_lab', 'online_proctored']);
    expect(modesOfSlot(slot({ labs: [{ labId: 'a', name: 'A', seats: 24, freeSeats: 0 }] }))).toEqual([
      'virtual_lab',
      'online_proctored',
    ]);
    expect(modesOfSlot(slot({ freeVms: 0 }))).toEqual(['in_lab']);
    // a centre without a VM pool: only its labs
    expect(modesOfSlot(slot({ freeVms: null, vmCapacity: null }))).toEqual(['in_lab']);
  });
});

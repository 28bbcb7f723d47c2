import type { SlotAvailabilityDto } from '@invigil/contracts';
import type { ReadableProblem } from '../problem/problem';
import { CentreSlot, centreSlots } from './centre-slots';
import { explainBookingProblem, explainPoolProblem } from './booking-problems';
import { holdCountdown } from './hold-countdown';
import { fullnessOfShare, reasonExplanation, slotCapacity, usedShare } from './slot-capacity';
import { addDays, buildWeekGrid, daysBetween, isoWeekday, mondayOf } from './week-grid';
import { buildHeatmap, heatLevel } from './heatmap';
import {
  clockTime,
  dualTime,
  fromLocalInput,
  offsetAt,
  offsetLabel,
  toLocalInput,
  zonesDiffer,
} from './zone-labels';

const LAB_A = { id: 'lab-a', name: 'Lab A', seats: 24 };

/** A slot as the calendar uses it: the API's, with the centre's labs paired in. */
function slot(
  localStart: string,
  start: string,
  offset: string,
  over: Partial<SlotAvailabilityDto> = {},
  labs = [LAB_A],
): CentreSlot {
  const dto: SlotAvailabilityDto = {
    start,
    localStart,
    offset,
    repeatedHour: false,
    freeVms: 100,
    vmCapacity: 100,
    freeLabSeats: labs.map((l) => l.seats),
    freeProctors: 2,
    bookable: true,
    reason: null,
    bookableFrom: null,
    ...over,
  };
  return centreSlots({ labs, slots: [dto] })[0];
}

const conflict = (kind: string, extensions: Record<string, unknown>): ReadableProblem => ({
  kind,
  status: 409,
  title: 'Conflict',
  detail: null,
  fieldErrors: [],
  extensions,
  message: 'Conflict',
});

const closed = (localStart: string, start: string, offset: string): CentreSlot =>
  slot(localStart, start, offset, { bookable: false, reason: 'closed' });

describe('slots with their labs', () => {
  it("pairs each slot's free seats with the centre's labs, in order", () => {
    const [s] = centreSlots({
      labs: [LAB_A, { id: 'lab-b', name: 'Lab B', seats: 16 }],
      slots: [{ ...slot('2026-12-14T09:00', '2026-12-14T14:00:00.000Z', '-05:00'), freeLabSeats: [0, 16] }],
    });
    expect(s.labs).toEqual([
      { labId: 'lab-a', name: 'Lab A', seats: 24, freeSeats: 0 },
      { labId: 'lab-b', name: 'Lab B', seats: 16, freeSeats: 16 },
    ]);
  });
});

describe('local dates of a centre', () => {
  it('finds the Monday of a week and steps across months and years', () => {
    expect(mondayOf('2026-12-03')).toBe('2026-11-30');
    expect(mondayOf('2026-11-30')).toBe('2026-11-30');
    expect(mondayOf('2027-01-03')).toBe('2026-12-28');
    expect(addDays('2026-12-28', 7)).toBe('2027-01-04');
    expect(isoWeekday('2026-11-29')).toBe(7);
    expect(daysBetween('2026-11-30', '2027-01-11')).toBe(42);
  });
});

describe('week grid of a centre', () => {
  it('lays slots out as hour rows by day columns, trimmed to the open hours of the week', () => {
    const slots = [
      closed('2026-12-14T07:00', '2026-12-14T12:00:00.000Z', '-05:00'),
      slot('2026-12-14T08:00', '2026-12-14T13:00:00.000Z', '-05:00'),
      slot('2026-12-14T09:00', '2026-12-14T14:00:00.000Z', '-05:00'),
      slot('2026-12-15T10:00', '2026-12-15T15:00:00.000Z', '-05:00'),
      closed('2026-12-15T11:00', '2026-12-15T16:00:00.000Z', '-05:00'),
      // next week: left out
      slot('2026-12-21T06:00', '2026-12-21T11:00:00.000Z', '-05:00'),
    ];
    const grid = buildWeekGrid(slots, '2026-12-14');
    expect(grid.days.map((d) => d.date)).toEqual([
      '2026-12-14',
      '2026-12-15',
      '2026-12-16',
      '2026-12-17',
      '2026-12-18',
      '2026-12-19',
      '2026-12-20',
    ]);
    expect(grid.days[0].label).toBe('Mon 14 Dec');
    expect(grid.rows.map((r) => r.label)).toEqual(['08:00', '09:00', '10:00']);
    expect(grid.rows[0].cells[0].slots.map((s) => s.localStart)).toEqual(['2026-12-14T08:00']);
    expect(grid.rows[2].cells[1].slots).toHaveLength(1);
    expect(grid.rows[2].cells[0].slots).toEqual([]);
    expect(grid.closedAllWeek).toBe(false);
  });

  it('shows both slots of an hour that happens twice when clocks go back, in time order', () => {
    // Toronto, Sunday 1 November 2026: 01:00 EDT, then 01:00 again in EST
    const second = slot('2026-11-01T01:00', '2026-11-01T06:00:00.000Z', '-05:00', { repeatedHour: true });
    const first = slot('2026-11-01T01:00', '2026-11-01T05:00:00.000Z', '-04:00');
    const grid = buildWeekGrid(
      [slot('2026-11-01T00:00', '2026-11-01T04:00:00.000Z', '-04:00'), second, first],
      '2026-10-26',
    );
    const cell = grid.rows.find((r) => r.hour === 1)?.cells[6];
    expect(cell?.slots.map((s) => s.offset)).toEqual(['-04:00', '-05:00']);
    expect(cell?.slots[1].repeatedHour).toBe(true);
    expect(cell?.slots.map((s) => offsetLabel(s.offset))).toEqual(['UTC−04:00', 'UTC−05:00']);
  });

  it('leaves the hour that clocks skip empty, and keeps the rows around it', () => {
    // Toronto, Sunday 8 March 2026: 02:00 does not exist
    const grid = buildWeekGrid(
      [
        slot('2026-03-08T01:00', '2026-03-08T06:00:00.000Z', '-05:00'),
        slot('2026-03-08T03:00', '2026-03-08T07:00:00.000Z', '-04:00'),
      ],
      '2026-03-02',
    );
    expect(grid.rows.map((r) => r.label)).toEqual(['01:00', '02:00', '03:00']);
    expect(grid.rows[1].cells[6].slots).toEqual([]);
  });

  it('says when the centre is closed all week', () => {
    const grid = buildWeekGrid(
      [closed('2026-12-14T09:00', '2026-12-14T14:00:00.000Z', '-05:00')],
      '2026-12-14',
    );
    expect(grid.closedAllWeek).toBe(true);
    expect(grid.rows).toEqual([]);
  });
});

describe('how full a slot is', () => {
  it('grades the share in use', () => {
    expect(fullnessOfShare(0)).toBe('free');
    expect(fullnessOfShare(0.49)).toBe('free');
    expect(fullnessOfShare(0.5)).toBe('filling');
    expect(fullnessOfShare(0.8)).toBe('nearly-full');
    expect(fullnessOfShare(1)).toBe('full');
    expect(usedShare(null, 100)).toBeNull();
    expect(usedShare(0, 0)).toBe(1);
    expect(usedShare(25, 100)).toBe(0.75);
  });

  it('colours by the fuller of VMs and lab seats', () => {
    const s = slot(
      '2026-12-14T09:00',
      '2026-12-14T14:00:00.000Z',
      '-05:00',
      { freeVms: 10, vmCapacity: 100, freeLabSeats: [24, 0] },
      [
        { id: 'a', name: 'A', seats: 24 },
        { id: 'b', name: 'B', seats: 16 },
      ],
    );
    const c = slotCapacity(s);
    expect(c.freeLabSeats).toBe(24);
    expect(c.labSeats).toBe(40);
    expect(c.freeLabs).toBe(1);
    // VMs 90 % used, labs 40 %: the pool sets the colour
    expect(c.fullness).toBe('nearly-full');
    expect(slotCapacity({ ...s, freeVms: 90 }).fullness).toBe('free');
    expect(slotCapacity({ ...s, freeVms: null, vmCapacity: null }).fullness).toBe('free');
  });

  it('is full without a free proctor, or when the server says so', () => {
    const s = slot('2026-12-14T09:00', '2026-12-14T14:00:00.000Z', '-05:00');
    expect(slotCapacity({ ...s, freeProctors: 0 }).fullness).toBe('full');
    expect(slotCapacity({ ...s, bookable: false, reason: 'full' }).fullness).toBe('full');
  });

  it('explains why a slot cannot be booked', () => {
    const window = { minLeadDays: 14, peakMinLeadDays: 21, maxHorizonDays: 120 };
    const s = slot('2026-12-14T09:00', '2026-12-14T14:00:00.000Z', '-05:00', {
      bookable: false,
      reason: 'peak-period',
      bookableFrom: '2026-12-15T14:00:00.000Z',
    });
    expect(reasonExplanation(s, window, 'America/Toronto')).toBe(
      'A peak exam period: blocks must be booked at least 21 days ahead. Bookable from Tue 15 Dec 2026, 09:00.',
    );
    expect(reasonExplanation({ ...s, reason: 'horizon' }, window, 'America/Toronto')).toContain('120 days');
    expect(reasonExplanation({ ...s, reason: 'full', freeProctors: 0 }, window, 'UTC')).toBe(
      'No proctor is free at this hour.',
    );
    expect(
      reasonExplanation(
        { ...s, reason: 'full', freeVms: 0, labs: [{ ...s.labs[0], freeSeats: 0 }] },
        window,
        'UTC',
      ),
    ).toBe('No virtual machine, no lab is free at this hour.');
  });
});

describe('hold countdown', () => {
  const expires = '2026-12-01T10:10:00.000Z';

  it('counts minutes and seconds down to the lapse', () => {
    expect(holdCountdown(expires, new Date('2026-12-01T10:00:00.000Z'))).toEqual({
      seconds: 600,
      label: '10:00',
      expired: false,
      urgent: false,
    });
    expect(holdCountdown(expires, new Date('2026-12-01T10:09:05.400Z')).label).toBe('0:55');
    expect(holdCountdown(expires, new Date('2026-12-01T10:09:05.400Z')).urgent).toBe(true);
  });

  it('stops at zero once lapsed', () => {
    const c = holdCountdown(expires, new Date('2026-12-01T10:12:00.000Z'));
    expect(c).toMatchObject({ seconds: 0, label: '0:00', expired: true, urgent: false });
  });
});

describe('zone labels', () => {
  it('reads the offset of a zone at an instant, DST included', () => {
    expect(offsetAt('2026-07-01T12:00:00Z', 'America/Toronto')).toBe('-04:00');
    expect(offsetAt('2026-12-01T12:00:00Z', 'America/Toronto')).toBe('-05:00');
    expect(offsetAt('2026-12-01T12:00:00Z', 'Asia/Kolkata')).toBe('+05:30');
    expect(offsetAt('2026-12-01T12:00:00Z', 'UTC')).toBe('+00:00');
    expect(offsetLabel('+05:30')).toBe('UTC+05:30');
    expect(offsetLabel('+00:00')).toBe('UTC');
  });

  it('shows the viewer zone only when its clock differs from the centre', () => {
    const at = '2026-12-15T14:00:00.000Z';
    expect(zonesDiffer(at, 'America/Toronto', 'America/New_York')).toBe(false);
    expect(zonesDiffer(at, 'America/Toronto', 'Europe/Berlin')).toBe(true);
    const both = dualTime(at, 'America/Toronto', 'Europe/Berlin');
    expect(both.centre).toBe('Tue 15 Dec 2026, 09:00 EST (America/Toronto)');
    expect(both.viewer).toBe('Tue 15 Dec 2026, 15:00 GMT+1 (Europe/Berlin)');
    expect(dualTime(at, 'America/Toronto', 'America/Toronto').viewer).toBeNull();
    expect(clockTime(at, 'Asia/Kolkata')).toBe('19:30');
  });
});

describe('refused bookings', () => {
  const problem = (kind: string, extensions: Record<string, unknown>): ReadableProblem => ({
    kind,
    status: 409,
    title: 'Conflict',
    detail: null,
    fieldErrors: [],
    extensions,
    message: 'Conflict',
  });

  it('names the hour short of VMs and how many are left', () => {
    const text = explainBookingProblem(
      problem('vm-capacity-exhausted', {
        vmPoolId: 'p',
        hour: '2026-12-15T15:00:00.000Z',
        requested: 30,
        left: 4,
      }),
      'America/Toronto',
    );
    expect(text).toBe(
      "Not enough virtual machines at Tue 15 Dec 2026, 10:00: 4 VMs left in the region's pool, 30 requested. Book fewer seats or another hour.",
    );
  });

  it('explains short lab seats, proctors and the booking window', () => {
    expect(
      explainBookingProblem(problem('lab-seats-exhausted', { labId: null, requested: 30, left: 24 }), 'UTC'),
    ).toContain('24 seats free, 30 requested');
    expect(
      explainBookingProblem(
        problem('proctors-unavailable', { needed: 2, available: 1, unavailableProctorIds: ['x'] }),
        'UTC',
      ),
    ).toBe('Not enough proctors: 2 needed, 1 free at that hour. 1 chosen proctor is busy or not trained.');
    expect(
      explainBookingProblem(
        problem('outside-booking-window', {
          reason: 'lead-time',
          earliest: '2026-12-15T14:00:00.000Z',
          latest: null,
        }),
        'America/Toronto',
      ),
    ).toBe(
      'That hour is sooner than the booking lead time allows: the earliest bookable start is Tue 15 Dec 2026, 09:00.',
    );
    expect(explainBookingProblem(problem('validation-failed', {}), 'UTC')).toBeNull();
    expect(
      explainBookingProblem(
        problem('delivery-mode-not-allowed', { allowed: ['in_lab', 'online_proctored'] }),
        'UTC',
      ),
    ).toBe('The exam is not delivered that way: it can be sat in a lab or online.');
    expect(explainBookingProblem(problem('within-change-cutoff', {}), 'UTC')).toContain('within 24 hours');
  });

  it('says which booked hour stops a pool change, in the operator zone', () => {
    expect(
      explainPoolProblem(
        conflict('vm-capacity-below-booked', { hour: '2026-12-24T16:00:00.000Z' }),
        'America/Toronto',
      ),
    ).toBe(
      'Thu 24 Dec 2026, 11:00 (America/Toronto) already has more VMs booked than that would leave. Move or cancel blocks of that hour first, or take fewer VMs offline.',
    );
    expect(explainPoolProblem(conflict('vm-capacity-exhausted', {}), 'UTC')).toBeNull();
  });
});

describe('wall clock of a zone and back', () => {
  it('turns a datetime-local value of a zone into the instant, across DST', () => {
    expect(fromLocalInput('2026-12-15T09:00', 'America/Toronto')).toBe('2026-12-15T14:00:00.000Z');
    expect(fromLocalInput('2026-07-15T09:00', 'America/Toronto')).toBe('2026-07-15T13:00:00.000Z');
    expect(fromLocalInput('2026-12-15T09:00', 'Asia/Kolkata')).toBe('2026-12-15T03:30:00.000Z');
    // 01:30 happens twice on 1 November 2026 in Toronto: the first (EDT) is taken
    expect(fromLocalInput('2026-11-01T01:30', 'America/Toronto')).toBe('2026-11-01T05:30:00.000Z');
    expect(fromLocalInput('not a time', 'UTC')).toBeNull();
    expect(toLocalInput('2026-12-15T14:00:00.000Z', 'America/Toronto')).toBe('2026-12-15T09:00');
    expect(toLocalInput('2026-12-15T03:30:00.000Z', 'Asia/Kolkata')).toBe('2026-12-15T09:00');
  });
});

describe('pool utilisation heat map', () => {
  const hour = (iso: string, used: number, over: Record<string, unknown> = {}) => ({
    hour: iso,
    capacity: 100,
    used,
    held: 0,
    free: 100 - used,
    inMaintenance: false,
    inPeak: false,
    ...over,
  });

  it('lays UTC hours out as local days by 24 hours, marking maintenance and peak', () => {
    const map = buildHeatmap(
      [
        hour('2026-12-15T14:00:00.000Z', 40),
        hour('2026-12-15T15:00:00.000Z', 100, { inPeak: true }),
        hour('2026-12-16T05:00:00.000Z', 0, { capacity: 20, inMaintenance: true }),
      ],
      'America/Toronto',
    );
    expect(map.rows.map((r) => r.date)).toEqual(['2026-12-15', '2026-12-16']);
    expect(map.rows[0].cells).toHaveLength(24);
    expect(map.rows[0].cells[9]).toMatchObject({ used: 40, capacity: 100, share: 0.4, level: 1 });
    expect(map.rows[0].cells[10]).toMatchObject({ level: 4, inPeak: true });
    expect(map.rows[1].cells[0]).toMatchObject({ inMaintenance: true, capacity: 20, level: 0 });
    // the whole pool down: offline, not full
    const down = buildHeatmap(
      [hour('2026-12-16T05:00:00.000Z', 0, { capacity: 0, inMaintenance: true })],
      'UTC',
    );
    expect(down.rows[0].cells[5]).toMatchObject({ share: 0, level: 0, inMaintenance: true });
    expect(map.rows[0].cells[0].share).toBeNull();
    expect(map.peakUsed).toBe(100);
    expect(map.peakShare).toBe(1);
  });

  it('sums the two UTC hours of a repeated local hour into one cell', () => {
    const map = buildHeatmap(
      [hour('2026-11-01T05:00:00.000Z', 10), hour('2026-11-01T06:00:00.000Z', 30)],
      'America/Toronto',
    );
    expect(map.rows[0].cells[1]).toMatchObject({ used: 40, capacity: 200, share: 0.2 });
    expect(map.rows[0].cells[1].hours).toHaveLength(2);
  });

  it('grades shares into five shades', () => {
    expect([null, 0, 0.3, 0.5, 0.85, 1].map(heatLevel)).toEqual([0, 0, 1, 2, 3, 4]);
  });
});

import {
  blockHourStarts,
  hoursOccupied,
  requirementsOf,
  vmHoursOf,
  withinChangeCutoff,
} from './block-requirements';

describe('block requirements: what each delivery mode needs', () => {
  it('takes a lab and one invigilator, and no VM, for an in-lab exam of any size', () => {
    expect(requirementsOf('in_lab', 1)).toEqual({ vms: false, lab: 'required', proctors: 1 });
    expect(requirementsOf('in_lab', 60)).toEqual({ vms: false, lab: 'required', proctors: 1 });
  });

  it('takes one online proctor for every 20 candidates, rounded up', () => {
    expect(requirementsOf('online_proctored', 1).proctors).toBe(1);
    expect(requirementsOf('online_proctored', 20).proctors).toBe(1);
    expect(requirementsOf('online_proctored', 21).proctors).toBe(2);
    expect(requirementsOf('online_proctored', 100).proctors).toBe(5);
    expect(requirementsOf('online_proctored', 5)).toMatchObject({ vms: true, lab: 'none' });
    expect(requirementsOf('virtual_lab', 5)).toMatchObject({ vms: true, lab: 'optional' });
  });
});

describe('block requirements: hours occupied', () => {
  it('keeps an exam that fits with its buffer in one hour and spreads a longer one', () => {
    expect(hoursOccupied(50, 10)).toBe(1);
    expect(hoursOccupied(51, 10)).toBe(2);
    expect(hoursOccupied(120, 10)).toBe(3);
    expect(hoursOccupied(5, 0)).toBe(1);
  });

  it('lists consecutive real hours and the UTC hours of the pool they touch', () => {
    const start = new Date('2026-03-10T09:00:00Z');
    expect(blockHourStarts(start, 2).map((d) => d.toISOString())).toEqual([
      '2026-03-10T09:00:00.000Z',
      '2026-03-10T10:00:00.000Z',
    ]);
    expect(vmHoursOf(start, new Date('2026-03-10T11:00:00Z')).length).toBe(2);
    // a centre in India starts its local hour at :30 UTC: one local hour touches two UTC hours
    expect(
      vmHoursOf(new Date('2026-03-10T04:30:00Z'), new Date('2026-03-10T05:30:00Z')).map((d) =>
        d.toISOString(),
      ),
    ).toEqual(['2026-03-10T04:00:00.000Z', '2026-03-10T05:00:00.000Z']);
  });
});

describe('block requirements: change cut-off', () => {
  it('puts a change less than 24 hours before the start inside the cut-off', () => {
    const start = new Date('2026-03-10T09:00:00Z');
    expect(withinChangeCutoff(start, new Date('2026-03-09T09:00:01Z'), 24)).toBe(true);
    expect(withinChangeCutoff(start, new Date('2026-03-09T09:00:00Z'), 24)).toBe(false);
  });
});

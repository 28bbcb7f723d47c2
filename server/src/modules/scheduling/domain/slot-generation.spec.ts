import { generateSlots, instantsAtWallTime, occupiedSlots, OpeningInterval } from './slot-generation';

const everyDay = (opens: string, closes: string): OpeningInterval[] =>
  [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens, closes }));

describe('slot generation: an ordinary day', () => {
  it('starts a block every hour on the hour within opening hours', () => {
    const slots = generateSlots(
      [{ weekday: 2, opens: '09:00', closes: '12:00' }],
      'America/Toronto',
      '2026-06-02',
      '2026-06-02',
    );
    expect(slots.map((s) => s.localStart)).toEqual([
      '2026-06-02T09:00',
      '2026-06-02T10:00',
      '2026-06-02T11:00',
    ]);
    expect(slots[0].start.toISOString()).toBe('2026-06-02T13:00:00.000Z');
    expect(slots.every((s) => s.offset === '-04:00' && !s.repeatedHour)).toBe(true);
  });

  it('skips closed days and starts at the first whole hour after an odd opening time', () => {
    const hours = [{ weekday: 1, opens: '08:30', closes: '11:00' }];
    const slots = generateSlots(hours, 'Europe/Paris', '2026-06-01', '2026-06-07');
    expect(slots.map((s) => s.localStart)).toEqual(['2026-06-01T09:00', '2026-06-01T10:00']);
  });
});

describe('slot generation: spring forward (a local hour that does not exist)', () => {
  it('yields no slot for 02:00 in New York on 8 March 2026', () => {
    const slots = generateSlots(everyDay('00:00', '05:00'), 'America/New_York', '2026-03-08', '2026-03-08');
    expect(slots.map((s) => s.localStart)).toEqual([
      '2026-03-08T00:00',
      '2026-03-08T01:00',
      '2026-03-08T03:00',
      '2026-03-08T04:00',
    ]);
    expect(slots.map((s) => s.offset)).toEqual(['-05:00', '-05:00', '-04:00', '-04:00']);
  });
});

describe('slot generation: fall back (a local hour that happens twice)', () => {
  it('yields two distinct slots for 01:00 in New York on 1 November 2026, told apart by offset', () => {
    const slots = generateSlots(everyDay('00:00', '03:00'), 'America/New_York', '2026-11-01', '2026-11-01');
    expect(slots.map((s) => [s.localStart, s.offset, s.repeatedHour])).toEqual([
      ['2026-11-01T00:00', '-04:00', false],
      ['2026-11-01T01:00', '-04:00', false],
      ['2026-11-01T01:00', '-05:00', true],
      ['2026-11-01T02:00', '-05:00', false],
    ]);
    expect(slots[2].start.getTime() - slots[1].start.getTime()).toBe(3_600_000);
  });
});

describe('slot generation: zones whose offset or shift is not a whole hour', () => {
  it('puts slots on the local hour in India (UTC+05:30)', () => {
    const slots = generateSlots(everyDay('09:00', '11:00'), 'Asia/Kolkata', '2026-06-01', '2026-06-01');
    expect(slots.map((s) => s.start.toISOString())).toEqual([
      '2026-06-01T03:30:00.000Z',
      '2026-06-01T04:30:00.000Z',
    ]);
  });

  it('puts slots on the local hour in Nepal (UTC+05:45)', () => {
    const slots = generateSlots(everyDay('10:00', '11:00'), 'Asia/Kathmandu', '2026-06-01', '2026-06-01');
    expect(slots.map((s) => s.start.toISOString())).toEqual(['2026-06-01T04:15:00.000Z']);
  });

  it('handles Lord Howe Island, whose clocks move by 30 minutes', () => {
    // 5 April 2026: 02:00 (+11:00) becomes 01:30 (+10:30); 01:00 and 02:00 each happen once
    const back = generateSlots(everyDay('00:00', '04:00'), 'Australia/Lord_Howe', '2026-04-05', '2026-04-05');
    expect(back.map((s) => `${s.localStart}${s.offset}`)).toEqual([
      '2026-04-05T00:00+11:00',
      '2026-04-05T01:00+11:00',
      '2026-04-05T02:00+10:30',
      '2026-04-05T03:00+10:30',
    ]);
    // 4 October 2026: 02:00 (+10:30) jumps to 02:30 (+11:00); 02:00 does not exist
    const forward = generateSlots(
      everyDay('00:00', '04:00'),
      'Australia/Lord_Howe',
      '2026-10-04',
      '2026-10-04',
    );
    expect(forward.map((s) => s.localStart)).toEqual([
      '2026-10-04T00:00',
      '2026-10-04T01:00',
      '2026-10-04T03:00',
    ]);
  });
});

describe('wall-time resolution', () => {
  it('finds no instant in a gap, one normally, two in an overlap', () => {
    expect(
      instantsAtWallTime({ year: 2026, month: 3, day: 29, hour: 1, minute: 30 }, 'Europe/London'),
    ).toHaveLength(0);
    expect(
      instantsAtWallTime({ year: 2026, month: 6, day: 1, hour: 1, minute: 30 }, 'Europe/London'),
    ).toHaveLength(1);
    expect(
      instantsAtWallTime({ year: 2026, month: 10, day: 25, hour: 1, minute: 30 }, 'Europe/London'),
    ).toHaveLength(2);
  });
});

describe('hours an exam occupies', () => {
  const slots = generateSlots(everyDay('08:00', '18:00'), 'UTC', '2026-06-01', '2026-06-01');
  const at = (iso: string) => new Date(iso);

  it('keeps a 50-minute exam with a 10-minute buffer in its hour', () => {
    expect(occupiedSlots(slots, at('2026-06-01T09:00:00Z'), 50, 10).map((s) => s.localStart)).toEqual([
      '2026-06-01T09:00',
    ]);
  });

  it('spreads an exam longer than its hour over every hour it touches', () => {
    expect(occupiedSlots(slots, at('2026-06-01T09:00:00Z'), 90, 10).map((s) => s.localStart)).toEqual([
      '2026-06-01T09:00',
      '2026-06-01T10:00',
    ]);
    expect(occupiedSlots(slots, at('2026-06-01T09:00:00Z'), 55, 10).map((s) => s.localStart)).toEqual([
      '2026-06-01T09:00',
      '2026-06-01T10:00',
    ]);
  });

  it('counts real elapsed time across a fall-back night', () => {
    const ny = generateSlots(everyDay('00:00', '04:00'), 'America/New_York', '2026-11-01', '2026-11-01');
    const firstOneAm = ny.find((s) => s.localStart.endsWith('T01:00') && !s.repeatedHour);
    if (!firstOneAm) throw new Error('the first 01:00 slot is missing');
    expect(occupiedSlots(ny, firstOneAm.start, 100, 10).map((s) => `${s.localStart}${s.offset}`)).toEqual([
      '2026-11-01T01:00-04:00',
      '2026-11-01T01:00-05:00',
    ]);
  });
});

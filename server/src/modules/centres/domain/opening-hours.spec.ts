import { normaliseOpeningHours, parseLocalTime } from './opening-hours';

describe('opening hours: local times', () => {
  it.each([
    ['00:00', 0],
    ['08:30', 510],
    ['23:59', 1439],
  ])('reads %s as %i minutes after midnight', (value, minutes) => {
    expect(parseLocalTime(value)).toBe(minutes);
  });

  it('accepts 24:00 only as a closing time', () => {
    expect(parseLocalTime('24:00')).toBeNull();
    expect(parseLocalTime('24:00', { asClose: true })).toBe(1440);
    expect(parseLocalTime('24:01', { asClose: true })).toBeNull();
  });

  it.each(['8:00', '08:60', '25:00', '0800', '08:00:00', ' 08:00', 'ab:cd', ''])('refuses %p', (value) => {
    expect(parseLocalTime(value, { asClose: true })).toBeNull();
  });
});

describe('opening hours: a week', () => {
  it('sorts by weekday then opening time, and writes times as HH:mm', () => {
    const result = normaliseOpeningHours([
      { weekday: 6, opens: '09:00', closes: '17:00' },
      { weekday: 1, opens: '13:00', closes: '24:00' },
      { weekday: 1, opens: '08:00', closes: '12:00' },
    ]);
    expect(result).toEqual({
      ok: true,
      hours: [
        { weekday: 1, opens: '08:00', closes: '12:00' },
        { weekday: 1, opens: '13:00', closes: '24:00' },
        { weekday: 6, opens: '09:00', closes: '17:00' },
      ],
    });
  });

  it('lets intervals touch (half-open) and accepts an empty week', () => {
    expect(
      normaliseOpeningHours([
        { weekday: 2, opens: '12:00', closes: '17:00' },
        { weekday: 2, opens: '08:00', closes: '12:00' },
      ]).ok,
    ).toBe(true);
    expect(normaliseOpeningHours([])).toEqual({ ok: true, hours: [] });
  });

  it('refuses overlapping intervals on one weekday, naming the later entry', () => {
    const result = normaliseOpeningHours([
      { weekday: 3, opens: '08:00', closes: '12:00' },
      { weekday: 4, opens: '08:00', closes: '12:00' },
      { weekday: 3, opens: '11:00', closes: '15:00' },
    ]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      { field: 'hours.2', message: expect.stringContaining('overlaps hours.0') },
    ]);
  });

  it('finds an overlap with an interval that is not the neighbour in time', () => {
    const result = normaliseOpeningHours(
      [
        { weekday: 1, opens: '08:00', closes: '20:00' },
        { weekday: 1, opens: '09:00', closes: '10:00' },
        { weekday: 1, opens: '11:00', closes: '12:00' },
      ],
      'openingHours',
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.field)).toEqual(['openingHours.1', 'openingHours.2']);
  });

  it('refuses the same interval given twice', () => {
    const hours = [
      { weekday: 5, opens: '08:00', closes: '12:00' },
      { weekday: 5, opens: '08:00', closes: '12:00' },
    ];
    expect(normaliseOpeningHours(hours)).toMatchObject({ ok: false, errors: [{ field: 'hours.1' }] });
  });

  it('names each bad field: weekday out of range, malformed time, opens not before closes', () => {
    const result = normaliseOpeningHours([
      { weekday: 0, opens: '08:00', closes: '12:00' },
      { weekday: 1, opens: '24:00', closes: '24:00' },
      { weekday: 2, opens: '12:00', closes: '12:00' },
      { weekday: 3, opens: '13:00', closes: '09:00' },
      { weekday: 8, opens: '7am', closes: '25:00' },
    ]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.field)).toEqual([
      'hours.0.weekday',
      'hours.1.opens',
      'hours.2',
      'hours.3',
      'hours.4.weekday',
      'hours.4.opens',
      'hours.4.closes',
    ]);
  });
});

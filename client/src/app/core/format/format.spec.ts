import { formatInstant, formatLocalDate, todayIn } from './date-time';
import { currencyDigits, formatMoney, fromMinorUnits, toMinorUnits } from './money';
import { summarizeOpeningHours } from './opening-hours';
import { filterTimeZones, isKnownTimeZone } from './time-zones';

describe('money in minor units', () => {
  it('knows how many decimals a currency has', () => {
    expect(currencyDigits('CAD')).toBe(2);
    expect(currencyDigits('JPY')).toBe(0);
    expect(currencyDigits('BHD')).toBe(3);
  });

  it('formats minor units with the currency', () => {
    expect(formatMoney(26500, 'USD', 'en-US')).toBe('$265.00');
    expect(formatMoney(1500, 'JPY', 'en-US')).toBe('¥1,500');
  });

  it('converts an amount typed by a person to minor units and back, without float noise', () => {
    expect(toMinorUnits(19.99, 'CAD')).toBe(1999);
    expect(toMinorUnits(0.1 + 0.2, 'EUR')).toBe(30);
    expect(toMinorUnits(1500, 'JPY')).toBe(1500);
    expect(fromMinorUnits(2500, 'CAD')).toBe(25);
  });
});

describe('times', () => {
  it('shows a UTC instant in the viewer zone', () => {
    const text = formatInstant('2026-03-15T14:00:00Z', 'America/Vancouver', 'en-US');
    expect(text).toContain('7:00');
    expect(text).toContain('PDT');
  });

  it('shows a local calendar date without shifting it a day', () => {
    expect(formatLocalDate('2027-01-31', 'en-US')).toBe('Jan 31, 2027');
  });

  it('knows today in a zone', () => {
    // 02:00 UTC on 1 March is still 28 February in Vancouver
    expect(todayIn('America/Vancouver', new Date('2026-03-01T02:00:00Z'))).toBe('2026-02-28');
  });
});

describe('opening hours summary', () => {
  it('merges consecutive days with the same hours', () => {
    const weekdays = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: '08:00', closes: '18:00' }));
    expect(summarizeOpeningHours([...weekdays, { weekday: 6, opens: '09:00', closes: '13:00' }])).toBe(
      'Mon–Fri 08:00–18:00; Sat 09:00–13:00',
    );
  });

  it('lists split days and says when no hours are set', () => {
    expect(
      summarizeOpeningHours([
        { weekday: 2, opens: '13:00', closes: '17:00' },
        { weekday: 2, opens: '08:00', closes: '12:00' },
      ]),
    ).toBe('Tue 08:00–12:00, 13:00–17:00');
    expect(summarizeOpeningHours([])).toBe('No opening hours set');
  });
});

describe('time-zone search', () => {
  it('finds zones by any part of the name, spaces standing for underscores', () => {
    expect(filterTimeZones('vancouver').map((o) => o.zone)).toContain('America/Vancouver');
    expect(filterTimeZones('new york').map((o) => o.zone)).toContain('America/New_York');
    expect(filterTimeZones('america toronto').map((o) => o.zone)).toEqual(['America/Toronto']);
  });

  it('tells a real IANA zone from a made-up one', () => {
    expect(isKnownTimeZone('Europe/London')).toBe(true);
    expect(isKnownTimeZone('Mars/Olympus_Mons')).toBe(false);
  });
});

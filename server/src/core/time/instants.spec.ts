import { DateTime } from 'luxon';
import { localParts, parseIsoInstant } from './instants';

describe('parseIsoInstant', () => {
  const texts = [
    '2026-03-08T07:00:00Z',
    '2026-03-08T02:30:00-05:00',
    '2026-11-01T01:30:00-04:00',
    '2026-11-01T01:30:00-05:00',
    '2026-06-30T23:59:59.250+05:45',
    '2026-01-15T12:00',
    '2026-01-15',
  ];

  it('answers what luxon answers, the first time and every time after', () => {
    for (const text of texts) {
      const expected = DateTime.fromISO(text, { setZone: true }).toMillis();
      expect(parseIsoInstant(text)?.getTime()).toBe(expected);
      expect(parseIsoInstant(text)?.getTime()).toBe(expected);
    }
  });

  it('answers null for text that is not an instant, every time', () => {
    for (const text of ['', 'tomorrow', '2026-02-30T10:00:00Z', '2026-13-01T00:00:00Z', '2026-01-15T25:00']) {
      expect(parseIsoInstant(text)).toBeNull();
      expect(parseIsoInstant(text)).toBeNull();
    }
  });

  it('reads a bare time as that time today, whichever day it is asked', () => {
    jest.useFakeTimers({ now: new Date('2026-12-01T12:00:00Z') });
    try {
      const today = parseIsoInstant('10:00:00Z');
      jest.setSystemTime(new Date('2026-12-02T12:00:00Z'));
      expect(today?.toISOString()).toBe('2026-12-01T10:00:00.000Z');
      expect(parseIsoInstant('10:00:00Z')?.toISOString()).toBe('2026-12-02T10:00:00.000Z');
    } finally {
      jest.useRealTimers();
    }
  });

  it('gives each caller its own Date, so changing one does not change the next answer', () => {
    parseIsoInstant('2026-05-05T10:00:00Z')?.setUTCFullYear(1999);
    expect(parseIsoInstant('2026-05-05T10:00:00Z')?.toISOString()).toBe('2026-05-05T10:00:00.000Z');
  });
});

describe('localParts', () => {
  it('shows the wall time and offset in the zone, on both sides of DST changes and in odd zones', () => {
    const cases: [string, string, string, string][] = [
      ['2026-03-08T06:59:00Z', 'America/New_York', '2026-03-08T01:59', '-05:00'],
      ['2026-03-08T07:00:00Z', 'America/New_York', '2026-03-08T03:00', '-04:00'],
      // fall-back: the same wall hour twice, told apart by the offset
      ['2026-11-01T05:30:00Z', 'America/New_York', '2026-11-01T01:30', '-04:00'],
      ['2026-11-01T06:30:00Z', 'America/New_York', '2026-11-01T01:30', '-05:00'],
      ['2026-07-01T00:00:00Z', 'Asia/Kathmandu', '2026-07-01T05:45', '+05:45'],
      ['2026-04-05T15:30:00Z', 'Australia/Lord_Howe', '2026-04-06T02:00', '+10:30'],
    ];
    for (const [iso, zone, localStart, offset] of cases) {
      expect(localParts(new Date(iso), zone)).toEqual({ localStart, offset });
      expect(localParts(new Date(iso), zone)).toEqual({ localStart, offset });
    }
  });

  it('keeps answers per zone: the same instant in another zone is not the first zone answer', () => {
    const at = new Date('2026-01-15T12:00:00Z');
    expect(localParts(at, 'Europe/London').localStart).toBe('2026-01-15T12:00');
    expect(localParts(at, 'Asia/Kolkata').localStart).toBe('2026-01-15T17:30');
  });

  it('gives each caller its own answer object', () => {
    const at = new Date('2026-02-01T09:00:00Z');
    const first = localParts(at, 'UTC');
    first.localStart = 'changed';
    expect(localParts(at, 'UTC').localStart).toBe('2026-02-01T09:00');
  });
});

import { DateTime } from 'luxon';
import { formatWithZoneName, zoneName } from './zone-name';

describe('zoneName', () => {
  const zones = [
    'America/Toronto',
    'Europe/London',
    'Asia/Kolkata',
    'Asia/Kathmandu',
    'Australia/Lord_Howe',
    'Pacific/Chatham',
    'America/St_Johns',
    'UTC',
  ];
  // around both DST changes of the northern and southern hemispheres, and in between
  const instants = [
    '2026-01-15T12:00:00Z',
    '2026-03-08T06:59:59Z',
    '2026-03-08T07:00:00Z',
    '2026-04-05T15:30:00Z',
    '2026-07-01T00:00:00Z',
    '2026-10-04T16:00:00Z',
    '2026-11-01T05:59:59Z',
    '2026-11-01T06:00:00Z',
  ].map((iso) => new Date(iso));

  it("writes what luxon's ZZZZ writes, in every zone on both sides of DST changes", () => {
    for (const zone of zones)
      for (const instant of instants)
        expect(`${zone} ${zoneName(instant, zone)}`).toBe(
          `${zone} ${DateTime.fromJSDate(instant, { zone }).toFormat('ZZZZ')}`,
        );
  });

  it('formats the local time and names the zone', () => {
    const instant = new Date('2026-03-12T13:00:00Z');
    expect(formatWithZoneName(instant, 'America/Toronto', 'ccc d LLL yyyy, HH:mm')).toBe(
      'Thu 12 Mar 2026, 09:00 EDT',
    );
    expect(formatWithZoneName(instant, 'Asia/Kolkata', "d LLLL yyyy 'at' HH:mm")).toBe(
      '12 March 2026 at 18:30 GMT+5:30',
    );
  });
});

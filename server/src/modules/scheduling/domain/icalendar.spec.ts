import { escapeText, foldLine, toICalendar } from './icalendar';

describe('iCalendar feed', () => {
  it('writes each block as a UTC event with escaped text and CRLF line ends', () => {
    const ics = toICalendar(
      'Invigil blocks',
      [
        {
          uid: 'b1@invigil',
          start: new Date('2026-03-10T14:00:00Z'),
          end: new Date('2026-03-10T15:00:00Z'),
          summary: 'MO-100; Word, 20 seats',
          location: 'Lab A',
          description: 'line one\nline two',
        },
      ],
      new Date('2026-03-01T00:00:00Z'),
    );
    expect(ics.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
    expect(ics).toContain('DTSTART:20260310T140000Z\r\n');
    expect(ics).toContain('DTEND:20260310T150000Z\r\n');
    expect(ics).toContain('SUMMARY:MO-100\\; Word\\, 20 seats\r\n');
    expect(ics).toContain('DESCRIPTION:line one\\nline two\r\n');
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
  });

  it('folds lines longer than 75 octets and escapes backslashes', () => {
    const folded = foldLine(`SUMMARY:${'x'.repeat(100)}`);
    expect(folded.split('\r\n ').every((part) => Buffer.byteLength(part) <= 75)).toBe(true);
    expect(folded.replace(/\r\n /g, '')).toBe(`SUMMARY:${'x'.repeat(100)}`);
    expect(escapeText('a\\b')).toBe('a\\\\b');
  });
});

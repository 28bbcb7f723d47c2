import { overlapping, type Span } from './overlapping';

const HOUR = 3_600_000;

/** what `overlapping` must answer, the slow way */
const naive = <T extends Span>(starts: number[], width: number, spans: T[]) =>
  starts.map((s) => spans.filter((p) => p.from < s + width && s < p.to));

describe('overlapping', () => {
  it('finds, for each slot, the spans that overlap it, and only those', () => {
    const starts = [0, 1, 2, 3, 4].map((h) => h * HOUR);
    const spans = [
      { id: 'a', from: 0, to: HOUR }, // the first slot only
      { id: 'b', from: HOUR, to: 3 * HOUR }, // two slots
      { id: 'c', from: 3 * HOUR + 1, to: 3 * HOUR + 2 }, // inside one
      { id: 'd', from: -HOUR, to: 0 }, // ends as the first begins: none
      { id: 'e', from: 5 * HOUR, to: 6 * HOUR }, // after the last: none
      { id: 'f', from: -HOUR, to: 10 * HOUR }, // every slot
    ];
    expect(overlapping(starts, HOUR, spans).map((found) => found.map((s) => s.id))).toEqual([
      ['a', 'f'],
      ['b', 'f'],
      ['b', 'f'],
      ['c', 'f'],
      ['f'],
    ]);
  });

  it('agrees with the slow way on slots that are not a whole hour apart (a DST change, a :45 zone)', () => {
    // slots on the quarter hour, with a gap and a repeated wall hour's worth of spacing
    const starts = [0.25, 1.25, 2.25, 4.25, 5.25, 5.75, 6.75].map((h) => h * HOUR);
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 9 * HOUR - HOUR;
    const spans = Array.from({ length: 300 }, (_, id) => {
      const a = random();
      const b = random();
      return { id, from: Math.min(a, b), to: Math.max(a, b) };
    });
    expect(overlapping(starts, HOUR, spans)).toEqual(naive(starts, HOUR, spans));
  });

  it('answers empty lists for no spans and nothing for no slots', () => {
    expect(overlapping([0, HOUR], HOUR, [])).toEqual([[], []]);
    expect(overlapping([], HOUR, [{ from: 0, to: HOUR }])).toEqual([]);
  });
});

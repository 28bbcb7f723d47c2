/** Something that takes the half-open span [from, to) of instants in ms. */
export interface Span {
  from: number;
  to: number;
}

/**
 * For each window [starts[i], starts[i] + width) — the slots of a calendar — the spans that
 * overlap it (from < window end and window start < to), in the order the spans came. `starts`
 * must be ascending. Each span is placed by a binary search and touches only the windows it
 * overlaps, so a 3-week calendar (504 slots) against thousands of busy blocks costs a pass over
 * the blocks, not slots × blocks.
 */
export function overlapping<T extends Span>(
  starts: readonly number[],
  width: number,
  spans: readonly T[],
): T[][] {
  const found: T[][] = starts.map(() => []);
  for (const span of spans) {
    // the first window that ends after the span begins
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid] + width > span.from) hi = mid;
      else lo = mid + 1;
    }
    for (let i = lo; i < starts.length && starts[i] < span.to; i++) found[i].push(span);
  }
  return found;
}

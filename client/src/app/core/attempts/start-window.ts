/** A proctor may start a seated candidate's exam from this long before the block starts (the server's rule). */
export const START_EARLY_MINUTES = 30;

export type StartWindow = 'too-early' | 'open' | 'closed';

/** Where `now` stands against the window in which a block's exams can be started. */
export function startWindow(block: { start: string; end: string }, now: number): StartWindow {
  const opens = Date.parse(block.start) - START_EARLY_MINUTES * 60_000;
  if (now < opens) return 'too-early';
  return now < Date.parse(block.end) ? 'open' : 'closed';
}

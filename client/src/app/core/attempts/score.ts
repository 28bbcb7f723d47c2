/** What a typed score is: a whole number from 0 to the exam's maximum, or why it is not. */
export type ScoreCheck = { ok: true; score: number } | { ok: false; error: string };

export function checkScore(raw: string | number | null | undefined, maxScore: number): ScoreCheck {
  const text = String(raw ?? '').trim();
  if (text === '') return { ok: false, error: 'Enter the score' };
  if (!/^\d+$/.test(text)) return { ok: false, error: 'A whole number, 0 or more' };
  const score = Number(text);
  if (score > maxScore) return { ok: false, error: `At most ${maxScore.toLocaleString('en-US')}` };
  return { ok: true, score };
}

/** Whether a score passes against the exam's passing score (as the server decides it). */
export function passes(score: number, passingScore: number): boolean {
  return score >= passingScore;
}

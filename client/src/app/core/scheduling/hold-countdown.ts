export interface Countdown {
  /** whole seconds left, never negative */
  seconds: number;
  /** "9:41" */
  label: string;
  expired: boolean;
  /** under a minute left */
  urgent: boolean;
}

/** Time left on a hold that lapses at `expiresAt` (ISO), seen at `now`. */
export function holdCountdown(expiresAt: string, now: Date | number): Countdown {
  const end = new Date(expiresAt).getTime();
  const at = typeof now === 'number' ? now : now.getTime();
  const seconds = Number.isNaN(end) ? 0 : Math.max(0, Math.ceil((end - at) / 1000));
  const label = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
  return { seconds, label, expired: seconds === 0, urgent: seconds > 0 && seconds < 60 };
}

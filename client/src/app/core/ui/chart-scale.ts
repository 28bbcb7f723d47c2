/** The axis of a bar chart: a round maximum at or above the largest value, and evenly spaced ticks. */
export interface ChartScale {
  max: number;
  ticks: number[];
}

/** 1, 2, 2.5, 5 or 10 times a power of ten: steps people read at a glance. */
function niceStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / power;
  const nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10;
  return nice * power;
}

/**
 * A scale for whole-number counts up to `largest`, with about `tickCount` intervals. Counts get
 * whole-number steps; an all-zero chart still has an axis from 0 to 1.
 */
export function chartScale(largest: number, tickCount = 4, wholeNumbers = true): ChartScale {
  const top = Math.max(0, largest);
  if (top === 0) return { max: 1, ticks: [0, 1] };
  let step = niceStep(top / tickCount);
  if (wholeNumbers) step = Math.max(1, Math.ceil(step));
  const max = Math.ceil(top / step) * step;
  const ticks: number[] = [];
  for (let t = 0; t <= max + step / 2; t += step) ticks.push(Math.round(t * 1e9) / 1e9);
  return { max, ticks };
}

/** How far along the axis a value reaches, 0–100, never past the ends. */
export function barPercent(value: number, max: number): number {
  if (max <= 0 || value <= 0) return 0;
  return Math.min(100, (value / max) * 100);
}

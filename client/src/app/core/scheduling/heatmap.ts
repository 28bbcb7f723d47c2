import type { PoolHourUtilisationDto } from '@invigil/contracts';
import { usedShare } from './slot-capacity';
import { dayLabel } from './week-grid';
import { toLocalInput } from './zone-labels';

export interface HeatCell {
  /** the UTC hours shown in this local hour (two when clocks went back, none when skipped) */
  hours: PoolHourUtilisationDto[];
  used: number;
  capacity: number;
  held: number;
  /** 0 … 1; null for a skipped hour */
  share: number | null;
  /** 0 … 4: how dark to paint it */
  level: number;
  inMaintenance: boolean;
  inPeak: boolean;
}

export interface HeatRow {
  date: string;
  label: string;
  cells: HeatCell[];
}

export interface Heatmap {
  rows: HeatRow[];
  peakUsed: number;
  peakShare: number;
}

/** Share in use → 0 (idle) … 4 (full), for the colour of a heat-map cell. */
export function heatLevel(share: number | null): number {
  if (share === null || share <= 0) return 0;
  if (share >= 1) return 4;
  if (share >= 0.8) return 3;
  if (share >= 0.5) return 2;
  return 1;
}

/**
 * A pool's hourly utilisation as days × 24 local hours of `zone`. The two UTC hours of a local
 * hour that happens twice are summed into one cell (capacity too), so the grid stays 24 wide.
 */
export function buildHeatmap(hours: readonly PoolHourUtilisationDto[], zone: string): Heatmap {
  const byDate = new Map<string, PoolHourUtilisationDto[][]>();
  for (const h of hours) {
    const local = toLocalInput(h.hour, zone);
    const date = local.slice(0, 10);
    const hour = Number(local.slice(11, 13));
    const day = byDate.get(date) ?? Array.from({ length: 24 }, () => []);
    day[hour].push(h);
    byDate.set(date, day);
  }
  let peakUsed = 0;
  let peakShare = 0;
  const rows = [...byDate.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([date, day]) => ({
      date,
      label: dayLabel(date),
      cells: day.map((list): HeatCell => {
        const used = list.reduce((s, h) => s + h.used, 0);
        const capacity = list.reduce((s, h) => s + h.capacity, 0);
        const held = list.reduce((s, h) => s + h.held, 0);
        // an hour whose whole pool is down for maintenance is offline, not full
        const share = !list.length
          ? null
          : capacity === 0 && used === 0
            ? 0
            : usedShare(capacity - used, capacity);
        peakUsed = Math.max(peakUsed, ...list.map((h) => h.used));
        if (share !== null && used > 0) peakShare = Math.max(peakShare, share);
        return {
          hours: list,
          used,
          capacity,
          held,
          share,
          level: heatLevel(share),
          inMaintenance: list.some((h) => h.inMaintenance),
          inPeak: list.some((h) => h.inPeak),
        };
      }),
    }));
  return { rows, peakUsed, peakShare };
}

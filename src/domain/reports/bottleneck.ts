// Owns the funnel's bottleneck: the stage whose conversion fell furthest below the org's own trailing-90-day rate for
// that stage, by more than the youth of the period's entrants explains; else the stage whose time in stage rose most.
// Named in words by the catalogue.
import { type FunnelStage, nextStage, type StageFigures } from './funnel.ts';

export interface Bottleneck {
  stage: FunnelStage;
  next: FunnelStage;
  kind: 'conversion' | 'time';
  // conversion: 0..1 rates; time: median hours in the stage.
  current: number;
  baseline: number;
}

export interface BottleneckOptions {
  // Stages with fewer leads entering are not judged: a rate of 1 of 2 says nothing.
  minEntered: number;
  // A drop smaller than this many percentage points (0..1) is noise.
  minDrop: number;
  // A rise in median time in stage by at least this factor counts.
  minSlowdown: number;
}

export const defaultBottleneckOptions: BottleneckOptions = { minEntered: 5, minDrop: 0.05, minSlowdown: 1.5 };

// How long each side's entrants have had to move on: a funnel counts leads that entered in its window by where they
// stand at "as of", so the oldest entrant is (asOf − from) old and the youngest just arrived.
export interface BottleneckWindow {
  periodFrom: Date;
  baselineFrom: Date;
  asOf: Date;
}

// Of the entrants of a window `windowMs` long (arriving evenly) that will move on, the share that has by its end, by
// what the baseline's times in the stage promise: none of those younger than the median, half of those between the
// median and the p90 (at least half of the movers are that fast), all of those older than the p90 (as the baseline
// counts its own). It holds whatever the shape of the times: payments due in 30 days move on in a late burst.
function movedShare(windowMs: number, medianMs: number, p90Ms: number): number {
  if (windowMs <= 0) return 0;
  const betweenMedianAndP90 = Math.min(Math.max(windowMs - medianMs, 0), p90Ms - medianMs);
  return (0.5 * betweenMedianAndP90 + Math.max(windowMs - p90Ms, 0)) / windowMs;
}

// The conversion the period would show at the baseline's rate, its entrants being younger: the baseline's rate scaled
// by the share of movers each window has seen move. A period as long as the baseline keeps the baseline's rate; one
// shorter than the stage's median time cannot fall at all (its floor is 0), so no stage is blamed for leads that have
// not had time to move on.
export function conversionFloor(baseline: StageFigures, window: BottleneckWindow): number {
  const rate = baseline.conversion ?? 0;
  const medianMs = (baseline.medianSeconds ?? 0) * 1000;
  const p90Ms = (baseline.p90Seconds ?? 0) * 1000;
  const asOf = window.asOf.getTime();
  const period = movedShare(asOf - window.periodFrom.getTime(), medianMs, p90Ms);
  const base = movedShare(asOf - window.baselineFrom.getTime(), medianMs, p90Ms);
  if (base <= 0) return 0;
  return Math.min(rate, (rate * period) / base);
}

export function findBottleneck(
  current: readonly StageFigures[],
  baseline: readonly StageFigures[],
  window: BottleneckWindow,
  options: BottleneckOptions = defaultBottleneckOptions,
): Bottleneck | null {
  const base = new Map(baseline.map((s) => [s.stage, s]));
  let worst: Bottleneck | null = null;
  let worstDrop = options.minDrop;
  let slowest: Bottleneck | null = null;
  let slowestRise = options.minSlowdown;
  for (const s of current) {
    const next = nextStage(s.stage);
    const b = base.get(s.stage);
    if (!next || !b || s.entered < options.minEntered || b.entered < options.minEntered) continue;
    if (s.conversion !== null && b.conversion !== null) {
      // Ranked by the fall the period's youth cannot explain; the sentence still quotes both rates as they are.
      const drop = conversionFloor(b, window) - s.conversion;
      if (drop >= worstDrop) {
        worstDrop = drop;
        worst = { stage: s.stage, next, kind: 'conversion', current: s.conversion, baseline: b.conversion };
      }
    }
    if (s.medianSeconds !== null && b.medianSeconds !== null && b.medianSeconds > 0) {
      const rise = s.medianSeconds / b.medianSeconds;
      if (rise >= slowestRise) {
        slowestRise = rise;
        slowest = {
          stage: s.stage,
          next,
          kind: 'time',
          current: s.medianSeconds / 3600,
          baseline: b.medianSeconds / 3600,
        };
      }
    }
  }
  return worst ?? slowest;
}

// Leads sitting in the bottleneck stage without a touch for a while, and who holds most of them.
export interface IdleInStage {
  count: number;
  days: number;
  topOwner: { name: string; count: number } | null;
}

// Owns the funnel's bottleneck: the stage whose conversion fell furthest below the org's own trailing-90-day rate for
// that stage, else the stage whose time in stage rose most; named in words by the catalogue.
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

export function findBottleneck(
  current: readonly StageFigures[],
  baseline: readonly StageFigures[],
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
      const drop = b.conversion - s.conversion;
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

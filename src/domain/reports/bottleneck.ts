// Owns the funnel's bottleneck: the stage whose conversion fell furthest below the org's own trailing-90-day rate for
// that stage, by more than the youth of the period's entrants (their real ages) explains; else the stage whose time in stage rose most.
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

// How many of a window's entrants into a stage had spent, by "as of", at least the baseline's median and at least its
// p90 time in it: counted from each entrant's own arrival, so a period whose leads all came in at once is judged by
// their real age, not by how long the period has run.
export interface EntrantAges {
  pastMedian: number;
  pastP90: number;
}

// A judged stage's ages on both sides of the comparison.
export interface StageAges {
  period: EntrantAges;
  baseline: EntrantAges;
}

// The ages to count per stage with a next one: the baseline's median and p90 time in it (none without times).
export interface AgeThreshold {
  stage: FunnelStage;
  medianSeconds: number;
  p90Seconds: number;
}

export function ageThresholds(baseline: readonly StageFigures[]): AgeThreshold[] {
  return baseline.flatMap((s) =>
    nextStage(s.stage) && s.medianSeconds !== null && s.p90Seconds !== null
      ? [{ stage: s.stage, medianSeconds: s.medianSeconds, p90Seconds: s.p90Seconds }]
      : [],
  );
}

// Of a window's entrants that will move on, the share that has by "as of", by what the baseline's times in the stage
// promise: none of those younger than the median, half of those between the median and the p90 (at least half of the
// movers are that fast), all of those older than the p90 (as the baseline counts its own). It holds whatever the
// shape of the times (payments due in 30 days move on in a late burst) and however the entrants arrived.
function movedShare(entered: number, ages: EntrantAges): number {
  if (entered <= 0) return 0;
  return (0.5 * (ages.pastMedian - ages.pastP90) + ages.pastP90) / entered;
}

// The conversion the period would show at the baseline's rate, its entrants being younger: the baseline's rate scaled
// by the share of movers each side's entrants have had time to become. A period as old as the baseline keeps the
// baseline's rate; one whose entrants are all younger than the stage's median time cannot fall at all (its floor is
// 0), so no stage is blamed for leads that have not had time to move on. Without ages (the baseline has no times in
// the stage) the rate stands as it is.
export function conversionFloor(
  baseline: StageFigures,
  periodEntered: number,
  ages: StageAges | undefined,
): number {
  const rate = baseline.conversion ?? 0;
  if (!ages) return rate;
  const base = movedShare(baseline.entered, ages.baseline);
  if (base <= 0) return 0;
  return Math.min(rate, (rate * movedShare(periodEntered, ages.period)) / base);
}

// The stages whose ages can change the answer: the entrants' youth only lowers a stage's floor, so a stage that has
// not fallen by the minimum below the unscaled 90-day rate cannot become the conversion bottleneck — the funnel
// reads ages for the others only (most periods: none, and no read).
export function stagesWorthAging(
  current: readonly StageFigures[],
  baseline: readonly StageFigures[],
  options: BottleneckOptions = defaultBottleneckOptions,
): Set<FunnelStage> {
  const base = new Map(baseline.map((s) => [s.stage, s]));
  const worth = new Set<FunnelStage>();
  for (const s of current) {
    const b = base.get(s.stage);
    if (!nextStage(s.stage) || !b || s.entered < options.minEntered || b.entered < options.minEntered)
      continue;
    if (s.conversion !== null && b.conversion !== null && b.conversion - s.conversion >= options.minDrop)
      worth.add(s.stage);
  }
  return worth;
}

export function findBottleneck(
  current: readonly StageFigures[],
  baseline: readonly StageFigures[],
  ages: ReadonlyMap<FunnelStage, StageAges>,
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
      const drop = conversionFloor(b, s.entered, ages.get(s.stage)) - s.conversion;
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

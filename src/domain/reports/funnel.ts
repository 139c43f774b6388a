// Owns the funnel: the stages of a lead's life, what each stage's entered / moved on / lost / still there mean over a
// period, conversion to the next stage and the time spent in a stage (to the resolution of roundSecondsInStage). The
// same definitions are computed in SQL by src/db/reports/funnel-query.ts; funnelOf is the reference the tests hold
// both to.
import { percentile, ratio } from './stats.ts';

// new/offered → accepted → contacted → qualified → converted (an order) → order approved → paid in full.
export const funnelStages = [
  'new',
  'accepted',
  'contacted',
  'qualified',
  'converted',
  'approved',
  'paid',
] as const;
export type FunnelStage = (typeof funnelStages)[number];

export type FunnelGroupBy = 'none' | 'rep' | 'team' | 'source' | 'campaign' | 'region' | 'rule';
export const funnelGroupings: readonly FunnelGroupBy[] = [
  'none',
  'rep',
  'team',
  'source',
  'campaign',
  'region',
  'rule',
];

// One lead's recorded history: when it first entered each stage it reached, and whether (and why) it was lost.
export interface LeadJourney {
  group: string;
  entered: Partial<Record<FunnelStage, Date>>;
  lost?: { at: Date; reason: string };
}

// What the SQL aggregate (or funnelOf) yields for one stage of one group.
export interface StageCounts {
  stage: FunnelStage;
  entered: number;
  movedOn: number;
  lost: number;
  // Seconds spent in the stage by the leads that moved on, each rounded by roundSecondsInStage (the median and p90 of
  // the rounded times, interpolated as PostgreSQL's percentile_cont does); null when none did.
  medianSeconds: number | null;
  p90Seconds: number | null;
  lostReasons: Record<string, number>;
}

export interface StageFigures extends StageCounts {
  stillThere: number;
  // movedOn / entered, 0..1; null when nothing entered.
  conversion: number | null;
}

export interface FunnelGroup {
  key: string;
  stages: StageFigures[];
}

export function nextStage(stage: FunnelStage): FunnelStage | null {
  return funnelStages[funnelStages.indexOf(stage) + 1] ?? null;
}

export function stageFigures(c: StageCounts): StageFigures {
  return {
    ...c,
    stillThere: Math.max(0, c.entered - c.movedOn - c.lost),
    conversion: ratio(c.movedOn, c.entered),
  };
}

const unitsMs = [1000, 60_000, 3_600_000, 86_400_000] as const;

// A time in stage (milliseconds) in seconds, to two significant figures of its natural unit: seconds under a minute,
// minutes under an hour, hours under a day, else days. At most 5 % off (whole minutes, hours and days stay exact), so
// the reports can keep times as a histogram per day instead of every lead's time: a median of 3 h 25 min reads 3.4 h.
// The same rule as report_round_seconds (migration 0155); integer arithmetic, so a half rounds up as there.
export function roundSecondsInStage(ms: number): number {
  const abs = Math.abs(Math.round(ms));
  if (abs === 0) return 0;
  const unit = unitsMs.findLast((u, i) => i === 0 || abs >= u) ?? 1000;
  // e: the power of ten of abs / unit (10^e ≤ abs / unit < 10^(e+1)), found by comparing integers.
  const below = (e: number) => (e >= 0 ? abs < unit * 10 ** e : abs * 10 ** -e < unit);
  let e = 0;
  while (!below(e + 1)) e++;
  while (below(e)) e--;
  // count = abs / unit / 10^(e-1), rounded half up; the time is count × 10^(e-1) units.
  const shift = 1 - e;
  const count =
    shift >= 0
      ? Math.floor((2 * abs * 10 ** shift + unit) / (2 * unit))
      : Math.floor((2 * abs + unit * 10 ** -shift) / (2 * unit * 10 ** -shift));
  const seconds = shift >= 0 ? (count * unit) / 1000 / 10 ** shift : ((count * unit) / 1000) * 10 ** -shift;
  return Math.sign(ms) * seconds;
}

// When a lead left `stage`: the earliest later stage it entered at or after entering this one (stages may be skipped;
// an order made before the lead it was later linked to entered "converted" before "new", which left nothing then).
function leftAt(j: LeadJourney, stage: FunnelStage, entered: Date): Date | null {
  let first: Date | null = null;
  for (const later of funnelStages.slice(funnelStages.indexOf(stage) + 1)) {
    const at = j.entered[later];
    if (at && at >= entered && (!first || at < first)) first = at;
  }
  return first;
}

// Per group and stage, over leads that entered the stage in [from, to): moved on or lost by `asOf` (the report's end:
// the period's end, or now for a period still running), the rest still there.
export function funnelOf(journeys: readonly LeadJourney[], from: Date, to: Date, asOf: Date): FunnelGroup[] {
  const groups = new Map<string, Map<FunnelStage, { counts: StageCounts; seconds: number[] }>>();
  for (const j of journeys) {
    for (const stage of funnelStages) {
      const entered = j.entered[stage];
      if (!entered || entered < from || entered >= to) continue;
      const perStage = groups.get(j.group) ?? new Map();
      groups.set(j.group, perStage);
      const acc = perStage.get(stage) ?? {
        counts: {
          stage,
          entered: 0,
          movedOn: 0,
          lost: 0,
          medianSeconds: null,
          p90Seconds: null,
          lostReasons: {},
        },
        seconds: [],
      };
      perStage.set(stage, acc);
      acc.counts.entered++;
      const left = leftAt(j, stage, entered);
      if (left && left <= asOf) {
        acc.counts.movedOn++;
        acc.seconds.push(roundSecondsInStage(left.getTime() - entered.getTime()));
      } else if (j.lost && j.lost.at >= entered && j.lost.at <= asOf && (!left || j.lost.at < left)) {
        acc.counts.lost++;
        acc.counts.lostReasons[j.lost.reason] = (acc.counts.lostReasons[j.lost.reason] ?? 0) + 1;
      }
    }
  }
  return [...groups]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, perStage]) => ({
      key,
      stages: funnelStages.map((stage) => {
        const acc = perStage.get(stage);
        if (!acc) return stageFigures(emptyStage(stage));
        return stageFigures({
          ...acc.counts,
          medianSeconds: percentile(acc.seconds, 0.5),
          p90Seconds: percentile(acc.seconds, 0.9),
        });
      }),
    }));
}

export function emptyStage(stage: FunnelStage): StageCounts {
  return { stage, entered: 0, movedOn: 0, lost: 0, medianSeconds: null, p90Seconds: null, lostReasons: {} };
}

// Every stage in order, missing ones empty: what a caller gets from rows that name only the stages with leads.
export function completeStages(counts: readonly StageCounts[]): StageFigures[] {
  const byStage = new Map(counts.map((c) => [c.stage, c]));
  return funnelStages.map((s) => stageFigures(byStage.get(s) ?? emptyStage(s)));
}

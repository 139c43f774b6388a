// Owns the funnel: the stages of a lead's life, what each stage's entered / moved on / lost / still there mean over a
// period, conversion to the next stage and the time spent in a stage. The same definitions are computed in SQL by
// src/app/reports/read-funnel.ts; funnelOf is the reference the tests hold both to.
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
  // Seconds spent in the stage by the leads that moved on; null when none did.
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

// The stage a lead moved to after `stage`: the earliest later stage it entered (stages may be skipped).
function leftAt(j: LeadJourney, stage: FunnelStage): Date | null {
  let first: Date | null = null;
  for (const later of funnelStages.slice(funnelStages.indexOf(stage) + 1)) {
    const at = j.entered[later];
    if (at && (!first || at < first)) first = at;
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
      const left = leftAt(j, stage);
      if (left && left <= asOf) {
        acc.counts.movedOn++;
        acc.seconds.push((left.getTime() - entered.getTime()) / 1000);
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

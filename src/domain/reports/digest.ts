// Owns the team digest's arithmetic: which periods a daily or weekly digest compares, when one is due, how a figure
// moved against the period before, and the reps furthest behind and ahead of target.
import { addDays } from '../time.ts';
import { monthStart, type Period, weekStart } from './period.ts';

export type DigestKind = 'daily' | 'weekly';

export interface DigestPeriods {
  // What the digest reports on and what it is compared with.
  current: Period;
  previous: Period;
  // Month to date (through the current period's end) for attainment.
  month: Period;
  // The window the funnel's bottleneck is judged over: a day is too few leads to judge a stage by.
  funnel: Period;
}

// Daily: yesterday vs the same weekday a week before. Weekly: last Monday–Sunday vs the week before.
export function digestPeriods(kind: DigestKind, today: string): DigestPeriods {
  if (kind === 'daily') {
    const y = addDays(today, -1);
    return {
      current: { kind: 'yesterday', from: y, to: y },
      previous: { kind: 'range', from: addDays(y, -7), to: addDays(y, -7) },
      month: { kind: 'range', from: monthStart(y), to: y },
      funnel: { kind: 'range', from: addDays(y, -6), to: y },
    };
  }
  const from = addDays(weekStart(today), -7);
  const to = addDays(from, 6);
  return {
    current: { kind: 'lastweek', from, to },
    previous: { kind: 'range', from: addDays(from, -7), to: addDays(to, -7) },
    month: { kind: 'range', from: monthStart(to), to },
    funnel: { kind: 'range', from, to },
  };
}

// "09:00" has been reached at local time "09:05" but not at "08:59"; both are zero-padded HH:MM.
export function digestDueAt(localTimeNow: string, digestAt: string): boolean {
  return localTimeNow >= digestAt;
}

// The kinds due on a local date once the time has come: the weekly one joins the daily one on Mondays.
export function digestKindsOn(localDay: string): DigestKind[] {
  return weekStart(localDay) === localDay ? ['daily', 'weekly'] : ['daily'];
}

export interface Movement {
  current: number;
  previous: number;
  // current − previous, and the change as a share of previous (null when previous was 0).
  delta: number;
  change: number | null;
}

export function movement(current: number, previous: number): Movement {
  return {
    current,
    previous,
    delta: current - previous,
    change: previous === 0 ? null : (current - previous) / previous,
  };
}

export interface RepAttainment {
  id: string;
  name: string;
  // 0..n; null when the rep has no target.
  attainment: number | null;
  // Approved value minus target (org currency minor units).
  gap: number;
}

export interface TargetStandings {
  behind: RepAttainment[];
  ahead: RepAttainment[];
}

// The `n` reps with a target furthest behind it (lowest attainment below 100 %) and the `n` furthest ahead (highest,
// at or over 100 %); a rep appears at most once. Ties go by the larger gap, then by name, so the list is stable.
export function targetStandings(reps: readonly RepAttainment[], n = 3): TargetStandings {
  const withTarget = reps.filter((r) => r.attainment !== null);
  const byName = (a: RepAttainment, b: RepAttainment) => a.name.localeCompare(b.name);
  const behind = withTarget
    .filter((r) => (r.attainment ?? 0) < 1)
    .sort((a, b) => (a.attainment ?? 0) - (b.attainment ?? 0) || a.gap - b.gap || byName(a, b))
    .slice(0, n);
  const ahead = withTarget
    .filter((r) => (r.attainment ?? 0) >= 1)
    .sort((a, b) => (b.attainment ?? 0) - (a.attainment ?? 0) || b.gap - a.gap || byName(a, b))
    .slice(0, n);
  return { behind, ahead };
}

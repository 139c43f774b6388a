// Owns who in a rule's pool may take a lead and whose turn it is: eligibility, the stable order, round-robin,
// weighted round-robin, least loaded, and the pool's managers.
import { hasRole } from '../access/roles.ts';
import { shiftChecker, type WorkingHours } from '../roster/working-hours.ts';

export interface Candidate {
  id: string;
  name: string;
  roles: readonly string[];
  region: string | null;
  skills: readonly string[];
  active: boolean;
  outOfOfficeUntil: Date | null;
  // Most open leads this person may hold at once; null means no limit.
  capacity: number | null;
  openLeads: number;
  // Most leads this person may be offered per local day; null means no limit.
  dailyCapacity: number | null;
  // Leads offered to this person since their local midnight.
  offeredToday: number;
  managerId: string | null;
  industries: readonly string[];
  // Share of a weighted round-robin: a weight-2 rep gets twice the leads of a weight-1 rep; 0 takes none.
  weight: number;
  timezone: string;
  workingHours: WorkingHours;
}

// Per rule: each member's virtual time (the lowest finish goes next) and whether they were away at the last turn.
export interface WeightedState {
  members: Record<string, { pass: number; away: boolean }>;
}

// Configured names compare as people type them: case and surrounding spaces aside.
export const sameName = (a: string | null, b: string) =>
  a !== null && a.trim().toLowerCase() === b.trim().toLowerCase();

export function available(c: Candidate, now: Date, exclude: readonly string[]): boolean {
  return (
    c.active &&
    !exclude.includes(c.id) &&
    (c.outOfOfficeUntil === null || c.outOfOfficeUntil.getTime() <= now.getTime())
  );
}

const underCaps = (c: Candidate) =>
  (c.capacity === null || c.openLeads < c.capacity) &&
  (c.dailyCapacity === null || c.offeredToday < c.dailyCapacity);

export function eligible(c: Candidate, now: Date, exclude: readonly string[]): boolean {
  return available(c, now, exclude) && underCaps(c);
}

// Stable order for round-robin: by name, then id, compared by code point so every process agrees.
export function byNameThenId(a: Candidate, b: Candidate): number {
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export type PoolSpec = { region?: string | undefined; skill?: string | undefined };

export function poolOf(spec: PoolSpec, candidates: readonly Candidate[]): Candidate[] {
  const { region, skill } = spec;
  return candidates
    .filter(
      (c) =>
        hasRole(c, 'rep') &&
        (region === undefined || sameName(c.region, region)) &&
        (skill === undefined || c.skills.some((s) => sameName(s, skill))),
    )
    .sort(byNameThenId);
}

// The first eligible pool member after the cursor's position in the stable order, wrapping around.
export function nextInTurn(pool: Candidate[], cursor: Candidate | undefined, ok: (c: Candidate) => boolean) {
  const start = cursor === undefined ? 0 : pool.findIndex((c) => byNameThenId(c, cursor) > 0);
  const from = start === -1 ? 0 : start;
  for (let i = 0; i < pool.length; i++) {
    const c = pool[(from + i) % pool.length];
    if (c && ok(c)) return c;
  }
  return undefined;
}

// Eligible pool members, preferring those on shift; when nobody is on shift the off-shift ones still take turns.
export function shiftTier(pool: readonly Candidate[], ok: (c: Candidate) => boolean, now: Date) {
  const eligibleNow = pool.filter(ok);
  const isOn = shiftChecker(now);
  const on = eligibleNow.filter((c) => isOn(c.workingHours, c.timezone));
  return on.length > 0
    ? { tier: on, offShift: false }
    : { tier: eligibleNow, offShift: eligibleNow.length > 0 };
}

const EPSILON = 1e-9;

// Smooth weighted round-robin by virtual time: the member whose next lead would finish earliest goes next and is
// charged 1/weight. A member coming back (from leave, off shift, a full cap, or new to the pool) starts at the lowest
// time of those present, so an absence is neither paid back with a burst nor punished, and a weight change applies
// from the next lead on.
export function nextWeighted(
  pool: readonly Candidate[],
  tier: readonly Candidate[],
  state: WeightedState | undefined,
  // Left out of this one lead (they declined it) but not away: their time is kept as it is.
  exclude: readonly string[] = [],
): { chosen: Candidate; state: WeightedState } | null {
  const previous = state?.members ?? {};
  const takers = tier.filter((c) => c.weight > 0);
  if (takers.length === 0) return null;
  const present = takers.flatMap((c) => {
    const m = previous[c.id];
    return m && !m.away ? [m.pass] : [];
  });
  const floor = present.length > 0 ? Math.min(...present) : 0;
  const members: WeightedState['members'] = {};
  const inTier = new Set(takers.map((c) => c.id));
  for (const c of pool) {
    const m = previous[c.id];
    if (inTier.has(c.id))
      members[c.id] = { pass: m && !m.away ? m.pass : Math.max(m?.pass ?? floor, floor), away: false };
    // Someone never seen stays unknown until they first take part; the rest are marked away.
    else if (m) members[c.id] = { pass: m.pass, away: m.away || !exclude.includes(c.id) };
  }
  let chosen: Candidate | undefined;
  let best = Number.POSITIVE_INFINITY;
  for (const c of takers) {
    const finish = (members[c.id]?.pass ?? floor) + 1 / c.weight;
    if (
      finish < best - EPSILON ||
      (Math.abs(finish - best) <= EPSILON && chosen && byNameThenId(c, chosen) < 0)
    ) {
      chosen = c;
      best = finish;
    }
  }
  if (!chosen) return null;
  members[chosen.id] = { pass: best, away: false };
  // Rebase on the lowest present time so the numbers stay small however many leads pass through.
  const base = Math.min(...takers.map((c) => members[c.id]?.pass ?? floor));
  for (const m of Object.values(members)) m.pass -= base;
  return { chosen, state: { members } };
}

// Fewest open leads first, then fewest offered today, then name: the choice a manager would make by hand.
export function leastLoaded(tier: readonly Candidate[]): Candidate | undefined {
  return [...tier].sort(
    (a, b) => a.openLeads - b.openLeads || a.offeredToday - b.offeredToday || byNameThenId(a, b),
  )[0];
}

// The managers of a pool, the one managing most of it first.
export function mostCommonManagers(pool: readonly Candidate[]): string[] {
  const counts = new Map<string, number>();
  for (const c of pool) if (c.managerId) counts.set(c.managerId, (counts.get(c.managerId) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([id]) => id);
}

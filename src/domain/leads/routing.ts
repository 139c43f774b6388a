// Owns the routing engine: which rule a lead falls under and who (or which claim channel) gets it, with the reason why.
import type { RoutingRule } from '../../config/policy.ts';
import { hasRole } from '../access/roles.ts';
import { own } from '../own.ts';
import { shiftChecker, type WorkingHours } from '../roster/working-hours.ts';
import { type ExtraFacts, type MatchedCondition, matchExtra } from './conditions.ts';

// Province, city, company size, deal size and language come from ExtraFacts; a lead without one fails rules asking it.
export interface LeadFacts extends ExtraFacts {
  region: string | null;
  industry: string | null;
  source: string;
  existingCustomer: { id: string; name: string; ownerId: string | null } | null;
}

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

export type Strategy =
  | 'round-robin'
  | 'weighted-round-robin'
  | 'least-loaded'
  | 'skill-match'
  | 'claim'
  | 'account-owner'
  | 'manager';

// Per rule: each member's virtual time (the lowest finish goes next) and whether they were away at the last turn.
export interface WeightedState {
  members: Record<string, { pass: number; away: boolean }>;
}

// Structured so the catalogue can say it in each reader's language.
export interface RoutingReason {
  // The rule that placed the lead; null when it fell through to a manager.
  rule: string | null;
  strategy: Strategy;
  detail: {
    // The province / city / size / deal / language conditions of the rule this lead met.
    matched?: MatchedCondition[];
    // Rules that matched but had nobody available, in order.
    overflowedFrom?: string[];
    // People who declined this lead before, by name.
    declinedBy?: string[];
    // round-robin: whose turn came just before.
    previous?: string;
    // account-owner: the customer the lead belongs to.
    customer?: string;
    // manager: why this manager (the pool's manager, or any manager).
    managerOf?: 'pool' | 'any';
    // Nobody in the pool was on shift, so the turn went to someone off shift who will see it when they start.
    offShift?: boolean;
    // least-loaded / skill-match: the chosen person's open leads when chosen.
    openLeads?: number;
    // skill-match: the skill that matched.
    skill?: string;
    // SLA: people who did not accept in time, by name.
    timedOut?: string[];
    // First-contact SLA: people who accepted it but logged no call, visit or message in time, by name.
    noContact?: string[];
    // SLA: escalated to a manager after this many re-routes.
    escalatedAfter?: number;
    // Claim pool: nobody claimed it in the channel within this many minutes.
    unclaimedAfter?: number;
  };
}

export type RoutingDecision =
  | {
      kind: 'offer';
      userId: string;
      // Set for round-robin: the rule's cursor moves to this user.
      cursor?: { rule: string; userId: string };
      // Set for weighted round-robin: the rule's new state.
      weighted?: { rule: string; state: WeightedState };
      reason: RoutingReason;
    }
  | { kind: 'claim'; channel: string; reason: RoutingReason }
  // Nobody at all can take it (no active manager on the roster); the lead stays new for a person to pick up.
  | { kind: 'unrouted'; reason: RoutingReason };

export interface RoutingInput {
  lead: LeadFacts;
  rules: readonly RoutingRule[];
  candidates: readonly Candidate[];
  // Last assigned user id per round-robin rule name.
  cursors: Readonly<Record<string, string | undefined>>;
  // Weighted round-robin state per rule name.
  weighted?: Readonly<Record<string, WeightedState | undefined>>;
  now: Date;
  // People who may not be offered this lead again (they declined it or let it time out).
  exclude?: readonly string[];
  // People among `exclude` who let it time out (the rest declined).
  timedOut?: readonly string[];
  // People among `exclude` who accepted it but made no first contact in time.
  noContact?: readonly string[];
}

const same = (a: string | null, b: string) => a !== null && a.trim().toLowerCase() === b.trim().toLowerCase();
const oneOf = (value: string | null, allowed: readonly string[] | undefined) =>
  allowed === undefined || allowed.some((a) => same(value, a));

export function ruleMatches(rule: RoutingRule, lead: LeadFacts): boolean {
  const w = rule.when;
  if (w.existingCustomer !== undefined && w.existingCustomer !== (lead.existingCustomer !== null))
    return false;
  return (
    oneOf(lead.region, w.region) &&
    oneOf(lead.industry, w.industry) &&
    oneOf(lead.source, w.source) &&
    matchExtra(w, lead) !== null
  );
}

function available(c: Candidate, now: Date, exclude: readonly string[]): boolean {
  return (
    c.active &&
    !exclude.includes(c.id) &&
    (c.outOfOfficeUntil === null || c.outOfOfficeUntil.getTime() <= now.getTime())
  );
}

const underCaps = (c: Candidate) =>
  (c.capacity === null || c.openLeads < c.capacity) &&
  (c.dailyCapacity === null || c.offeredToday < c.dailyCapacity);

function eligible(c: Candidate, now: Date, exclude: readonly string[]): boolean {
  return available(c, now, exclude) && underCaps(c);
}

// Stable order for round-robin: by name, then id, compared by code point so every process agrees.
function byNameThenId(a: Candidate, b: Candidate): number {
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

type PoolSpec = { region?: string | undefined; skill?: string | undefined };

function poolOf(spec: PoolSpec, candidates: readonly Candidate[]): Candidate[] {
  const { region, skill } = spec;
  return candidates
    .filter(
      (c) =>
        hasRole(c, 'rep') &&
        (region === undefined || same(c.region, region)) &&
        (skill === undefined || c.skills.some((s) => same(s, skill))),
    )
    .sort(byNameThenId);
}

// The first eligible pool member after the cursor's position in the stable order, wrapping around.
function nextInTurn(pool: Candidate[], cursor: Candidate | undefined, ok: (c: Candidate) => boolean) {
  const start = cursor === undefined ? 0 : pool.findIndex((c) => byNameThenId(c, cursor) > 0);
  const from = start === -1 ? 0 : start;
  for (let i = 0; i < pool.length; i++) {
    const c = pool[(from + i) % pool.length];
    if (c && ok(c)) return c;
  }
  return undefined;
}

interface RuleOutcome {
  decision: RoutingDecision | null;
  // Who would manage this rule's people, for the manager fallback.
  managers: string[];
}

// Eligible pool members, preferring those on shift; when nobody is on shift the off-shift ones still take turns.
function shiftTier(pool: readonly Candidate[], ok: (c: Candidate) => boolean, now: Date) {
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
function leastLoaded(tier: readonly Candidate[]): Candidate | undefined {
  return [...tier].sort(
    (a, b) => a.openLeads - b.openLeads || a.offeredToday - b.offeredToday || byNameThenId(a, b),
  )[0];
}

// What every reason carries: the rules passed over and who declined or let the lead time out.
function baseDetail(input: RoutingInput, overflowedFrom: string[]): RoutingReason['detail'] {
  const timedOutIds = input.timedOut ?? [];
  const noContactIds = input.noContact ?? [];
  const declinedBy = namesOf(
    (input.exclude ?? []).filter((id) => !timedOutIds.includes(id) && !noContactIds.includes(id)),
    input.candidates,
  );
  const timedOut = namesOf(timedOutIds, input.candidates);
  const noContact = namesOf(noContactIds, input.candidates);
  return {
    ...(overflowedFrom.length > 0 ? { overflowedFrom } : {}),
    ...(declinedBy.length > 0 ? { declinedBy } : {}),
    ...(timedOut.length > 0 ? { timedOut } : {}),
    ...(noContact.length > 0 ? { noContact } : {}),
  };
}

function tryRule(rule: RoutingRule, input: RoutingInput, overflowedFrom: string[]): RuleOutcome {
  const exclude = input.exclude ?? [];
  const ok = (c: Candidate) => eligible(c, input.now, exclude);
  const matched = matchExtra(rule.when, input.lead) ?? [];
  const detailBase = { ...(matched.length > 0 ? { matched } : {}), ...baseDetail(input, overflowedFrom) };
  const assign = rule.assign;
  if (assign.strategy === 'claim') {
    return {
      decision: {
        kind: 'claim',
        channel: assign.channel,
        reason: { rule: rule.name, strategy: 'claim', detail: detailBase },
      },
      managers: [],
    };
  }
  if (assign.strategy === 'account-owner') {
    const customer = input.lead.existingCustomer;
    const owner = input.candidates.find((c) => c.id === customer?.ownerId);
    const managers = owner?.managerId ? [owner.managerId] : [];
    // The owner gets their customer's lead even off shift: they know the account and see it when they start.
    if (!customer || !owner || !ok(owner)) return { decision: null, managers };
    return {
      decision: {
        kind: 'offer',
        userId: owner.id,
        reason: {
          rule: rule.name,
          strategy: 'account-owner',
          detail: { ...detailBase, customer: customer.name },
        },
      },
      managers,
    };
  }
  const skill = assign.strategy === 'skill-match' ? input.lead.industry : null;
  const pool = poolOf(assign.pool, input.candidates).filter(
    (c) =>
      assign.strategy !== 'skill-match' ||
      (skill !== null && [...c.skills, ...c.industries].some((s) => same(s, skill))),
  );
  const managers = mostCommonManagers(pool);
  const { tier, offShift } = shiftTier(pool, ok, input.now);
  const shift = offShift ? { offShift: true } : {};
  if (assign.strategy === 'round-robin') {
    const cursorId = own(input.cursors, rule.name);
    const cursor = input.candidates.find((c) => c.id === cursorId);
    const next = nextInTurn(pool, cursor, (c) => tier.includes(c));
    if (!next) return { decision: null, managers };
    return {
      decision: {
        kind: 'offer',
        userId: next.id,
        cursor: { rule: rule.name, userId: next.id },
        reason: {
          rule: rule.name,
          strategy: 'round-robin',
          detail: { ...detailBase, ...shift, ...(cursor ? { previous: cursor.name } : {}) },
        },
      },
      managers,
    };
  }
  if (assign.strategy === 'weighted-round-robin') {
    const picked = nextWeighted(
      pool,
      tier,
      input.weighted ? own(input.weighted, rule.name) : undefined,
      exclude,
    );
    if (!picked) return { decision: null, managers };
    return {
      decision: {
        kind: 'offer',
        userId: picked.chosen.id,
        weighted: { rule: rule.name, state: picked.state },
        reason: { rule: rule.name, strategy: 'weighted-round-robin', detail: { ...detailBase, ...shift } },
      },
      managers,
    };
  }
  const chosen = leastLoaded(tier);
  if (!chosen) return { decision: null, managers };
  return {
    decision: {
      kind: 'offer',
      userId: chosen.id,
      reason: {
        rule: rule.name,
        strategy: assign.strategy,
        detail: {
          ...detailBase,
          ...shift,
          openLeads: chosen.openLeads,
          ...(assign.strategy === 'skill-match' && skill !== null ? { skill } : {}),
        },
      },
    },
    managers,
  };
}

function namesOf(ids: readonly string[], candidates: readonly Candidate[]): string[] {
  return ids.map((id) => candidates.find((c) => c.id === id)?.name ?? id);
}

// The managers of a pool, the one managing most of it first.
function mostCommonManagers(pool: readonly Candidate[]): string[] {
  const counts = new Map<string, number>();
  for (const c of pool) if (c.managerId) counts.set(c.managerId, (counts.get(c.managerId) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([id]) => id);
}

// Nobody in the matched rules could take it: the pool's manager, else any manager — so no lead is stranded.
function managerFallback(
  input: RoutingInput,
  poolManagers: string[],
  overflowedFrom: string[],
  extra: RoutingReason['detail'] = {},
): RoutingDecision {
  const exclude = input.exclude ?? [];
  const detail = { ...baseDetail(input, overflowedFrom), ...extra };
  const ok = (c: Candidate) => available(c, input.now, exclude);
  const poolManager = poolManagers
    .map((id) => input.candidates.find((c) => c.id === id))
    .find((c): c is Candidate => c !== undefined && ok(c));
  if (poolManager) {
    return {
      kind: 'offer',
      userId: poolManager.id,
      reason: { rule: null, strategy: 'manager', detail: { ...detail, managerOf: 'pool' } },
    };
  }
  const anyManager = input.candidates.filter((c) => hasRole(c, 'manager') && ok(c)).sort(byNameThenId)[0];
  if (anyManager) {
    return {
      kind: 'offer',
      userId: anyManager.id,
      reason: { rule: null, strategy: 'manager', detail: { ...detail, managerOf: 'any' } },
    };
  }
  return { kind: 'unrouted', reason: { rule: null, strategy: 'manager', detail } };
}

// First rule whose `when` matches and that has someone eligible; a rule with nobody overflows to the next.
// Whether routing this lead may offer it to a person. Offers read and change the shared turn state (cursors, open
// and today's offers), so those intakes take their turn one at a time; a lead whose first matching rule posts it to a
// claim channel touches none of it and need not wait. The same walk as routeLead: matching rules in order.
export function routingTakesTurns(rules: readonly RoutingRule[], lead: LeadFacts): boolean {
  for (const rule of rules) {
    if (!ruleMatches(rule, lead)) continue;
    return rule.assign.strategy !== 'claim';
  }
  // No rule matched: a manager is picked, by load.
  return true;
}

export function routeLead(input: RoutingInput): RoutingDecision {
  const overflowedFrom: string[] = [];
  const managers: string[] = [];
  for (const rule of input.rules) {
    if (!ruleMatches(rule, input.lead)) continue;
    const outcome = tryRule(rule, input, [...overflowedFrom]);
    if (outcome.decision) return outcome.decision;
    overflowedFrom.push(rule.name);
    managers.push(...outcome.managers);
  }
  return managerFallback(input, managers, overflowedFrom);
}

// After a decline: the next eligible person of the same rule (the decliners excluded), else the manager.
export function rerouteAfterDecline(input: RoutingInput & { rule: string | null }): RoutingDecision {
  const rule = input.rules.find((r) => r.name === input.rule);
  // A claim rule has no one to offer to; a lead offered by a claim rule's fallback goes to the manager.
  if (!rule || rule.assign.strategy === 'claim') return managerFallback(input, [], []);
  const outcome = tryRule(rule, input, []);
  return outcome.decision ?? managerFallback(input, outcome.managers, [rule.name]);
}

// The managers who answer for a rule's people: the pool's managers, or the account owner's manager.
function managersOfRule(rule: RoutingRule | undefined, input: RoutingInput): string[] {
  if (!rule || rule.assign.strategy === 'claim') return [];
  if (rule.assign.strategy === 'account-owner') {
    const owner = input.candidates.find((c) => c.id === input.lead.existingCustomer?.ownerId);
    return owner?.managerId ? [owner.managerId] : [];
  }
  return mostCommonManagers(poolOf(rule.assign.pool, input.candidates));
}

// The accept SLA passed `reroutes` times already: the rule's manager takes it (else any manager), not another rep.
export function escalateToManager(
  input: RoutingInput & { rule: string | null; reroutes: number },
): RoutingDecision {
  const rule = input.rules.find((r) => r.name === input.rule);
  return managerFallback(input, managersOfRule(rule, input), [], { escalatedAfter: input.reroutes });
}

// Nobody claimed the lead in the channel in time: assign it directly — by weighted round-robin over the claim rule's
// fallback pool when it has one, else by the rules after it — and a manager when nobody there can take it.
export function assignUnclaimed(
  input: RoutingInput & { rule: string | null; unclaimedAfter: number },
): RoutingDecision {
  const index = input.rules.findIndex((r) => r.name === input.rule);
  const rule = input.rules[index];
  const extra = { unclaimedAfter: input.unclaimedAfter };
  const withExtra = (d: RoutingDecision): RoutingDecision => ({
    ...d,
    reason: { ...d.reason, detail: { ...d.reason.detail, ...extra } },
  });
  if (rule?.assign.strategy === 'claim' && rule.assign.fallbackPool) {
    const pooled: RoutingRule = {
      name: rule.name,
      when: {},
      assign: { strategy: 'weighted-round-robin', pool: rule.assign.fallbackPool },
    };
    const outcome = tryRule(pooled, input, []);
    if (outcome.decision) return withExtra(outcome.decision);
    return managerFallback(input, outcome.managers, [rule.name], extra);
  }
  const rest = index === -1 ? [] : input.rules.slice(index + 1).filter((r) => r.assign.strategy !== 'claim');
  const overflowedFrom = rule ? [rule.name] : [];
  const managers: string[] = [];
  for (const next of rest) {
    if (!ruleMatches(next, input.lead)) continue;
    const outcome = tryRule(next, input, [...overflowedFrom]);
    if (outcome.decision) return withExtra(outcome.decision);
    overflowedFrom.push(next.name);
    managers.push(...outcome.managers);
  }
  return managerFallback(input, managers, overflowedFrom, extra);
}

// Owns the routing engine: which rule a lead falls under and who (or which claim channel) gets it, with the reason why.
import type { RoutingRule } from '../../config/policy.ts';

export interface LeadFacts {
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
  managerId: string | null;
}

export type Strategy = 'round-robin' | 'claim' | 'account-owner' | 'manager';

// Structured so the catalogue can say it in each reader's language.
export interface RoutingReason {
  // The rule that placed the lead; null when it fell through to a manager.
  rule: string | null;
  strategy: Strategy;
  detail: {
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
  };
}

export type RoutingDecision =
  | {
      kind: 'offer';
      userId: string;
      // Set for round-robin: the rule's cursor moves to this user.
      cursor?: { rule: string; userId: string };
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
  now: Date;
  // People who may not be offered this lead again (they declined it).
  exclude?: readonly string[];
}

const same = (a: string | null, b: string) => a !== null && a.trim().toLowerCase() === b.trim().toLowerCase();
const oneOf = (value: string | null, allowed: readonly string[] | undefined) =>
  allowed === undefined || allowed.some((a) => same(value, a));

export function ruleMatches(rule: RoutingRule, lead: LeadFacts): boolean {
  const w = rule.when;
  if (w.existingCustomer !== undefined && w.existingCustomer !== (lead.existingCustomer !== null))
    return false;
  return oneOf(lead.region, w.region) && oneOf(lead.industry, w.industry) && oneOf(lead.source, w.source);
}

function available(c: Candidate, now: Date, exclude: readonly string[]): boolean {
  return (
    c.active &&
    !exclude.includes(c.id) &&
    (c.outOfOfficeUntil === null || c.outOfOfficeUntil.getTime() <= now.getTime())
  );
}

function eligible(c: Candidate, now: Date, exclude: readonly string[]): boolean {
  return available(c, now, exclude) && (c.capacity === null || c.openLeads < c.capacity);
}

// Stable order for round-robin: by name, then id, compared by code point so every process agrees.
function byNameThenId(a: Candidate, b: Candidate): number {
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

type RoundRobin = Extract<RoutingRule['assign'], { strategy: 'round-robin' }>;

function poolOf(assign: RoundRobin, candidates: readonly Candidate[]): Candidate[] {
  const { region, skill } = assign.pool;
  return candidates
    .filter(
      (c) =>
        c.roles.includes('rep') &&
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

function tryRule(rule: RoutingRule, input: RoutingInput, overflowedFrom: string[]): RuleOutcome {
  const exclude = input.exclude ?? [];
  const ok = (c: Candidate) => eligible(c, input.now, exclude);
  const declinedBy = namesOf(exclude, input.candidates);
  const detailBase = {
    ...(overflowedFrom.length > 0 ? { overflowedFrom } : {}),
    ...(declinedBy.length > 0 ? { declinedBy } : {}),
  };
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
  const pool = poolOf(assign, input.candidates);
  const managers = mostCommonManagers(pool);
  const cursorId = input.cursors[rule.name];
  const cursor = input.candidates.find((c) => c.id === cursorId);
  const next = nextInTurn(pool, cursor, ok);
  if (!next) return { decision: null, managers };
  return {
    decision: {
      kind: 'offer',
      userId: next.id,
      cursor: { rule: rule.name, userId: next.id },
      reason: {
        rule: rule.name,
        strategy: 'round-robin',
        detail: { ...detailBase, ...(cursor ? { previous: cursor.name } : {}) },
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
): RoutingDecision {
  const exclude = input.exclude ?? [];
  const declinedBy = namesOf(exclude, input.candidates);
  const detail = {
    ...(overflowedFrom.length > 0 ? { overflowedFrom } : {}),
    ...(declinedBy.length > 0 ? { declinedBy } : {}),
  };
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
  const anyManager = input.candidates
    .filter((c) => c.roles.includes('manager') && ok(c))
    .sort(byNameThenId)[0];
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

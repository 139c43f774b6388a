// Owns the routing engine: which rule a lead falls under and who (or which claim channel) gets it, with the reason why.
import type { RoutingRule } from '../../config/policy.ts';
import { hasRole } from '../access/roles.ts';
import { own } from '../own.ts';
import { type ExtraFacts, type MatchedCondition, matchExtra } from './conditions.ts';
import {
  available,
  byNameThenId,
  type Candidate,
  eligible,
  leastLoaded,
  mostCommonManagers,
  nextInTurn,
  nextWeighted,
  poolOf,
  sameName,
  shiftTier,
  type WeightedState,
} from './routing-pools.ts';

export type { Candidate, WeightedState } from './routing-pools.ts';

// Province, city, company size, deal size and language come from ExtraFacts; a lead without one fails rules asking it.
export interface LeadFacts extends ExtraFacts {
  region: string | null;
  industry: string | null;
  source: string;
  existingCustomer: { id: string; name: string; ownerId: string | null } | null;
}

export type Strategy =
  | 'round-robin'
  | 'weighted-round-robin'
  | 'least-loaded'
  | 'skill-match'
  | 'claim'
  | 'account-owner'
  | 'manager';

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

const oneOf = (value: string | null, allowed: readonly string[] | undefined) =>
  allowed === undefined || allowed.some((a) => sameName(value, a));

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

interface RuleOutcome {
  decision: RoutingDecision | null;
  // Who would manage this rule's people, for the manager fallback.
  managers: string[];
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
      (skill !== null && [...c.skills, ...c.industries].some((s) => sameName(s, skill))),
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

// Owns the one decision point: may this actor do this action to this resource? Pure: the caller brings the facts.
import { type Action, type ApiScope, actionCatalogue } from './actions.ts';
import type { AccessPolicy, Grants, Scope } from './policy.ts';
import { scopeRank } from './policy.ts';

// The person asking, as far as permissions go.
export interface Subject {
  id: string;
  roles: readonly string[];
  region: string | null;
  skills: readonly string[];
}

export type AccessActor =
  | { kind: 'user'; user: Subject }
  // scopes undefined: an in-process caller trusted with everything (the demo seed, a job); a real key always has a list.
  | { kind: 'api'; scopes?: readonly ApiScope[] | undefined }
  | { kind: 'system' };

// Only the facts the decision needs; leave out what the resource does not have.
export interface Resource {
  ownerId?: string | null;
  // The owner's managers, nearest first (the owner's manager, theirs, …): "team" reaches the owner when I am in it.
  ownerManagers?: readonly string[];
  region?: string | null;
  // People the resource is addressed to (an order's approvers, an email's reviewer, the rep a lead is offered to):
  // to them it counts as their own.
  involved?: readonly string[];
  // A lead waiting in a channel pool: who may claim it (the routing rule's regions and skill).
  pool?: ClaimPool;
}

export interface ClaimPool {
  regions?: readonly string[] | undefined;
  skill?: string | undefined;
}

// A resource nobody owns and no region holds: only an org-wide grant reaches it ("may I see everything?").
export const orgWide: Resource = { ownerId: null, region: null };

export type Decision =
  | { allowed: true; scope: Scope | 'system' }
  | { allowed: false; why: 'no_permission' | 'out_of_scope' | 'not_in_pool' }
  | { allowed: false; why: 'missing_api_scope'; scope: ApiScope };

const same = (a: string | null | undefined, b: string | null | undefined) =>
  a != null && b != null && a.trim().toLowerCase() === b.trim().toLowerCase();

// The widest scope any of the person's roles grants for the action; null when none does.
export function grantOf(policy: AccessPolicy, roles: readonly string[], action: Action): Scope | null {
  let best: Scope | null = null;
  for (const role of roles) {
    const grants: Grants | undefined = policy.roles.get(role);
    const scope = grants && Object.hasOwn(grants, action) ? grants[action] : undefined;
    if (scope && (best === null || scopeRank[scope] > scopeRank[best])) best = scope;
  }
  return best;
}

// The narrowest scope that reaches the resource from this person; a resource without facts is reached by any grant.
export function reachOf(me: Subject, resource: Resource): Scope {
  const owned = resource.ownerId !== undefined || resource.involved !== undefined;
  if (!owned && resource.region === undefined) return 'own';
  if (resource.ownerId === me.id || resource.involved?.includes(me.id)) return 'own';
  if (resource.ownerManagers?.includes(me.id)) return 'team';
  if (same(resource.region, me.region)) return 'region';
  return 'org';
}

// Who may claim from a rule's channel pool: its fallback pool when it names one, else the regions the rule is for.
export function claimPoolOf(rule: {
  when: { region?: readonly string[] | undefined };
  assign: { strategy: string; fallbackPool?: { region?: string | undefined; skill?: string | undefined } };
}): ClaimPool {
  const fallback = rule.assign.fallbackPool;
  const regions = fallback?.region !== undefined ? [fallback.region] : rule.when.region;
  return {
    ...(regions ? { regions } : {}),
    ...(fallback?.skill !== undefined ? { skill: fallback.skill } : {}),
  };
}

// A person is in a pool when their region and skills meet what the pool names (nothing named: everyone).
export function inPool(me: Subject, pool: ClaimPool): boolean {
  return (
    (pool.regions === undefined || pool.regions.some((r) => same(me.region, r))) &&
    (pool.skill === undefined || me.skills.some((s) => same(s, pool.skill)))
  );
}

export function decide(
  policy: AccessPolicy,
  actor: AccessActor,
  action: Action,
  resource: Resource = {},
): Decision {
  if (actor.kind === 'system') return { allowed: true, scope: 'system' };
  if (actor.kind === 'api') {
    const needed = actionCatalogue[action].api;
    if (needed === null) return { allowed: false, why: 'no_permission' };
    if (actor.scopes !== undefined && !actor.scopes.includes(needed))
      return { allowed: false, why: 'missing_api_scope', scope: needed };
    return { allowed: true, scope: 'org' };
  }
  const me = actor.user;
  const grant = grantOf(policy, me.roles, action);
  if (grant === null) return { allowed: false, why: 'no_permission' };
  if (scopeRank[reachOf(me, resource)] > scopeRank[grant]) return { allowed: false, why: 'out_of_scope' };
  if (action === 'lead.claim' && resource.pool && policy.claimNeedsPool && !inPool(me, resource.pool))
    return { allowed: false, why: 'not_in_pool' };
  return { allowed: true, scope: grant };
}

export function can(
  policy: AccessPolicy,
  actor: AccessActor,
  action: Action,
  resource: Resource = {},
): boolean {
  return decide(policy, actor, action, resource).allowed;
}

// The actions a person may do at all (somewhere): what help and App Home offer them.
export function grantedActions(policy: AccessPolicy, roles: readonly string[]): Set<Action> {
  const out = new Set<Action>();
  for (const role of roles) {
    const grants = policy.roles.get(role);
    if (grants) for (const a of Object.keys(grants) as Action[]) out.add(a);
  }
  return out;
}

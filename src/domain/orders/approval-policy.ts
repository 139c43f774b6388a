// Owns the approval chain: which levels of the policy an order needs, and who approves each, in order.

import { hasRole } from '../access/roles.ts';
import { decimalsOf } from '../money.ts';

export type CreditRisk = 'low' | 'medium' | 'high';
export type ApprovalMode = 'any' | 'all';

// The shape of one `approvals.levels` entry of closeloop.yaml (kept here so the domain imports nothing else).
export interface PolicyLevel {
  name: string;
  when: {
    amountOver?: number;
    discountOver?: number;
    nonStandardTerms?: boolean;
    creditRisk?: CreditRisk;
    // The customer's region is one of these.
    region?: readonly string[];
    customerTier?: readonly string[];
    // Gross margin in percent below this; an order whose cost is not fully known counts as below, so a missing
    // cost never lets a thin deal skip the level.
    marginBelow?: number;
  };
  approvers: 'requester.manager' | { role: string } | { users: string[] };
  mode: ApprovalMode;
}

export interface OrderFacts {
  totalMinor: number;
  currency: string;
  // The largest discount of any line, in percent (12.5 = 12.5 %).
  maxDiscountPercent: number;
  nonStandardTerms: boolean;
  creditRisk: CreditRisk;
  region?: string | null;
  customerTier?: string | null;
  // (total − cost) / total in percent; null when a line's cost is unknown.
  marginPercent?: number | null;
}

export interface RosterUser {
  id: string;
  email: string;
  roles: readonly string[];
  active: boolean;
  managerId?: string | null;
  // Out of office until this instant: a stand-in approves instead.
  awayUntil?: Date | null;
}

export interface ChainOptions {
  // Needed to tell who is out of office; without it nobody is.
  now?: Date;
  // Approver email → stand-in email, used while the approver is away (else their manager stands in).
  delegates?: Readonly<Record<string, string>>;
}

export interface Requester {
  id: string;
  managerId: string | null;
}

export interface ChainLevel {
  index: number;
  name: string;
  mode: ApprovalMode;
  approverIds: string[];
  // Stand-in id → the away approver it replaces.
  standIns: Record<string, string>;
}

export type Unresolved =
  | { reason: 'no_manager'; level: string; index: number }
  | { reason: 'no_role'; level: string; index: number; role: string }
  | { reason: 'no_users'; level: string; index: number; emails: string[] };

export type ChainResult = { ok: true; chain: ChainLevel[] } | { ok: false; unresolved: Unresolved };

const riskRank: Record<CreditRisk, number> = { low: 0, medium: 1, high: 2 };

// Every condition a level names must hold; a level without conditions always applies.
export function levelApplies(level: PolicyLevel, facts: OrderFacts): boolean {
  const w = level.when;
  if (w.amountOver !== undefined) {
    // The policy speaks major units ("100000" CNY); compare in minor units so no float touches the total.
    const thresholdMinor = Math.round(w.amountOver * 10 ** decimalsOf(facts.currency));
    if (!(facts.totalMinor > thresholdMinor)) return false;
  }
  if (w.discountOver !== undefined && !(facts.maxDiscountPercent > w.discountOver)) return false;
  if (w.nonStandardTerms !== undefined && facts.nonStandardTerms !== w.nonStandardTerms) return false;
  // "creditRisk: medium" means medium or worse: a riskier customer never needs fewer approvals.
  if (w.creditRisk !== undefined && riskRank[facts.creditRisk] < riskRank[w.creditRisk]) return false;
  if (w.region !== undefined) {
    const region = facts.region?.trim().toLowerCase();
    if (!region || !w.region.some((r) => r.trim().toLowerCase() === region)) return false;
  }
  if (w.customerTier !== undefined) {
    const tier = facts.customerTier?.trim().toLowerCase();
    if (!tier || !w.customerTier.some((t) => t.trim().toLowerCase() === tier)) return false;
  }
  if (w.marginBelow !== undefined) {
    const margin = facts.marginPercent;
    if (margin !== null && margin !== undefined && !(margin < w.marginBelow)) return false;
  }
  return true;
}

function resolveApprovers(
  level: PolicyLevel,
  index: number,
  requester: Requester,
  roster: readonly RosterUser[],
): { ok: true; ids: string[] } | { ok: false; unresolved: Unresolved } {
  const active = roster.filter((u) => u.active && u.id !== requester.id);
  const a = level.approvers;
  let ids: string[];
  if (a === 'requester.manager') {
    ids = active.filter((u) => u.id === requester.managerId).map((u) => u.id);
    if (ids.length === 0)
      return { ok: false, unresolved: { reason: 'no_manager', level: level.name, index } };
  } else if ('role' in a) {
    ids = active.filter((u) => hasRole(u, a.role)).map((u) => u.id);
    if (ids.length === 0)
      return { ok: false, unresolved: { reason: 'no_role', level: level.name, index, role: a.role } };
  } else {
    const wanted = a.users.map((e) => e.trim().toLowerCase());
    ids = wanted.flatMap((e) => active.filter((u) => u.email.toLowerCase() === e).map((u) => u.id));
    if (ids.length === 0)
      return { ok: false, unresolved: { reason: 'no_users', level: level.name, index, emails: a.users } };
  }
  return { ok: true, ids: [...new Set(ids)] };
}

// An away approver is replaced by their delegate, else their manager, as long as that person is here, active and
// not the requester; with no such stand-in the away approver keeps the card (a level never goes unstaffed).
function withStandIns(
  ids: string[],
  requester: Requester,
  roster: readonly RosterUser[],
  options: ChainOptions,
): { ids: string[]; standIns: Record<string, string> } {
  const { now } = options;
  if (!now) return { ids, standIns: {} };
  const byId = new Map(roster.map((u) => [u.id, u]));
  const byEmail = new Map(roster.map((u) => [u.email.toLowerCase(), u]));
  const away = (u: RosterUser) => Boolean(u.awayUntil && u.awayUntil.getTime() > now.getTime());
  const usable = (u: RosterUser | undefined): u is RosterUser =>
    Boolean(u?.active && u.id !== requester.id && !away(u));
  const standIns: Record<string, string> = {};
  const out = ids.map((id) => {
    const user = byId.get(id);
    if (!user || !away(user)) return id;
    const delegateEmail = options.delegates?.[user.email.toLowerCase()] ?? options.delegates?.[user.email];
    const delegate = delegateEmail ? byEmail.get(delegateEmail.toLowerCase()) : undefined;
    const manager = user.managerId ? byId.get(user.managerId) : undefined;
    const stand = usable(delegate) ? delegate : usable(manager) ? manager : null;
    if (!stand) return id;
    standIns[stand.id] = id;
    return stand.id;
  });
  return { ids: [...new Set(out)], standIns };
}

// The chain in policy order. A requester never approves their own order, so they are left out of every level;
// a level left with nobody is reported, never skipped.
export function approvalChain(
  levels: readonly PolicyLevel[],
  facts: OrderFacts,
  requester: Requester,
  roster: readonly RosterUser[],
  options: ChainOptions = {},
): ChainResult {
  const chain: ChainLevel[] = [];
  for (const [policyIndex, level] of levels.entries()) {
    if (!levelApplies(level, facts)) continue;
    const resolved = resolveApprovers(level, policyIndex, requester, roster);
    if (!resolved.ok) return resolved;
    const staffed = withStandIns(resolved.ids, requester, roster, options);
    chain.push({
      index: chain.length,
      name: level.name,
      mode: level.mode,
      approverIds: staffed.ids,
      standIns: staffed.standIns,
    });
  }
  return { ok: true, chain };
}

// Owns roles → permissions → data scope: the built-in defaults (today's behaviour) and how closeloop.yaml changes them.
import type { Action } from './actions.ts';

// How far a grant reaches: what I own or am asked about, my reporting tree below me, my region, everything.
export const scopes = ['own', 'team', 'region', 'org'] as const;
export type Scope = (typeof scopes)[number];
export const scopeRank: Record<Scope, number> = { own: 0, team: 1, region: 2, org: 3 };

export type Grants = Partial<Record<Action, Scope>>;

export interface AccessPolicy {
  // Role name → action → widest scope; a person's grant is the widest over their roles.
  roles: ReadonlyMap<string, Grants>;
  // Claiming from a channel pool needs the pool's region/skill (the routing rule's); false lets any grantee claim.
  claimNeedsPool: boolean;
}

const rep: Grants = {
  'lead.create': 'org',
  'lead.read': 'own',
  'lead.contact': 'own',
  'lead.claim': 'org',
  'lead.work': 'own',
  'lead.merge': 'own',
  'lead.import': 'org',
  'roster.pause': 'own',
  'order.create': 'own',
  'order.read': 'own',
  'order.edit': 'own',
  'order.cancel': 'own',
  'order.approve': 'own',
  'order.override': 'own',
  'receivables.read': 'own',
  'payment.promise': 'own',
  'dunning.review': 'own',
  // Follow-up tasks the dunning ladder opens for them (issue 14).
  'task.read': 'own',
  'task.complete': 'own',
  'task.escalate': 'own',
  'report.read': 'own',
  // Reps find any customer to quote and order for, create new ones, and edit the ones they own.
  'customer.read': 'org',
  'customer.create': 'org',
  'customer.edit': 'own',
  'product.read': 'org',
};

// What an approver (legal, director, cfo, …) has whatever else: their own approvals and the orders sent to them.
const approver: Grants = {
  'order.approve': 'own',
  'order.read': 'own',
  // Cost and margin on the approval cards of orders sent to them (issue 14); reps do not see costs.
  'order.margin': 'own',
  'dunning.review': 'own',
  'report.read': 'own',
  'customer.read': 'org',
  'product.read': 'org',
};

const finance: Grants = {
  ...approver,
  'order.read': 'org',
  'order.margin': 'org',
  'customer.billing': 'org',
  'receivables.read': 'org',
  'payment.promise': 'org',
  'payment.record': 'org',
  'invoice.issue': 'org',
  'dunning.review': 'org',
  // Finance watches every follow-up task of collections; doing them stays with the reps and their managers.
  'task.read': 'org',
  'recon.import': 'org',
  'recon.decide': 'org',
  'recon.work': 'org',
  // Finance sees the whole org's reports and reads the audit log (issue 11, 12).
  'report.read': 'org',
  'audit.read': 'org',
  // What the sync API reads for an ERP (issue 14).
  'customer.sync': 'org',
  'product.sync': 'org',
  'payment.sync': 'org',
  // Credit limits and tiers are finance's call (issue 14); the owner is told.
  'customer.credit': 'org',
  // Exchange rates convert credit exposure and report totals: finance keeps them (issue 14).
  'fx.read': 'org',
  'fx.manage': 'org',
};

const manager: Grants = {
  ...rep,
  'lead.read': 'team',
  'lead.contact': 'team',
  // A manager works, merges and manages the people and leads of their reporting tree (issue 12), not everyone's.
  'lead.work': 'team',
  'lead.merge': 'team',
  'roster.pause': 'team',
  'roster.manage': 'team',
  'order.read': 'team',
  'order.override': 'team',
  'order.margin': 'team',
  'receivables.read': 'team',
  'payment.promise': 'team',
  'task.read': 'team',
  'task.complete': 'team',
  'task.escalate': 'team',
  'report.read': 'team',
  'target.set': 'team',
  'customer.edit': 'team',
  'customer.merge': 'team',
};

// Actions that hand someone work rather than let them act (see actions.ts).
const duties: readonly Action[] = ['recon.work', 'dunning.escalation', 'lead.sell'];

const everything = (scope: Scope): Grants =>
  Object.fromEntries(
    (
      [
        ...Object.keys(rep),
        ...Object.keys(manager),
        ...Object.keys(finance),
        'audit.read',
        'target.set',
        'apikey.manage',
        'webhook.manage',
        'product.edit',
      ] as Action[]
    )
      // An admin may do anything but takes on no duty: exceptions stay with finance, escalations with directors.
      .filter((a) => !duties.includes(a))
      .map((a) => [a, scope]),
  );

// Today's behaviour, written down: the default when closeloop.yaml says nothing under access.
export const defaultRoles: Record<string, Grants> = {
  // Selling is the rep's duty alone: a manager works the team's leads but is handed none of their own.
  rep: { ...rep, 'lead.sell': 'org' },
  manager,
  finance,
  legal: approver,
  director: {
    ...approver,
    'order.read': 'org',
    'receivables.read': 'org',
    'lead.read': 'team',
    'report.read': 'team',
    'target.set': 'team',
    // Escalated follow-up tasks reach a director from their managers.
    'task.read': 'team',
    'task.complete': 'team',
    'dunning.escalation': 'org',
  },
  cfo: {
    ...approver,
    'order.read': 'org',
    'receivables.read': 'org',
    'report.read': 'org',
    'audit.read': 'org',
  },
  admin: everything('org'),
};

// `none` in closeloop.yaml takes a default grant away.
export type GrantChange = Partial<Record<Action, Scope | 'none'>>;

// closeloop.yaml's access.roles change the defaults action by action; a new role name starts from nothing (or from
// the role it names in `extends`).
export function compileAccessPolicy(
  changes: ReadonlyMap<string, { extends?: string | undefined; grants: GrantChange }>,
  claimNeedsPool: boolean,
): AccessPolicy {
  const roles = new Map<string, Grants>(Object.entries(defaultRoles).map(([r, g]) => [r, { ...g }]));
  for (const [role, change] of changes) {
    const base = change.extends ? (roles.get(change.extends) ?? {}) : (roles.get(role) ?? {});
    const grants: Grants = { ...base };
    for (const [action, scope] of Object.entries(change.grants) as [Action, Scope | 'none'][]) {
      if (scope === 'none') delete grants[action];
      else grants[action] = scope;
    }
    roles.set(role, grants);
  }
  return { roles, claimNeedsPool };
}

export const defaultAccessPolicy: AccessPolicy = compileAccessPolicy(new Map(), true);

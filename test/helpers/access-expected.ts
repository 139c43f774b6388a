// The default policy written out independently of src/domain/access/policy.ts: the expected scope per role and action,
// and which positions of a resource (relative to the asker) each scope reaches. Shared by the can() table and the
// table through the use cases.
import type { Action } from '../../src/domain/access/actions.ts';
import { actions } from '../../src/domain/access/actions.ts';
import type { Scope } from '../../src/domain/access/policy.ts';

// The four positions a resource can be in relative to the asker, from their own to another region's.
export type Where = 'own' | 'same team' | 'other team' | 'other region';
export const reaches: Record<Scope, Where[]> = {
  own: ['own'],
  team: ['own', 'same team'],
  region: ['own', 'same team', 'other team'],
  org: ['own', 'same team', 'other team', 'other region'],
};

// Expected scope per role and action: the built-in defaults, written out independently of src/domain/access/policy.ts.
export const expected: Record<string, Partial<Record<Action, Scope>>> = {
  rep: {
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
    'task.read': 'own',
    'task.complete': 'own',
    'task.escalate': 'own',
    'report.read': 'own',
    'customer.read': 'org',
    'customer.create': 'org',
    'customer.edit': 'own',
    'product.read': 'org',
    // A duty: the people handed leads and customers to sell.
    'lead.sell': 'org',
  },
  manager: {
    'lead.create': 'org',
    'lead.read': 'team',
    'lead.contact': 'team',
    'lead.claim': 'org',
    'lead.work': 'team',
    'lead.merge': 'team',
    'lead.import': 'org',
    'roster.pause': 'team',
    'roster.manage': 'team',
    'order.create': 'own',
    'order.read': 'team',
    'order.edit': 'own',
    'order.cancel': 'own',
    'order.approve': 'own',
    'order.override': 'team',
    'order.margin': 'team',
    'receivables.read': 'team',
    'payment.promise': 'team',
    'dunning.review': 'own',
    'task.read': 'team',
    'task.complete': 'team',
    'task.escalate': 'team',
    'report.read': 'team',
    'target.set': 'team',
    'customer.read': 'org',
    'customer.create': 'org',
    'customer.edit': 'team',
    'customer.merge': 'team',
    'product.read': 'org',
  },
  finance: {
    'order.approve': 'own',
    'order.read': 'org',
    'order.margin': 'org',
    'customer.billing': 'org',
    'receivables.read': 'org',
    'payment.promise': 'org',
    'payment.record': 'org',
    'invoice.issue': 'org',
    'dunning.review': 'org',
    'task.read': 'org',
    'recon.import': 'org',
    'recon.decide': 'org',
    'recon.work': 'org',
    'report.read': 'org',
    'audit.read': 'org',
    'customer.sync': 'org',
    'product.sync': 'org',
    'payment.sync': 'org',
    'customer.credit': 'org',
    'fx.read': 'org',
    'fx.manage': 'org',
    'customer.read': 'org',
    'product.read': 'org',
  },
  legal: {
    'order.approve': 'own',
    'order.margin': 'own',
    'order.read': 'own',
    'dunning.review': 'own',
    'report.read': 'own',
    'customer.read': 'org',
    'product.read': 'org',
  },
  director: {
    'order.approve': 'own',
    'order.margin': 'own',
    'order.read': 'org',
    'dunning.review': 'own',
    'report.read': 'team',
    'receivables.read': 'org',
    'lead.read': 'team',
    'target.set': 'team',
    'task.read': 'team',
    'task.complete': 'team',
    'customer.read': 'org',
    'product.read': 'org',
    'dunning.escalation': 'org',
  },
  cfo: {
    'order.approve': 'own',
    'order.margin': 'own',
    'order.read': 'org',
    'customer.read': 'org',
    'product.read': 'org',
    'dunning.review': 'own',
    'report.read': 'org',
    'receivables.read': 'org',
    'audit.read': 'org',
  },
  // Everything but the duties: admins are handed no exceptions or leads to sell and hear no escalations.
  admin: Object.fromEntries(
    actions
      .filter((a) => a !== 'recon.work' && a !== 'dunning.escalation' && a !== 'lead.sell')
      .map((a) => [a, 'org']),
  ),
};

// Whether the default policy lets `role` do `action` to a resource in that position.
export function expectedAllowed(role: string, action: Action, where: Where): boolean {
  const scope = expected[role]?.[action];
  return scope !== undefined && reaches[scope].includes(where);
}

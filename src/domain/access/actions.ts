// Owns the names of everything a person or a system may be allowed to do, each named once, and the API scope each needs.

// An API key's permissions: a resource and read or write. A key with `orders:write` does not read orders.
export const apiScopes = [
  'leads:read',
  'leads:write',
  'orders:read',
  'orders:write',
  'payments:write',
  'invoices:write',
  'statements:write',
  'reports:read',
  'audit:read',
  'webhooks:manage',
  'customers:read',
  'products:read',
  'payments:read',
  'customers:write',
  'products:write',
  'fx:read',
  'fx:write',
] as const;
export type ApiScope = (typeof apiScopes)[number];

// Every action, the API scope a key needs for it (null: never done with a key) and what it means (README, help).
export const actionCatalogue = {
  'lead.create': { api: 'leads:write', means: 'enter a lead (lead new, a web form, an import)' },
  'lead.read': { api: 'leads:read', means: 'see a lead and its card' },
  'lead.contact': { api: 'leads:read', means: "see a lead's phone and email unmasked" },
  'lead.claim': { api: null, means: "claim a lead from a channel pool (also needs the pool's region/skill)" },
  'lead.work': { api: null, means: 'log a follow-up, move the stage, mark lost (lead log/stage/lost)' },
  'lead.merge': { api: 'leads:write', means: 'merge two leads or undo a merge' },
  'lead.import': { api: 'leads:write', means: 'import a lead file' },
  'lead.sell': {
    api: null,
    means:
      'be handed leads and customers to own and a monthly sales target (the demo seed picks its sellers by it)',
  },
  'roster.pause': { api: null, means: 'pause or resume a rep (lead pause/resume)' },
  'roster.manage': { api: null, means: "change a rep's capacity, weight, skills or hours" },
  'order.create': { api: 'orders:write', means: 'draft an order (order new)' },
  'order.read': { api: 'orders:read', means: 'see an order, its history and attachments' },
  'order.edit': { api: 'orders:write', means: 'edit, submit, reopen, copy, comment or attach to an order' },
  'order.cancel': { api: 'orders:write', means: 'cancel an order' },
  'order.approve': { api: null, means: 'approve or reject an order waiting on you' },
  'order.override': { api: null, means: 'ask for a credit override of a held order' },
  'order.margin': { api: 'orders:read', means: "see an order's cost and margin (approval cards)" },
  'customer.billing': { api: 'orders:read', means: "see a customer's tax ID and bank accounts" },
  'customer.read': {
    api: 'customers:read',
    means: 'find and see customers and their contacts (customer show/find)',
  },
  'customer.create': { api: 'customers:write', means: 'create or import customers (customer new)' },
  'customer.edit': {
    api: 'customers:write',
    means: "edit a customer's details and contacts (customer edit)",
  },
  'customer.credit': { api: 'customers:write', means: "change a customer's credit limit or tier" },
  'customer.merge': { api: 'customers:write', means: 'merge a duplicate customer into another' },
  'product.read': { api: 'products:read', means: 'find products and their prices (product find)' },
  'product.edit': { api: 'products:write', means: 'add or change products and their prices' },
  'receivables.read': { api: 'orders:read', means: 'see receivables (ar)' },
  'payment.promise': { api: null, means: 'record a promise to pay (ar promise)' },
  'payment.record': { api: 'payments:write', means: 'record a receipt (ar received, POST /api/payments)' },
  'invoice.issue': { api: 'invoices:write', means: 'issue an invoice number (ar invoice)' },
  'dunning.review': { api: null, means: 'send or skip a customer reminder email under review' },
  'task.read': { api: null, means: 'see follow-up tasks of the dunning ladder (task list)' },
  'task.complete': { api: null, means: 'mark a follow-up task done' },
  'task.escalate': { api: null, means: "hand a follow-up task to the assignee's manager" },
  'recon.import': { api: 'statements:write', means: 'import a bank statement' },
  'recon.decide': {
    api: null,
    means: 'confirm, match, split, undo, write off, assign or acknowledge a bank line',
  },
  // Duties rather than rights: whom closeloop hands work to. Asked of every active person, never of an asker.
  'recon.work': { api: null, means: 'be handed new bank exceptions and be named as their assignee' },
  'dunning.escalation': {
    api: null,
    means: "hear an overdue installment's director step when the rep's tree names no director",
  },
  'report.read': { api: 'reports:read', means: 'read KPIs and reports (kpi)' },
  'target.set': { api: null, means: "set a rep's monthly target (kpi target)" },
  'audit.read': { api: 'audit:read', means: 'read the audit log' },
  'apikey.manage': { api: null, means: 'create, list and revoke API keys' },
  'customer.sync': { api: 'customers:read', means: 'read changed customers (GET /api/customers, sync)' },
  'product.sync': { api: 'products:read', means: 'read changed products (GET /api/products, sync)' },
  'payment.sync': { api: 'payments:read', means: 'read changed payments (GET /api/payments, sync)' },
  'webhook.manage': {
    api: 'webhooks:manage',
    means: 'subscribe, list, enable and remove webhook endpoints; read and redeliver their deliveries',
  },
  'fx.read': { api: 'fx:read', means: 'see exchange rates (fx, GET /api/fx-rates)' },
  'fx.manage': {
    api: 'fx:write',
    means: 'record or import exchange rates (fx set, fx import, POST /api/fx-rates)',
  },
} as const satisfies Record<string, { api: ApiScope | null; means: string }>;

export type Action = keyof typeof actionCatalogue;
export const actions = Object.keys(actionCatalogue) as Action[];

export function isAction(name: string): name is Action {
  return Object.hasOwn(actionCatalogue, name);
}

export function isApiScope(name: string): name is ApiScope {
  return (apiScopes as readonly string[]).includes(name);
}

// Owns the PostgreSQL schema of the whole loop (Drizzle), one file per domain. Money is bigint minor units + ISO currency.

export * from './schema-access.ts';
export * from './schema-audit.ts';
export * from './schema-collections.ts';
export * from './schema-crypto.ts';
export * from './schema-customers.ts';
export * from './schema-delivery.ts';
export * from './schema-digest.ts';
export * from './schema-fx.ts';
export * from './schema-leads.ts';
export * from './schema-master.ts';
export * from './schema-order-cards.ts';
export * from './schema-orders.ts';
export * from './schema-people.ts';
export * from './schema-reconcile.ts';
export * from './schema-signin.ts';
export * from './schema-tasks.ts';
export * from './schema-webhooks.ts';

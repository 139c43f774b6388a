// Test setup for collections, reconciliation and digests: a small team, customers, approved orders and installments.
import { openCard } from '../../src/app/crypto/seal-card.ts';
import type { Database } from '../../src/db/client.ts';
import { customers, installments, orders, users } from '../../src/db/schema.ts';
import { testKeyring } from '../helpers/deps.ts';

export interface Team {
  manager: { id: string; name: string };
  rep: { id: string; name: string };
  rep2: { id: string; name: string };
  finance: { id: string; name: string };
  outsider: { id: string; name: string };
  customer: { id: string; name: string };
}

export async function insertTeam(database: Database, prefix = 't'): Promise<Team> {
  const db = database.db;
  const [manager] = await db
    .insert(users)
    .values({ email: `${prefix}-mgr@example.com`, name: 'Wang Manager', roles: ['manager'], locale: 'en' })
    .returning();
  const [finance] = await db
    .insert(users)
    .values({ email: `${prefix}-fin@example.com`, name: 'Zhao Finance', roles: ['finance'], locale: 'en' })
    .returning();
  const [rep, rep2, outsider] = await db
    .insert(users)
    .values([
      {
        email: `${prefix}-rep@example.com`,
        name: 'Li Rep',
        roles: ['rep'],
        managerId: manager!.id,
        locale: 'en',
      },
      {
        email: `${prefix}-rep2@example.com`,
        name: 'Han Rep',
        roles: ['rep'],
        managerId: manager!.id,
        locale: 'zh-CN',
      },
      { email: `${prefix}-out@example.com`, name: 'Other Rep', roles: ['rep'], locale: 'en' },
    ])
    .returning();
  const [customer] = await db
    .insert(customers)
    .values({
      name: 'Acme Tools',
      normalizedName: `acme tools ${prefix}`,
      ownerId: rep!.id,
      email: 'ap@acme.example',
      currency: 'CNY',
    })
    .returning();
  const pick = (u: { id: string; name: string } | undefined) => ({ id: u!.id, name: u!.name });
  return {
    manager: pick(manager),
    rep: pick(rep),
    rep2: pick(rep2),
    finance: pick(finance),
    outsider: pick(outsider),
    customer: pick(customer),
  };
}

export interface PlanPart {
  dueOn: string;
  amountMinor: number;
  paidMinor?: number;
  currency?: string;
  label?: string;
}

export async function insertOrder(
  database: Database,
  options: {
    number: string;
    ownerId: string;
    customerId: string;
    parts: PlanPart[];
    status?: string;
    currency?: string;
    decidedAt?: Date;
  },
): Promise<{ orderId: string; installmentIds: string[] }> {
  const currency = options.currency ?? 'CNY';
  const [order] = await database.db
    .insert(orders)
    .values({
      number: options.number,
      customerId: options.customerId,
      ownerId: options.ownerId,
      status: options.status ?? 'approved',
      currency,
      totalMinor: options.parts.reduce((s, p) => s + p.amountMinor, 0),
      paymentPlan: 'custom',
      decidedAt: options.decidedAt ?? new Date('2026-10-01T00:00:00Z'),
    })
    .returning();
  const rows = await database.db
    .insert(installments)
    .values(
      options.parts.map((p, i) => ({
        orderId: order!.id,
        position: i + 1,
        label: p.label ?? `Part ${i + 1}`,
        dueOn: p.dueOn,
        amountMinor: p.amountMinor,
        paidMinor: p.paidMinor ?? 0,
        currency: p.currency ?? currency,
      })),
    )
    .returning({ id: installments.id, position: installments.position });
  return {
    orderId: order!.id,
    installmentIds: rows.sort((a, b) => a.position - b.position).map((r) => r.id),
  };
}

export interface OutboxCard {
  platform: string;
  destination: string;
  op: string;
  refKey: string;
  card: {
    title: string;
    body?: string;
    fields: { label: string; value: string }[];
    actions: { id: string; value: string }[];
  };
}

export async function outboxRows(database: Database, refKeyPrefix = ''): Promise<OutboxCard[]> {
  const r = await database.pool.query(
    `select platform, destination, op, ref_key as "refKey", card from outbox where ref_key like $1 order by id`,
    [`${refKeyPrefix}%`],
  );
  // Opened as the delivery worker opens them: the rows keep contact details sealed.
  return (r.rows as OutboxCard[]).map((row) => ({ ...row, card: openCard(testKeyring(), row.card) }));
}

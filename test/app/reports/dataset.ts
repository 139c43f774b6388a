// A fixed October 2026 dataset with hand-computed report figures: director → two managers → three reps, one rep (R2)
// who moved from M2 to M1 on 16 October, six leads through the funnel, three approved orders (one in USD), payments,
// promises, an open exception and a stuck approval. Times are UTC; the org calendar is Asia/Shanghai (+8).
import { sql } from 'drizzle-orm';
import type { Database } from '../../../src/db/client.ts';
import {
  allocations,
  approvals,
  bankTransactions,
  customers,
  installments,
  leadActivities,
  leads,
  orders,
  paymentPromises,
  userManagerHistory,
  users,
} from '../../../src/db/schema.ts';

export interface Dataset {
  director: string;
  m1: string;
  m2: string;
  r1: string;
  r2: string;
  r3: string;
  finance: string;
  emails: Record<'director' | 'm1' | 'm2' | 'r1' | 'r2' | 'r3' | 'finance', string>;
}

const d = (iso: string) => new Date(iso);

export async function insertDataset(database: Database, prefix = 'ds'): Promise<Dataset> {
  const db = database.db;
  const email = (who: string) => `${prefix}-${who}@example.com`;
  const person = async (who: string, name: string, roles: string[], managerId: string | null, extra = {}) => {
    const [u] = await db
      .insert(users)
      .values({ email: email(who), name, roles, managerId, locale: 'en', ...extra })
      .returning({ id: users.id });
    return u!.id;
  };
  const director = await person('director', 'Dana Director', ['director'], null);
  const m1 = await person('m1', 'Mia Manager', ['manager'], director);
  const m2 = await person('m2', 'Max Manager', ['manager'], director);
  const r1 = await person('r1', 'Rita Rep', ['rep'], m1, { targetMonthlyMinor: 200_000 });
  const r2 = await person('r2', 'Ravi Rep', ['rep'], m1, { region: 'east' });
  const r3 = await person('r3', 'Rosa Rep', ['rep'], m2, { region: 'west' });
  const finance = await person('finance', 'Fay Finance', ['finance'], null);
  // R2 reported to M2 until 16 October 00:00 UTC, then to M1.
  await db.insert(userManagerHistory).values([
    { userId: r2, managerId: m2, validFrom: d('2026-01-01T00:00:00Z'), validTo: d('2026-10-16T00:00:00Z') },
    { userId: r2, managerId: m1, validFrom: d('2026-10-16T00:00:00Z') },
  ]);
  const [acme] = await db
    .insert(customers)
    .values({ name: 'Acme Tools', normalizedName: `acme ${prefix}`, currency: 'CNY', region: 'west' })
    .returning({ id: customers.id });
  const [globex] = await db
    .insert(customers)
    .values({ name: 'Globex', normalizedName: `globex ${prefix}`, currency: 'USD', region: 'east' })
    .returning({ id: customers.id });

  const lead = async (v: typeof leads.$inferInsert) => {
    const [row] = await db.insert(leads).values(v).returning({ id: leads.id });
    return row!.id;
  };
  const L1 = await lead({
    name: 'L1',
    ownerId: r1,
    status: 'converted',
    createdAt: d('2026-10-02T01:00:00Z'),
  });
  const L2 = await lead({ name: 'L2', ownerId: r1, status: 'lost', createdAt: d('2026-10-03T01:00:00Z') });
  const L3 = await lead({
    name: 'L3',
    ownerId: r2,
    status: 'accepted',
    createdAt: d('2026-10-05T01:00:00Z'),
  });
  const L4 = await lead({
    name: 'L4',
    ownerId: r2,
    status: 'accepted',
    stage: 'qualified',
    source: 'expo',
    createdAt: d('2026-10-20T01:00:00Z'),
  });
  const L5 = await lead({
    name: 'L5',
    offeredToId: r3,
    status: 'offered',
    createdAt: d('2026-10-08T01:00:00Z'),
  });
  const L6 = await lead({ name: 'L6', ownerId: r3, status: 'lost', createdAt: d('2026-10-09T01:00:00Z') });
  const act = (leadId: string, actorId: string | null, kind: string, at: string, data?: unknown) => ({
    leadId,
    actorId,
    kind,
    at: d(at),
    data: data ?? null,
  });
  await db
    .insert(leadActivities)
    .values([
      act(L1, r1, 'accepted', '2026-10-02T02:00:00Z'),
      act(L1, r1, 'stage', '2026-10-03T02:00:00Z', { from: 'accepted', to: 'contacted', auto: true }),
      act(L1, r1, 'stage', '2026-10-05T02:00:00Z', { from: 'contacted', to: 'qualified' }),
      act(L1, r1, 'converted', '2026-10-06T02:00:00Z'),
      act(L2, r1, 'accepted', '2026-10-03T03:00:00Z'),
      act(L2, r1, 'stage', '2026-10-04T03:00:00Z', { from: 'accepted', to: 'contacted' }),
      act(L2, r1, 'lost', '2026-10-10T00:00:00Z', { reason: 'price' }),
      act(L3, r2, 'accepted', '2026-10-05T05:00:00Z'),
      act(L4, r2, 'accepted', '2026-10-20T02:00:00Z'),
      act(L4, r2, 'stage', '2026-10-21T02:00:00Z', { from: 'accepted', to: 'contacted' }),
      act(L4, r2, 'stage', '2026-10-25T02:00:00Z', { from: 'contacted', to: 'qualified' }),
      act(L5, null, 'sla_timeout', '2026-10-08T01:30:00Z', { to: r3, minutes: 15 }),
      act(L6, r3, 'claimed', '2026-10-09T01:10:00Z'),
      act(L6, r3, 'lost', '2026-10-12T00:00:00Z', { reason: 'no-response' }),
    ]);

  const order = async (v: Partial<typeof orders.$inferInsert> & { number: string; ownerId: string }) => {
    const [row] = await db
      .insert(orders)
      .values({ customerId: acme!.id, currency: 'CNY', paymentPlan: 'net-30', status: 'approved', ...v })
      .returning({ id: orders.id });
    return row!.id;
  };
  const O1 = await order({
    number: 'SO-T-1',
    ownerId: r1,
    leadId: L1,
    totalMinor: 100_000,
    createdAt: d('2026-10-06T02:00:00Z'),
    submittedAt: d('2026-10-06T02:00:00Z'),
    decidedAt: d('2026-10-07T02:00:00Z'),
  });
  const O2 = await order({
    number: 'SO-T-2',
    ownerId: r3,
    totalMinor: 50_000,
    createdAt: d('2026-10-14T02:00:00Z'),
    submittedAt: d('2026-10-14T02:00:00Z'),
    decidedAt: d('2026-10-15T02:00:00Z'),
  });
  const O3 = await order({
    number: 'SO-T-3',
    ownerId: r2,
    customerId: globex!.id,
    currency: 'USD',
    totalMinor: 20_000,
    createdAt: d('2026-10-17T14:00:00Z'),
    submittedAt: d('2026-10-17T14:00:00Z'),
    decidedAt: d('2026-10-18T02:00:00Z'),
  });
  const O4 = await order({
    number: 'SO-T-4',
    ownerId: r3,
    status: 'pending_approval',
    totalMinor: 70_000,
    createdAt: d('2026-10-28T02:00:00Z'),
    submittedAt: d('2026-10-28T02:00:00Z'),
  });
  const [i1] = await db
    .insert(installments)
    .values([
      {
        orderId: O1,
        position: 1,
        label: 'Net 30',
        dueOn: '2026-10-20',
        amountMinor: 100_000,
        currency: 'CNY',
        paidMinor: 100_000,
        paidAt: d('2026-10-20T02:00:00Z'),
      },
      {
        orderId: O2,
        position: 1,
        label: 'Deposit',
        dueOn: '2026-10-15',
        amountMinor: 30_000,
        currency: 'CNY',
      },
      {
        orderId: O2,
        position: 2,
        label: 'Balance',
        dueOn: '2026-11-20',
        amountMinor: 20_000,
        currency: 'CNY',
      },
      {
        orderId: O3,
        position: 1,
        label: 'Net 15',
        dueOn: '2026-11-05',
        amountMinor: 20_000,
        currency: 'USD',
      },
    ])
    .returning({ id: installments.id });
  const [txn, stray] = await db
    .insert(bankTransactions)
    .values([
      {
        bankTxnId: `${prefix}-b1`,
        bookedOn: '2026-10-20',
        amountMinor: 100_000,
        currency: 'CNY',
        status: 'matched',
      },
      { bankTxnId: `${prefix}-b2`, bookedOn: '2026-10-30', amountMinor: 777, currency: 'CNY' },
    ])
    .returning({ id: bankTransactions.id });
  await db.insert(allocations).values({
    bankTransactionId: txn!.id,
    installmentId: i1!.id,
    amountMinor: 100_000,
    kind: 'auto',
    createdBy: 'system:test',
    createdAt: d('2026-10-20T02:00:00Z'),
  });
  // Named columns only: the upgrade tests load this dataset into databases migrated before later columns existed.
  await db.execute(
    sql`insert into recon_exceptions (bank_transaction_id, kind, created_at)
        values (${stray!.id}, 'no_reference', ${'2026-10-30T02:00:00Z'}::timestamptz)`,
  );
  await db.insert(paymentPromises).values([
    { orderId: O1, promisedOn: '2026-10-19', status: 'kept', closedAt: d('2026-10-19T10:00:00Z') },
    { orderId: O2, promisedOn: '2026-10-19', status: 'broken', closedAt: d('2026-10-20T01:00:00Z') },
  ]);
  await db.insert(approvals).values([
    {
      orderId: O1,
      orderVersion: 1,
      levelIndex: 0,
      levelName: 'manager',
      approverId: m1,
      status: 'approved',
      createdAt: d('2026-10-06T02:00:00Z'),
      decidedAt: d('2026-10-07T02:00:00Z'),
    },
    {
      orderId: O4,
      orderVersion: 1,
      levelIndex: 0,
      levelName: 'manager',
      approverId: m2,
      status: 'pending',
      createdAt: d('2026-10-28T02:00:00Z'),
    },
  ]);
  return {
    director,
    m1,
    m2,
    r1,
    r2,
    r3,
    finance,
    emails: {
      director: email('director'),
      m1: email('m1'),
      m2: email('m2'),
      r1: email('r1'),
      r2: email('r2'),
      r3: email('r3'),
      finance: email('finance'),
    },
  };
}

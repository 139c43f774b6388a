// The DSO trend over the October dataset plus a September order paid in October, a payment undone after the
// October month-end and a write-off after it: each point's balance and count-back DSO hand-computed (Asia/Shanghai).
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readReceivablesReport } from '../../../src/app/reports/read-receivables-report.ts';
import { allocations, bankTransactions, customers, installments, orders } from '../../../src/db/schema.ts';
import type { Period } from '../../../src/domain/reports/period.ts';
import { type OctoberReports, openOctoberReports } from './october-reports.ts';

const october: Period = { kind: 'range', from: '2026-10-01', to: '2026-10-31' };
const d = (iso: string) => new Date(iso);

describe('DSO trend (hand-computed)', () => {
  let o: OctoberReports;

  beforeAll(async () => {
    o = await openOctoberReports();
    const db = o.database.db;
    const [acme] = await db
      .select({ id: customers.id })
      .from(customers)
      .where(eq(customers.name, 'Acme Tools'));
    // SO-T-5: 30,000 CNY approved 10 September, paid in full on 5 October.
    const [o5] = await db
      .insert(orders)
      .values({
        number: 'SO-T-5',
        ownerId: o.ds.r1,
        customerId: acme!.id,
        currency: 'CNY',
        paymentPlan: 'net-30',
        status: 'approved',
        totalMinor: 30_000,
        submittedAt: d('2026-09-09T02:00:00Z'),
        decidedAt: d('2026-09-10T02:00:00Z'),
      })
      .returning({ id: orders.id });
    const [i5] = await db
      .insert(installments)
      .values({
        orderId: o5!.id,
        position: 1,
        label: 'Net 30',
        dueOn: '2026-10-10',
        amountMinor: 30_000,
        currency: 'CNY',
        paidMinor: 30_000,
        paidAt: d('2026-10-05T02:00:00Z'),
      })
      .returning({ id: installments.id });
    const [txn] = await db
      .insert(bankTransactions)
      .values({ bankTxnId: 'dso-b1', bookedOn: '2026-10-05', amountMinor: 40_000, currency: 'CNY' })
      .returning({ id: bankTransactions.id });
    const o2Installment = async (position: number) => {
      const [row] = await db
        .select({ id: installments.id })
        .from(installments)
        .innerJoin(orders, eq(orders.id, installments.orderId))
        .where(and(eq(orders.number, 'SO-T-2'), eq(installments.position, position)));
      return row!.id;
    };
    const alloc = { bankTransactionId: txn!.id, createdBy: 'system:test' };
    await db.insert(allocations).values([
      {
        ...alloc,
        installmentId: i5!.id,
        amountMinor: 30_000,
        kind: 'auto',
        createdAt: d('2026-10-05T02:00:00Z'),
      },
      // 10,000 on SO-T-2's deposit on 25 October, undone on 1 November: paid at the October month-end, not now.
      {
        ...alloc,
        installmentId: await o2Installment(1),
        amountMinor: 10_000,
        kind: 'manual',
        createdAt: d('2026-10-25T02:00:00Z'),
        undoneAt: d('2026-11-01T02:00:00Z'),
        undoneBy: 'finance',
      },
      // 5,000 of SO-T-2's balance written off on 1 November: owed at the October month-end.
      {
        ...alloc,
        installmentId: await o2Installment(2),
        amountMinor: 5_000,
        kind: 'write_off',
        createdAt: d('2026-11-01T03:00:00Z'),
      },
    ]);
    await db
      .update(installments)
      .set({ paidMinor: 5_000 })
      .where(eq(installments.id, await o2Installment(2)));
  });
  afterAll(async () => o?.database.close());

  it('the open balance each month ended with and its count-back DSO, then today', async () => {
    const r = await readReceivablesReport(o.deps, await o.actor(o.ds.finance), { period: october });
    const zero = (day: string) => ({ day, openMinor: 0, days: 0, capped: false, salesMinor: 0 });
    expect(r.dsoTrend).toEqual([
      {
        currency: 'CNY',
        points: [
          zero('2026-05-31'),
          zero('2026-06-30'),
          zero('2026-07-31'),
          zero('2026-08-31'),
          // SO-T-5 unpaid: 30,000 against its own 30,000 sold on 10 September → 20 empty days + 1.
          { day: '2026-09-30', openMinor: 30_000, days: 21, capped: false, salesMinor: 30_000 },
          // SO-T-2 50,000 less the 10,000 not yet undone: 16 empty days + 40,000 / 50,000 of 15 October.
          // October sold SO-T-1's 100,000 and SO-T-2's 50,000.
          { day: '2026-10-31', openMinor: 40_000, days: 16.8, capped: false, salesMinor: 150_000 },
          // Now: 30,000 + 20,000 − 5,000 written off; 18 empty days + 45,000 / 50,000.
          { day: '2026-11-02', openMinor: 45_000, days: 18.9, capped: false, salesMinor: 0 },
        ],
      },
      {
        currency: 'USD',
        points: [
          zero('2026-05-31'),
          zero('2026-06-30'),
          zero('2026-07-31'),
          zero('2026-08-31'),
          zero('2026-09-30'),
          // SO-T-3 20,000 approved 18 October: 13 empty days + 1.
          { day: '2026-10-31', openMinor: 20_000, days: 14, capped: false, salesMinor: 20_000 },
          { day: '2026-11-02', openMinor: 20_000, days: 16, capped: false, salesMinor: 0 },
        ],
      },
    ]);
    // The last point is the report's own DSO.
    expect(r.dso).toEqual([
      { currency: 'CNY', days: 18.9, capped: false },
      { currency: 'USD', days: 16, capped: false },
    ]);
  });

  it('narrowed to a rep: only their orders', async () => {
    const r = await readReceivablesReport(o.deps, await o.actor(o.ds.director), {
      period: october,
      scope: { kind: 'rep', ref: o.ds.emails.r1 },
    });
    expect(r.dsoTrend.map((t) => t.currency)).toEqual(['CNY']);
    expect(r.dsoTrend[0]?.points.slice(4)).toEqual([
      { day: '2026-09-30', openMinor: 30_000, days: 21, capped: false, salesMinor: 30_000 },
      { day: '2026-10-31', openMinor: 0, days: 0, capped: false, salesMinor: 100_000 },
      { day: '2026-11-02', openMinor: 0, days: 0, capped: false, salesMinor: 0 },
    ]);
  });
});

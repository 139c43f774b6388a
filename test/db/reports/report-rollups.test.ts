// The report roll-ups (kept by triggers) against the facts they summarise: the October dataset, then the changes a
// live system makes afterwards (a reassigned lead, an order rejected, a payment undone, a merge, a rep moved to another
// team after the facts), read through both paths for every grouping, scope and window the reports use.
import { eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordManagerChange } from '../../../src/app/roster/record-manager-change.ts';
import { queryBalanceHistoryFromFacts } from '../../../src/db/reports/balance-history-facts-query.ts';
import { queryBalanceHistory } from '../../../src/db/reports/balance-history-query.ts';
import { compactReportRollups } from '../../../src/db/reports/compact-rollups.ts';
import { queryFunnelFromFacts } from '../../../src/db/reports/funnel-facts-query.ts';
import {
  type FunnelQueryGroup,
  type FunnelRow,
  queryFunnel,
  queryStageFlow,
} from '../../../src/db/reports/funnel-query.ts';
import { queryKpiFromFacts } from '../../../src/db/reports/kpi-facts-query.ts';
import { type KpiRow, queryKpi } from '../../../src/db/reports/kpi-query.ts';
import { queryDueCollected } from '../../../src/db/reports/receivables-query.ts';
import { queryDailySales } from '../../../src/db/reports/sales-query.ts';
import { allocations, leadActivities, leads, orders, users } from '../../../src/db/schema.ts';
import { funnelGroupings } from '../../../src/domain/reports/funnel.ts';
import type { FactScope, LeadFilter } from '../../../src/domain/reports/scope.ts';
import { type Dataset, insertDataset } from '../../app/reports/dataset.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { expectReceivablesAgree } from './receivables-agree.ts';
import { expectRollUpsMatchFacts, salesFromOrders } from './rollups-match-facts.ts';

const d = (iso: string) => new Date(iso);
// October on the Shanghai calendar, and a trailing window that starts and ends mid-hour like the funnel's baseline.
const windows = [
  { from: d('2026-09-30T16:00:00Z'), to: d('2026-10-31T16:00:00Z'), asOf: d('2026-10-31T15:59:59.999Z') },
  { from: d('2026-10-04T02:17:00Z'), to: d('2026-11-02T02:17:00Z'), asOf: d('2026-11-02T02:17:00Z') },
  { from: d('2026-10-15T16:00:00Z'), to: d('2026-10-22T16:00:00Z'), asOf: d('2026-10-22T15:59:59.999Z') },
];
const groupings: FunnelQueryGroup[] = [...funnelGroupings, 'repTeam'];
// Every lead source and routing rule the dataset's leads have at some point below, and none.
const leadFilters: (LeadFilter | null)[] = [
  null,
  { kind: 'source', value: 'web' },
  { kind: 'source', value: 'expo' },
  { kind: 'source', value: 'referral' },
  { kind: 'rule', value: 'East everything else' },
  { kind: 'rule', value: 'North' },
];

const sortFunnel = <T extends Pick<FunnelRow, 'key' | 'stage'>>(rows: T[]) =>
  [...rows].sort((a, b) => `${a.key}|${a.stage}`.localeCompare(`${b.key}|${b.stage}`));
const sortKpi = (rows: KpiRow[]) =>
  [...rows]
    .filter((r) => r.count !== 0)
    .sort((a, b) =>
      `${a.ownerId}|${a.managerId}|${a.metric}|${a.currency}`.localeCompare(
        `${b.ownerId}|${b.managerId}|${b.metric}|${b.currency}`,
      ),
    );

// Days the receivables are aged on: before, inside and after the installments' due dates.
const todays = ['2026-10-01', '2026-10-20', '2026-11-02', '2027-01-15'];
// Instants the DSO trend takes balances at: before every order, between approvals and payments, after an undo.
const balanceCuts = [
  { day: '2026-09-30', at: d('2026-09-30T16:00:00Z') },
  { day: '2026-10-10', at: d('2026-10-10T00:00:00Z') },
  { day: '2026-10-20', at: d('2026-10-20T12:00:00Z') },
  { day: '2026-10-21', at: d('2026-10-21T12:00:00Z') },
  { day: '2026-10-27', at: d('2026-10-27T00:00:00Z') },
  { day: '2026-10-31', at: d('2026-10-31T16:00:00Z') },
];

describe('report roll-ups agree with the facts', () => {
  let database: TestDatabase;
  let ds: Dataset;
  let scopes: FactScope[];

  const agreeEverywhere = async () => {
    const db = database.db;
    for (const w of windows) {
      for (const scope of scopes) {
        for (const groupBy of groupings) {
          const q = { ...w, groupBy, scope };
          const what = `${groupBy} ${scope.kind} ${w.from.toISOString()}`;
          const facts = await queryFunnelFromFacts(db, q);
          expect(sortFunnel(await queryFunnel(db, q)), what).toEqual(sortFunnel(facts));
          expect(sortFunnel(await queryStageFlow(db, q)), `flow ${what}`).toEqual(
            sortFunnel(facts.map(({ key, stage, entered, movedOn }) => ({ key, stage, entered, movedOn }))),
          );
        }
        for (const leads of leadFilters) {
          const by = `${scope.kind} ${leads ? `${leads.kind}:${leads.value}` : 'any lead'}`;
          const k = { from: w.from, to: w.to, asOf: w.asOf, today: '2026-11-02', scope, leads };
          expect(sortKpi(await queryKpi(db, k)), `kpi ${by} ${w.from.toISOString()}`).toEqual(
            sortKpi(await queryKpiFromFacts(db, k)),
          );
          // Daily sales read whole hours from the roll-up; Kolkata (+5:30) has no local day made of UTC hours.
          for (const timezone of ['Asia/Shanghai', 'Asia/Kolkata', 'UTC']) {
            const s = { today: '2026-10-20', asOf: w.asOf, scope, days: 30, timezone, leads };
            expect(await queryDailySales(db, s), `sales ${by} ${timezone} ${w.asOf.toISOString()}`).toEqual(
              await salesFromOrders(db, s),
            );
          }
          for (const today of todays) {
            const fromDay = w.from.toISOString().slice(0, 10);
            const q = { today, asOf: w.asOf, scope, fromDay, toDay: today, leads };
            await expectReceivablesAgree(db, q, `${by} ${today} ${w.asOf.toISOString()}`);
          }
          // The balance at Shanghai month-ends and at hours inside October, from the moves and from the facts.
          const h = { asOf: w.asOf, scope, cuts: balanceCuts, leads };
          expect(await queryBalanceHistory(db, h), `balances ${by}`).toEqual(
            await queryBalanceHistoryFromFacts(db, h),
          );
        }
      }
    }
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    ds = await insertDataset(database);
    scopes = [
      { kind: 'org' },
      { kind: 'tree', rootId: ds.m1, memberIds: [ds.m1] },
      { kind: 'tree', rootId: ds.director, memberIds: [ds.director, ds.m1, ds.m2] },
      { kind: 'owners', ownerIds: [ds.r2] },
    ];
  });
  afterAll(async () => database?.close());

  it('on the October dataset, R2 counted for M2 before 16 October and for M1 after', async () => {
    await expectRollUpsMatchFacts(database.db);
    await agreeEverywhere();
    const teams = await queryFunnel(database.db, {
      ...windows[0]!,
      groupBy: 'repTeam',
      scope: { kind: 'org' },
    });
    const r2New = teams.filter((r) => r.stage === 'new' && r.key?.startsWith(ds.r2));
    expect(r2New.map((r) => [r.key, r.entered]).sort()).toEqual(
      [
        [`${ds.r2}:${ds.m1}`, 1],
        [`${ds.r2}:${ds.m2}`, 1],
      ].sort(),
    );
  });

  it('after a reassignment, a rejection, an undone payment, a merge and a rep moved to another team', async () => {
    const db = database.db;
    const byName = async (name: string) =>
      (await db.select({ id: leads.id }).from(leads).where(eq(leads.name, name)))[0]!.id;
    const [l3, l5, l6] = [await byName('L3'), await byName('L5'), await byName('L6')];
    await db
      .update(leads)
      .set({ ownerId: ds.r1, offeredToId: null, status: 'accepted' })
      .where(eq(leads.id, l5));
    await db.insert(leadActivities).values({
      leadId: l5,
      actorId: ds.r1,
      kind: 'accepted',
      at: d('2026-10-08T03:00:00Z'),
    });
    await db
      .update(orders)
      .set({ status: 'rejected', decidedAt: d('2026-10-29T02:00:00Z') })
      .where(eq(orders.number, 'SO-T-4'));
    await db.update(allocations).set({ undoneAt: d('2026-10-21T02:00:00Z'), undoneBy: 'system:test' });
    await db
      .update(leads)
      .set({ mergedIntoId: l3, mergedAt: d('2026-10-22T00:00:00Z') })
      .where(eq(leads.id, l6));
    // Routing names the rule after the facts exist; SO-T-2 is made from L3 after its deposit fell due, and L3 turns
    // out to have come from the expo.
    await db
      .update(leads)
      .set({ routingRule: 'East everything else' })
      .where(inArray(leads.name, ['L1', 'L3']));
    await db.update(orders).set({ leadId: l3 }).where(eq(orders.number, 'SO-T-2'));
    await db.update(leads).set({ source: 'expo' }).where(eq(leads.id, l3));
    // R3 joins M1's team on 20 October: earlier facts stay with M2, later ones go to M1.
    await db.transaction(async (tx) => {
      await tx.update(users).set({ managerId: ds.m1 }).where(eq(users.id, ds.r3));
      await recordManagerChange(tx, ds.r3, ds.m2, ds.m1, d('2026-10-20T00:00:00Z'));
    });
    await db.insert(orders).values({
      number: 'SO-T-5',
      customerId: (await db.execute<{ id: string }>(sql`select id from customers limit 1`)).rows[0]!.id,
      ownerId: ds.r3,
      currency: 'CNY',
      paymentPlan: 'net-30',
      status: 'approved',
      totalMinor: 40_000,
      createdAt: d('2026-10-23T02:00:00Z'),
      submittedAt: d('2026-10-23T02:00:00Z'),
      decidedAt: d('2026-10-24T02:00:00Z'),
    });
    // Part of SO-T-2's deposit comes in and the order moves to Globex; SO-T-3 is paid beyond its amount.
    await db.execute(sql`update installments i set paid_minor = 12000 from orders o
      where o.id = i.order_id and o.number = 'SO-T-2' and i.position = 1`);
    // …by a write-off made on 26 October, still live (so it is not collected).
    await db.execute(sql`insert into allocations (bank_transaction_id, installment_id, amount_minor, kind, created_by,
        created_at)
      select (select bank_transaction_id from allocations limit 1), i.id, 12000, 'write_off', 'system:test',
        timestamptz '2026-10-26T02:00:00Z'
      from installments i join orders o on o.id = i.order_id where o.number = 'SO-T-2' and i.position = 1`);
    await db.execute(sql`update orders set customer_id = (select customer_id from orders where number = 'SO-T-3')
      where number = 'SO-T-2'`);
    await db.execute(sql`update installments i set paid_minor = 25000 from orders o
      where o.id = i.order_id and o.number = 'SO-T-3'`);
    await expectRollUpsMatchFacts(database.db);
    await agreeEverywhere();
    // Folding the deltas changes no figure and leaves one row per key.
    await compactReportRollups(database.db);
    await expectRollUpsMatchFacts(database.db);
    // A rebuild from the facts (after writes with triggers off) fills every roll-up again.
    await db.execute(
      sql`delete from report_open_balances; delete from report_due_collected; delete from report_balance_moves`,
    );
    await db.execute(sql`select report_rebuild_all()`);
    await expectRollUpsMatchFacts(database.db);
    const keys = await database.db.execute<{ rows: number; keys: number }>(sql`
      select count(*)::int as rows,
        (select count(*) from (select distinct hour, owner_id, manager_id, metric, currency
          from report_kpi_hourly) k)::int as keys
      from report_kpi_hourly`);
    expect(keys.rows[0]?.rows).toBe(keys.rows[0]?.keys);
    const kpi = await queryKpi(database.db, {
      from: windows[0]!.from,
      to: windows[0]!.to,
      asOf: windows[0]!.asOf,
      today: '2026-11-02',
      scope: { kind: 'org' },
    });
    const approvedR3 = kpi
      .filter((r) => r.ownerId === ds.r3 && r.metric === 'approved')
      .map((r) => [r.managerId, r.sum])
      .sort();
    expect(approvedR3).toEqual(
      [
        [ds.m1, 40_000],
        [ds.m2, 50_000],
      ].sort(),
    );
    expect(kpi.some((r) => r.metric === 'collected')).toBe(false);
  });

  it('a lead re-sourced and re-routed after its order was paid: the order figures move with the lead', async () => {
    const db = database.db;
    const october = {
      from: windows[0]!.from,
      to: windows[0]!.to,
      asOf: windows[0]!.asOf,
      today: '2026-11-02',
    };
    const org: FactScope = { kind: 'org' };
    const approvedOfR1 = async (leads: LeadFilter) =>
      (await queryKpi(db, { ...october, scope: org, leads }))
        .filter((r) => r.ownerId === ds.r1 && r.metric === 'approved')
        .map((r) => r.sum);
    const dueOf = (leads: LeadFilter) =>
      queryDueCollected(db, { ...october, scope: org, leads, fromDay: '2026-10-01', toDay: '2027-01-15' });
    const web: LeadFilter = { kind: 'source', value: 'web' };
    const referral: LeadFilter = { kind: 'source', value: 'referral' };
    const north: LeadFilter = { kind: 'rule', value: 'North' };
    // SO-T-1 (CNY 1,000.00 from L1, approved 7 October) is web's and "East everything else"'s until L1 changes.
    expect(await approvedOfR1(web)).toEqual([100_000]);
    const webDue = await dueOf(web);
    expect(webDue.map((r) => r.currency)).toContain('CNY');
    await db.update(leads).set({ source: 'referral', routingRule: 'North' }).where(eq(leads.name, 'L1'));
    expect(await approvedOfR1(web)).toEqual([]);
    expect(await approvedOfR1(referral)).toEqual([100_000]);
    expect(await approvedOfR1(north)).toEqual([100_000]);
    expect(await dueOf(referral)).toEqual(webDue.filter((r) => r.currency === 'CNY'));
    await expectRollUpsMatchFacts(db);
    await agreeEverywhere();
  });

  it('an order moved to a lead created after it (as a merge does): no stage is left before it was entered', async () => {
    const db = database.db;
    // SO-T-2 (made 14 October, approved the 15th) joins L4, new on 20 October, accepted, contacted the 21st and
    // qualified the 25th: those stages are left by the next one entered after them, not by the older order.
    const [l4] = await db.select({ id: leads.id }).from(leads).where(eq(leads.name, 'L4'));
    await db.update(orders).set({ leadId: l4!.id }).where(eq(orders.number, 'SO-T-2'));
    await expectRollUpsMatchFacts(db);
    await agreeEverywhere();
    const rows = await db.execute<{ stage: string; seconds: number | null }>(sql`
      select stage, extract(epoch from left_at - entered_at)::int as seconds from report_lead_stages
      where lead_id = ${l4!.id} order by entered_at`);
    expect(rows.rows).toEqual([
      { stage: 'converted', seconds: 86_400 },
      { stage: 'approved', seconds: null },
      { stage: 'new', seconds: 3600 },
      { stage: 'accepted', seconds: 86_400 },
      { stage: 'contacted', seconds: 345_600 },
      { stage: 'qualified', seconds: null },
    ]);
  });

  it('concurrent writers: one lead takes turns, one rep and hour does not queue', async () => {
    const db = database.db;
    const [l1, l2] = (
      await db
        .insert(leads)
        .values([
          { name: 'C1', ownerId: ds.r1, status: 'accepted', createdAt: d('2026-10-27T01:00:00Z') },
          { name: 'C2', ownerId: ds.r1, status: 'accepted', createdAt: d('2026-10-27T01:00:00Z') },
        ])
        .returning({ id: leads.id })
    ).map((r) => r.id);
    const a = await database.pool.connect();
    const b = await database.pool.connect();
    const activity = (lead: string | undefined, kind: string, at: string) =>
      `insert into lead_activities (lead_id, actor_id, kind, data, created_at)
       values ('${lead}', '${ds.r1}', '${kind}', '{"to":"contacted"}', '${at}')`;
    try {
      await a.query('begin');
      await b.query('begin');
      // Two leads of one rep in one hour: the second writer does not wait for the first (deltas, no shared row).
      await a.query(activity(l1, 'accepted', '2026-10-27T01:10:00Z'));
      await b.query("set local lock_timeout = '3s'");
      await b.query(activity(l2, 'accepted', '2026-10-27T01:20:00Z'));
      await b.query('commit');
      // One lead from two transactions: the second waits for the first, then counts both facts.
      await b.query('begin');
      const second = b.query(activity(l1, 'stage', '2026-10-27T02:00:00Z'));
      await a.query('commit');
      await second;
      await b.query('commit');
    } finally {
      a.release();
      b.release();
    }
    await expectRollUpsMatchFacts(database.db);
    const stages = await db.execute<{ stage: string }>(
      sql`select stage from report_lead_stages where lead_id = ${l1} order by entered_at`,
    );
    expect(stages.rows.map((r) => r.stage)).toEqual(['new', 'accepted', 'contacted']);
  });
});

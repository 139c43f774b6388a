import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor, AppDeps } from '../../../src/app/deps.ts';
import { readFunnelReport } from '../../../src/app/reports/read-funnel-report.ts';
import { readKpiReport } from '../../../src/app/reports/read-kpi-report.ts';
import { readProcessReport } from '../../../src/app/reports/read-process-report.ts';
import { readReceivablesReport } from '../../../src/app/reports/read-receivables-report.ts';
import { users } from '../../../src/db/schema.ts';
import type { Period } from '../../../src/domain/reports/period.ts';
import { testClock } from '../../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { examplePolicy, testDeps } from '../../helpers/deps.ts';
import { type Dataset, insertDataset } from './dataset.ts';

const october: Period = { kind: 'range', from: '2026-10-01', to: '2026-10-31' };

describe('reports over the October dataset (hand-computed figures)', () => {
  let database: TestDatabase;
  let deps: AppDeps;
  let ds: Dataset;
  const as = async (id: string): Promise<Actor> => {
    const [user] = await database.db.select().from(users).where(eq(users.id, id));
    return { kind: 'user', user: user! };
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    ds = await insertDataset(database);
    const policy = examplePolicy();
    policy.targets.monthly = { byRole: { rep: 1000 }, byTeam: { [ds.emails.m2]: 1500 } };
    deps = testDeps(database, { policy, clock: testClock('2026-11-02T02:00:00Z') });
  });
  afterAll(async () => database?.close());

  it('funnel: entered, moved on, lost with reasons, still there, conversion, median and p90 per stage', async () => {
    const r = await readFunnelReport(deps, await as(ds.director), { period: october });
    const by = Object.fromEntries(r.total.map((s) => [s.stage, s]));
    expect(by.new).toMatchObject({ entered: 6, movedOn: 5, lost: 0, stillThere: 1, medianSeconds: 3600 });
    expect(by.new?.p90Seconds).toBeCloseTo(11_520, 3);
    expect(by.new?.conversion).toBeCloseTo(5 / 6, 6);
    expect(by.accepted).toMatchObject({
      entered: 5,
      movedOn: 3,
      lost: 1,
      stillThere: 1,
      medianSeconds: 86_400,
    });
    expect(by.accepted?.lostReasons).toEqual({ 'no-response': 1 });
    expect(by.contacted).toMatchObject({
      entered: 3,
      movedOn: 2,
      lost: 1,
      stillThere: 0,
      medianSeconds: 259_200,
    });
    expect(by.contacted?.p90Seconds).toBeCloseTo(328_320, 3);
    expect(by.contacted?.lostReasons).toEqual({ price: 1 });
    expect(by.qualified).toMatchObject({ entered: 2, movedOn: 1, stillThere: 1, medianSeconds: 86_400 });
    expect(by.converted).toMatchObject({ entered: 1, movedOn: 1 });
    expect(by.approved).toMatchObject({ entered: 1, movedOn: 1, medianSeconds: 13 * 86_400 });
    expect(by.paid).toMatchObject({ entered: 1, movedOn: 0, stillThere: 1 });
  });

  it('funnel by team credits a lead to the manager its rep had when it came in', async () => {
    const r = await readFunnelReport(deps, await as(ds.director), { period: october, groupBy: 'team' });
    const newOf = (key: string) => r.groups.find((g) => g.key === key)?.stages[0]?.entered;
    expect(newOf(ds.m1)).toBe(3);
    expect(newOf(ds.m2)).toBe(3);
    expect(r.groups.find((g) => g.key === ds.m1)?.label).toBe('Mia Manager');
  });

  it('a manager sees only their tree; a rep of another team is refused', async () => {
    const r = await readFunnelReport(deps, await as(ds.m2), { period: october });
    // L3 (R2 before the move), L5 and L6 (R3).
    expect(r.total[0]?.entered).toBe(3);
    await expect(
      readFunnelReport(deps, await as(ds.m2), { period: october, scope: { kind: 'rep', ref: ds.emails.r1 } }),
    ).rejects.toMatchObject({ kind: 'forbidden' });
  });

  it('KPI tree: each level the sum of its children, the moved rep split by time of fact, targets and attainment', async () => {
    const r = await readKpiReport(deps, await as(ds.director), { period: october });
    const root = r.tree;
    expect(root.name).toBe('Dana Director');
    expect(root.figures.newLeads).toBe(6);
    expect(root.figures.approvedValue).toEqual({ CNY: 150_000, USD: 20_000 });
    expect(root.figures.targetMinor).toBe(450_000);
    expect(root.figures.attainment).toBeCloseTo(1 / 3, 6);
    expect(root.figures.acceptSla).toBeCloseTo(5 / 6, 6);
    expect(root.figures.winRate).toBeCloseTo(1 / 3, 6);
    expect(root.figures.approvalHours).toBeCloseTo(20, 6);
    expect(root.figures.collected).toEqual({ CNY: 100_000 });
    expect(root.figures.overdue).toEqual({ CNY: 30_000 });
    expect(root.figures.open).toEqual({ CNY: 50_000, USD: 20_000 });
    const m1 = root.children.find((c) => c.id === ds.m1)!;
    const m2 = root.children.find((c) => c.id === ds.m2)!;
    expect(m1.figures.newLeads).toBe(3);
    expect(m2.figures.newLeads).toBe(3);
    expect(m1.figures.approvedValue).toEqual({ CNY: 100_000, USD: 20_000 });
    expect(m1.figures.targetMinor).toBe(300_000);
    expect(m2.figures.targetMinor).toBe(150_000);
    const formerR2 = m2.children.find((c) => c.id === ds.r2)!;
    expect(formerR2.former).toBe(true);
    expect(formerR2.figures.newLeads).toBe(1);
    const currentR2 = m1.children.find((c) => c.id === ds.r2)!;
    expect(currentR2.former).toBe(false);
    expect(currentR2.figures.newLeads).toBe(1);
    const r1 = m1.children.find((c) => c.id === ds.r1)!;
    expect(r1.figures.attainment).toBeCloseTo(0.5, 6);
    expect(r1.figures.conversion.accepted).toBeCloseTo(1, 6);
    expect(r1.figures.averageOrderValue).toEqual({ CNY: 100_000 });
    const r3 = m2.children.find((c) => c.id === ds.r3)!;
    expect(r3.figures.targetMinor).toBe(150_000);
    expect(r3.figures.acceptSla).toBeCloseTo(0.5, 6);
    // Ranked rows: the director first, then each level ordered by approved CNY.
    expect(r.rows.map((x) => x.name).slice(0, 2)).toEqual(['Dana Director', 'Mia Manager']);
  });

  it('receivables: open, overdue, aging, collection rate, count-back DSO, cash by week, promises, exceptions', async () => {
    const r = await readReceivablesReport(deps, await as(ds.finance), { period: october });
    expect(r.open).toEqual({ CNY: 50_000, USD: 20_000 });
    expect(r.overdue).toEqual({ CNY: 30_000 });
    expect(r.overdueCount).toBe(1);
    expect(r.aging['0-30']).toEqual({ CNY: 30_000 });
    expect(r.collection).toEqual([
      { currency: 'CNY', dueMinor: 130_000, collectedMinor: 100_000, percent: 76.9 },
    ]);
    expect(r.dso).toEqual([
      { currency: 'CNY', days: 19, capped: false },
      { currency: 'USD', days: 16, capped: false },
    ]);
    expect(r.expectedCash[0]?.expected).toEqual({ USD: 20_000 });
    expect(r.expectedCash[2]?.expected).toEqual({ CNY: 20_000 });
    // The CNY 300.00 installment fell due on 15 October: 18 days before 2 November.
    expect(r.topOverdueCustomers).toEqual([
      { name: 'Acme Tools', currency: 'CNY', overdue: 30_000, count: 1, oldestDays: 18 },
    ]);
    expect(r.byRep[0]?.label).toBe('Rosa Rep');
    expect(r.promises).toEqual({ kept: 1, broken: 1, open: 0, keptRate: 0.5 });
    expect(r.exceptions).toEqual([{ status: 'open', count: 1, oldestHours: 72, olderThanDay: 1 }]);
  });

  it('process health: SLA breaches, approval cycle time per level and approver, stuck approvals', async () => {
    const r = await readProcessReport(deps, await as(ds.director), { period: october });
    expect(r.breaches).toEqual({ accept: 1, firstContact: 0 });
    expect(r.byRep[0]).toMatchObject({ name: 'Rosa Rep', acceptBreaches: 1 });
    expect(r.approvalCycles).toEqual([
      expect.objectContaining({
        levelName: 'manager',
        approverName: 'Mia Manager',
        decided: 1,
        medianHours: 24,
      }),
    ]);
    expect(r.stuckApprovals.count).toBe(1);
    expect(r.stuckApprovals.oldest[0]).toMatchObject({ orderNumber: 'SO-T-4', waitingHours: 120 });
    // Finance's queue is not a director's.
    expect(r.exceptions).toBeNull();
  });
});

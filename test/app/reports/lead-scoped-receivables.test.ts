// Receivables and process health narrowed to a lead source or routing rule, over the October dataset with two sources
// and one order without a lead: SO-T-1 (CNY 1,000.00, paid on time, promise kept) came from L1 (web); SO-T-2 (CNY
// 500.00: a 300.00 deposit overdue since 15 October, 200.00 due 20 November, promise broken) is made here from L4 (expo);
// SO-T-4 (pending since 28 October, stuck) from L6 (web); SO-T-3 (USD 200.00) from no lead. L1 and L3 are routed by
// "East everything else". L5 (web) ran out its accept SLA with Rosa. Now is 2 November, 10:00 in Shanghai.
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTextCommand } from '../../../src/app/commands/run-text-command.ts';
import { readProcessReport } from '../../../src/app/reports/read-process-report.ts';
import { readReceivablesReport } from '../../../src/app/reports/read-receivables-report.ts';
import { leads, orders } from '../../../src/db/schema.ts';
import type { Period } from '../../../src/domain/reports/period.ts';
import type { ScopeRequest } from '../../../src/domain/reports/scope.ts';
import { type OctoberReports, openOctoberReports } from './october-reports.ts';

const october: Period = { kind: 'range', from: '2026-10-01', to: '2026-10-31' };
const expo: ScopeRequest = { kind: 'source', source: 'expo' };
const web: ScopeRequest = { kind: 'source', source: 'web' };
const east: ScopeRequest = { kind: 'rule', rule: 'East everything else' };
const zero = (day: string) => ({ day, openMinor: 0, days: 0, capped: false, salesMinor: 0 });

describe('receivables and process health by lead source and routing rule', () => {
  let o: OctoberReports;
  const finance = async () => o.actor(o.ds.finance);
  const receivables = async (scope?: ScopeRequest) =>
    readReceivablesReport(o.deps, await finance(), { period: october, ...(scope ? { scope } : {}) });
  const process = async (scope?: ScopeRequest) =>
    readProcessReport(o.deps, await finance(), { period: october, ...(scope ? { scope } : {}) });

  beforeAll(async () => {
    o = await openOctoberReports();
    const db = o.database.db;
    const leadId = async (name: string) =>
      (await db.select({ id: leads.id }).from(leads).where(eq(leads.name, name)))[0]!.id;
    await db
      .update(leads)
      .set({ routingRule: 'East everything else' })
      .where(inArray(leads.name, ['L1', 'L3']));
    await db
      .update(orders)
      .set({ leadId: await leadId('L4') })
      .where(eq(orders.number, 'SO-T-2'));
    await db
      .update(orders)
      .set({ leadId: await leadId('L6') })
      .where(eq(orders.number, 'SO-T-4'));
  });
  afterAll(async () => o?.database.close());

  it('source:expo — only SO-T-2, in every figure of the dashboard', async () => {
    const r = await receivables(expo);
    expect(r.scope).toEqual({ kind: 'org', leads: { kind: 'source', value: 'expo' } });
    expect(r).toMatchObject({
      open: { CNY: 50_000 },
      overdue: { CNY: 30_000 },
      overdueCount: 1,
      openCount: 2,
      aging: { '0-30': { CNY: 30_000 }, '31-60': {}, '61-90': {}, '90+': {} },
      // Due in October: the 300.00 deposit, nothing of it in.
      collection: [{ currency: 'CNY', dueMinor: 30_000, collectedMinor: 0, percent: 0 }],
      // 50,000 open against 50,000 sold on 15 October: 18 empty days back from 2 November + 1.
      dso: [{ currency: 'CNY', days: 19, capped: false }],
      topOverdueCustomers: [{ name: 'Acme Tools', currency: 'CNY', overdue: 30_000, count: 1 }],
      byRep: [{ label: 'Rosa Rep', open: { CNY: 50_000 }, overdue: { CNY: 30_000 }, overdueCount: 1 }],
      byRegion: [{ key: 'west', open: { CNY: 50_000 }, overdue: { CNY: 30_000 } }],
      promises: { kept: 0, broken: 1, open: 0 },
      exceptions: null,
      exceptionsUnscopedOnly: true,
    });
    expect(r.dsoTrend).toEqual([
      {
        currency: 'CNY',
        points: [
          // Nothing owed at the month-ends before SO-T-2's approval on 15 October.
          ...['2026-05-31', '2026-06-30', '2026-07-31', '2026-08-31', '2026-09-30'].map(zero),
          // 16 empty days back from 31 October to the 15th + 1.
          { day: '2026-10-31', openMinor: 50_000, days: 17, capped: false, salesMinor: 50_000 },
          { day: '2026-11-02', openMinor: 50_000, days: 19, capped: false, salesMinor: 0 },
        ],
      },
    ]);
    // The 200.00 balance falls due on 20 November: the week of 16–22 November (the third from today).
    expect(r.expectedCash.filter((w) => Object.keys(w.expected).length > 0)).toEqual([
      { from: '2026-11-16', to: '2026-11-22', expected: { CNY: 20_000 } },
    ]);
  });

  it('source:web — SO-T-1 paid on time, SO-T-4 not approved: nothing open, all collected', async () => {
    const r = await receivables(web);
    expect(r).toMatchObject({
      open: {},
      overdue: {},
      openCount: 0,
      collection: [{ currency: 'CNY', dueMinor: 100_000, collectedMinor: 100_000, percent: 100 }],
      dso: [],
      dsoTrend: [],
      byRep: [],
      promises: { kept: 1, broken: 0, open: 0 },
    });
  });

  it('the order without a lead (SO-T-3, USD) is in no source: the org has it, neither source does', async () => {
    const all = await receivables();
    expect(all.open).toEqual({ CNY: 50_000, USD: 20_000 });
    expect(all.exceptions).toHaveLength(1);
    expect(all.exceptionsUnscopedOnly).toBe(false);
    for (const scope of [expo, web]) expect((await receivables(scope)).open.USD).toBeUndefined();
  });

  it('rule:"East everything else" — L1 and L3: SO-T-1 only', async () => {
    const r = await receivables(east);
    expect(r).toMatchObject({
      open: {},
      collection: [{ currency: 'CNY', dueMinor: 100_000, collectedMinor: 100_000, percent: 100 }],
      promises: { kept: 1, broken: 0, open: 0 },
    });
    const p = await process(east);
    expect(p).toMatchObject({
      breaches: { accept: 0, firstContact: 0 },
      reroutes: 0,
      approvalCycles: [{ levelName: 'manager', approverName: 'Mia Manager', decided: 1, medianHours: 24 }],
      stuckApprovals: { count: 0 },
    });
  });

  it('process source:web — L5’s accept breach, SO-T-1’s approval, SO-T-4 stuck; no exceptions', async () => {
    const p = await process(web);
    expect(p).toMatchObject({
      breaches: { accept: 1, firstContact: 0 },
      reroutes: 1,
      escalated: 0,
      byRep: [{ name: 'Rosa Rep', acceptBreaches: 1, firstContactBreaches: 0, declined: 0 }],
      approvalCycles: [
        { levelName: 'manager', approverName: 'Mia Manager', decided: 1, medianHours: 24, p90Hours: 24 },
      ],
      // Pending since 28 October 02:00 UTC: 120 hours by now.
      stuckApprovals: {
        count: 1,
        oldest: [
          { orderNumber: 'SO-T-4', levelName: 'manager', approverName: 'Max Manager', waitingHours: 120 },
        ],
      },
      exceptions: null,
      exceptionsUnscopedOnly: true,
    });
  });

  it('process source:expo — none of those', async () => {
    const p = await process(expo);
    expect(p).toMatchObject({
      breaches: { accept: 0, firstContact: 0 },
      reroutes: 0,
      byRep: [],
      approvalCycles: [],
      stuckApprovals: { count: 0, oldest: [] },
    });
    const all = await process();
    expect(all).toMatchObject({ reroutes: 1, stuckApprovals: { count: 1 }, exceptionsUnscopedOnly: false });
    expect(all.exceptions).toHaveLength(1);
  });

  it('a director narrowed to a source: their tree, and no exceptions note (not their queue)', async () => {
    const r = await readReceivablesReport(o.deps, await o.actor(o.ds.director), {
      period: october,
      scope: { kind: 'source', source: 'EXPO', within: { kind: 'team', ref: o.ds.emails.m2 } },
    });
    expect(r.scope).toEqual({ kind: 'tree', name: 'Max Manager', leads: { kind: 'source', value: 'expo' } });
    expect(r.open).toEqual({ CNY: 50_000 });
    expect(r.exceptionsUnscopedOnly).toBe(false);
  });

  it('in chat: ar dashboard source:expo and 应收 看板 来源:web say whose orders and why no exceptions', async () => {
    const en = await runTextCommand(o.deps, await o.actor(o.ds.finance, 'en'), 'ar dashboard source:expo');
    expect(en.card?.title).toContain('whole org, leads from expo');
    expect(en.card?.fields?.find((f) => f.label === 'Open')?.value).toContain('500.00');
    expect(en.card?.fields?.find((f) => f.label === 'Reconciliation exceptions')?.value).toBe(
      'shown without a source or rule only: a bank statement line belongs to no lead',
    );
    expect(en.card?.context).toContain('an order entered without a lead is in no source or rule');
    const zh = await runTextCommand(o.deps, await o.actor(o.ds.finance, 'zh-CN'), '应收 看板 来源:web');
    expect(zh.card?.title).toContain('来源 官网 的线索');
    expect(zh.card?.context).toContain('没有关联线索的订单不属于任何来源或规则');
    expect(zh.card?.fields?.find((f) => f.label === '对账异常')?.value).toContain('银行流水不属于任何线索');
  });

  it('in chat: process source:web and 流程 健康 来源:expo', async () => {
    const en = await runTextCommand(
      o.deps,
      await o.actor(o.ds.finance, 'en'),
      'process 2026-10-01..2026-10-31 source:web',
    );
    expect(en.card?.title).toBe('Process health · whole org, leads from Website · 2026-10-01 – 2026-10-31');
    expect(en.card?.fields?.map((f) => [f.label, f.value])).toEqual([
      ['Lead SLA breaches', '1 accept · 0 first contact'],
      ['Re-routes', '1 · 0 escalated to a manager'],
      ['Stuck approvals', '1 waiting longer than 24 h'],
      [
        'Reconciliation exceptions',
        'shown without a source or rule only: a bank statement line belongs to no lead',
      ],
    ]);
    expect(en.card?.body).toContain('- manager · Mia Manager: 1 decided · 24 · 24');
    expect(en.card?.body).toContain('- SO-T-4 · manager · Max Manager: 120 h');
    const zh = await runTextCommand(
      o.deps,
      await o.actor(o.ds.finance, 'zh-CN'),
      '流程 健康 2026-10-01..2026-10-31 来源:expo',
    );
    expect(zh.card?.title).toContain('来源 expo 的线索');
    expect(zh.card?.fields?.[0]?.value).toBe('接受 0 · 首次联系 0');
    const all = await runTextCommand(
      o.deps,
      await o.actor(o.ds.finance, 'en'),
      'process 2026-10-01..2026-10-31',
    );
    expect(all.card?.fields?.find((f) => f.label === 'Reconciliation exceptions')?.value).toBe('1 open');
  });

  it('an unknown source is refused listing the valid ones, __proto__ included', async () => {
    const actor = await o.actor(o.ds.finance, 'en');
    await expect(runTextCommand(o.deps, actor, 'ar dashboard source:__proto__')).rejects.toMatchObject({
      code: 'report_unknown_source',
      vars: { source: '__proto__', valid: 'expo, Website' },
    });
    await expect(process({ kind: 'source', source: '__proto__' })).rejects.toMatchObject({
      code: 'report_unknown_source',
      vars: { valid: 'expo, Website' },
    });
    await expect(process({ kind: 'rule', rule: 'constructor' })).rejects.toMatchObject({
      code: 'report_unknown_rule',
    });
  });
});

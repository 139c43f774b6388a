// The October dataset with its leads tagged by source, campaign, region and routing rule, and a few more lead events
// (a first-contact breach, a decline, an unclaimed offer, an escalated lead) and finance exceptions: the funnel per
// group, first-contact SLA and approved order count, process health and a region-scoped report, all hand-computed.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTextCommand } from '../../../src/app/commands/run-text-command.ts';
import type { AppDeps } from '../../../src/app/deps.ts';
import { readFunnelReport } from '../../../src/app/reports/read-funnel-report.ts';
import { readKpiReport } from '../../../src/app/reports/read-kpi-report.ts';
import { readProcessReport } from '../../../src/app/reports/read-process-report.ts';
import { readReceivablesReport } from '../../../src/app/reports/read-receivables-report.ts';
import { bankTransactions, leadActivities, leads, reconExceptions } from '../../../src/db/schema.ts';
import type { FunnelGroupBy } from '../../../src/domain/reports/funnel.ts';
import type { Period } from '../../../src/domain/reports/period.ts';
import type { TestDatabase } from '../../helpers/db.ts';
import type { Dataset } from './dataset.ts';
import { type OctoberReports, openOctoberReports } from './october-reports.ts';

const october: Period = { kind: 'range', from: '2026-10-01', to: '2026-10-31' };
const d = (iso: string) => new Date(iso);

describe('report groups, SLAs, process health and region scope (hand-computed)', () => {
  let database: TestDatabase;
  let deps: AppDeps;
  let ds: Dataset;
  let as: OctoberReports['actor'];

  beforeAll(async () => {
    ({ database, deps, ds, actor: as } = await openOctoberReports());
    const db = database.db;
    const tag = async (name: string, v: Partial<typeof leads.$inferInsert>) =>
      db.update(leads).set(v).where(eq(leads.name, name));
    // Source (default web): L3 and L5 came by referral, L4 from the expo.
    await tag('L1', { campaign: 'autumn', region: 'east', routingRule: 'East manufacturing' });
    await tag('L2', { region: 'east', routingRule: 'Everyone else' });
    await tag('L3', { source: 'referral' });
    await tag('L4', { campaign: 'autumn', region: 'west', routingRule: 'East manufacturing' });
    // L5 passed on twice (its breach and a decline): escalated to the manager on 8 October.
    await tag('L5', { source: 'referral', reroutes: 2, updatedAt: d('2026-10-08T02:00:00Z') });
    const [l3] = await db.select().from(leads).where(eq(leads.name, 'L3'));
    const [l5] = await db.select().from(leads).where(eq(leads.name, 'L5'));
    const [l6] = await db.select().from(leads).where(eq(leads.name, 'L6'));
    await db.insert(leadActivities).values([
      // Ravi (still under Max then) let L3 pass its first-contact SLA.
      {
        leadId: l3!.id,
        actorId: null,
        kind: 'first_contact_timeout',
        at: d('2026-10-06T05:00:00Z'),
        data: { to: ds.r2 },
      },
      { leadId: l5!.id, actorId: ds.r1, kind: 'declined', at: d('2026-10-08T01:45:00Z') },
      { leadId: l6!.id, actorId: null, kind: 'unclaimed', at: d('2026-10-09T01:05:00Z') },
    ]);
    // Finance's queue: one more exception acknowledged 12 hours before now, one resolved (no longer waiting).
    const txns = await db
      .insert(bankTransactions)
      .values([
        { bankTxnId: 'ds-b3', bookedOn: '2026-11-01', amountMinor: 5, currency: 'CNY' },
        { bankTxnId: 'ds-b4', bookedOn: '2026-10-02', amountMinor: 6, currency: 'CNY' },
      ])
      .returning({ id: bankTransactions.id });
    await db.insert(reconExceptions).values([
      {
        bankTransactionId: txns[0]!.id,
        kind: 'no_reference',
        status: 'acknowledged',
        createdAt: d('2026-11-01T14:00:00Z'),
      },
      {
        bankTransactionId: txns[1]!.id,
        kind: 'no_reference',
        status: 'resolved',
        createdAt: d('2026-10-02T02:00:00Z'),
      },
    ]);
  });
  afterAll(async () => database?.close());

  const funnelBy = async (groupBy: FunnelGroupBy) => {
    const r = await readFunnelReport(deps, await as(ds.director), { period: october, groupBy });
    return {
      r,
      entered: Object.fromEntries(r.groups.map((g) => [g.key ?? '(none)', g.stages[0]?.entered])),
      stages: (key: string) =>
        Object.fromEntries(
          (r.groups.find((g) => g.key === key)?.stages ?? []).map((s) => [
            s.stage,
            { entered: s.entered, movedOn: s.movedOn, lost: s.lost },
          ]),
        ),
    };
  };

  it('funnel by source: each source its own funnel, adding up to the whole', async () => {
    const { r, entered, stages } = await funnelBy('source');
    expect(entered).toEqual({ web: 3, referral: 2, expo: 1 });
    expect(r.groups.map((g) => g.label)).toEqual(['web', 'referral', 'expo']);
    // Web: L1 (won and paid), L2 (lost on price after contact), L6 (lost for no response after claiming).
    expect(stages('web')).toMatchObject({
      new: { entered: 3, movedOn: 3, lost: 0 },
      accepted: { entered: 3, movedOn: 2, lost: 1 },
      contacted: { entered: 2, movedOn: 1, lost: 1 },
      qualified: { entered: 1, movedOn: 1 },
      paid: { entered: 1 },
    });
    // Referral: L3 accepted and sitting, L5 never accepted.
    expect(stages('referral')).toMatchObject({
      new: { entered: 2, movedOn: 1 },
      accepted: { entered: 1, movedOn: 0, lost: 0 },
    });
    // The total is read ungrouped and is the same as without grouping.
    expect(r.total[0]?.entered).toBe(6);
  });

  it('funnel by campaign, region and rule: leads without one form their own group', async () => {
    const campaign = await funnelBy('campaign');
    expect(campaign.entered).toEqual({ '(none)': 4, autumn: 2 });
    expect(campaign.r.groups.find((g) => g.key === null)?.label).toBe('');
    // Autumn: L1 (converted) and L4 (qualified, still there).
    expect(campaign.stages('autumn')).toMatchObject({
      qualified: { entered: 2, movedOn: 1 },
      converted: { entered: 1, movedOn: 1 },
    });
    expect((await funnelBy('region')).entered).toEqual({ '(none)': 3, east: 2, west: 1 });
    const rule = await funnelBy('rule');
    expect(rule.entered).toEqual({ '(none)': 3, 'East manufacturing': 2, 'Everyone else': 1 });
    expect(rule.stages('Everyone else')).toMatchObject({ contacted: { entered: 1, movedOn: 0, lost: 1 } });
  });

  it('KPI: first-contact SLA % and approved order count per level', async () => {
    const r = await readKpiReport(deps, await as(ds.director), { period: october });
    const root = r.tree.figures;
    // Contacted in time: L1, L2 (Rita), L4 (Ravi); L3 breached: 3 of 4.
    expect(root.firstContacts).toBe(3);
    expect(root.firstContactTimeouts).toBe(1);
    expect(root.firstContactSla).toBeCloseTo(0.75, 6);
    expect(root.ordersApproved).toBe(3);
    const m1 = r.tree.children.find((c) => c.id === ds.m1)!;
    const m2 = r.tree.children.find((c) => c.id === ds.m2)!;
    // SO-T-1 (Rita) and SO-T-3 (Ravi, after his move) under Mia; SO-T-2 (Rosa) under Max; SO-T-4 still pending.
    expect(m1.figures.ordersApproved).toBe(2);
    expect(m2.figures.ordersApproved).toBe(1);
    // The breach happened while Ravi reported to Max: it counts there, and Ravi under Mia is at 100 %.
    expect(m2.children.find((c) => c.id === ds.r2)?.figures.firstContactSla).toBe(0);
    expect(m1.children.find((c) => c.id === ds.r2)?.figures.firstContactSla).toBe(1);
    expect(m1.children.find((c) => c.id === ds.r1)?.figures.firstContactSla).toBe(1);
    // Rosa contacted nobody and breached nothing: nothing to measure.
    expect(m2.children.find((c) => c.id === ds.r3)?.figures.firstContactSla).toBeNull();
  });

  it('kpi in chat shows the first-contact SLA and the approved count', async () => {
    const reply = await runTextCommand(deps, await as(ds.director), 'kpi 2026-10-01..2026-10-31');
    const field = (label: string) => reply.card?.fields.find((f) => f.label === label)?.value;
    expect(field('First-contact SLA')).toBe('75%');
    expect(field('Orders approved')).toBe('3 · CNY 1,500.00 + USD 200.00');
  });

  it('process health: re-routes of every kind, the escalated lead, breaches per rep', async () => {
    const r = await readProcessReport(deps, await as(ds.director), { period: october });
    expect(r.breaches).toEqual({ accept: 1, firstContact: 1 });
    // L5's accept breach, L5's decline, L3's first-contact breach; L6 left unclaimed in a channel belongs to no
    // one's tree, so only an org-wide viewer counts it.
    expect(r.reroutes).toBe(3);
    expect((await readProcessReport(deps, await as(ds.finance), { period: october })).reroutes).toBe(4);
    expect(r.escalated).toBe(1);
    const row = (name: string) => r.byRep.find((x) => x.name === name);
    expect(row('Rosa Rep')).toMatchObject({ acceptBreaches: 1, firstContactBreaches: 0, declined: 0 });
    expect(row('Ravi Rep')).toMatchObject({ acceptBreaches: 0, firstContactBreaches: 1, declined: 0 });
    expect(row('Rita Rep')).toMatchObject({ acceptBreaches: 0, firstContactBreaches: 0, declined: 1 });
    // The escalated L5 was offered to Rosa: Max's tree, not Mia's. Ravi's breach came while he reported to Max.
    const max = await readProcessReport(deps, await as(ds.m2), { period: october });
    expect(max.escalated).toBe(1);
    expect(max.byRep.map((x) => x.name)).toEqual(['Ravi Rep', 'Rosa Rep']);
    const mia = await readProcessReport(deps, await as(ds.m1), { period: october });
    expect(mia.escalated).toBe(0);
    expect(mia.byRep.map((x) => x.name)).toEqual(['Rita Rep']);
  });

  it('process health for finance: the exception queue by status, resolved ones left out', async () => {
    const r = await readProcessReport(deps, await as(ds.finance), { period: october });
    expect(r.exceptions).toEqual([
      { status: 'acknowledged', count: 1, oldestHours: 12, olderThanDay: 0 },
      { status: 'open', count: 1, oldestHours: 72, olderThanDay: 1 },
    ]);
    expect((await readProcessReport(deps, await as(ds.m1), { period: october })).exceptions).toBeNull();
  });

  it('a report scoped to a region covers the reps of that region only', async () => {
    const east = { kind: 'region', region: 'EAST' } as const;
    const director = await as(ds.director);
    const funnel = await readFunnelReport(deps, director, { period: october, scope: east });
    expect(funnel.scope).toEqual({ kind: 'region', region: 'east' });
    // Ravi is the east rep: L3 and L4.
    expect(funnel.total[0]?.entered).toBe(2);
    const kpi = await readKpiReport(deps, director, { period: october, scope: east });
    expect(kpi.tree.figures.newLeads).toBe(2);
    expect(kpi.tree.figures.approvedValue).toEqual({ USD: 20_000 });
    const ar = await readReceivablesReport(deps, await as(ds.finance), { period: october, scope: east });
    expect(ar.open).toEqual({ USD: 20_000 });
    expect(ar.overdue).toEqual({});
    const west = await readReceivablesReport(deps, director, {
      period: october,
      scope: { kind: 'region', region: 'west' },
    });
    expect(west.open).toEqual({ CNY: 50_000 });
    // Rosa (west) is not in Mia's tree: for Mia the region has nobody.
    await expect(
      readFunnelReport(deps, await as(ds.m1), { period: october, scope: { kind: 'region', region: 'west' } }),
    ).rejects.toMatchObject({ kind: 'not_found', code: 'report_unknown_region' });
  });
});

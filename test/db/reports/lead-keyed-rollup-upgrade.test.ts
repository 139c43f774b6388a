// Migration 0185 on a database that already holds reports: the summed roll-ups are backfilled with each fact's lead
// source and routing rule, so a source or rule scope reads from them the figures the facts give right after the
// upgrade (and the stage roll-ups are left as they were).
import { eq, inArray, sql } from 'drizzle-orm';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { queryKpiFromFacts } from '../../../src/db/reports/kpi-facts-query.ts';
import { queryKpi } from '../../../src/db/reports/kpi-query.ts';
import { leads, orders } from '../../../src/db/schema.ts';
import type { LeadFilter } from '../../../src/domain/reports/scope.ts';
import { insertDataset } from '../../app/reports/dataset.ts';
import { type DatabaseBefore, databaseBefore } from './migrations-before.ts';
import { expectReceivablesAgree } from './receivables-agree.ts';
import { expectRollUpsMatchFacts } from './rollups-match-facts.ts';

describe('migration 0185 on a database with reports', () => {
  const adminUrl = inject('pgAdminUrl');
  let before: DatabaseBefore | undefined;

  afterAll(async () => before?.close());

  it('keys the KPI and balance roll-ups by lead source and rule, equal to the facts', async () => {
    before = await databaseBefore(adminUrl, 185);
    const { database } = before;
    const ds = await insertDataset(database);
    const db = database.db;
    await db
      .update(leads)
      .set({ routingRule: 'East everything else' })
      .where(inArray(leads.name, ['L1', 'L3']));
    const [l3] = await db.select({ id: leads.id }).from(leads).where(eq(leads.name, 'L3'));
    await db.update(orders).set({ leadId: l3!.id }).where(eq(orders.number, 'SO-T-2'));
    const stagesBefore = await db.execute<{ n: number }>(
      sql`select count(*)::int as n from report_lead_stages`,
    );
    await before.upgrade();

    await expectRollUpsMatchFacts(db);
    const filters: LeadFilter[] = [
      { kind: 'source', value: 'web' },
      { kind: 'source', value: 'expo' },
      { kind: 'rule', value: 'East everything else' },
    ];
    const october = {
      from: new Date('2026-09-30T16:00:00Z'),
      to: new Date('2026-10-31T16:00:00Z'),
      asOf: new Date('2026-11-02T02:00:00Z'),
      today: '2026-11-02',
      scope: { kind: 'org' } as const,
    };
    for (const leads of filters) {
      const kpi = await queryKpi(db, { ...october, leads });
      expect(kpi.length, `${leads.kind}:${leads.value}`).toBeGreaterThan(0);
      expect(new Set(kpi.map((r) => JSON.stringify(r)))).toEqual(
        new Set((await queryKpiFromFacts(db, { ...october, leads })).map((r) => JSON.stringify(r))),
      );
      await expectReceivablesAgree(
        db,
        { ...october, leads, fromDay: '2026-10-01', toDay: '2026-11-30' },
        leads.value,
      );
    }
    // SO-T-1 (from L1, routed by "East everything else") is in the rule's approved figures.
    const east = await queryKpi(db, { ...october, leads: filters[2] });
    expect(east.filter((r) => r.metric === 'approved' && r.ownerId === ds.r1).map((r) => r.sum)).toEqual([
      100_000,
    ]);
    const stagesAfter = await db.execute<{ n: number }>(
      sql`select count(*)::int as n from report_lead_stages`,
    );
    expect(stagesAfter.rows[0]?.n).toBe(stagesBefore.rows[0]?.n);
  });
});

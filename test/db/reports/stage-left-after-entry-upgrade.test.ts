// Migration 0200 on a database whose stage roll-ups hold a stage left before it was entered (an order linked to a lead
// created after it): those leads' stage rows and day roll-ups are recomputed and equal the facts again.
import { eq, sql } from 'drizzle-orm';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { queryFunnelFromFacts } from '../../../src/db/reports/funnel-facts-query.ts';
import { queryFunnel } from '../../../src/db/reports/funnel-query.ts';
import { leads, orders } from '../../../src/db/schema.ts';
import { insertDataset } from '../../app/reports/dataset.ts';
import { type DatabaseBefore, databaseBefore } from './migrations-before.ts';
import { expectRollUpsMatchFacts } from './rollups-match-facts.ts';

describe('migration 0200 on a database with reports', () => {
  const adminUrl = inject('pgAdminUrl');
  let before: DatabaseBefore | undefined;

  afterAll(async () => before?.close());

  it('recomputes the stages left before they were entered, equal to the facts', async () => {
    before = await databaseBefore(adminUrl, 200);
    const { database } = before;
    await insertDataset(database);
    const db = database.db;
    const [l4] = await db.select({ id: leads.id }).from(leads).where(eq(leads.name, 'L4'));
    await db.update(orders).set({ leadId: l4!.id }).where(eq(orders.number, 'SO-T-2'));
    const backwards = sql`select count(*)::int as n from report_lead_stages where left_at < entered_at`;
    expect((await db.execute<{ n: number }>(backwards)).rows[0]?.n).toBe(4);
    await before.upgrade();

    expect((await db.execute<{ n: number }>(backwards)).rows[0]?.n).toBe(0);
    await expectRollUpsMatchFacts(db);
    // The week after the order: the lead's stages as the facts give them (new left an hour later, when accepted).
    const q = {
      from: new Date('2026-10-15T16:00:00Z'),
      to: new Date('2026-10-22T16:00:00Z'),
      asOf: new Date('2026-10-22T15:59:59.999Z'),
      groupBy: 'none' as const,
      scope: { kind: 'org' as const },
    };
    const funnel = await queryFunnel(db, q);
    expect(funnel).toEqual(await queryFunnelFromFacts(db, q));
    expect(funnel.find((r) => r.stage === 'new')).toMatchObject({ movedOn: 1, medianSeconds: 3600 });
  });
});

// Migration 0125 on a database that already holds receivables: the balance roll-ups it reshapes are backfilled from the
// facts (and only those), so the dashboard reads the same figures the facts give right after the upgrade.

import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { insertDataset } from '../../app/reports/dataset.ts';
import { type DatabaseBefore, databaseBefore } from './migrations-before.ts';
import { expectReceivablesAgree } from './receivables-agree.ts';

describe('migration 0125 on a database with receivables', () => {
  const adminUrl = inject('pgAdminUrl');
  let before: DatabaseBefore | undefined;

  afterAll(async () => before?.close());

  it('backfills open balances by customer and what fell due, equal to the facts', async () => {
    before = await databaseBefore(adminUrl, 125);
    const { database } = before;
    await insertDataset(database);
    const stagesBefore = await database.db.execute<{ n: number }>(
      sql`select count(*)::int as n from report_lead_stages`,
    );
    await before.upgrade();

    const db = database.db;
    for (const today of ['2026-10-20', '2026-11-02']) {
      const q = { today, asOf: new Date('2026-11-02T02:17:00Z'), scope: { kind: 'org' } as const };
      const { open, due } = await expectReceivablesAgree(
        db,
        { ...q, fromDay: '2026-10-01', toDay: '2026-11-30' },
        today,
      );
      expect(open.some((r) => r.by === 'customer')).toBe(true);
      expect(due.length).toBeGreaterThan(0);
    }
    const stagesAfter = await db.execute<{ n: number }>(
      sql`select count(*)::int as n from report_lead_stages`,
    );
    expect(stagesAfter.rows[0]?.n).toBe(stagesBefore.rows[0]?.n);
  });
});

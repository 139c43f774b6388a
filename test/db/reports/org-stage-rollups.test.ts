// The org funnel's week and hour roll-ups (migration 0180) against the stage rows they summarise, through the deltas a
// live system writes, a compaction and a rebuild; and several funnels asked in one statement (a period, its total, the
// baseline) answering each as it does alone.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compactReportRollups } from '../../../src/db/reports/compact-rollups.ts';
import { type FunnelQuery, queryFunnel, queryFunnels } from '../../../src/db/reports/funnel-query.ts';
import { leads, orders } from '../../../src/db/schema.ts';
import { insertDataset } from '../../app/reports/dataset.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';

const d = (iso: string) => new Date(iso);

describe('the org funnel roll-ups by week and hour', () => {
  let database: TestDatabase;
  let m1: string;

  // Rows per key that differ between a roll-up (`table`, keyed by `bucket`) and the stage rows counted afresh.
  const differing = async (table: 'report_org_stage_weeks' | 'report_org_stage_hours') => {
    const bucket =
      table === 'report_org_stage_weeks'
        ? sql`date_trunc('week', f.entered_at at time zone 'UTC')::date`
        : sql`date_trunc('hour', f.entered_at, 'UTC')`;
    const column = sql.raw(table === 'report_org_stage_weeks' ? 'week' : 'hour');
    const r = await database.db.execute<{ n: number }>(sql`
      with kept as (
        select ${column} as bucket, stage, lost_reason, seconds, sum(entered) as e, sum(moved) as m, sum(lost) as l
        from ${sql.raw(table)} group by 1, 2, 3, 4 having sum(entered) <> 0 or sum(moved) <> 0 or sum(lost) <> 0
      ),
      fresh as (
        select ${bucket} as bucket, f.stage, o.reason, o.seconds, count(*)::numeric as e, sum(o.moved)::numeric as m,
          sum(o.lost)::numeric as l
        from report_lead_stage_facts f,
          lateral report_stage_outcome(f.entered_at, f.left_at, f.lost_at, f.lost_reason, 'infinity') o
        group by 1, 2, 3, 4
      )
      select (select count(*) from ((select * from kept except all select * from fresh)
        union all (select * from fresh except all select * from kept)) x)::int as n`);
    return r.rows[0]?.n;
  };

  const expectRollupsMatch = async () => {
    expect(await differing('report_org_stage_weeks')).toBe(0);
    expect(await differing('report_org_stage_hours')).toBe(0);
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    m1 = (await insertDataset(database)).m1;
  });
  afterAll(async () => database?.close());

  it('hold the stage rows through later changes, a compaction and a rebuild', async () => {
    await expectRollupsMatch();
    const db = database.db;
    const l5 = (await db.select({ id: leads.id }).from(leads).where(eq(leads.name, 'L5')))[0]!.id;
    await db.update(leads).set({ status: 'lost' }).where(eq(leads.id, l5));
    await db
      .update(orders)
      .set({ status: 'rejected', decidedAt: d('2026-10-29T02:00:00Z') })
      .where(eq(orders.number, 'SO-T-4'));
    await expectRollupsMatch();
    await compactReportRollups(db);
    await expectRollupsMatch();
    // Folded to one row per key.
    const keys = await db.execute<{ rows: number; keys: number }>(sql`
      select (select count(*) from report_org_stage_weeks)::int + (select count(*) from report_org_stage_hours)::int
          as rows,
        (select count(distinct (week, stage, lost_reason, seconds)) from report_org_stage_weeks)::int
          + (select count(distinct (hour, stage, lost_reason, seconds)) from report_org_stage_hours)::int as keys`);
    expect(keys.rows[0]?.rows).toBe(keys.rows[0]?.keys);
    await db.execute(sql`delete from report_org_stage_weeks; delete from report_org_stage_hours`);
    await db.execute(sql`select report_rebuild_all()`);
    await expectRollupsMatch();
  });

  it('answer several funnels in one statement as each alone', async () => {
    // October on the Shanghai calendar grouped by rep, its total, and trailing windows ending mid-hour (the baseline).
    const october = {
      from: d('2026-09-30T16:00:00Z'),
      to: d('2026-10-31T16:00:00Z'),
      asOf: d('2026-10-31T15:59:59.999Z'),
    };
    const org = { kind: 'org' } as const;
    const asked: FunnelQuery[] = [
      { ...october, groupBy: 'rep', scope: { kind: 'tree', rootId: m1, memberIds: [m1] } },
      { ...october, groupBy: 'none', scope: org },
      {
        from: d('2026-08-02T02:17:00Z'),
        to: d('2026-10-31T02:17:00Z'),
        asOf: d('2026-10-31T02:17:00Z'),
        groupBy: 'none',
        scope: org,
      },
      {
        from: d('2026-10-12T05:00:00Z'),
        to: d('2026-10-20T00:00:00Z'),
        asOf: d('2026-10-25T00:00:00Z'),
        groupBy: 'none',
        scope: org,
      },
      // October as of the 20th and its trailing 90 days: one "as of", with stage rows that closed after it.
      { ...october, asOf: d('2026-10-20T12:00:00Z'), groupBy: 'none', scope: org },
      {
        from: d('2026-07-22T12:00:00Z'),
        to: d('2026-10-20T12:00:00Z'),
        asOf: d('2026-10-20T12:00:00Z'),
        groupBy: 'none',
        scope: org,
      },
    ];
    const together = await queryFunnels(database.db, asked);
    const alone = [];
    for (const q of asked) alone.push(await queryFunnel(database.db, q));
    const sorted = (rows: Awaited<ReturnType<typeof queryFunnel>>) =>
      [...rows].sort((a, b) => `${a.key}|${a.stage}`.localeCompare(`${b.key}|${b.stage}`));
    expect(together.map(sorted)).toEqual(alone.map(sorted));
    expect(together[1]?.length).toBeGreaterThan(0);
  });
});

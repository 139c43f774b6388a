// The 8-week trend of approved order value narrowed to a lead source, over the database, by hand: two web leads' orders,
// one expo lead's and one made from no lead, on org-local (Asia/Shanghai) days; /dashboard's trend under source=web.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserActor } from '../../../src/app/commands/types.ts';
import type { AppDeps } from '../../../src/app/deps.ts';
import { readKpiReport } from '../../../src/app/reports/read-kpi-report.ts';
import { readWeeklyTrend } from '../../../src/app/reports/read-weekly-trend.ts';
import { customers } from '../../../src/db/schema.ts';
import { testClock } from '../../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { testDeps } from '../../helpers/deps.ts';
import { webServer } from '../../http/auth/fixture.ts';
import { insertTeam } from './team.ts';

// Thursday 5 November, 10:00 in Shanghai: the 8 weeks start on Monday 14 September.
const now = '2026-11-05T02:00:00Z';

describe('the weekly trend under a source', () => {
  let database: TestDatabase;
  let deps: AppDeps;
  let actor: UserActor;

  beforeAll(async () => {
    database = await createTestDatabase();
    const { boss, reps } = await insertTeam(database, [{ email: 'rita@example.com', name: 'Rita' }]);
    const [acme] = await database.db
      .insert(customers)
      .values({ name: 'Acme', normalizedName: 'acme', currency: 'CNY' })
      .returning({ id: customers.id });
    // Orders (lead's source, approved at, currency, value in minor units):
    //   web  14 Sep 04:00 local (13 Sep 20:00Z): 7,000 — the first week's first hours
    //   web  13 Sep 23:00 local (13 Sep 15:00Z): 9,000 — the day before the 8 weeks
    //   web  27 Oct 10:00 local: 50,000 · expo 27 Oct 11:00 local: 30,000 · web 3 Nov: 100,000
    //   no lead 3 Nov: 20,000 · web 3 Nov in USD: 4,000 (not the org currency)
    await database.pool.query(
      `with o(n, source, at, currency, minor) as (values
         (1, 'web', timestamptz '2026-09-13 20:00Z', 'CNY', 7000),
         (2, 'web', timestamptz '2026-09-13 15:00Z', 'CNY', 9000),
         (3, 'web', timestamptz '2026-10-27 02:00Z', 'CNY', 50000),
         (4, 'expo', timestamptz '2026-10-27 03:00Z', 'CNY', 30000),
         (5, 'web', timestamptz '2026-11-03 02:00Z', 'CNY', 100000),
         (6, null, timestamptz '2026-11-03 02:00Z', 'CNY', 20000),
         (7, 'web', timestamptz '2026-11-03 03:00Z', 'USD', 4000)),
       made as (
         insert into leads (name, source, status, owner_id, created_at, updated_at)
         select 'L' || n, source, 'converted', $1::uuid, at - interval '1 day', at from o where source is not null
         returning id, name
       )
       insert into orders (number, customer_id, lead_id, owner_id, status, currency, total_minor, payment_plan,
         submitted_at, decided_at, created_at, updated_at)
       select 'SO-' || o.n, $2::uuid, m.id, $1::uuid, 'approved', o.currency, o.minor, 'custom',
         o.at - interval '1 hour', o.at, o.at - interval '1 hour', o.at
       from o left join made m on m.name = 'L' || o.n`,
      [reps[0], acme!.id],
    );
    deps = testDeps(database, { clock: testClock(now) });
    actor = { kind: 'user', user: boss };
  });
  afterAll(async () => database?.close());

  const values = async (scope?: Parameters<typeof readWeeklyTrend>[2]) =>
    (await readWeeklyTrend(deps, actor, scope)).weeks.map((w) => w.approvedValue);

  it('counts only the orders made from the source’s leads, week by org-local week', async () => {
    const trend = await readWeeklyTrend(deps, actor, { scope: { kind: 'source', source: 'web' } });
    expect(trend.weeks.map((w) => w.from)).toEqual([
      '2026-09-14',
      '2026-09-21',
      '2026-09-28',
      '2026-10-05',
      '2026-10-12',
      '2026-10-19',
      '2026-10-26',
      '2026-11-02',
    ]);
    expect(trend.weeks.map((w) => w.approvedValue)).toEqual([7000, 0, 0, 0, 0, 0, 50000, 100000]);
    expect(await values({ scope: { kind: 'source', source: 'expo' } })).toEqual([0, 0, 0, 0, 0, 0, 30000, 0]);
    // Unscoped: every order of the team, the one made from no lead too.
    expect(await values()).toEqual([7000, 0, 0, 0, 0, 0, 80000, 120000]);
  });

  it('a week’s point is that week’s KPI table under the same scope', async () => {
    const kpi = await readKpiReport(deps, actor, {
      period: { kind: 'range', from: '2026-10-26', to: '2026-11-01' },
      scope: { kind: 'source', source: 'web' },
    });
    expect(kpi.tree.figures.approvedValue).toEqual({ CNY: 50000 });
  });

  it('/dashboard under source=web draws the web leads’ trend (it drew every order before)', async () => {
    const app = await webServer(deps);
    try {
      const res = await app.inject({
        method: 'GET',
        url: `/dashboard/api/report?as=${actor.user.id}&period=month&source=web`,
      });
      expect(res.statusCode).toBe(200);
      const body = res.json() as { trend: { approvedValue: number }[]; charts: { trend: { alt: string } } };
      expect(body.trend.map((w) => w.approvedValue)).toEqual([7000, 0, 0, 0, 0, 0, 50000, 100000]);
      expect(body.charts.trend.alt).toContain('10-26 CNY 500.00, 11-02 CNY 1,000.00');
    } finally {
      await app.close();
    }
  });
});

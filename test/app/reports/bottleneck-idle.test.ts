// The funnel's bottleneck in words: a time-in-stage bottleneck when no conversion fell (pure), and over the database
// the "N leads idle > 5 days, most with X" sentence the `funnel` reply leads with, counted from leads really sitting
// in the bottleneck stage untouched.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTextCommand } from '../../../src/app/commands/run-text-command.ts';
import type { AppDeps } from '../../../src/app/deps.ts';
import { readFunnelReport } from '../../../src/app/reports/read-funnel-report.ts';
import { users } from '../../../src/db/schema.ts';
import { findBottleneck } from '../../../src/domain/reports/bottleneck.ts';
import { completeStages, type FunnelStage } from '../../../src/domain/reports/funnel.ts';
import { bottleneckSentence } from '../../../src/messages/catalogue/reports.ts';
import { testClock } from '../../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { testDeps } from '../../helpers/deps.ts';
import { insertTeam } from './team.ts';

const stage = (s: FunnelStage, entered: number, movedOn: number, medianHours: number) => ({
  stage: s,
  entered,
  movedOn,
  lost: 0,
  medianSeconds: medianHours * 3600,
  p90Seconds: medianHours * 3600,
  lostReasons: {},
});

describe('time-in-stage bottleneck', () => {
  // A month judged against the 90 days before it: no entrant's age in question (no ages: the rates as they are).
  const month = new Map();
  const base = completeStages([stage('accepted', 200, 180, 2), stage('contacted', 100, 50, 24)]);

  it('with every conversion holding, the stage whose median time rose most (at least 1.5×) is named', () => {
    // Accepted took 2 h → 3 h (1.5×), contacted 24 h → 72 h (3×): contacted wins.
    const now = completeStages([stage('accepted', 20, 18, 3), stage('contacted', 10, 5, 72)]);
    const b = findBottleneck(now, base, month);
    expect(b).toEqual({ stage: 'contacted', next: 'qualified', kind: 'time', current: 72, baseline: 24 });
    expect(bottleneckSentence(b, { count: 12, days: 5, topOwner: { name: '张伟', count: 7 } }, 'en')).toBe(
      'Time in contacted rose to 3d from 24h (median, trailing 90 days). 12 leads idle > 5 days, most with 张伟.',
    );
    expect(
      bottleneckSentence(b, { count: 12, days: 5, topOwner: { name: '张伟', count: 7 } }, 'zh-CN'),
    ).toMatch(/张伟/);
  });

  it('a slowdown under 1.5×, or in a stage too small to judge, is no bottleneck; a conversion drop beats a slowdown', () => {
    expect(findBottleneck(completeStages([stage('contacted', 10, 5, 35)]), base, month)).toBeNull();
    expect(findBottleneck(completeStages([stage('contacted', 4, 2, 72)]), base, month)).toBeNull();
    const both = completeStages([stage('accepted', 20, 10, 2), stage('contacted', 10, 5, 72)]);
    expect(findBottleneck(both, base, month)).toMatchObject({ stage: 'accepted', kind: 'conversion' });
  });
});

describe('idle leads in the bottleneck stage, over the database', () => {
  let database: TestDatabase;
  let deps: AppDeps;

  beforeAll(async () => {
    database = await createTestDatabase();
    const {
      reps: [zhang, amy],
    } = await insertTeam(database, [
      { email: 'zhang@example.com', name: '张伟' },
      { email: 'amy@example.com', name: 'Amy' },
    ]);
    // August: 10 leads accepted within the hour and contacted the next day (the trailing-90-day rate: 12 of 16).
    // October: 6 leads accepted; 2 contacted, 4 left sitting since 5 October (3 with 张伟, 1 with Amy).
    await database.pool.query(
      `with made as (
         insert into leads (name, status, stage, owner_id, created_at, updated_at)
         select 'Aug ' || g, 'accepted', 'contacted', $1::uuid, timestamptz '2026-08-10 02:00Z', timestamptz '2026-08-11 02:00Z'
         from generate_series(1, 10) g
         union all
         select 'Oct moved ' || g, 'accepted', 'contacted', $2::uuid, timestamptz '2026-10-05 02:00Z', timestamptz '2026-10-06 02:00Z'
         from generate_series(1, 2) g
         union all
         select 'Oct idle ' || g, 'accepted', null, case when g <= 3 then $1::uuid else $2::uuid end,
           timestamptz '2026-10-05 02:00Z', timestamptz '2026-10-05 03:00Z'
         from generate_series(1, 4) g
         returning id, owner_id, created_at, stage
       )
       insert into lead_activities (lead_id, actor_id, kind, created_at, data)
       select id, owner_id, 'accepted', created_at + interval '1 hour', null from made
       union all
       select id, owner_id, 'stage', created_at + interval '1 day', '{"from":"accepted","to":"contacted"}'::jsonb
       from made where stage = 'contacted'`,
      [zhang, amy],
    );
    deps = testDeps(database, { clock: testClock('2026-11-02T02:00:00Z') });
  });
  afterAll(async () => database?.close());

  it('names the stage whose conversion fell, how many leads sit in it untouched, and who holds most', async () => {
    const [boss] = await database.db.select().from(users).where(eq(users.email, 'boss@example.com'));
    const actor = { kind: 'user', user: boss! } as const;
    const r = await readFunnelReport(deps, actor, {
      period: { kind: 'range', from: '2026-10-01', to: '2026-10-31' },
    });
    expect(r.bottleneck).toMatchObject({ stage: 'accepted', next: 'contacted', kind: 'conversion' });
    expect(r.bottleneck?.current).toBeCloseTo(2 / 6, 6);
    expect(r.bottleneck?.baseline).toBeCloseTo(12 / 16, 6);
    expect(r.idle).toEqual({ count: 4, days: 5, topOwner: { name: '张伟', count: 3 } });
    const reply = await runTextCommand(deps, actor, 'funnel 2026-10-01..2026-10-31');
    expect(reply.card?.body?.split('\n')[0]).toBe(
      '**accepted → contacted fell to 33.3% from 75% (trailing 90 days). 4 leads idle > 5 days, most with 张伟.**',
    );
  });
});

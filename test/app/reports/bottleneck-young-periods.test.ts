// Over the database: with payment taking 20 days, the month-to-date funnel and the daily digest no longer blame
// "approved → paid in full" for orders approved three days ago, and still name the fast stage that really fell.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTextCommand } from '../../../src/app/commands/run-text-command.ts';
import type { UserActor } from '../../../src/app/commands/types.ts';
import type { AppDeps } from '../../../src/app/deps.ts';
import { readDigest } from '../../../src/app/reports/read-digest.ts';
import { readFunnelReport } from '../../../src/app/reports/read-funnel-report.ts';
import { queryEntrantsBefore } from '../../../src/db/reports/entrant-ages-query.ts';
import { customers } from '../../../src/db/schema.ts';
import { testClock } from '../../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { testDeps } from '../../helpers/deps.ts';
import { insertTeam } from './team.ts';

describe('the bottleneck of a young period, over the database', () => {
  let database: TestDatabase;
  let deps: AppDeps;
  let actor: UserActor;

  beforeAll(async () => {
    database = await createTestDatabase();
    const db = database.db;
    const {
      boss,
      reps: [rep],
    } = await insertTeam(database, [{ email: 'rita@example.com', name: 'Rita' }]);
    const [acme] = await db
      .insert(customers)
      .values({ name: 'Acme', normalizedName: 'acme', currency: 'CNY' })
      .returning({ id: customers.id });
    // September: 10 leads accepted in an hour, ordered the next hour, approved the hour after and paid in full 20 days
    // later. November (2nd): 8 leads the same way, 6 orders approved and not yet due, 2 still waiting for approval.
    // Converted → approved: 16 of 18 over 90 days (88.9 %), 6 of 8 this month (75 %). Approved → paid: 10 of 16
    // (62.5 %, every payment 20 days), 0 of 6 this month: 3 days old, younger than the 20-day median.
    await database.pool.query(
      `with made as (
         insert into leads (name, status, owner_id, created_at, updated_at)
         select 'Sep ' || g, 'converted', $1::uuid, timestamptz '2026-09-01 02:00Z', timestamptz '2026-09-01 02:00Z'
         from generate_series(1, 10) g
         union all
         select 'Nov ' || g, 'converted', $1::uuid, timestamptz '2026-11-02 02:00Z', timestamptz '2026-11-02 02:00Z'
         from generate_series(1, 8) g
         returning id, owner_id, created_at, name
       ),
       accepted as (
         insert into lead_activities (lead_id, actor_id, kind, created_at)
         select id, owner_id, 'accepted', created_at + interval '1 hour' from made
       ),
       ordered as (
         insert into orders (number, customer_id, lead_id, owner_id, status, currency, total_minor, payment_plan,
           submitted_at, decided_at, created_at, updated_at)
         select 'SO-' || name, $2::uuid, id, owner_id,
           case when name in ('Nov 7', 'Nov 8') then 'pending_approval' else 'approved' end, 'CNY', 100000, 'custom',
           created_at + interval '2 hours',
           case when name in ('Nov 7', 'Nov 8') then null else created_at + interval '3 hours' end,
           created_at + interval '2 hours', created_at + interval '3 hours'
         from made
         returning id, created_at, number, status
       )
       insert into installments (order_id, position, label, due_on, amount_minor, currency, paid_minor, paid_at)
       select id, 1, 'All', (created_at + interval '20 days')::date, 100000, 'CNY',
         case when number like 'SO-Sep%' then 100000 else 0 end,
         case when number like 'SO-Sep%' then created_at + interval '1 hour' + interval '20 days' end
       from ordered where status = 'approved'`,
      [rep, acme!.id],
    );
    deps = testDeps(database, { clock: testClock('2026-11-05T02:00:00Z') });
    actor = { kind: 'user', user: boss };
  });
  afterAll(async () => database?.close());

  it('month to date names converted → approved, not paid in full', async () => {
    const r = await readFunnelReport(deps, actor, {
      period: { kind: 'month', from: '2026-11-01', to: '2026-11-05' },
    });
    const approved = r.total.find((s) => s.stage === 'approved');
    expect(approved).toMatchObject({ entered: 6, movedOn: 0, conversion: 0 });
    expect(r.baseline.find((s) => s.stage === 'approved')).toMatchObject({ entered: 16, movedOn: 10 });
    expect(r.bottleneck).toMatchObject({
      stage: 'converted',
      next: 'approved',
      kind: 'conversion',
      current: 0.75,
    });
    expect(r.bottleneck?.baseline).toBeCloseTo(16 / 18, 9);
    const reply = await runTextCommand(deps, actor, 'funnel month');
    const sentence = reply.card?.body?.split('\n')[0];
    expect(sentence).toBe('**converted → order approved fell to 75% from 88.9% (trailing 90 days).**');
    expect(sentence).not.toContain('paid in full');
  });

  it('the daily digest’s week does not name paid in full either', async () => {
    const view = await readDigest(deps, actor, 'daily', '2026-11-05');
    expect(view.bottleneck).toMatchObject({ stage: 'converted', next: 'approved', kind: 'conversion' });
    const body = (await runTextCommand(deps, actor, 'digest')).card?.body ?? '';
    expect(body).toContain('converted → order approved fell to 75% from 88.9%');
    expect(body).not.toContain('paid in full');
  });
});

describe('entrants counted by age, over the database', () => {
  let database: TestDatabase;
  let rep = '';

  beforeAll(async () => {
    database = await createTestDatabase();
    const team = await insertTeam(database, [{ email: 'rita@example.com', name: 'Rita' }]);
    rep = team.reps[0] ?? '';
    // 3 leads on 1 September 02:00, 2 on 2 November 02:00 and 1 on 2 November 20:00 (UTC); each accepted an hour later.
    await database.pool.query(
      `with made as (
         insert into leads (name, status, owner_id, created_at, updated_at)
         select 'L' || g, 'accepted', $1::uuid, at, at
         from (values (1, timestamptz '2026-09-01 02:00Z'), (2, timestamptz '2026-09-01 02:00Z'),
           (3, timestamptz '2026-09-01 02:00Z'), (4, timestamptz '2026-11-02 02:00Z'),
           (5, timestamptz '2026-11-02 02:00Z'), (6, timestamptz '2026-11-02 20:00Z')) v(g, at)
         returning id, owner_id, created_at
       )
       insert into lead_activities (lead_id, actor_id, kind, created_at)
       select id, owner_id, 'accepted', created_at + interval '1 hour' from made`,
      [rep],
    );
  });
  afterAll(async () => database?.close());

  it('reads whole days from the roll-ups and the ragged ends from the stage rows, in each window’s scope', async () => {
    const at = (iso: string) => new Date(iso);
    const cuts = [
      // Whole days 1 Sep – 1 Nov, then 2 Nov before 02:00:00.001: 5.
      { stage: 'new' as const, before: at('2026-11-02T02:00:00.001Z') },
      // Every entrant of 'new' up to 3 Nov: 6; of 'accepted' before 2 Nov 20:59: 5.
      { stage: 'new' as const, before: at('2026-11-03T00:00:00Z') },
      { stage: 'accepted' as const, before: at('2026-11-02T20:59:00Z') },
      // Before the window starts: none.
      { stage: 'new' as const, before: at('2026-08-01T00:00:00Z') },
    ];
    const counts = await queryEntrantsBefore(database.db, [
      { from: at('2026-08-07T02:00:00Z'), scope: { kind: 'org' }, cuts },
      // From 2 Nov 01:00 (ragged, no whole day before the cut at 02:00:00.001): 2; to 3 Nov: 3; accepted: 2.
      { from: at('2026-11-02T01:00:00Z'), scope: { kind: 'owners', ownerIds: [rep] }, cuts },
      // Someone else's leads: none.
      { from: at('2026-08-07T02:00:00Z'), scope: { kind: 'owners', ownerIds: [randomUUID()] }, cuts },
    ]);
    expect(counts).toEqual([
      [5, 6, 5, 0],
      [2, 3, 2, 0],
      [0, 0, 0, 0],
    ]);
  });
});

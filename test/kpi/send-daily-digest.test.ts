import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dailyDigestJob } from '../../jobs/daily-digest.ts';
import { sendDailyDigest } from '../../src/app/kpi/send-daily-digest.ts';
import { openDatabase } from '../../src/db/client.ts';
import { allocations, bankTransactions, leads, users } from '../../src/db/schema.ts';
import { insertOrder, insertTeam, outboxRows, type Team } from '../collections/fixtures.ts';
import { testClock } from '../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { testDeps } from '../helpers/deps.ts';

describe('sendDailyDigest', () => {
  let database: TestDatabase;
  let team: Team;
  let berlinManager: string;
  const clock = testClock('2026-11-03T00:30:00Z');
  let deps: ReturnType<typeof testDeps>;

  beforeAll(async () => {
    database = await createTestDatabase();
    deps = testDeps(database, { clock });
    team = await insertTeam(database);
    const [berlin] = await database.db
      .insert(users)
      .values({
        email: 'berlin@example.com',
        name: 'Berlin Manager',
        roles: ['manager'],
        timezone: 'Europe/Berlin',
      })
      .returning();
    berlinManager = berlin!.id;
    const d = (iso: string) => new Date(iso);
    await database.db.insert(leads).values([
      {
        name: 'in SLA',
        ownerId: team.rep.id,
        status: 'accepted',
        createdAt: d('2026-11-02T03:00:00Z'),
        offeredAt: d('2026-11-02T03:00:00Z'),
        acceptedAt: d('2026-11-02T03:10:00Z'),
      },
      {
        name: 'late',
        ownerId: team.rep2.id,
        status: 'accepted',
        createdAt: d('2026-11-02T04:00:00Z'),
        offeredAt: d('2026-11-02T04:00:00Z'),
        acceptedAt: d('2026-11-02T04:30:00Z'),
      },
      { name: 'offered', offeredToId: team.rep.id, status: 'offered', createdAt: d('2026-11-02T05:00:00Z') },
      {
        name: 'not my team',
        ownerId: team.outsider.id,
        status: 'accepted',
        createdAt: d('2026-11-02T05:00:00Z'),
      },
      { name: 'old', ownerId: team.rep.id, status: 'accepted', createdAt: d('2026-10-30T05:00:00Z') },
    ]);
    const base = { customerId: team.customer.id };
    await insertOrder(database, {
      ...base,
      number: 'SO-2026-00001',
      ownerId: team.rep.id,
      decidedAt: d('2026-11-02T06:00:00Z'),
      parts: [
        { dueOn: '2026-10-20', amountMinor: 60_000 },
        { dueOn: '2026-12-01', amountMinor: 90_000 },
      ],
    });
    const rep2Order = await insertOrder(database, {
      ...base,
      number: 'SO-2026-00002',
      ownerId: team.rep2.id,
      parts: [{ dueOn: '2026-11-01', amountMinor: 20_000, paidMinor: 5_000 }],
    });
    await insertOrder(database, {
      ...base,
      number: 'SO-2026-00003',
      ownerId: team.outsider.id,
      decidedAt: d('2026-11-02T06:00:00Z'),
      parts: [{ dueOn: '2026-10-01', amountMinor: 77_700 }],
    });
    const [txn] = await database.db
      .insert(bankTransactions)
      .values({
        bankTxnId: 'B1',
        bookedOn: '2026-11-02',
        amountMinor: 5_000,
        currency: 'CNY',
        status: 'matched',
      })
      .returning();
    await database.db.insert(allocations).values({
      bankTransactionId: txn!.id,
      installmentId: rep2Order.installmentIds[0]!,
      amountMinor: 5_000,
      kind: 'auto',
      createdBy: 'test',
      createdAt: d('2026-11-02T08:00:00Z'),
    });
  });

  afterAll(async () => {
    await database.close();
  });

  it('waits for the digest time in the manager’s zone', async () => {
    expect(await sendDailyDigest(deps)).toEqual({ sent: [] });
    expect(await outboxRows(database, 'digest:')).toEqual([]);
  });

  it('at 09:00 Shanghai: one digest to the manager with the team’s numbers, even from two workers at once', async () => {
    clock.set('2026-11-03T01:00:00Z');
    const second = openDatabase(database.url, 3);
    try {
      const [a, b] = await Promise.all([sendDailyDigest(deps), sendDailyDigest({ ...deps, db: second.db })]);
      expect([...a.sent, ...b.sent]).toEqual([team.manager.id]);
    } finally {
      await second.close();
    }
    const cards = await outboxRows(database, 'digest:');
    expect(cards.map((c) => [c.destination, c.refKey])).toEqual([
      [`user:${team.manager.id}`, `digest:${team.manager.id}:2026-11-03`],
    ]);
    const card = cards[0]!.card;
    expect(card.title).toBe('Team digest for 2026-11-03');
    expect(card.body).toBe('Your team of 2 over the last 24 hours.');
    expect(card.fields).toEqual([
      { label: 'New leads', value: '3' },
      { label: 'Accepted within SLA (15 min)', value: '1 of 2' },
      { label: 'Orders approved', value: '1 · CNY 1,500.00' },
      { label: 'Collected', value: 'CNY 50.00' },
      { label: 'Overdue now', value: 'CNY 750.00 (2 installments)' },
    ]);
    const runs = await database.pool.query('select manager_id, day::text as day from digest_runs');
    expect(runs.rows).toEqual([{ manager_id: team.manager.id, day: '2026-11-03' }]);
  });

  it('later the same day: nothing more; 09:00 Berlin: the Berlin manager’s (empty) digest', async () => {
    clock.set('2026-11-03T07:59:00Z');
    expect(await dailyDigestJob.run(deps)).toEqual({ sent: [] });
    clock.set('2026-11-03T08:00:00Z');
    expect(await dailyDigestJob.run(deps)).toEqual({ sent: [berlinManager] });
    const berlin = await outboxRows(database, `digest:${berlinManager}`);
    expect(berlin[0]?.card.body).toContain('汇报');
    expect(berlin[0]?.card.fields[0]).toEqual({ label: '新线索', value: '0' });
  });

  it('the next morning: a new digest for the new day', async () => {
    clock.set('2026-11-04T01:05:00Z');
    expect(await sendDailyDigest(deps)).toEqual({ sent: [team.manager.id] });
    const runs = await database.pool.query(
      'select day::text as day from digest_runs where manager_id = $1 order by day',
      [team.manager.id],
    );
    expect(runs.rows.map((r) => r.day)).toEqual(['2026-11-03', '2026-11-04']);
  });
});

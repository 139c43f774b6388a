import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendDunningReminders } from '../../src/app/collections/send-dunning-reminders.ts';
import { recordReceipt } from '../../src/app/reconcile/record-receipt.ts';
import { requireUser } from '../../src/app/roster/find-user.ts';
import { openDatabase } from '../../src/db/client.ts';
import { testClock } from '../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { examplePolicy, testDeps } from '../helpers/deps.ts';
import { insertOrder, insertTeam, outboxRows, type Team } from './fixtures.ts';

describe('a lifted credit hold is announced once per hold episode', () => {
  let database: TestDatabase;
  let second: ReturnType<typeof openDatabase>;
  let team: Team;
  let deps: ReturnType<typeof testDeps>;
  const clock = testClock('2026-10-31T01:00:00Z');
  const policy = examplePolicy();

  const lifted = async () => outboxRows(database, `credit-hold:${team.customer.id}:lifted:`);
  const pay = async (order: string, amount: string) =>
    recordReceipt(
      deps,
      { kind: 'user', user: await requireUser(deps, { by: 'id', id: team.finance.id }) },
      {
        order,
        amount,
        source: 'manual',
      },
    );
  // Two workers on two pools run the same day's job at once.
  const runBoth = () =>
    Promise.all([sendDunningReminders(deps), sendDunningReminders({ ...deps, db: second.db })]);

  beforeAll(async () => {
    database = await createTestDatabase();
    second = openDatabase(database.url, 5);
    deps = testDeps(database, {
      clock,
      policy: {
        ...policy,
        dunning: [{ offsetDays: 30, notify: ['rep', 'manager', 'finance'], task: false, creditHold: true }],
      },
    });
    team = await insertTeam(database);
    await insertOrder(database, {
      number: 'SO-2026-00081',
      ownerId: team.rep.id,
      customerId: team.customer.id,
      parts: [{ dueOn: '2026-10-01', amountMinor: 50_000 }],
    });
    await insertOrder(database, {
      number: 'SO-2026-00082',
      ownerId: team.rep.id,
      customerId: team.customer.id,
      parts: [{ dueOn: '2026-10-15', amountMinor: 20_000 }],
    });
  });

  afterAll(async () => {
    await second.close();
    await database.close();
  });

  it('nothing while the hold stands, even after part of it is paid', async () => {
    await runBoth();
    expect((await outboxRows(database, `credit-hold:${team.customer.id}:2026-10-31:`)).length).toBe(3);
    await pay('SO-2026-00081', '300.00');
    clock.set('2026-11-01T01:00:00Z');
    await runBoth();
    expect(await lifted()).toEqual([]);
  });

  it('when the last held installment is paid: rep, manager and finance hear it once, however many runs', async () => {
    clock.set('2026-11-14T01:00:00Z');
    await runBoth(); // SO-2026-00082 reaches +30: held too
    await pay('SO-2026-00081', '200.00');
    clock.set('2026-11-15T00:30:00Z');
    await runBoth();
    expect(await lifted()).toEqual([]);
    await pay('SO-2026-00082', '200.00');
    clock.set('2026-11-15T01:00:00Z');
    await runBoth();
    clock.set('2026-11-16T01:00:00Z');
    await runBoth();
    const cards = await lifted();
    expect(cards.map((c) => c.destination).sort()).toEqual(
      ['channel:finance', `user:${team.manager.id}`, `user:${team.rep.id}`].sort(),
    );
    expect(cards.find((c) => c.destination === 'channel:finance')!.card.title).toBe(
      '信用冻结已解除：Acme Tools',
    );
    expect(cards.find((c) => c.destination === `user:${team.rep.id}`)!.card.body).toBe(
      'The overdue installments that put **Acme Tools** on credit hold are settled (SO-2026-00081, SO-2026-00082): new orders pass the credit gate again.',
    );
    const audits = await database.pool.query(
      `select count(*)::int as n from audit_log where action = 'customer.credit_hold_lifted'`,
    );
    expect(audits.rows[0].n).toBe(1);
  });

  it('a new hold later is a new episode with its own notice', async () => {
    await insertOrder(database, {
      number: 'SO-2026-00083',
      ownerId: team.rep.id,
      customerId: team.customer.id,
      parts: [{ dueOn: '2026-11-01', amountMinor: 10_000 }],
    });
    clock.set('2026-12-01T01:00:00Z');
    await runBoth();
    await pay('SO-2026-00083', '100.00');
    clock.set('2026-12-02T01:00:00Z');
    await runBoth();
    await runBoth();
    expect((await lifted()).length).toBe(6);
  });
});

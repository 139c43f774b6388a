import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendDunningReminders } from '../../src/app/collections/send-dunning-reminders.ts';
import { createOrder } from '../../src/app/orders/create-order.ts';
import { recordReceipt } from '../../src/app/reconcile/record-receipt.ts';
import { requireUser } from '../../src/app/roster/find-user.ts';
import { testClock } from '../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { examplePolicy, testDeps } from '../helpers/deps.ts';
import { insertOrder, insertTeam, outboxRows, type Team } from './fixtures.ts';

describe('credit_hold dunning step: the customer is held at the credit gate until the overdue is paid', () => {
  let database: TestDatabase;
  let team: Team;
  let deps: ReturnType<typeof testDeps>;
  const clock = testClock('2026-10-25T01:00:00Z');
  const policy = examplePolicy();

  const newOrder = async () =>
    createOrder(
      deps,
      { kind: 'user', user: await requireUser(deps, { by: 'id', id: team.rep.id }) },
      {
        source: { customerId: team.customer.id },
        lines: [{ description: 'Spare parts', quantity: 1, unitPriceMinor: 10_000 }],
        paymentPlan: 'net-30',
        submit: true,
      },
    );

  beforeAll(async () => {
    database = await createTestDatabase();
    deps = testDeps(database, {
      clock,
      policy: {
        ...policy,
        // Overdue balances alone only add a level here: the hold is the ladder's doing, not the overdue flag's.
        credit: { ...policy.credit, flags: { ...policy.credit.flags, overdueBalance: 'warn' } },
        dunning: [
          ...policy.dunning,
          { offsetDays: 30, notify: ['rep', 'manager', 'finance'], task: false, creditHold: true },
        ],
      },
    });
    team = await insertTeam(database);
    await insertOrder(database, {
      number: 'SO-2026-00071',
      ownerId: team.rep.id,
      customerId: team.customer.id,
      parts: [{ dueOn: '2026-10-01', amountMinor: 50_000 }],
    });
  });

  afterAll(async () => {
    await database.close();
  });

  it('before +30 a new order is not held for it', async () => {
    await sendDunningReminders(deps);
    const order = await newOrder();
    expect(order.submitted?.status).toBe('pending_approval');
    expect(await outboxRows(database, 'credit-hold:')).toEqual([]);
  });

  it('on +30 the rep, the manager and finance are told once, and new orders are held', async () => {
    clock.set(new Date('2026-10-31T01:00:00Z'));
    await sendDunningReminders(deps);
    await sendDunningReminders(deps);
    const cards = await outboxRows(database, 'credit-hold:');
    expect(cards.map((c) => c.destination).sort()).toEqual(
      ['channel:finance', `user:${team.manager.id}`, `user:${team.rep.id}`].sort(),
    );
    const rep = cards.find((c) => c.destination === `user:${team.rep.id}`);
    expect(rep?.card.title).toBe('Credit hold: Acme Tools');
    expect(rep?.card.body).toContain(
      '- SO-2026-00071 · Part 1 · due 2026-10-01 · CNY 500.00 · 30 days overdue',
    );
    const finance = cards.find((c) => c.destination === 'channel:finance');
    expect(finance?.card.title).toBe('信用冻结：Acme Tools');
    const audit = await database.pool.query(
      `select after->>'onCreditHold' as hold from audit_log where action = 'customer.credit_hold' and entity_id = $1`,
      [team.customer.id],
    );
    expect(audit.rows).toEqual([{ hold: 'true' }]);

    const order = await newOrder();
    expect(order.submitted?.status).toBe('on_hold');
    const flags = await database.pool.query(
      `select after from audit_log where entity_id = $1 and after::text like '%on_credit_hold%'`,
      [order.id],
    );
    expect(flags.rows.length).toBeGreaterThan(0);
  });

  it('paying the overdue lifts the hold by itself', async () => {
    const finance = {
      kind: 'user' as const,
      user: await requireUser(deps, { by: 'id', id: team.finance.id }),
    };
    await recordReceipt(deps, finance, { order: 'SO-2026-00071', amount: '500.00', source: 'manual' });
    const order = await newOrder();
    expect(order.submitted?.status).toBe('pending_approval');
  });
});

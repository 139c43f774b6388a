import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendDunningReminders } from '../../src/app/collections/send-dunning-reminders.ts';
import { importStatement } from '../../src/app/reconcile/import-statement.ts';
import { testClock } from '../helpers/clock.ts';
import { countRows, createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { examplePolicy, testDeps } from '../helpers/deps.ts';
import { insertOrder, insertTeam, type Team } from './fixtures.ts';

describe('dunning holds an installment a suggested match would pay', () => {
  let database: TestDatabase;
  let team: Team;
  let deps: ReturnType<typeof testDeps>;
  const clock = testClock('2026-11-10T01:00:00Z');

  beforeAll(async () => {
    database = await createTestDatabase();
    deps = testDeps(database, {
      clock,
      policy: { ...examplePolicy(), dunning: [{ offsetDays: 0, notify: ['rep' as const], task: false }] },
    });
    team = await insertTeam(database);
    const base = { ownerId: team.rep.id, customerId: team.customer.id };
    await insertOrder(database, {
      ...base,
      number: 'SO-2026-00201',
      parts: [{ dueOn: '2026-11-10', amountMinor: 40_000 }],
    });
    await insertOrder(database, {
      ...base,
      number: 'SO-2026-00202',
      parts: [{ dueOn: '2026-11-10', amountMinor: 40_000 }],
    });
  });

  afterAll(async () => {
    await database.close();
  });

  it('two equally good matches wait for finance: both installments are held, not reminded', async () => {
    // Naming both orders with the amount of one: ambiguous, so a suggestion rather than a payment.
    const r = await importStatement(
      deps,
      { kind: 'api', keyName: 'bank' },
      {
        csv: 'date,amount,currency,payer,memo,bank_txn_id\n2026-11-09,400.00,CNY,Acme,SO-2026-00201 SO-2026-00202,H-1',
      },
    );
    expect(r).toMatchObject({ matched: 0, exceptions: 1 });
    expect(await sendDunningReminders(deps)).toMatchObject({ sent: 0, held: 2 });
    expect(await countRows(database, 'dunning_events')).toBe(0);

    // Finance acknowledges without matching: the installments are owed after all, and the ladder runs.
    await database.pool.query(`update recon_exceptions set status = 'acknowledged'`);
    expect(await sendDunningReminders(deps)).toMatchObject({ sent: 2, held: 0 });
  });
});

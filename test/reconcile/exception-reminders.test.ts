import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reconExceptionRemindersJob } from '../../jobs/recon-exception-reminders.ts';
import { importStatement } from '../../src/app/reconcile/import-statement.ts';
import { openDatabase } from '../../src/db/client.ts';
import { insertTeam, outboxRows, type Team } from '../collections/fixtures.ts';
import { testClock } from '../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { testDeps } from '../helpers/deps.ts';

describe('reconciliation exceptions: assigned to finance, reminded once when untouched for a day', () => {
  let database: TestDatabase;
  let second: ReturnType<typeof openDatabase>;
  let team: Team;
  let deps: ReturnType<typeof testDeps>;
  const clock = testClock('2026-11-10T02:00:00Z');

  beforeAll(async () => {
    database = await createTestDatabase();
    second = openDatabase(database.url, 5);
    deps = testDeps(database, { clock });
    team = await insertTeam(database);
  });

  afterAll(async () => {
    await second.close();
    await database.close();
  });

  it('assigns, waits a day, reminds the assignee once across two workers, never an acknowledged one', async () => {
    await importStatement(
      deps,
      { kind: 'api', keyName: 'bank' },
      {
        csv: 'date,amount,currency,payer,memo,bank_txn_id\n2026-11-09,50.00,CNY,Someone,rent,R-1\n2026-11-09,60.00,CNY,Other,fee,R-2',
      },
    );
    const rows = (
      await database.pool.query(
        `select e.id, e.assigned_to, t.bank_txn_id from recon_exceptions e
         join bank_transactions t on t.id = e.bank_transaction_id order by t.bank_txn_id`,
      )
    ).rows;
    expect(rows.map((r) => r.assigned_to)).toEqual([team.finance.id, team.finance.id]);
    const [card] = await outboxRows(database, `recon:${rows[0].id}`);
    expect(card!.card.body).toContain('负责人：Zhao Finance。');
    await database.pool.query(`update recon_exceptions set status = 'acknowledged' where id = $1`, [
      rows[1].id,
    ]);

    clock.set('2026-11-11T01:59:00Z');
    expect(await reconExceptionRemindersJob.run(deps)).toEqual({ reminded: 0 });
    clock.set('2026-11-11T02:01:00Z');
    const [a, b] = await Promise.all([
      reconExceptionRemindersJob.run(deps),
      reconExceptionRemindersJob.run({ ...deps, db: second.db }),
    ]);
    const reminded = (r: unknown) => (r as { reminded: number }).reminded;
    expect(reminded(a) + reminded(b)).toBe(1);
    const reminders = await outboxRows(database, 'recon:');
    const nudges = reminders.filter((r) => r.refKey.endsWith(':reminder'));
    expect(nudges.map((r) => [r.refKey, r.destination])).toEqual([
      [`recon:${rows[0].id}:reminder`, `user:${team.finance.id}`],
    ]);
    // Zhao reads English: the same card with its buttons, headed by the nudge.
    expect(nudges[0]!.card.body).toMatch(/^⏰ Untouched for a day/);
    expect(nudges[0]!.card.actions.map((x) => x.id)).toEqual([
      'recon.ack',
      'recon.writeoff',
      'recon.match',
      'recon.split',
      'recon.assign',
    ]);

    clock.set('2026-11-13T02:00:00Z');
    expect(await reconExceptionRemindersJob.run(deps)).toEqual({ reminded: 0 });
  });
});

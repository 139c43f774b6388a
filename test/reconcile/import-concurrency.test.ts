// Two statement imports at once, both paying the same installment: one pays it, the other finds it paid.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importStatement } from '../../src/app/reconcile/import-statement.ts';
import { insertOrder, insertTeam, type Team } from '../collections/fixtures.ts';
import { testClock } from '../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { testDeps } from '../helpers/deps.ts';

const header = 'date,amount,currency,payer,memo,bank_txn_id';

describe('concurrent statement imports', () => {
  let database: TestDatabase;
  let team: Team;
  let deps: ReturnType<typeof testDeps>;

  beforeAll(async () => {
    database = await createTestDatabase();
    deps = testDeps(database, { clock: testClock('2026-11-03T02:00:00Z') });
    team = await insertTeam(database);
    await insertOrder(database, {
      number: 'SO-2026-00012',
      ownerId: team.rep.id,
      customerId: team.customer.id,
      parts: [{ dueOn: '2026-11-01', amountMinor: 60_000 }],
    });
  });

  afterAll(async () => {
    await database.close();
  });

  it('never allocate one installment twice; the same line in both files is imported once', async () => {
    const bank = { kind: 'system' as const, name: 'bank' };
    const results = await Promise.all(
      ['A', 'B'].map((file) =>
        importStatement(deps, bank, {
          csv: [
            header,
            `2026-11-02,600.00,CNY,Acme Tools,SO-2026-00012,${file}-1`,
            '2026-11-02,1.00,CNY,Someone,rent,SHARED-1',
          ].join('\n'),
        }),
      ),
    );
    expect(results.map((r) => r.matched).sort()).toEqual([0, 1]);
    expect(results.map((r) => r.imported).sort()).toEqual([1, 2]);
    const paid = await database.pool.query('select paid_minor from installments');
    expect(paid.rows).toEqual([{ paid_minor: '60000' }]);
    const allocated = await database.pool.query(
      'select sum(amount_minor)::int as s, count(*)::int as n from allocations',
    );
    expect(allocated.rows[0]).toEqual({ s: 60_000, n: 1 });
    const exceptions = await database.pool.query(
      `select e.kind from recon_exceptions e join bank_transactions t on t.id = e.bank_transaction_id
       where t.bank_txn_id in ('A-1', 'B-1')`,
    );
    expect(exceptions.rows).toEqual([{ kind: 'duplicate' }]);
    const shared = await database.pool.query(
      `select count(*)::int as n from bank_transactions where bank_txn_id = 'SHARED-1'`,
    );
    expect(shared.rows[0].n).toBe(1);
  });
});

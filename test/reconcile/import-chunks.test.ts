import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importStatement } from '../../src/app/reconcile/import-statement.ts';
import { insertOrder, insertTeam, type Team } from '../collections/fixtures.ts';
import { testClock } from '../helpers/clock.ts';
import { countRows, createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { testDeps } from '../helpers/deps.ts';

// A file long enough to be matched and written in several chunks: lines far apart pay one installment in turns.
describe('a long statement, written chunk after chunk', () => {
  let database: TestDatabase;
  let team: Team;
  let installmentIds: string[];
  const clock = testClock('2026-11-03T02:00:00Z');
  let deps: ReturnType<typeof testDeps>;
  const lineCount = 4_500;
  // The three payments of SO-2026-00077, each in another chunk (amounts differ: the same one again would be a
  // repeat of the first); every other line is money going out.
  const payments = new Map([
    [1, '100.00'],
    [2_001, '120.00'],
    [4_001, '80.00'],
  ]);

  beforeAll(async () => {
    database = await createTestDatabase();
    deps = testDeps(database, { clock });
    team = await insertTeam(database);
    ({ installmentIds } = await insertOrder(database, {
      number: 'SO-2026-00077',
      ownerId: team.rep.id,
      customerId: team.customer.id,
      parts: [{ dueOn: '2026-11-01', amountMinor: 30_000 }],
    }));
  });

  afterAll(async () => {
    await database.close();
  });

  it('pays the installment once per payment, in file order, and writes every line with its audit row', async () => {
    const rows = ['date,amount,currency,payer,memo,bank_txn_id'];
    for (let k = 1; k <= lineCount; k++) {
      const amount = payments.get(k);
      rows.push(
        amount
          ? `2026-11-02,${amount},CNY,Acme Tools,part payment SO-2026-00077,L-${k}`
          : `2026-11-02,-${(k % 90) + 1}.00,CNY,Bank,fees,L-${k}`,
      );
    }
    const result = await importStatement(deps, { kind: 'system', name: 'bank' }, { csv: rows.join('\n') });
    expect(result).toMatchObject({ total: lineCount, imported: lineCount, matched: 3, exceptions: 0 });

    const { rows: installment } = await database.pool.query(
      'select paid_minor, paid_at from installments where id = $1',
      [installmentIds[0]],
    );
    expect(installment[0]).toMatchObject({ paid_minor: '30000' });
    expect(installment[0].paid_at).not.toBeNull();

    // Each payment saw what the one before had paid, chunk boundary or not: the line's one audit row says so.
    const { rows: pays } = await database.pool.query(
      `select t.bank_txn_id, a.actor_label, a.created_at, p.value as posted from audit_log a
       join bank_transactions t on t.id::text = a.entity_id
       cross join jsonb_array_elements(a.after->'posted') p
       where a.action = 'bank_transaction.import' order by a.id`,
    );
    expect(
      pays.map((p) => [p.bank_txn_id, p.posted.paidMinorBefore, p.posted.paidMinor, p.posted.installmentId]),
    ).toEqual([
      ['L-1', 0, 10_000, installmentIds[0]],
      ['L-2001', 10_000, 22_000, installmentIds[0]],
      ['L-4001', 22_000, 30_000, installmentIds[0]],
    ]);
    // Who and when, per posted line; the last payment settled it.
    for (const p of pays) expect(p).toMatchObject({ actor_label: 'system:bank', created_at: clock.now() });
    expect(pays.map((p) => p.posted.paidAt !== null)).toEqual([false, false, true]);
    const { rows: allocated } = await database.pool.query(
      `select t.bank_txn_id, a.amount_minor from allocations a join bank_transactions t on t.id = a.bank_transaction_id
       order by t.bank_txn_id`,
    );
    expect(allocated).toEqual([
      { bank_txn_id: 'L-1', amount_minor: '10000' },
      { bank_txn_id: 'L-2001', amount_minor: '12000' },
      { bank_txn_id: 'L-4001', amount_minor: '8000' },
    ]);

    expect(await countRows(database, 'bank_transactions')).toBe(lineCount);
    // One audit row per line, whatever became of it.
    const { rows: imports } = await database.pool.query(
      `select count(*)::int as n, count(distinct entity_id)::int as lines from audit_log
       where action = 'bank_transaction.import'`,
    );
    expect(imports[0]).toEqual({ n: lineCount, lines: lineCount });
    // Beside them only the file's own row and the payer the memo taught: nothing per installment.
    const { rows: others } = await database.pool.query(
      `select action, count(*)::int as n from audit_log where action <> 'bank_transaction.import'
       group by action order by action`,
    );
    expect(others).toEqual([
      { action: 'payer_mapping.learn', n: 1 },
      { action: 'statement.import', n: 1 },
    ]);
  });

  it('imports the same file again as nothing new, however many chunks it spans', async () => {
    const rows = ['date,amount,currency,payer,memo,bank_txn_id'];
    for (let k = 1; k <= lineCount; k++) rows.push(`2026-11-02,-1.00,CNY,Bank,fees,L-${k}`);
    const again = await importStatement(deps, { kind: 'system', name: 'bank' }, { csv: rows.join('\n') });
    expect(again).toMatchObject({ imported: 0, skipped: lineCount, matched: 0 });
    expect(await countRows(database, 'allocations')).toBe(3);
  });
});

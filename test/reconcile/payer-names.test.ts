// A payer named like a customer (its name, legal name or an alias, written any way lead dedupe accepts) is that
// customer on its very first payment; two customers sharing the name leave the payer unknown.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importStatement } from '../../src/app/reconcile/import-statement.ts';
import { customers } from '../../src/db/schema.ts';
import { insertOrder, insertTeam, type Team } from '../collections/fixtures.ts';
import { testClock } from '../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { testDeps } from '../helpers/deps.ts';

const header = 'date,amount,currency,payer,payer_account,memo,bank_txn_id';
const bank = { kind: 'api' as const, keyName: 'bank' };

describe('payer names: the first payment of a customer is known by its name', () => {
  let database: TestDatabase;
  let team: Team;
  let deps: ReturnType<typeof testDeps>;
  const ids: Record<string, string> = {};

  const importCsv = (...rows: string[]) => importStatement(deps, bank, { csv: [header, ...rows].join('\n') });
  const paid = async (key: string) =>
    Number(
      (await database.pool.query('select paid_minor from installments where id = $1', [ids[key]])).rows[0]
        .paid_minor,
    );
  const exceptionKind = async (bankTxnId: string) =>
    (
      await database.pool.query(
        `select e.kind from recon_exceptions e join bank_transactions t on t.id = e.bank_transaction_id
         where t.bank_txn_id = $1`,
        [bankTxnId],
      )
    ).rows[0]?.kind;

  beforeAll(async () => {
    database = await createTestDatabase();
    deps = testDeps(database, { clock: testClock('2026-11-10T02:00:00Z') });
    team = await insertTeam(database);
    await database.pool.query(
      `update customers set legal_name = '上海艾克米工具有限公司', aliases = '{"ACME HK Trading"}' where id = $1`,
      [team.customer.id],
    );
    const [star] = await deps.db
      .insert(customers)
      .values([
        { name: 'Star Precision', normalizedName: 'star precision', currency: 'CNY', ownerId: team.rep.id },
        { name: 'Nova Trading', normalizedName: 'nova trading a', currency: 'CNY', ownerId: team.rep.id },
        { name: 'NOVA TRADING LTD', normalizedName: 'nova trading b', currency: 'CNY', ownerId: team.rep.id },
      ])
      .returning();
    const order = async (number: string, customerId: string, amounts: number[], keys: string[]) => {
      const { installmentIds } = await insertOrder(database, {
        number,
        ownerId: team.rep.id,
        customerId,
        parts: amounts.map((amountMinor, n) => ({ dueOn: `2026-1${n}-01`, amountMinor })),
      });
      keys.forEach((k, n) => {
        ids[k] = installmentIds[n] as string;
      });
    };
    await order('SO-2026-00031', team.customer.id, [40_000, 50_000], ['a1', 'a2']);
    await order('SO-2026-00032', star!.id, [40_000], ['s1']);
  });

  afterAll(async () => {
    await database?.close();
  });

  it.each([
    ['the customer name, full-width, with Co., Ltd.', '"ＡＣＭＥ Tools Co., Ltd."', 'N-1', 40_000, 'a1'],
    ['the legal name, 股份有限公司 for 有限公司', '上海艾克米工具股份有限公司', 'N-2', 50_000, 'a2'],
  ])('%s: the first payment posts', async (_name, payer, id, amount, key) => {
    const r = await importCsv(`2026-11-09,${(amount / 100).toFixed(2)},CNY,${payer},,transfer,${id}`);
    expect(r).toMatchObject({ matched: 1, exceptions: 0 });
    expect(await paid(key)).toBe(amount);
  });

  it('an alias is the customer too: with nothing left owing it is a known payer (no_reference), not unknown_payer', async () => {
    await importCsv('2026-11-09,10.00,CNY,acme hk trading,,transfer,N-3');
    expect(await exceptionKind('N-3')).toBe('no_reference');
  });

  it('a name two customers share stays unknown; a name nobody has stays unknown', async () => {
    await importCsv(
      '2026-11-09,400.00,CNY,Nova Trading Limited,,transfer,N-4',
      '2026-11-09,400.00,CNY,Star Precision Trading,,transfer,N-5',
    );
    expect(await exceptionKind('N-4')).toBe('unknown_payer');
    expect(await exceptionKind('N-5')).toBe('unknown_payer');
    expect(await paid('s1')).toBe(0);
  });
});

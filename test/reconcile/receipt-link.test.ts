import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importStatement } from '../../src/app/reconcile/import-statement.ts';
import { recordReceipt } from '../../src/app/reconcile/record-receipt.ts';
import { insertOrder, insertTeam, type Team } from '../collections/fixtures.ts';
import { testClock } from '../helpers/clock.ts';
import { countRows, createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { testDeps } from '../helpers/deps.ts';

const header = 'date,amount,currency,payer,payer_account,memo,bank_txn_id';
const bank = { kind: 'api' as const, keyName: 'bank' };
const erp = { kind: 'api' as const, keyName: 'erp' };

describe('an ERP receipt recorded before its bank line: the line is linked to it, not paid twice', () => {
  let database: TestDatabase;
  let team: Team;
  let deps: ReturnType<typeof testDeps>;
  const ids: Record<string, string> = {};
  const clock = testClock('2026-11-10T02:00:00Z');

  const paid = async (k: string) =>
    Number(
      (await database.pool.query('select paid_minor from installments where id = $1', [ids[k]])).rows[0]
        .paid_minor,
    );
  const line = async (bankTxnId: string) =>
    (
      await database.pool.query(
        `select t.status, t.receipt_id, r.bank_txn_id as receipt,
           (select count(*)::int from allocations a where a.bank_transaction_id = t.id) as allocations,
           (select count(*)::int from recon_exceptions e where e.bank_transaction_id = t.id) as exceptions
         from bank_transactions t left join bank_transactions r on r.id = t.receipt_id where t.bank_txn_id = $1`,
        [bankTxnId],
      )
    ).rows[0];

  beforeAll(async () => {
    database = await createTestDatabase();
    deps = testDeps(database, { clock });
    team = await insertTeam(database);
    const a = await insertOrder(database, {
      number: 'SO-2026-00081',
      ownerId: team.rep.id,
      customerId: team.customer.id,
      parts: [
        { dueOn: '2026-10-01', amountMinor: 30_000 },
        { dueOn: '2026-11-01', amountMinor: 30_000 },
        { dueOn: '2026-12-01', amountMinor: 30_000 },
      ],
    });
    [ids.a1, ids.a2, ids.a3] = a.installmentIds as [string, string, string];
    await recordReceipt(deps, erp, {
      order: 'SO-2026-00081',
      amount: '300.00',
      currency: 'CNY',
      receivedOn: '2026-11-08',
      reference: 'ERP-RC-5501',
      source: 'erp',
    });
    await recordReceipt(deps, erp, {
      order: 'SO-2026-00081',
      amount: '300.00',
      currency: 'CNY',
      receivedOn: '2026-11-09',
      reference: 'ERP-RC-5502',
      source: 'erp',
    });
  });

  afterAll(async () => {
    await database.close();
  });

  it('the bank line naming the order is the oldest matching receipt: matched, nothing allocated, no exception', async () => {
    expect([await paid('a1'), await paid('a2'), await paid('a3')]).toEqual([30_000, 30_000, 0]);
    const r = await importStatement(deps, bank, {
      csv: [header, '2026-11-10,300.00,CNY,ACME TOOLS,6222000011,货款 SO-2026-00081,B-1'].join('\n'),
    });
    expect(r).toMatchObject({ imported: 1, matched: 1, exceptions: 0 });
    expect(await line('B-1')).toEqual({
      status: 'matched',
      receipt_id: expect.any(String),
      receipt: 'erp:ERP-RC-5501',
      allocations: 0,
      exceptions: 0,
    });
    // The third installment is still owed: the money was not counted twice.
    expect(await paid('a3')).toBe(0);
    const audit = await database.pool.query(
      `select after->>'bankTxnId' as line, after->>'status' as status, after->'receipt'->>'reference' as reference
       from audit_log where action = 'bank_transaction.import' and after ? 'receipt'`,
    );
    expect(audit.rows).toEqual([{ line: 'B-1', status: 'matched', reference: 'ERP-RC-5501' }]);
  });

  it("a line quoting the second receipt's ERP number takes that one; a re-import adds nothing", async () => {
    const r = await importStatement(deps, bank, {
      csv: [header, '2026-11-10,300.00,CNY,ACME TOOLS,6222000011,erp rc 5502,B-2'].join('\n'),
    });
    expect(r).toMatchObject({ matched: 1, exceptions: 0 });
    expect((await line('B-2')).receipt).toBe('erp:ERP-RC-5502');
    const again = await importStatement(deps, bank, {
      csv: [header, '2026-11-10,300.00,CNY,ACME TOOLS,6222000011,erp rc 5502,B-2'].join('\n'),
    });
    expect(again).toMatchObject({ imported: 0, skipped: 1 });
  });

  it('once every receipt is linked, the next such line pays the order as usual', async () => {
    const before = await countRows(database, 'recon_exceptions');
    const r = await importStatement(deps, bank, {
      csv: [header, '2026-11-10,300.00,CNY,ACME TOOLS,6222000011,SO-2026-00081,B-3'].join('\n'),
    });
    expect(r).toMatchObject({ matched: 1, exceptions: 0 });
    expect(await line('B-3')).toMatchObject({ receipt_id: null, allocations: 1 });
    expect(await paid('a3')).toBe(30_000);
    expect(await countRows(database, 'recon_exceptions')).toBe(before);
  });
});

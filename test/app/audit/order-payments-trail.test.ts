// `audit SO-…` lists the order's payments among its other rows, newest first: an automatic match on import, a
// receipt from the ERP, a split finance confirmed and its undo — each with its amount, installment, the bank line or
// receipt it came from and who did it — in English and in Chinese.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchAction } from '../../../src/app/commands/dispatch-action.ts';
import { runTextCommand } from '../../../src/app/commands/run-text-command.ts';
import { importStatement } from '../../../src/app/reconcile/import-statement.ts';
import { recordReceipt } from '../../../src/app/reconcile/record-receipt.ts';
import { requireUser } from '../../../src/app/roster/find-user.ts';
import { inTransaction } from '../../../src/app/unit-of-work.ts';
import { insertOrder, insertTeam, type Team } from '../../collections/fixtures.ts';
import { testClock } from '../../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { testDeps } from '../../helpers/deps.ts';

const HOUR = 3_600_000;
const header = 'date,amount,currency,payer,payer_account,memo,bank_txn_id';

let database: TestDatabase;
let deps: ReturnType<typeof testDeps>;
let team: Team;
let orderId: string;
const clock = testClock('2026-11-10T02:00:00Z');

const finance = async () => ({
  kind: 'user' as const,
  user: await requireUser(deps, { by: 'id', id: team.finance.id }),
});

beforeAll(async () => {
  database = await createTestDatabase();
  deps = testDeps(database, { clock });
  team = await insertTeam(database);
  ({ orderId } = await insertOrder(database, {
    number: 'SO-2026-00091',
    ownerId: team.rep.id,
    customerId: team.customer.id,
    parts: [
      { dueOn: '2026-11-01', amountMinor: 30_000 },
      { dueOn: '2026-12-01', amountMinor: 50_000 },
    ],
  }));
  // 10:00 (Shanghai): the statement pays installment 1, its memo naming the order.
  await importStatement(deps, await finance(), {
    csv: [header, '2026-11-10,300.00,CNY,Acme Tools Co,,SO-2026-00091,T-A'].join('\n'),
  });
  clock.advance(HOUR);
  // 11:00: the ERP's receipt goes to the oldest installment still open, the second.
  await recordReceipt(
    deps,
    { kind: 'api', keyName: 'erp' },
    {
      order: 'SO-2026-00091',
      amount: '100.00',
      receivedOn: '2026-11-09',
      reference: 'ERP-77',
      source: 'erp',
    },
  );
  clock.advance(HOUR);
  // 12:00: a row of the order's own.
  await inTransaction(deps, await finance(), (uow) =>
    uow.audit({ action: 'order.note', entityType: 'order', entityId: orderId, after: { note: 'called' } }),
  );
  clock.advance(HOUR);
  await importStatement(deps, await finance(), {
    csv: [header, '2026-11-10,150.00,CNY,Someone Else,,misc,T-B'].join('\n'),
  });
  const [exception] = (
    await database.pool.query(
      `select e.id, t.id as txn from recon_exceptions e join bank_transactions t on t.id = e.bank_transaction_id
        where t.bank_txn_id = 'T-B'`,
    )
  ).rows;
  clock.advance(HOUR);
  // 14:00: finance splits it onto installment 2; 15:00 undoes it.
  await dispatchAction(deps, await finance(), {
    action: 'recon.split',
    entityId: exception.id,
    input: 'SO-2026-00091#2 150',
  });
  clock.advance(HOUR);
  await dispatchAction(deps, await finance(), { action: 'recon.undo', entityId: exception.txn });
}, 60_000);

afterAll(async () => {
  await database?.close();
});

const lines = (body: string | undefined) => (body ?? '').split('\n- ').map((l) => l.replace(/^- /, ''));

describe('audit SO-…: the payments among the order’s rows', () => {
  it('lists each payment and undo in time order with the other rows, in English', async () => {
    const reply = await runTextCommand(deps, await finance(), 'audit SO-2026-00091');
    expect(lines(reply.card?.body)).toEqual([
      '2026-11-10 15:00 · Zhao Finance · match undone: CNY 150.00 taken back from installment #2 (Part 2)\n' +
        '  from bank line T-B booked 2026-11-10, payer Someone Else',
      '2026-11-10 14:00 · Zhao Finance · payment of CNY 150.00 applied to installment #2 (Part 2), confirmed\n' +
        '  from bank line T-B booked 2026-11-10, payer Someone Else',
      expect.stringMatching(/^2026-11-10 12:00 · Zhao Finance \(.*\) · `order\.note`/),
      '2026-11-10 11:00 · api:erp · payment of CNY 100.00 applied to installment #2 (Part 2), recorded by the ERP\n' +
        '  from receipt ERP-77 of 2026-11-09',
      '2026-11-10 10:00 · Zhao Finance · payment of CNY 300.00 applied to installment #1 (Part 1), auto-matched on import\n' +
        '  from bank line T-A booked 2026-11-10, payer Acme Tools Co',
    ]);
  });

  it('reads in Chinese for a finance user who reads Chinese', async () => {
    await database.pool.query(`update users set locale = 'zh-CN' where id = $1`, [team.finance.id]);
    const reply = await runTextCommand(deps, await finance(), '审计 SO-2026-00091');
    const body = lines(reply.card?.body);
    expect(body[0]).toBe(
      '2026-11-10 15:00 · Zhao Finance · 撤销匹配：第 2 期（Part 2）退回 ¥150.00\n' +
        '  来自银行流水 T-B，记账日 2026-11-10，付款方 Someone Else',
    );
    expect(body[1]).toContain('回款 ¥150.00 核销至第 2 期（Part 2），人工确认');
    expect(body[3]).toBe(
      '2026-11-10 11:00 · api:erp · 回款 ¥100.00 核销至第 2 期（Part 2），ERP 登记\n  来自收款单 ERP-77，日期 2026-11-09',
    );
    expect(body[4]).toContain('回款 ¥300.00 核销至第 1 期（Part 1），导入流水时自动匹配');
  });
});

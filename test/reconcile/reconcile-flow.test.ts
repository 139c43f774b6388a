import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchAction } from '../../src/app/commands/dispatch-action.ts';
import { importStatement } from '../../src/app/reconcile/import-statement.ts';
import { requireUser } from '../../src/app/roster/find-user.ts';
import { installmentStatus } from '../../src/domain/collections/installment-status.ts';
import { insertOrder, insertTeam, outboxRows, type Team } from '../collections/fixtures.ts';
import { testClock } from '../helpers/clock.ts';
import { countRows, createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { testDeps } from '../helpers/deps.ts';

const header = 'date,amount,currency,payer,payer_account,memo,bank_txn_id';
const bank = { kind: 'api' as const, keyName: 'bank' };

describe('reconciliation: payer learning, suggestions, confirm, manual matches and undo', () => {
  let database: TestDatabase;
  let team: Team;
  let deps: ReturnType<typeof testDeps>;
  const clock = testClock('2026-11-10T02:00:00Z');
  // Acme owes on three orders; one payment of 500.00 covers a1 + c1 + d1 (greedy oldest-first would stop at 400).
  const ids: Record<string, string> = {};

  const finance = async () => ({
    kind: 'user' as const,
    user: await requireUser(deps, { by: 'id', id: team.finance.id }),
  });
  const paid = async (key: string) =>
    Number(
      (await database.pool.query('select paid_minor from installments where id = $1', [ids[key]])).rows[0]
        .paid_minor,
    );
  const statusOf = async (key: string, today: string) => {
    const i = (
      await database.pool.query('select amount_minor, due_on from installments where id = $1', [ids[key]])
    ).rows[0];
    const allocations = (
      await database.pool.query(
        'select amount_minor, kind, undone_at from allocations where installment_id = $1',
        [ids[key]],
      )
    ).rows.map((r) => ({ amountMinor: Number(r.amount_minor), kind: r.kind, undone: r.undone_at !== null }));
    return installmentStatus(
      { amountMinor: Number(i.amount_minor), dueOn: i.due_on.toISOString?.().slice(0, 10) ?? i.due_on },
      allocations,
      today,
    );
  };
  const importCsv = (...rows: string[]) => importStatement(deps, bank, { csv: [header, ...rows].join('\n') });
  const exceptionOf = async (bankTxnId: string) =>
    (
      await database.pool.query(
        `select e.id, e.kind, e.status, e.suggestions, t.id as txn from recon_exceptions e
         join bank_transactions t on t.id = e.bank_transaction_id where t.bank_txn_id = $1`,
        [bankTxnId],
      )
    ).rows[0];

  beforeAll(async () => {
    database = await createTestDatabase();
    deps = testDeps(database, { clock });
    team = await insertTeam(database);
    // Named unlike the payer "ACME TOOLS CO.", so that payer is known only once a match teaches it.
    await database.pool.query(`update customers set name = 'Zhejiang Acme Industrial' where id = $1`, [
      team.customer.id,
    ]);
    const order = async (number: string, parts: { dueOn: string; amountMinor: number }[], keys: string[]) => {
      const { installmentIds } = await insertOrder(database, {
        number,
        ownerId: team.rep.id,
        customerId: team.customer.id,
        parts,
      });
      keys.forEach((k, n) => {
        ids[k] = installmentIds[n] as string;
      });
    };
    await order(
      'SO-2026-00021',
      [
        { dueOn: '2026-09-01', amountMinor: 10_000 },
        { dueOn: '2026-11-01', amountMinor: 15_000 },
      ],
      ['a1', 'd1'],
    );
    await order('SO-2026-00022', [{ dueOn: '2026-10-01', amountMinor: 30_000 }], ['b1']);
    await order('SO-2026-00023', [{ dueOn: '2026-10-15', amountMinor: 25_000 }], ['c1']);
    await order('SO-2026-00024', [{ dueOn: '2026-12-01', amountMinor: 80_000 }], ['e1']);
    // With f1, 500.00 fits three sets (a1+c1+d1, a1+d1+f1, c1+f1): a person chooses; alone, a1+c1+d1 would post.
    await order('SO-2026-00025', [{ dueOn: '2026-12-15', amountMinor: 25_000 }], ['f1']);
  });

  afterAll(async () => {
    await database.close();
  });

  it('an unknown payer without an order number is an exception; a payment naming the order teaches the payer', async () => {
    const first = await importCsv('2026-11-09,300.00,CNY,ACME TOOLS CO.,6222 0000 1111,no memo,P-1');
    expect(first).toMatchObject({ matched: 0, exceptions: 1 });
    expect((await exceptionOf('P-1')).kind).toBe('unknown_payer');
    expect(await paid('b1')).toBe(0);

    const second = await importCsv('2026-11-09,300.00,CNY,Acme Tools Co,,SO-2026-00022,P-2');
    expect(second).toMatchObject({ matched: 1, exceptions: 0 });
    expect(await paid('b1')).toBe(30_000);
    const mappings = await database.pool.query('select kind, key, customer_id from payer_mappings');
    expect(mappings.rows).toEqual([{ kind: 'name', key: 'acmetoolsco', customer_id: team.customer.id }]);
  });

  it('the known payer paying three installments at once, where other sets fit too: the oldest is suggested, Confirm posts it and teaches the account', async () => {
    const r = await importCsv('2026-11-10,500.00,CNY,ACME TOOLS CO.,6222-0000-1111,November,P-3');
    expect(r).toMatchObject({ matched: 0, exceptions: 1 });
    const ex = await exceptionOf('P-3');
    expect(ex.kind).toBe('low_confidence');
    expect(ex.suggestions[0].allocations.map((a: { installmentId: string }) => a.installmentId)).toEqual([
      ids.a1,
      ids.c1,
      ids.d1,
    ]);
    const [card] = await outboxRows(database, `recon:${ex.id}`);
    expect(card!.card.body).toContain('**建议**');
    expect(card!.card.body).toContain(
      '1. 85% — 付款人是已知客户（从已确认的匹配中学到）；金额等于 3 期未付金额之和：SO-2026-00021（2026-09-01 到期，¥100.00）、SO-2026-00023（2026-10-15 到期，¥250.00）、SO-2026-00021（2026-11-01 到期，¥150.00）',
    );
    expect(card!.card.actions.map((a) => [a.id, a.value])).toEqual([
      ['recon.confirm', `${ex.id}:0`],
      ['recon.confirm', `${ex.id}:1`],
      ['recon.confirm', `${ex.id}:2`],
      ['recon.ack', ex.id],
      ['recon.writeoff', ex.id],
      ['recon.match', ex.id],
      ['recon.split', ex.id],
      ['recon.assign', ex.id],
    ]);

    const reply = await dispatchAction(deps, await finance(), {
      action: 'recon.confirm',
      entityId: `${ex.id}:0`,
    });
    expect(reply.tone).toBe('success');
    expect([await paid('a1'), await paid('c1'), await paid('d1')]).toEqual([10_000, 25_000, 15_000]);
    expect((await exceptionOf('P-3')).status).toBe('resolved');
    const cards = await outboxRows(database, `recon:${ex.id}`);
    expect(cards.map((c) => c.op)).toEqual(['post', 'update']);
    expect(cards[1]!.card.body).toContain('✅ Zhao Finance 已于 2026-11-10 10:00 确认建议 1');
    expect(cards[1]!.card.actions.map((a) => a.id)).toEqual(['recon.undo']);
    const accounts = await database.pool.query(
      `select key, confirmations from payer_mappings where kind = 'account'`,
    );
    // The account is kept only as its blind index.
    expect(accounts.rows).toEqual([
      { key: deps.keyring.blindIndex('account', '622200001111'), confirmations: 1 },
    ]);

    const again = await dispatchAction(deps, await finance(), {
      action: 'recon.confirm',
      entityId: `${ex.id}:0`,
    });
    expect(again).toMatchObject({
      tone: 'info',
      text: 'This exception is no longer open (handled by Zhao Finance).',
    });
    expect(await countRows(database, 'allocations')).toBe(4);
  });

  it('a rep cannot confirm; a stale suggestion posts nothing', async () => {
    const ex = await exceptionOf('P-1');
    const rep = { kind: 'user' as const, user: await requireUser(deps, { by: 'id', id: team.rep.id }) };
    const refused = await dispatchAction(deps, rep, { action: 'recon.confirm', entityId: `${ex.id}:0` });
    expect(refused.tone).toBe('danger');
    // P-1 came with only the amount as a hint (b1, never posted by itself); b1 has been paid since.
    expect(ex.suggestions.map((p: { basis: string }) => p.basis)).toEqual(['amount']);
    const before = await countRows(database, 'allocations');
    const stale = await dispatchAction(deps, await finance(), {
      action: 'recon.confirm',
      entityId: `${ex.id}:0`,
    });
    expect(stale.tone).toBe('warning');
    expect(stale.text).toContain('nothing was posted');
    expect(await countRows(database, 'allocations')).toBe(before);
    expect(await paid('b1')).toBe(30_000);
    expect((await exceptionOf('P-1')).status).toBe('open');
  });

  it('a manual partial match survives an automatic run, and undoing the automatic match restores the status', async () => {
    // Finance confirms a partial payment of e1 by hand (the payer is known, so it is only a suggestion).
    await importCsv('2026-11-10,200.00,CNY,Acme Tools Co,,,P-4');
    const partial = await exceptionOf('P-4');
    expect(partial.kind).toBe('amount_mismatch');
    await dispatchAction(deps, await finance(), { action: 'recon.confirm', entityId: `${partial.id}:0` });
    expect(await paid('e1')).toBe(20_000);
    expect(await statusOf('e1', '2026-11-10')).toBe('partly_paid');

    // The automatic run sees only what is still owed: 600.00 naming the order pays exactly the rest.
    const auto = await importCsv('2026-11-11,600.00,CNY,Acme Tools Co,,SO-2026-00024,P-5');
    expect(auto).toMatchObject({ matched: 1, exceptions: 0 });
    expect(await paid('e1')).toBe(80_000);
    expect(await statusOf('e1', '2026-11-11')).toBe('paid');
    const rows = await database.pool.query(
      `select a.amount_minor, a.kind, a.undone_at, t.bank_txn_id from allocations a
       join bank_transactions t on t.id = a.bank_transaction_id where a.installment_id = $1 order by t.bank_txn_id`,
      [ids.e1],
    );
    expect(rows.rows.map((r) => [r.bank_txn_id, Number(r.amount_minor), r.kind, r.undone_at])).toEqual([
      ['P-4', 20_000, 'manual', null],
      ['P-5', 60_000, 'auto', null],
    ]);

    // Undo the automatic match: the installment is partly paid again, the manual part untouched, audited.
    const txn = (await database.pool.query(`select id from bank_transactions where bank_txn_id = 'P-5'`))
      .rows[0].id;
    clock.set('2026-11-12T02:00:00Z');
    const undo = await dispatchAction(deps, await finance(), { action: 'recon.undo', entityId: txn });
    expect(undo).toMatchObject({ tone: 'success' });
    expect(await paid('e1')).toBe(20_000);
    expect(await statusOf('e1', '2026-11-12')).toBe('partly_paid');
    const status = await database.pool.query(`select status from bank_transactions where id = $1`, [txn]);
    expect(status.rows[0].status).toBe('unmatched');
    const audit = await database.pool.query(
      `select entity_id, before->>'paidMinor' as before, after->>'paidMinor' as after from audit_log where action = 'allocation.undo'`,
    );
    expect(audit.rows).toEqual([{ entity_id: ids.e1, before: '80000', after: '20000' }]);
    // The line is back with finance as an exception card.
    const reopened = await exceptionOf('P-5');
    expect(reopened).toMatchObject({ kind: 'undone', status: 'open' });
    const card = await outboxRows(database, `recon:${reopened.id}`);
    expect(card.map((c) => c.op)).toEqual(['post']);
    expect(card[0]!.card.body).toContain('↩️ Zhao Finance 已于 2026-11-12 10:00 撤销匹配');

    const twice = await dispatchAction(deps, await finance(), { action: 'recon.undo', entityId: txn });
    expect(twice).toMatchObject({ tone: 'info' });
    expect(await paid('e1')).toBe(20_000);
  });

  it('an overpayment naming the order posts and leaves a credit task for finance', async () => {
    const r = await importCsv('2026-11-12,700.00,CNY,Acme Tools Co,,SO-2026-00024,P-6');
    expect(r).toMatchObject({ matched: 1, exceptions: 0 });
    expect(await paid('e1')).toBe(80_000);
    const ex = await exceptionOf('P-6');
    expect(ex.kind).toBe('credit');
    const [card] = await outboxRows(database, `recon:${ex.id}`);
    expect(card!.card.body).toBe(
      '已自动入账。多出的 ¥100.00 记为客户预收款：请退款或抵扣后续分期。\n负责人：Zhao Finance。',
    );
    // A credit is already posted: nothing to write off, but it can be handed to someone else.
    expect(card!.card.actions.map((a) => a.id)).toEqual(['recon.ack', 'recon.assign']);
  });
});

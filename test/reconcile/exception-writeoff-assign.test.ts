import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchAction } from '../../src/app/commands/dispatch-action.ts';
import { importStatement } from '../../src/app/reconcile/import-statement.ts';
import { payerNameKey } from '../../src/app/reconcile/post-allocations.ts';
import { requireUser } from '../../src/app/roster/find-user.ts';
import { payerMappings, users } from '../../src/db/schema.ts';
import { insertOrder, insertTeam, outboxRows, type Team } from '../collections/fixtures.ts';
import { testClock } from '../helpers/clock.ts';
import { countRows, createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { testDeps } from '../helpers/deps.ts';

const header = 'date,amount,currency,payer,payer_account,memo,bank_txn_id';
const bank = { kind: 'api' as const, keyName: 'bank' };

describe('exception cards: Write off (with a reason) and Assign (to another finance user)', () => {
  let database: TestDatabase;
  let team: Team;
  let deps: ReturnType<typeof testDeps>;
  let installmentId: string;
  let qian: { id: string; email: string };
  const clock = testClock('2026-11-10T02:00:00Z');

  const actorFor = async (id: string) => ({
    kind: 'user' as const,
    user: await requireUser(deps, { by: 'id', id }),
  });
  const importCsv = (...rows: string[]) => importStatement(deps, bank, { csv: [header, ...rows].join('\n') });
  const exceptionOf = async (bankTxnId: string) =>
    (
      await database.pool.query(
        `select e.id, e.kind, e.status, e.assigned_to, e.suggestions, t.id as txn, t.status as txn_status
         from recon_exceptions e join bank_transactions t on t.id = e.bank_transaction_id where t.bank_txn_id = $1`,
        [bankTxnId],
      )
    ).rows[0];
  const counts = async () => ({
    allocations: await countRows(database, 'allocations'),
    outbox: await countRows(database, 'outbox'),
    audit_log: await countRows(database, 'audit_log'),
  });

  beforeAll(async () => {
    database = await createTestDatabase();
    deps = testDeps(database, { clock });
    team = await insertTeam(database);
    const [second] = await database.db
      .insert(users)
      .values({ email: 'qian@example.com', name: 'Qian Finance', roles: ['finance'], locale: 'zh-CN' })
      .returning();
    qian = { id: second!.id, email: second!.email };
    ({
      installmentIds: [installmentId = ''],
    } = await insertOrder(database, {
      number: 'SO-2026-00041',
      ownerId: team.rep.id,
      customerId: team.customer.id,
      parts: [{ dueOn: '2026-11-01', amountMinor: 50_000 }],
    }));
    // The payer is known, so a short payment without an order number is only a suggestion for finance.
    await database.db.insert(payerMappings).values({
      kind: 'name',
      key: payerNameKey('Acme Tools'),
      customerId: team.customer.id,
    });
  });

  afterAll(async () => {
    await database.close();
  });

  // The finance channel speaks the org's language (zh-CN in the repo's closeloop.yaml).
  it('the open card offers Write off (with a reason prompt) and Assign (with a name prompt)', async () => {
    await importCsv('2026-11-10,480.00,CNY,Acme Tools,,,W-1', '2026-11-10,50.00,CNY,Someone,,rent,W-2');
    const e = await exceptionOf('W-1');
    expect(e.status).toBe('open');
    expect(e.suggestions[0].fit).toBe('partial');
    const [card] = await outboxRows(database, `recon:${e.id}`);
    const actions = card?.card.actions as { id: string; value: string; prompt?: { label: string } }[];
    expect(actions.map((a) => a.id)).toEqual([
      'recon.confirm',
      'recon.ack',
      'recon.writeoff',
      'recon.match',
      'recon.split',
      'recon.assign',
    ]);
    expect(actions[2]?.prompt?.label).toBe('为什么免收差额？');
    expect(card?.card.body).toContain('付款人是已知客户，但其未结分期的任何组合都不等于 ¥480.00。');
    expect(actions[3]?.prompt?.label).toBe('该流水支付的是哪些订单？（订单号，逗号分隔）');
    expect(actions[5]?.prompt?.label).toBe('转派给哪位财务？（姓名或邮箱）');
  });

  it('a rep is refused; a missing reason is refused naming the field; nothing is written', async () => {
    const e = await exceptionOf('W-1');
    const before = await counts();
    const rep = await actorFor(team.rep.id);
    expect(
      await dispatchAction(deps, rep, { action: 'recon.writeoff', entityId: e.id, input: 'bank fee' }),
    ).toMatchObject({ tone: 'danger' });
    expect(
      await dispatchAction(deps, rep, { action: 'recon.assign', entityId: e.id, input: qian.email }),
    ).toMatchObject({ tone: 'danger' });
    const finance = await actorFor(team.finance.id);
    await expect(
      dispatchAction(deps, finance, { action: 'recon.writeoff', entityId: e.id, input: ' ' }),
    ).rejects.toMatchObject({ code: 'recon_writeoff_reason', field: 'reason' });
    expect(
      await dispatchAction(deps, finance, { action: 'recon.assign', entityId: e.id, input: 'nobody' }),
    ).toMatchObject({
      tone: 'warning',
      text: 'No active finance user matches "nobody": give their name or email.',
    });
    // A rep is not a finance user, so cannot be the assignee either.
    expect(
      await dispatchAction(deps, finance, { action: 'recon.assign', entityId: e.id, input: 'Li Rep' }),
    ).toMatchObject({ tone: 'warning' });
    expect(await counts()).toEqual(before);
    expect((await exceptionOf('W-1')).status).toBe('open');
  });

  it('Assign hands the card to another finance user: the channel card is edited and they get a copy', async () => {
    const e = await exceptionOf('W-1');
    const reply = await dispatchAction(deps, await actorFor(team.finance.id), {
      action: 'recon.assign',
      entityId: e.id,
      input: 'QIAN@example.com',
    });
    expect(reply).toMatchObject({
      tone: 'success',
      text: 'Assigned to Qian Finance; they have the card now.',
    });
    expect((await exceptionOf('W-1')).assigned_to).toBe(qian.id);
    const rows = await outboxRows(database, `recon:${e.id}`);
    expect(rows.map((r) => [r.destination, r.op])).toEqual([
      ['channel:finance', 'post'],
      ['channel:finance', 'update'],
      [`user:${qian.id}`, 'post'],
    ]);
    expect(rows[1]?.card.body).toContain('负责人：Qian Finance');
    const audit = await database.pool.query(
      `select after from audit_log where action = 'recon_exception.assign' and entity_id = $1`,
      [e.id],
    );
    expect(audit.rows).toEqual([{ after: { assignedTo: qian.id } }]);
  });

  it('Write off posts the suggestion and writes off what the installment still owes; Undo restores it', async () => {
    const e = await exceptionOf('W-1');
    const qianActor = await actorFor(qian.id);
    const reply = await dispatchAction(deps, qianActor, {
      action: 'recon.writeoff',
      entityId: e.id,
      input: 'bank charges deducted by the payer',
    });
    expect(reply.tone).toBe('success');
    expect(reply.text).toContain('20.00');
    const allocs = await database.pool.query(
      'select amount_minor, kind, reason from allocations where installment_id = $1 order by amount_minor',
      [installmentId],
    );
    expect(allocs.rows.map((r) => [Number(r.amount_minor), r.kind])).toEqual([
      [2_000, 'write_off'],
      [48_000, 'manual'],
    ]);
    expect(allocs.rows[0].reason).toContain('bank charges deducted by the payer');
    const paid = await database.pool.query('select paid_minor from installments where id = $1', [
      installmentId,
    ]);
    expect(Number(paid.rows[0].paid_minor)).toBe(50_000);
    expect(await exceptionOf('W-1')).toMatchObject({ status: 'resolved', txn_status: 'matched' });
    const rows = await outboxRows(database, `recon:${e.id}`);
    const last = rows.filter((r) => r.destination === 'channel:finance').at(-1);
    expect(last?.op).toBe('update');
    expect(last?.card.body).toContain(
      'Qian Finance 已于 2026-11-10 10:00 按建议 1 入账，并免收差额 ¥20.00：bank charges',
    );
    expect(last?.card.actions.map((a) => a.id)).toEqual(['recon.undo']);
    // The assignee's copy is edited too, in their language.
    const theirs = rows.filter((r) => r.destination === `user:${qian.id}`).at(-1);
    expect(theirs?.op).toBe('update');
    expect(theirs?.card.body).toContain('免收差额');

    // Clicking again reports who handled it; nothing more is written.
    const before = await counts();
    expect(
      await dispatchAction(deps, await actorFor(team.finance.id), {
        action: 'recon.writeoff',
        entityId: e.id,
        input: 'again',
      }),
    ).toMatchObject({ tone: 'info', text: 'This exception is no longer open (handled by Qian Finance).' });
    expect(await counts()).toEqual(before);

    const undo = await dispatchAction(deps, qianActor, { action: 'recon.undo', entityId: e.txn });
    expect(undo.tone).toBe('success');
    const after = await database.pool.query('select paid_minor from installments where id = $1', [
      installmentId,
    ]);
    expect(Number(after.rows[0].paid_minor)).toBe(0);
  });

  it('Write off with no suggestion records the line itself as written off, no installment touched', async () => {
    const e = await exceptionOf('W-2');
    expect(e.suggestions).toEqual([]);
    const before = await countRows(database, 'allocations');
    const reply = await dispatchAction(deps, await actorFor(team.finance.id), {
      action: 'recon.writeoff',
      entityId: e.id,
      input: 'not a customer payment: office rent refund',
    });
    expect(reply).toMatchObject({ tone: 'success' });
    expect(await countRows(database, 'allocations')).toBe(before);
    expect(await exceptionOf('W-2')).toMatchObject({ status: 'resolved', txn_status: 'written_off' });
    const audit = await database.pool.query(
      `select after from audit_log where action = 'recon_exception.write_off' and entity_id = $1`,
      [e.id],
    );
    expect(audit.rows[0].after).toMatchObject({
      reason: 'not a customer payment: office rent refund',
      posted: false,
    });
    const last = (await outboxRows(database, `recon:${e.id}`)).at(-1);
    expect(last?.card.body).toContain(
      'Zhao Finance 已于 2026-11-10 10:00 将该流水标记为不计入应收（未核销任何分期）：not a customer payment',
    );
    expect(last?.card.actions).toEqual([]);
  });
});

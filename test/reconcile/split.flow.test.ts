import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchAction } from '../../src/app/commands/dispatch-action.ts';
import { importStatement } from '../../src/app/reconcile/import-statement.ts';
import { remindStaleExceptions } from '../../src/app/reconcile/remind-stale-exceptions.ts';
import { requireUser } from '../../src/app/roster/find-user.ts';
import { customers } from '../../src/db/schema.ts';
import { insertOrder, insertTeam, outboxRows, type Team } from '../collections/fixtures.ts';
import { testClock } from '../helpers/clock.ts';
import { countRows, createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { testDeps } from '../helpers/deps.ts';

const header = 'date,amount,currency,payer,payer_account,memo,bank_txn_id';
const bank = { kind: 'api' as const, keyName: 'bank' };

describe('Split…: finance splits one bank line across orders and installments with amounts', () => {
  let database: TestDatabase;
  let team: Team;
  let deps: ReturnType<typeof testDeps>;
  let a: string[];
  let b: string[];
  const clock = testClock('2026-11-10T02:00:00Z');

  const actorFor = async (id: string) => ({
    kind: 'user' as const,
    user: await requireUser(deps, { by: 'id', id }),
  });
  const exceptionOf = async (bankTxnId: string) =>
    (
      await database.pool.query(
        `select e.id, e.status, t.id as txn, t.status as txn_status, t.customer_id
         from recon_exceptions e join bank_transactions t on t.id = e.bank_transaction_id where t.bank_txn_id = $1`,
        [bankTxnId],
      )
    ).rows[0];
  const paid = async (ids: string[]) =>
    (await database.pool.query('select id, paid_minor from installments where id = any($1)', [ids])).rows
      .sort((x, y) => ids.indexOf(x.id) - ids.indexOf(y.id))
      .map((r) => Number(r.paid_minor));
  const counts = async () => ({
    allocations: await countRows(database, 'allocations'),
    outbox: await countRows(database, 'outbox'),
    audit_log: await countRows(database, 'audit_log'),
  });
  const split = async (exceptionId: string, input: string, userId = team.finance.id) =>
    dispatchAction(deps, await actorFor(userId), { action: 'recon.split', entityId: exceptionId, input });

  beforeAll(async () => {
    database = await createTestDatabase();
    deps = testDeps(database, { clock });
    team = await insertTeam(database);
    ({ installmentIds: a } = await insertOrder(database, {
      number: 'SO-2026-00061',
      ownerId: team.rep.id,
      customerId: team.customer.id,
      parts: [
        { dueOn: '2026-10-01', amountMinor: 30_000 },
        { dueOn: '2026-12-01', amountMinor: 30_000 },
      ],
    }));
    ({ installmentIds: b } = await insertOrder(database, {
      number: 'SO-2026-00062',
      ownerId: team.rep.id,
      customerId: team.customer.id,
      parts: [
        { dueOn: '2026-11-01', amountMinor: 50_000 },
        { dueOn: '2026-12-15', amountMinor: 20_000 },
      ],
    }));
    await insertOrder(database, {
      number: 'SO-2026-00063',
      ownerId: team.rep.id,
      customerId: team.customer.id,
      currency: 'USD',
      parts: [{ dueOn: '2026-11-01', amountMinor: 90_000 }],
    });
    const [other] = await database.db
      .insert(customers)
      .values({ name: 'Globex', normalizedName: 'globex', ownerId: team.rep.id, currency: 'CNY' })
      .returning();
    await insertOrder(database, {
      number: 'SO-2026-00064',
      ownerId: team.rep.id,
      customerId: other!.id,
      parts: [{ dueOn: '2026-11-01', amountMinor: 10_000 }],
    });
    await importStatement(deps, bank, {
      csv: [
        header,
        '2026-11-10,1000.00,CNY,Nobody Known,,misc,S-1',
        '2026-11-10,900.00,CNY,Someone,,misc,S-2',
      ].join('\n'),
    });
  });

  afterAll(async () => {
    await database.close();
  });

  it('every open exception card offers Split… with a prompt, as Match manually does', async () => {
    const e = await exceptionOf('S-1');
    const [card] = await outboxRows(database, `recon:${e.id}`);
    const action = card?.card.actions.find((x) => x.id === 'recon.split') as
      | { prompt?: { label: string } }
      | undefined;
    // The finance channel speaks the org's language (zh-CN).
    expect(action?.prompt?.label).toContain('<订单号或发票号> <金额>');
  });

  it('a rep is refused; bad input names the part and the field, and nothing is written', async () => {
    const e = await exceptionOf('S-1');
    const before = await counts();
    expect((await split(e.id, 'SO-2026-00061 300', team.rep.id)).tone).toBe('danger');
    const refusals: [string, string, string][] = [
      ['SO-2026-00061 300, SO-2026-00062 abc', 'recon_split_syntax', 'split part 2 "SO-2026-00062 abc"'],
      ['SO-2026-00061 300.001', 'recon_split_amount', 'split part 1 (SO-2026-00061): amount "300.001"'],
      ['SO-2026-00061 300, SO-2026-09999 100', 'recon_split_unknown', 'split part 2: no approved order'],
      ['SO-2026-00063 300', 'recon_split_currency', 'it is in USD, the bank line in CNY'],
      [
        'SO-2026-00061 300, SO-2026-00064 100',
        'recon_split_customers',
        'belongs to Globex, part 1 to Acme Tools',
      ],
      [
        'SO-2026-00061#1 400',
        'recon_split_exceeds',
        'split part 1 (SO-2026-00061#1): CNY 400.00 is more than it still owes (CNY 300.00)',
      ],
      [
        'SO-2026-00061 600, SO-2026-00062 500',
        'recon_split_total',
        'the parts add up to CNY 1,100.00, more than the CNY 1,000.00',
      ],
      ['rest credit', 'recon_split_empty', 'give at least one part'],
    ];
    for (const [input, code, text] of refusals) {
      const error = await split(e.id, input).catch((x: unknown) => x);
      expect(error, input).toMatchObject({ code, field: 'split' });
      const { errorText } = await import('../../src/messages/catalogue/errors.ts');
      expect(errorText(error as never, 'en'), input).toContain(text);
    }
    expect(await counts()).toEqual({ ...before, audit_log: before.audit_log });
    expect((await exceptionOf('S-1')).status).toBe('open');
  });

  it('splits across an order (oldest first) and one installment, leaves the rest open, then splits the rest as credit', async () => {
    const e = await exceptionOf('S-1');
    const first = await split(e.id, 'SO-2026-00061 400\nSO-2026-00062#2 150');
    expect(first).toMatchObject({
      tone: 'success',
      text: 'Split into 2 part(s); CNY 450.00 stays open on the exception.',
    });
    // 400 over SO-61: 300 to its oldest (10-01), 100 to 12-01; 150 to SO-62's second installment only.
    expect(await paid([a[0]!, a[1]!, b[0]!, b[1]!])).toEqual([30_000, 10_000, 0, 15_000]);
    const open = await exceptionOf('S-1');
    expect(open).toMatchObject({ status: 'open', customer_id: team.customer.id });
    let card = (await outboxRows(database, `recon:${e.id}`)).at(-1)?.card;
    expect(card?.body).toContain('SO-2026-00061#1：¥300.00');
    expect(card?.body).toContain('还有 ¥450.00 未分配');
    expect(card?.actions.map((x) => x.id)).toEqual(['recon.split', 'recon.ack', 'recon.undo']);

    // What is left is 450.00: asking for more is refused against that, not against the whole line.
    await expect(split(e.id, 'SO-2026-00062 500')).rejects.toMatchObject({ code: 'recon_split_total' });
    const second = await split(e.id, 'SO-2026-00062 200; rest credit');
    expect(second.text).toBe("Split into 1 part(s); CNY 250.00 is left as the customer's credit.");
    expect(await paid([b[0]!])).toEqual([20_000]);
    expect((await exceptionOf('S-1')).status).toBe('resolved');
    card = (await outboxRows(database, `recon:${e.id}`)).at(-1)?.card;
    expect(card?.body).toContain('剩余 ¥250.00 记为客户预收款');
    expect(card?.actions.map((x) => x.id)).toEqual(['recon.undo']);
    const audits = await database.pool.query(
      `select after->>'status' as status, after->'remainderMinor' as rest from audit_log
       where action = 'recon_exception.split' and entity_id = $1 order by id`,
      [e.id],
    );
    expect(audits.rows).toEqual([
      { status: 'open', rest: 45_000 },
      { status: 'resolved', rest: 25_000 },
    ]);
    // A second click on the closed card says who decided it.
    expect((await split(e.id, 'SO-2026-00062 10')).tone).toBe('info');
  });

  it('the existing Undo reverses every part and reopens the exception', async () => {
    const e = await exceptionOf('S-1');
    const undo = await dispatchAction(deps, await actorFor(team.finance.id), {
      action: 'recon.undo',
      entityId: e.txn,
    });
    expect(undo.tone).toBe('success');
    expect(await paid([a[0]!, a[1]!, b[0]!, b[1]!])).toEqual([0, 0, 0, 0]);
    expect((await exceptionOf('S-1')).status).toBe('open');
  });

  it('an invoice number is a split target, and an exact split resolves the exception', async () => {
    await database.pool.query(`update installments set invoice_no = 'INV-77' where id = $1`, [b[0]]);
    const e = await exceptionOf('S-2');
    const reply = await split(e.id, 'inv 77 500, SO-2026-00061 400');
    expect(reply.text).toBe('Split into 2 part(s); the line is fully allocated.');
    expect(await paid([b[0]!, a[0]!, a[1]!])).toEqual([50_000, 30_000, 10_000]);
    expect((await exceptionOf('S-2')).status).toBe('resolved');
  });

  it('a partly split card keeps its split lines when a day later it is reminded, and when acknowledged', async () => {
    await importStatement(deps, bank, { csv: `${header}\n2026-11-10,300.00,CNY,Third,,misc,S-3` });
    const e = await exceptionOf('S-3');
    await split(e.id, 'SO-2026-00062#2 50');
    clock.set('2026-11-11T02:01:00Z');
    // S-1, reopened by the Undo above, is untouched for a day too.
    expect(await remindStaleExceptions(deps)).toEqual({ reminded: 2 });
    const nudge = (await outboxRows(database, `recon:${e.id}:reminder`)).at(-1)?.card;
    // To the assignee, in their language.
    expect(nudge?.body).toContain('✂️ Split by Zhao Finance at 2026-11-10 10:00:');
    expect(nudge?.body).toContain('- SO-2026-00062#2: CNY 50.00');
    expect(nudge?.body).toContain('CNY 250.00 not yet allocated');
    // The matcher's old suggestions no longer apply: the reminder offers what the split card does.
    expect(nudge?.actions.map((x) => x.id)).toEqual(['recon.split', 'recon.ack', 'recon.undo']);

    const ack = await dispatchAction(deps, await actorFor(team.finance.id), {
      action: 'recon.ack',
      entityId: e.id,
    });
    expect(ack.tone).toBe('success');
    const card = (await outboxRows(database, `recon:${e.id}`)).at(-1)?.card;
    expect(card?.body).toContain('SO-2026-00062#2：¥50.00');
    expect(card?.body).toContain('✅ Zhao Finance 已于 2026-11-11 10:01 确认');
  });
});

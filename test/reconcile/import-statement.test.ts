import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/app/apikeys/create-api-key.ts';
import { dispatchAction } from '../../src/app/commands/dispatch-action.ts';
import { requireUser } from '../../src/app/roster/find-user.ts';
import { bankStatementsApi } from '../../src/http/api/bank-statements.ts';
import { buildServer } from '../../src/http/server.ts';
import { insertOrder, insertTeam, outboxRows, type Team } from '../collections/fixtures.ts';
import { testClock } from '../helpers/clock.ts';
import { countRows, createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { testDeps } from '../helpers/deps.ts';

const header = 'date,amount,currency,payer,memo,bank_txn_id';
const statement = [
  header,
  '2026-11-02,600.00,CNY,Acme Tools,货款 ＳＯ－2026－00012,B-1',
  '2026-11-02,123.45,CNY,Acme Tools,SO-2026-00012,B-2',
  '2026-11-02,50.00,CNY,Someone,"rent, November",B-3',
  '2026-11-02,10.00,CNY,Unknown Co,SO-2026-99999,B-4',
].join('\r\n');

describe('bank statement import and acknowledge', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let key: string;
  let team: Team;
  let installmentIds: string[];
  const clock = testClock('2026-11-03T02:00:00Z');
  let deps: ReturnType<typeof testDeps>;

  const post = (payload: string | object, contentType = 'text/csv') =>
    app.inject({
      method: 'POST',
      url: '/api/bank-statements',
      headers: { authorization: `Bearer ${key}`, 'content-type': contentType },
      payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
    });

  const actorFor = async (id: string) => ({
    kind: 'user' as const,
    user: await requireUser(deps, { by: 'id', id }),
  });

  const counts = async () => ({
    bank_transactions: await countRows(database, 'bank_transactions'),
    statement_imports: await countRows(database, 'statement_imports'),
    allocations: await countRows(database, 'allocations'),
    recon_exceptions: await countRows(database, 'recon_exceptions'),
    outbox: await countRows(database, 'outbox'),
    audit_log: await countRows(database, 'audit_log'),
  });

  beforeAll(async () => {
    database = await createTestDatabase();
    deps = testDeps(database, { clock });
    team = await insertTeam(database);
    ({ installmentIds } = await insertOrder(database, {
      number: 'SO-2026-00012',
      ownerId: team.rep.id,
      customerId: team.customer.id,
      parts: [
        { dueOn: '2026-10-01', amountMinor: 20_000, paidMinor: 20_000 },
        { dueOn: '2026-11-01', amountMinor: 60_000 },
        { dueOn: '2026-12-01', amountMinor: 60_000 },
      ],
    }));
    key = (await createApiKey(deps, 'bank')).key;
    app = await buildServer({ deps, api: [bankStatementsApi], adapters: [], health: {} });
  });

  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it('one bad line → 400 naming the line and field, and nothing is written anywhere', async () => {
    const before = await counts();
    const bad = `${statement}\r\n2026-11-02,12.3.4,CNY,X,SO-2026-00012,B-5\r\n2026-11-31,1,CNY,,,B-6`;
    const res = await post(bad);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'statement_amount', field: 'rows.6.amount' });
    expect(res.json().message).toContain('Line 6: amount "12.3.4" is not an amount');
    expect(res.json().message).toContain('Nothing was imported (2 bad line(s))');
    expect(await counts()).toEqual(before);
  });

  it('a header without an amount column → 400 naming the column', async () => {
    const res = await post({ csv: 'date,currency,bank_txn_id\n2026-11-02,CNY,B-1' }, 'application/json');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'statement_missing_column', field: 'header.amount' });
  });

  it('an empty body → 400', async () => {
    const res = await post({ csv: '' }, 'application/json');
    expect(res.statusCode).toBe(400);
    expect(await countRows(database, 'statement_imports')).toBe(0);
  });

  it('imports: an exact match and a partial payment post, the rest become exception cards in the finance channel', async () => {
    const res = await post(statement);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ total: 4, imported: 4, skipped: 0, matched: 2, exceptions: 2 });

    const inst = await database.pool.query(
      'select id, paid_minor, paid_at from installments order by position',
    );
    expect(inst.rows.map((r) => Number(r.paid_minor))).toEqual([20_000, 60_000, 12_345]);
    // Partly paid is not paid: only a settled installment gets a paid date.
    expect(inst.rows[2].paid_at).toBeNull();
    expect(inst.rows[1].paid_at).toEqual(new Date('2026-11-03T02:00:00Z'));
    const alloc = await database.pool.query(
      'select installment_id, amount_minor, kind, reason from allocations order by amount_minor desc',
    );
    expect(alloc.rows).toEqual([
      {
        installment_id: installmentIds[1],
        amount_minor: '60000',
        kind: 'auto',
        reason:
          'the memo names SO-2026-00012; the amount equals what SO-2026-00012 due 2026-11-01 (CNY 600.00) still owes',
      },
      {
        installment_id: installmentIds[2],
        amount_minor: '12345',
        kind: 'auto',
        reason: 'the memo names SO-2026-00012; pays in part: CNY 123.45 towards SO-2026-00012 due 2026-12-01',
      },
    ]);
    const txns = await database.pool.query(
      'select bank_txn_id, status from bank_transactions order by bank_txn_id',
    );
    expect(txns.rows.map((r) => `${r.bank_txn_id}:${r.status}`)).toEqual([
      'B-1:matched',
      'B-2:matched',
      'B-3:unmatched',
      'B-4:unmatched',
    ]);
    const ex = await database.pool.query(
      `select e.kind, e.detail, e.status, t.bank_txn_id from recon_exceptions e
       join bank_transactions t on t.id = e.bank_transaction_id order by t.bank_txn_id`,
    );
    expect(ex.rows.map((r) => [r.bank_txn_id, r.kind, r.detail, r.status])).toEqual([
      ['B-3', 'unknown_payer', null, 'open'],
      ['B-4', 'unknown_reference', 'SO202699999', 'open'],
    ]);

    const cards = await outboxRows(database, 'recon:');
    expect(cards.map((c) => [c.destination, c.op])).toEqual([
      ['channel:finance', 'post'],
      ['channel:finance', 'post'],
    ]);
    // The finance channel reads the org language (zh-CN).
    const noReference = cards[0]!;
    expect(noReference.card.title).toBe('未知付款人的款项：¥50.00，付款人 Someone');
    expect(noReference.card.body).toBe(
      '摘要中没有订单编号，且 **Someone** 尚未对应任何客户。确认匹配后系统会记住该付款人。\n负责人：Zhao Finance。',
    );
    expect(noReference.card.fields).toContainEqual({ label: '摘要', value: 'rent, November' });
    expect(noReference.card.actions.map((a) => a.id)).toEqual([
      'recon.ack',
      'recon.writeoff',
      'recon.match',
      'recon.split',
      'recon.assign',
    ]);
    expect(cards[1]!.card.body).toContain('摘要中提到 **SO202699999**');
    const imports = await database.pool.query(
      'select lines_total, lines_new, lines_skipped from statement_imports',
    );
    expect(imports.rows).toEqual([{ lines_total: 4, lines_new: 4, lines_skipped: 0 }]);
  });

  it('re-importing the same file skips every line and writes nothing new', async () => {
    const before = await counts();
    const res = await post({ csv: statement, fileName: 'nov.csv' }, 'application/json');
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ total: 4, imported: 0, skipped: 4, matched: 0, exceptions: 0 });
    const after = await counts();
    expect({ ...after, statement_imports: before.statement_imports, audit_log: before.audit_log }).toEqual(
      before,
    );
    const paid = await database.pool.query('select sum(paid_minor)::int as s from installments');
    expect(paid.rows[0].s).toBe(92_345);
  });

  it('a new line paying the rest of the partly paid installment matches; an old line in the same file is skipped', async () => {
    const res = await post(
      `${header}\n2026-11-04,476.55,cny,Acme,so 2026 00012,B-7\n2026-11-02,600.00,CNY,Acme,SO-2026-00012,B-1`,
    );
    expect(res.json()).toMatchObject({ total: 2, imported: 1, skipped: 1, matched: 1, exceptions: 0 });
    const inst = await database.pool.query('select paid_minor from installments order by position');
    expect(inst.rows.map((r) => Number(r.paid_minor))).toEqual([20_000, 60_000, 60_000]);
  });

  it('acknowledge: finance only; the card is edited in place; a second click changes nothing', async () => {
    const [exception] = (
      await database.pool.query(`select id from recon_exceptions where kind = 'unknown_payer'`)
    ).rows as { id: string }[];
    const command = { action: 'recon.ack', entityId: exception!.id };

    const refused = await dispatchAction(deps, await actorFor(team.rep.id), command);
    expect(refused).toMatchObject({
      tone: 'danger',
      text: 'Only finance can work reconciliation exceptions.',
    });
    expect((await outboxRows(database, `recon:${exception!.id}`)).length).toBe(1);

    clock.set('2026-11-03T06:30:00Z');
    const done = await dispatchAction(deps, await actorFor(team.finance.id), command);
    expect(done.tone).toBe('success');
    const row = await database.pool.query(
      'select status, acknowledged_by, acknowledged_at from recon_exceptions where id = $1',
      [exception!.id],
    );
    expect(row.rows[0]).toEqual({
      status: 'acknowledged',
      acknowledged_by: team.finance.id,
      acknowledged_at: new Date('2026-11-03T06:30:00Z'),
    });
    const copies = await outboxRows(database, `recon:${exception!.id}`);
    expect(copies.map((c) => [c.op, c.destination])).toEqual([
      ['post', 'channel:finance'],
      ['update', 'channel:finance'],
    ]);
    expect(copies[1]!.card.body).toContain('✅ Zhao Finance 已于 2026-11-03 14:30 确认');
    expect(copies[1]!.card.actions).toEqual([]);

    const again = await dispatchAction(deps, await actorFor(team.finance.id), command);
    expect(again).toMatchObject({ tone: 'info', text: 'Already acknowledged by Zhao Finance.' });
    expect((await outboxRows(database, `recon:${exception!.id}`)).length).toBe(2);
    const audits = await database.pool.query(
      `select count(*)::int as n from audit_log where action = 'recon_exception.acknowledge'`,
    );
    expect(audits.rows[0].n).toBe(1);
  });

  it('the same money under another bank id two days later is a duplicate card, and pays nothing again', async () => {
    const before = await countRows(database, 'allocations');
    const res = await post(
      [header, '2026-11-04,600.00,CNY,Acme Tools,货款 ＳＯ－2026－00012,B-1-RESENT'].join('\r\n'),
    );
    expect(res.statusCode).toBe(201);
    expect(await countRows(database, 'allocations')).toBe(before);
    const ex = await database.pool.query(
      `select e.id, e.kind from recon_exceptions e join bank_transactions t on t.id = e.bank_transaction_id
       where t.bank_txn_id = 'B-1-RESENT'`,
    );
    expect(ex.rows.map((r) => r.kind)).toEqual(['duplicate']);
    const [card] = await outboxRows(database, `recon:${ex.rows[0].id}`);
    expect(card!.card.title).toBe('疑似重复付款：¥600.00，付款人 Acme Tools');
    expect(card!.card.body).toContain('请先核对银行账户');
    expect(card!.card.actions.map((a) => a.id)).toContain('recon.ack');
  });
});

import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/app/apikeys/create-api-key.ts';
import { dispatchAction } from '../../src/app/commands/dispatch-action.ts';
import { runTextCommand } from '../../src/app/commands/run-text-command.ts';
import { requireUser } from '../../src/app/roster/find-user.ts';
import { paymentsApi } from '../../src/http/api/payments.ts';
import { buildServer } from '../../src/http/server.ts';
import { insertOrder, insertTeam, outboxRows, type Team } from '../collections/fixtures.ts';
import { testClock } from '../helpers/clock.ts';
import { countRows, createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { testDeps } from '../helpers/deps.ts';

describe('receipts from the ERP (POST /api/payments) and from chat (ar received)', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let key: string;
  let team: Team;
  let deps: ReturnType<typeof testDeps>;
  const ids: Record<string, string> = {};
  const clock = testClock('2026-11-10T02:00:00Z');

  const pay = (payload: object) =>
    app.inject({
      method: 'POST',
      url: '/api/payments',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      payload: JSON.stringify(payload),
    });
  const actorFor = async (id: string) => ({
    kind: 'user' as const,
    user: await requireUser(deps, { by: 'id', id }),
  });
  const counts = async () => ({
    bank_transactions: await countRows(database, 'bank_transactions'),
    allocations: await countRows(database, 'allocations'),
    outbox: await countRows(database, 'outbox'),
    audit_log: await countRows(database, 'audit_log'),
  });
  const paid = async (key: string) =>
    Number(
      (await database.pool.query('select paid_minor from installments where id = $1', [ids[key]])).rows[0]
        .paid_minor,
    );

  beforeAll(async () => {
    database = await createTestDatabase();
    deps = testDeps(database, { clock });
    team = await insertTeam(database);
    const a = await insertOrder(database, {
      number: 'SO-2026-00031',
      ownerId: team.rep.id,
      customerId: team.customer.id,
      parts: [
        { dueOn: '2026-10-01', amountMinor: 30_000 },
        { dueOn: '2026-12-01', amountMinor: 70_000 },
      ],
    });
    [ids.a1, ids.a2] = a.installmentIds as [string, string];
    const b = await insertOrder(database, {
      number: 'SO-2026-00032',
      ownerId: team.rep2.id,
      customerId: team.customer.id,
      parts: [{ dueOn: '2026-11-01', amountMinor: 50_000 }],
    });
    [ids.b1] = b.installmentIds as [string];
    key = (await createApiKey(deps, 'erp')).key;
    app = await buildServer({ deps, api: [paymentsApi], adapters: [], health: {} });
  });

  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it('bad input → 400 naming the field, and nothing is written', async () => {
    const before = await counts();
    const good = {
      order: 'SO-2026-00031',
      amount: '100.00',
      currency: 'CNY',
      date: '2026-11-09',
      reference: 'R-1',
    };
    const cases: [object, string][] = [
      [{ ...good, amount: 'abc' }, 'amount'],
      [{ ...good, amount: '0' }, 'amount'],
      [{ ...good, amount: '2000.00' }, 'amount'],
      [{ ...good, currency: 'USD' }, 'currency'],
      [{ ...good, currency: 'dollars' }, 'currency'],
      [{ ...good, date: '09/11/2026' }, 'date'],
      [{ ...good, date: '2026-02-30' }, 'date'],
      [{ ...good, date: '2026-12-01' }, 'date'],
      [{ ...good, installmentId: ids.a1 }, 'order'],
      [{ amount: '1', currency: 'CNY', date: '2026-11-09', reference: 'R-1' }, 'order'],
      [{ ...good, reference: '' }, 'reference'],
    ];
    for (const [payload, field] of cases) {
      const res = await pay(payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      const json = res.json();
      expect(`${json.field ?? ''} ${json.message}`, JSON.stringify(payload)).toContain(field);
    }
    expect((await pay({ ...good, order: 'SO-2026-99999' })).statusCode).toBe(404);
    expect(await counts()).toEqual(before);
  });

  it('the ERP pays an order oldest installment first; the rep is told; a repeated reference adds nothing', async () => {
    const res = await pay({
      order: 'so-2026-00031',
      amount: '500.00',
      currency: 'CNY',
      date: '2026-11-09',
      reference: 'ERP-RC-7',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      orderNumber: 'SO-2026-00031',
      amountMinor: 50_000,
      installments: [
        { id: ids.a1, amountMinor: 30_000, status: 'paid' },
        { id: ids.a2, amountMinor: 20_000, status: 'partly_paid' },
      ],
    });
    expect(await paid('a1')).toBe(30_000);
    expect(await paid('a2')).toBe(20_000);
    const allocs = await database.pool.query(
      `select a.kind, a.amount_minor, t.bank_txn_id, t.booked_on::text as booked, t.status
       from allocations a join bank_transactions t on t.id = a.bank_transaction_id order by a.amount_minor`,
    );
    expect(
      allocs.rows.map((r) => [r.kind, Number(r.amount_minor), r.bank_txn_id, r.booked, r.status]),
    ).toEqual([
      ['erp', 20_000, 'erp:ERP-RC-7', '2026-11-09', 'matched'],
      ['erp', 30_000, 'erp:ERP-RC-7', '2026-11-09', 'matched'],
    ]);
    const audit = await database.pool.query(
      `select action, actor_label as actor from audit_log where action in ('receipt.record', 'installment.pay') order by action`,
    );
    expect(audit.rows).toEqual([
      { action: 'installment.pay', actor: 'api:erp' },
      { action: 'installment.pay', actor: 'api:erp' },
      { action: 'receipt.record', actor: 'api:erp' },
    ]);
    const cards = await outboxRows(database, 'receipt:');
    expect(cards.map((c) => c.destination)).toEqual([`user:${team.rep.id}`]);
    expect(cards[0]?.card.title).toBe('Payment received: CNY 500.00 on SO-2026-00031');
    expect(cards[0]?.card.body).toContain('partly paid');

    const before = await counts();
    const again = await pay({
      order: 'SO-2026-00031',
      amount: '500.00',
      currency: 'CNY',
      date: '2026-11-09',
      reference: 'ERP-RC-7',
    });
    expect(again.statusCode).toBe(409);
    expect(await counts()).toEqual(before);
  });

  it('the ERP can name one installment', async () => {
    const res = await pay({
      installmentId: ids.b1,
      amount: 100,
      currency: 'CNY',
      date: '2026-11-10',
      reference: 'ERP-RC-8',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().installments).toEqual([
      { id: ids.b1, label: 'Part 1', amountMinor: 10_000, status: 'partly_paid' },
    ]);
    expect((await outboxRows(database, 'receipt:')).map((c) => c.destination)).toContain(
      `user:${team.rep2.id}`,
    );
  });

  it('chat: finance marks money received; a rep is refused and nothing is written', async () => {
    const before = await counts();
    const refused = await runTextCommand(deps, await actorFor(team.rep.id), 'ar received SO-2026-00031 500');
    expect(refused).toMatchObject({ tone: 'danger', text: 'Only finance can mark money as received.' });
    expect(await counts()).toEqual(before);

    const finance = await actorFor(team.finance.id);
    await expect(runTextCommand(deps, finance, 'ar received SO-2026-00031 5x0')).rejects.toMatchObject({
      code: 'receipt_amount',
      field: 'amount',
    });
    await expect(
      runTextCommand(deps, finance, 'ar received SO-2026-00031 100 2026-13-01'),
    ).rejects.toMatchObject({ field: 'date' });
    expect(await counts()).toEqual(before);

    const reply = await runTextCommand(deps, finance, 'ar received SO-2026-00031 500.00 2026-11-10');
    expect(reply.tone).toBe('success');
    expect(reply.text).toContain('Part 2 CNY 500.00 → paid');
    expect(await paid('a2')).toBe(70_000);
    const rows = await database.pool.query(
      `select a.kind, a.created_by, t.bank_txn_id from allocations a
       join bank_transactions t on t.id = a.bank_transaction_id where a.kind = 'manual'`,
    );
    expect(rows.rows).toHaveLength(1);
    expect(rows.rows[0].created_by).toBe(`user:${(await actorFor(team.finance.id)).user.email}`);
    expect(rows.rows[0].bank_txn_id).toMatch(/^manual:/);

    // A manual receipt is a match like any other: Undo restores what was owed.
    const txn = (
      await database.pool.query(`select id from bank_transactions where bank_txn_id like 'manual:%'`)
    ).rows[0].id;
    const undo = await dispatchAction(deps, finance, { action: 'recon.undo', entityId: txn });
    expect(undo.tone).toBe('success');
    expect(await paid('a2')).toBe(20_000);
  });
});

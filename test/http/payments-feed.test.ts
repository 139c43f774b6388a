// GET /api/payments as an ERP books it, on the real database: a bank line split over orders and installments, a
// partial receipt, an overpayment left as the customer's credit, a split's rest left open, and an undone match that
// comes back on the next poll with its allocations reversed.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/app/apikeys/create-api-key.ts';
import { dispatchAction } from '../../src/app/commands/dispatch-action.ts';
import { importStatement } from '../../src/app/reconcile/import-statement.ts';
import { requireUser } from '../../src/app/roster/find-user.ts';
import { paymentsApi } from '../../src/http/api/payments.ts';
import { syncApi } from '../../src/http/api/sync.ts';
import { buildServer } from '../../src/http/server.ts';
import { insertOrder, insertTeam, type Team } from '../collections/fixtures.ts';
import { testClock } from '../helpers/clock.ts';
import { createTestDatabase, settleSyncHorizon, type TestDatabase } from '../helpers/db.ts';
import { testDeps } from '../helpers/deps.ts';

type Payment = Record<string, unknown> & { bankReference: string };

let database: TestDatabase;
let deps: ReturnType<typeof testDeps>;
let team: Team;
let app: FastifyInstance;
let auth: { authorization: string };
const clock = testClock('2026-11-10T02:00:00Z');
const ids: Record<string, { order: string; installments: string[] }> = {};

// Every page from the cursor on, as an ERP polls (the horizon settled first: no other transaction holds it back).
async function poll(cursor: string | null): Promise<{ seen: Payment[]; cursor: string | null }> {
  await settleSyncHorizon(database);
  const seen: Payment[] = [];
  let next = cursor;
  for (let i = 0; i < 20; i++) {
    const res = await app.inject({
      method: 'GET',
      url: `/api/payments?limit=2${next ? `&cursor=${next}` : ''}`,
      headers: auth,
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    seen.push(...body.items);
    next = body.nextCursor;
    if (!body.hasMore) break;
  }
  return { seen, cursor: next };
}

const byReference = (seen: Payment[], ref: string) => seen.filter((p) => p.bankReference === ref);

const finance = async () => ({
  kind: 'user' as const,
  user: await requireUser(deps, { by: 'id', id: team.finance.id }),
});

async function split(bankTxnId: string, input: string) {
  const [row] = (
    await database.pool.query(
      `select e.id from recon_exceptions e join bank_transactions t on t.id = e.bank_transaction_id
       where t.bank_txn_id = $1`,
      [bankTxnId],
    )
  ).rows;
  const reply = await dispatchAction(deps, await finance(), {
    action: 'recon.split',
    entityId: row.id,
    input,
  });
  expect(reply.tone).toBe('success');
}

// An allocation as the feed shows it, on the fields an ERP books.
const booked = (order: string, position: number, invoiceNo: string | null, allocatedMinor: number) =>
  expect.objectContaining({
    orderNumber: order,
    installmentId: ids[order]?.installments[position - 1],
    position,
    invoiceNo,
    allocatedMinor,
    currency: 'CNY',
  });

beforeAll(async () => {
  database = await createTestDatabase();
  deps = testDeps(database, { clock });
  team = await insertTeam(database);
  const order = async (number: string, parts: { dueOn: string; amountMinor: number }[]) => {
    const { orderId, installmentIds } = await insertOrder(database, {
      number,
      ownerId: team.rep.id,
      customerId: team.customer.id,
      parts,
    });
    ids[number] = { order: orderId, installments: installmentIds };
  };
  await order('SO-2026-00071', [
    { dueOn: '2026-10-01', amountMinor: 30_000 },
    { dueOn: '2026-12-01', amountMinor: 30_000 },
  ]);
  await order('SO-2026-00072', [
    { dueOn: '2026-10-15', amountMinor: 10_000 },
    { dueOn: '2026-12-15', amountMinor: 40_000 },
  ]);
  await order('SO-2026-00073', [{ dueOn: '2026-11-01', amountMinor: 60_000 }]);
  await order('SO-2026-00074', [{ dueOn: '2026-11-05', amountMinor: 20_000 }]);
  await database.pool.query(`update installments set invoice_no = 'INV-72-2' where id = $1`, [
    ids['SO-2026-00072']?.installments[1],
  ]);
  app = await buildServer({ deps, api: [syncApi, paymentsApi], adapters: [], health: {} });
  auth = { authorization: `Bearer ${(await createApiKey(deps, 'erp')).key}` };
}, 60_000);

afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe('GET /api/payments: each payment with its allocations', () => {
  let cursor: string | null = null;

  it('shows a split, a partial receipt, an overpayment as credit and a rest left open as an ERP books them', async () => {
    await importStatement(
      deps,
      { kind: 'api', keyName: 'bank' },
      {
        csv: [
          'date,amount,currency,payer,payer_account,memo,bank_txn_id',
          '2026-11-10,500.00,CNY,Nobody Known,,misc,F-SPLIT',
          '2026-11-10,700.00,CNY,Acme Tools Co,,SO-2026-00073,F-OVER',
          '2026-11-10,400.00,CNY,Someone Else,,misc,F-OPEN',
        ].join('\n'),
      },
    );
    await split('F-SPLIT', 'SO-2026-00071#1 300, SO-2026-00072#2 200');
    await split('F-OPEN', 'SO-2026-00071#2 100');
    const receipt = await app.inject({
      method: 'POST',
      url: '/api/payments',
      headers: auth,
      payload: {
        order: 'SO-2026-00074',
        amount: '50.00',
        currency: 'CNY',
        date: '2026-11-09',
        reference: 'R-9',
      },
    });
    expect(receipt.statusCode).toBe(201);

    const first = await poll(null);
    cursor = first.cursor;
    expect(first.seen.map((p) => p.bankReference).sort()).toEqual(['F-OPEN', 'F-OVER', 'F-SPLIT', 'erp:R-9']);

    const [splitLine] = byReference(first.seen, 'F-SPLIT');
    expect(splitLine).toMatchObject({
      amountMinor: 50_000,
      currency: 'CNY',
      status: 'matched',
      customerId: team.customer.id,
      allocations: [booked('SO-2026-00071', 1, null, 30_000), booked('SO-2026-00072', 2, 'INV-72-2', 20_000)],
      writeOffs: [],
      reversed: [],
      allocatedMinor: 50_000,
      unallocatedMinor: 0,
      unallocatedAs: null,
    });
    expect(splitLine?.allocations).toEqual([
      expect.objectContaining({ kind: 'manual', allocatedBy: 'user:t-fin@example.com', undoneAt: null }),
      expect.objectContaining({ kind: 'manual', allocatedBy: 'user:t-fin@example.com', undoneAt: null }),
    ]);

    // Pays 600.00 owed and leaves 100.00 that is the customer's, to refund or apply.
    expect(byReference(first.seen, 'F-OVER')[0]).toMatchObject({
      allocations: [expect.objectContaining({ kind: 'auto' })],
      allocatedMinor: 60_000,
      unallocatedMinor: 10_000,
      unallocatedAs: 'credit',
    });
    expect(byReference(first.seen, 'F-OVER')[0]?.allocations).toEqual([
      booked('SO-2026-00073', 1, null, 60_000),
    ]);

    // 100.00 applied, 300.00 still with finance: not a credit yet.
    expect(byReference(first.seen, 'F-OPEN')[0]).toMatchObject({
      allocations: [booked('SO-2026-00071', 2, null, 10_000)],
      allocatedMinor: 10_000,
      unallocatedMinor: 30_000,
      unallocatedAs: 'open',
    });

    // A receipt for part of what the installment owes: the whole receipt applied, the installment still open.
    expect(byReference(first.seen, 'erp:R-9')[0]).toMatchObject({
      bookedOn: '2026-11-09',
      allocations: [expect.objectContaining({ kind: 'erp', allocatedBy: 'api:erp' })],
      allocatedMinor: 5_000,
      unallocatedMinor: 0,
      unallocatedAs: null,
    });
    expect(byReference(first.seen, 'erp:R-9')[0]?.allocations).toEqual([
      booked('SO-2026-00074', 1, null, 5_000),
    ]);

    expect((await poll(cursor)).seen).toEqual([]);
  });

  it('a split left open and split again comes again with both parts', async () => {
    await split('F-OPEN', 'SO-2026-00072#2 150, rest credit');
    const next = await poll(cursor);
    expect(next.seen.map((p) => p.bankReference)).toEqual(['F-OPEN']);
    expect(next.seen[0]).toMatchObject({
      allocations: [booked('SO-2026-00071', 2, null, 10_000), booked('SO-2026-00072', 2, 'INV-72-2', 15_000)],
      allocatedMinor: 25_000,
      unallocatedMinor: 15_000,
      unallocatedAs: 'credit',
    });
    cursor = next.cursor;
  });

  it('an undone match comes again on the next poll, its allocations reversed and the money open again', async () => {
    const [line] = (
      await database.pool.query(`select id from bank_transactions where bank_txn_id = 'F-SPLIT'`)
    ).rows;
    const reply = await dispatchAction(deps, await finance(), { action: 'recon.undo', entityId: line.id });
    expect(reply.tone).toBe('success');

    const next = await poll(cursor);
    expect(next.seen.map((p) => p.bankReference)).toEqual(['F-SPLIT']);
    expect(next.seen[0]).toMatchObject({
      status: 'unmatched',
      allocations: [],
      reversed: [booked('SO-2026-00071', 1, null, 30_000), booked('SO-2026-00072', 2, 'INV-72-2', 20_000)],
      allocatedMinor: 0,
      unallocatedMinor: 50_000,
      unallocatedAs: 'open',
    });
    expect(next.seen[0]?.reversed).toEqual([
      expect.objectContaining({ undoneBy: 'user:t-fin@example.com', undoneAt: expect.any(String) }),
      expect.objectContaining({ undoneBy: 'user:t-fin@example.com', undoneAt: expect.any(String) }),
    ]);
    expect((await poll(next.cursor)).seen).toEqual([]);
  });
});

describe('the OpenAPI document (/docs)', () => {
  it('spells out a payment of the feed with its allocations and rest', async () => {
    await app.ready();
    const doc = app.swagger() as { paths: Record<string, Record<string, unknown>> };
    const text = JSON.stringify(doc.paths['/api/payments']?.get);
    for (const field of [
      'allocations',
      'writeOffs',
      'reversed',
      'unallocatedMinor',
      'unallocatedAs',
      'invoiceNo',
    ])
      expect(text, field).toContain(`"${field}"`);
  });
});

// The payment webhooks as an ERP books them: a bank line split over two orders tells payment.received with each
// allocation (order, installment position, invoice, amount) and what is left as credit; undoing it tells
// payment.reversed with the allocations taken back, and the payment as the feed now shows it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchAction } from '../../src/app/commands/dispatch-action.ts';
import type { UserRow } from '../../src/app/deps.ts';
import { importStatement } from '../../src/app/reconcile/import-statement.ts';
import { paymentsApi } from '../../src/http/api/payments.ts';
import { webhooksApi } from '../../src/http/api/webhooks.ts';
import { insertPerson } from '../app/orders/people.ts';
import { insertOrder } from '../collections/fixtures.ts';
import type { ApiWorld } from '../http/api-world.ts';
import { type ErpWorld, openErpWorld } from './erp-world.ts';

const SECRET = 'payment-events-secret-0123456789';
let world: ApiWorld;
let erp: ErpWorld;
let fin: UserRow;
const installments: Record<string, string[]> = {};

const deliver = () => erp.deliver();
const eventsOf = (type: string) => erp.eventsOf(type);

beforeAll(async () => {
  erp = await openErpWorld([paymentsApi, webhooksApi()], SECRET);
  world = erp.world;
  fin = await insertPerson(world.database, world.people, 'fin', { name: 'Fin Fang', roles: ['finance'] });
  const [acme] = (await world.database.pool.query(`select id from customers where name = 'ACME'`)).rows;
  for (const [number, parts] of [
    ['SO-2026-00081', [30_000, 30_000]],
    ['SO-2026-00082', [10_000, 40_000]],
  ] as const) {
    const { installmentIds } = await insertOrder(world.database, {
      number,
      ownerId: world.people.rep?.id as string,
      customerId: acme.id,
      parts: parts.map((amountMinor, i) => ({ dueOn: `2026-1${i}-01`, amountMinor })),
    });
    installments[number] = installmentIds;
  }
  await world.database.pool.query(`update installments set invoice_no = 'INV-82-2' where id = $1`, [
    installments['SO-2026-00082']?.[1],
  ]);
  expect(await erp.subscribe(['payment.received', 'payment.reversed', 'installment.paid'])).toBe(201);
}, 60_000);
afterAll(async () => {
  await erp?.close();
});

describe('payment webhooks', () => {
  let lineId = '';

  it('a split tells payment.received with each allocation and the credit left over', async () => {
    await importStatement(
      world.deps,
      { kind: 'api', keyName: 'bank' },
      {
        csv: [
          'date,amount,currency,payer,payer_account,memo,bank_txn_id',
          '2026-11-02,600.00,CNY,Nobody Known,,misc,W-SPLIT',
        ].join('\n'),
      },
    );
    const [row] = (
      await world.database.pool.query(
        `select e.id, t.id as txn from recon_exceptions e join bank_transactions t on t.id = e.bank_transaction_id
          where t.bank_txn_id = 'W-SPLIT'`,
      )
    ).rows;
    lineId = row.txn;
    const reply = await dispatchAction(
      world.deps,
      { kind: 'user', user: fin },
      {
        action: 'recon.split',
        entityId: row.id,
        input: 'SO-2026-00081#1 300, SO-2026-00082#2 200, rest credit',
      },
    );
    expect(reply.tone).toBe('success');
    await deliver();
    const [received] = eventsOf('payment.received');
    expect(received?.data).toMatchObject({
      bankTransactionId: lineId,
      bankReference: 'W-SPLIT',
      amountMinor: 60_000,
      currency: 'CNY',
      allocations: [
        {
          id: installments['SO-2026-00081']?.[0],
          installmentId: installments['SO-2026-00081']?.[0],
          orderNumber: 'SO-2026-00081',
          position: 1,
          invoiceNo: null,
          allocatedMinor: 30_000,
          currency: 'CNY',
          kind: 'manual',
        },
        {
          installmentId: installments['SO-2026-00082']?.[1],
          orderNumber: 'SO-2026-00082',
          position: 2,
          invoiceNo: 'INV-82-2',
          allocatedMinor: 20_000,
          currency: 'CNY',
          kind: 'manual',
        },
      ],
      payment: {
        id: lineId,
        status: 'matched',
        allocatedMinor: 50_000,
        unallocatedMinor: 10_000,
        unallocatedAs: 'credit',
        reversed: [],
      },
    });
    expect(eventsOf('payment.reversed')).toEqual([]);
  });

  it('undoing it tells payment.reversed with the allocations taken back and the money open again', async () => {
    const reply = await dispatchAction(
      world.deps,
      { kind: 'user', user: fin },
      { action: 'recon.undo', entityId: lineId },
    );
    expect(reply.tone).toBe('success');
    await deliver();
    const reversed = eventsOf('payment.reversed');
    expect(reversed).toHaveLength(1);
    expect(reversed[0]?.data).toMatchObject({
      bankTransactionId: lineId,
      reversed: [
        { orderNumber: 'SO-2026-00081', position: 1, allocatedMinor: 30_000, undoneBy: 'user:fin@demo.test' },
        { orderNumber: 'SO-2026-00082', position: 2, invoiceNo: 'INV-82-2', allocatedMinor: 20_000 },
      ],
      payment: {
        status: 'unmatched',
        allocations: [],
        allocatedMinor: 0,
        unallocatedMinor: 60_000,
        unallocatedAs: 'open',
      },
    });
    expect(eventsOf('payment.received')).toHaveLength(1);
  });

  it('paid again after the undo, the installment is told paid again: a second installment.paid, not one deduped away', async () => {
    expect(eventsOf('installment.paid').map((e) => e.data.id)).toEqual([installments['SO-2026-00081']?.[0]]);
    const [open] = (
      await world.database.pool.query(
        `select e.id from recon_exceptions e where e.bank_transaction_id = $1 and e.status = 'open'`,
        [lineId],
      )
    ).rows;
    const reply = await dispatchAction(
      world.deps,
      { kind: 'user', user: fin },
      { action: 'recon.split', entityId: open?.id, input: 'SO-2026-00081#1 300, rest credit' },
    );
    expect(reply.tone).toBe('success');
    await deliver();
    const paid = eventsOf('installment.paid');
    expect(paid.map((e) => e.data.id)).toEqual([
      installments['SO-2026-00081']?.[0],
      installments['SO-2026-00081']?.[0],
    ]);
    expect(new Set(paid.map((e) => e.id)).size).toBe(2);
  });
});

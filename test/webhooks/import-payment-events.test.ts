// A bank statement's automatic matches as an ERP hears of them: each matched line tells payment.received (what it
// paid, on which order and installment), each installment it paid in full tells installment.paid, and importing the
// same file again tells nothing more; with nobody subscribed, the import queues nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bankStatementsApi } from '../../src/http/api/bank-statements.ts';
import { webhooksApi } from '../../src/http/api/webhooks.ts';
import { insertOrder } from '../collections/fixtures.ts';
import type { ApiWorld } from '../http/api-world.ts';
import { type ErpWorld, openErpWorld } from './erp-world.ts';

const SECRET = 'import-events-secret-0123456789ab';
let world: ApiWorld;
let erp: ErpWorld;
const installments: Record<string, string[]> = {};

const deliver = () => erp.deliver();
const eventsOf = (type: string) => erp.eventsOf(type);
const webhookRows = async () =>
  (await world.database.pool.query(`select count(*)::int as n from outbox where platform = 'webhook'`))
    .rows[0].n as number;
const importFile = async (...lines: string[]) => {
  const res = await world.app.inject({
    method: 'POST',
    url: '/api/bank-statements',
    headers: { ...world.auth, 'content-type': 'text/csv' },
    payload: ['date,amount,currency,payer,memo,bank_txn_id', ...lines].join('\n'),
  });
  expect(res.statusCode).toBe(201);
  return res.json() as { matched: number; skipped: number };
};

beforeAll(async () => {
  erp = await openErpWorld([bankStatementsApi, webhooksApi()], SECRET);
  world = erp.world;
  const [acme] = (await world.database.pool.query(`select id from customers where name = 'ACME'`)).rows;
  for (const [number, parts] of [
    ['SO-2026-00091', [60_000]],
    ['SO-2026-00092', [100_000]],
    ['SO-2026-00093', [60_000]],
  ] as const) {
    const { installmentIds } = await insertOrder(world.database, {
      number,
      ownerId: world.people.rep?.id as string,
      customerId: acme.id,
      parts: parts.map((amountMinor) => ({ dueOn: '2026-11-01', amountMinor })),
    });
    installments[number] = installmentIds;
  }
}, 60_000);
afterAll(async () => {
  await erp?.close();
});

describe('webhooks of a statement import', () => {
  it('with no endpoint subscribed, an automatic match queues no webhook', async () => {
    const result = await importFile('2026-11-02,600.00,CNY,ACME,SO-2026-00093,IMP-0');
    expect(result.matched).toBe(1);
    expect(await webhookRows()).toBe(0);
  });

  it('an automatic match tells payment.received once, and installment.paid for the installment paid in full', async () => {
    expect(await erp.subscribe(['payment.received', 'installment.paid'])).toBe(201);
    const result = await importFile(
      '2026-11-02,600.00,CNY,ACME,SO-2026-00091,IMP-1',
      '2026-11-02,400.00,CNY,ACME,SO-2026-00092,IMP-2',
    );
    expect(result.matched).toBe(2);
    await deliver();

    const received = eventsOf('payment.received');
    expect(received.map((e) => e.data.bankReference).sort()).toEqual(['IMP-1', 'IMP-2']);
    const full = received.find((e) => e.data.bankReference === 'IMP-1');
    expect(full?.data).toMatchObject({
      bookedOn: '2026-11-02',
      currency: 'CNY',
      amountMinor: 60_000,
      allocations: [
        {
          installmentId: installments['SO-2026-00091']?.[0],
          orderNumber: 'SO-2026-00091',
          position: 1,
          allocatedMinor: 60_000,
          kind: 'auto',
          paidMinor: 60_000,
        },
      ],
      writeOffs: [],
      payment: { status: 'matched', allocatedMinor: 60_000, unallocatedMinor: 0 },
    });
    expect(received.find((e) => e.data.bankReference === 'IMP-2')?.data).toMatchObject({
      allocations: [
        { orderNumber: 'SO-2026-00092', allocatedMinor: 40_000, paidMinor: 40_000, paidAt: null },
      ],
    });

    const paid = eventsOf('installment.paid');
    expect(paid).toHaveLength(1);
    expect(paid[0]?.data).toMatchObject({
      id: installments['SO-2026-00091']?.[0],
      orderNumber: 'SO-2026-00091',
      amountMinor: 60_000,
      paidMinor: 60_000,
    });
    expect(paid[0]?.data.paidAt).toEqual(expect.any(String));
  });

  it('importing the same file again tells nothing more', async () => {
    const rows = await webhookRows();
    const result = await importFile(
      '2026-11-02,600.00,CNY,ACME,SO-2026-00091,IMP-1',
      '2026-11-02,400.00,CNY,ACME,SO-2026-00092,IMP-2',
    );
    expect(result).toMatchObject({ matched: 0, skipped: 2 });
    await deliver();
    expect(await webhookRows()).toBe(rows);
    expect(eventsOf('payment.received')).toHaveLength(2);
    expect(eventsOf('installment.paid')).toHaveLength(1);
  });
});

// The order-to-cash use cases publish their events: an order submitted and approved, then paid from the ERP, reaches
// a subscribed receiver as order.submitted, order.approved, payment.received and installment.paid; a lead converted
// by an order, an invoice, an overdue installment, a cancelled order and a bank line finance matched by hand each as
// theirs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsoleTransport } from '../../adapters/console/transport.ts';
import { createWebhookTransport } from '../../adapters/webhook/transport.ts';
import { decideApproval } from '../../src/app/orders/decide-approval.ts';
import { deliverDue } from '../../src/app/outbox/deliver-outbox.ts';
import { importStatement } from '../../src/app/reconcile/import-statement.ts';
import { matchManually } from '../../src/app/reconcile/match-manually.ts';
import { publishOverdueInstallments } from '../../src/app/webhooks/publish-overdue-installments.ts';
import { installmentInvoicesApi } from '../../src/http/api/installment-invoices.ts';
import { leadsApi } from '../../src/http/api/leads.ts';
import { ordersApi } from '../../src/http/api/orders.ts';
import { paymentsApi } from '../../src/http/api/payments.ts';
import { webhooksApi } from '../../src/http/api/webhooks.ts';
import { insertPerson } from '../app/orders/people.ts';
import type { TestClock } from '../helpers/clock.ts';
import { type ApiWorld, openApiWorld } from '../http/api-world.ts';
import { startTestReceiver, type TestReceiver } from './receiver-fixture.ts';

const SECRET = 'use-case-events-secret-0123456789';
let world: ApiWorld;
let erp: TestReceiver;

beforeAll(async () => {
  world = await openApiWorld([ordersApi, paymentsApi, leadsApi, installmentInvoicesApi, webhooksApi()]);
  world.deps.policy = {
    ...world.deps.policy,
    webhooks: { ...world.deps.policy.webhooks, allowPrivate: true },
  };
  const clock = world.deps.clock as TestClock;
  erp = await startTestReceiver({ secret: SECRET, now: () => clock.now() });
}, 60_000);
afterAll(async () => {
  await erp?.close();
  await world?.close();
});

// The manager approves the order's one pending level.
async function bossApproves(number: string) {
  const [approval] = (
    await world.database.pool.query(
      `select a.id from approvals a join orders o on o.id = a.order_id where o.number = $1 and a.status = 'pending'`,
      [number],
    )
  ).rows;
  const boss = world.people.boss;
  if (!boss) throw new Error('no boss');
  return decideApproval(
    world.deps,
    { kind: 'user', user: boss },
    { approvalId: approval.id, decision: 'approve' },
  );
}

describe('events from the order-to-cash use cases', () => {
  it('submit, approve and an ERP receipt each tell the subscribed receiver once', async () => {
    const sub = await world.app.inject({
      method: 'POST',
      url: '/api/webhooks',
      headers: world.auth,
      payload: { url: erp.url, events: ['*'], secret: SECRET },
    });
    expect(sub.statusCode).toBe(201);
    const order = await world.newOrder();
    expect(order.statusCode).toBe(201);
    const number = order.json().number as string;
    const decided = await bossApproves(number);
    expect(decided).toMatchObject({ decided: true, orderApproved: true });
    const paid = await world.app.inject({
      method: 'POST',
      url: '/api/payments',
      headers: world.auth,
      payload: {
        order: number,
        amount: order.json().total ?? '1000.00',
        currency: 'CNY',
        date: '2026-11-02',
        reference: 'ERP-RCPT-1',
      },
    });
    expect(paid.statusCode).toBe(201);
    await deliverDue(world.deps, {
      console: createConsoleTransport(world.deps),
      webhook: createWebhookTransport(world.deps, { secrets: {} }),
    });
    const types = erp.receiver.events.map((e) => e.type);
    expect(types.sort()).toEqual([
      'installment.paid',
      'order.approved',
      'order.submitted',
      'payment.received',
    ]);
    const approved = erp.receiver.events.find((e) => e.type === 'order.approved');
    expect(approved?.data).toMatchObject({
      number,
      status: 'approved',
      currency: 'CNY',
      customerName: 'ACME',
    });
    expect(erp.receiver.stats.rejected).toBe(0);
  });

  it('a lead turned into an order, an invoice, an overdue installment and a cancelled order each tell it once', async () => {
    const seen = erp.receiver.events.length;
    const deliver = () =>
      deliverDue(world.deps, {
        console: createConsoleTransport(world.deps),
        webhook: createWebhookTransport(world.deps, { secrets: {} }),
      });
    const lead = await world.app.inject({
      method: 'POST',
      url: '/api/leads',
      headers: world.auth,
      payload: { name: 'Zhou Buyer', company: 'Lotus Tools', phone: '13900139000', region: 'east' },
    });
    expect(lead.statusCode).toBe(201);
    const leadId = lead.json().id as string;
    // The rep works the lead (as a claim would leave it), so the order made from it is theirs.
    await world.database.pool.query(
      `update leads set owner_id = $1 where id::text = $2 or 'L-' || lpad(seq::text, 6, '0') = $2`,
      [world.people.rep?.id, leadId],
    );
    const order = await world.newOrder({ customerName: undefined, leadId });
    expect(order.statusCode).toBe(201);
    const number = order.json().number as string;
    await bossApproves(number);
    const invoiced = await world.app.inject({
      method: 'POST',
      url: `/api/orders/${number}/installments/1/invoice`,
      headers: world.auth,
      payload: { invoiceNo: 'INV-2026-0907', date: '2026-11-02' },
    });
    expect(invoiced.statusCode).toBe(200);
    // Past the due date of the net-30 plan (the job looks back a month): told once, not again on its next run.
    (world.deps.clock as TestClock).advance(40 * 86_400_000);
    expect((await publishOverdueInstallments(world.deps)).published).toBeGreaterThan(0);
    expect((await publishOverdueInstallments(world.deps)).published).toBe(0);
    const cancelled = await world.newOrder();
    const cancel = await world.app.inject({
      method: 'POST',
      url: `/api/orders/${cancelled.json().number}/cancel`,
      headers: world.auth,
      payload: { reason: 'customer withdrew' },
    });
    expect(cancel.statusCode).toBe(200);
    await deliver();

    const fresh = erp.receiver.events.slice(seen);
    const count = (type: string) => fresh.filter((e) => e.type === type).length;
    expect(count('lead.created')).toBe(1);
    expect(count('lead.converted')).toBe(1);
    expect(fresh.find((e) => e.type === 'lead.converted')?.data).toMatchObject({ id: leadId });
    expect(count('installment.invoiced')).toBe(1);
    expect(count('installment.overdue')).toBeGreaterThan(0);
    expect(count('order.cancelled')).toBe(1);
    expect(fresh.find((e) => e.type === 'order.cancelled')?.data).toMatchObject({
      number: cancelled.json().number,
      status: 'cancelled',
    });
    expect(new Set(fresh.map((e) => e.id)).size).toBe(fresh.length);
    expect(erp.receiver.stats.rejected).toBe(0);
  });

  it('a bank line nobody could match, matched by finance, tells it recon.exception.resolved and payment.received', async () => {
    const seen = erp.receiver.events.length;
    const fin = await insertPerson(world.database, world.people, 'fin', {
      name: 'Fin Fang',
      roles: ['finance'],
    });
    const order = await world.newOrder();
    const number = order.json().number as string;
    await bossApproves(number);
    await importStatement(
      world.deps,
      { kind: 'api', keyName: 'bank' },
      {
        csv: [
          'date,amount,currency,payer,payer_account,memo,bank_txn_id',
          '2026-12-10,1.00,CNY,Nobody Known,,misc,RECON-1',
        ].join('\n'),
      },
    );
    const [exception] = (
      await world.database.pool.query(
        `select e.id from recon_exceptions e join bank_transactions t on t.id = e.bank_transaction_id
          where t.bank_txn_id = 'RECON-1' and e.status = 'open'`,
      )
    ).rows;
    expect(exception).toBeDefined();
    expect(await matchManually(world.deps, { kind: 'user', user: fin }, exception.id, number)).toMatchObject({
      matched: true,
    });
    await deliverDue(world.deps, {
      console: createConsoleTransport(world.deps),
      webhook: createWebhookTransport(world.deps, { secrets: {} }),
    });
    const fresh = erp.receiver.events.slice(seen);
    expect(fresh.filter((e) => e.type === 'recon.exception.resolved')).toHaveLength(1);
    expect(fresh.filter((e) => e.type === 'payment.received')).toHaveLength(1);
    expect(erp.receiver.stats.rejected).toBe(0);
  });
});

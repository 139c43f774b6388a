// The credit gate judged again at an approval step: a customer gone on credit hold (dunning) since submit stops the
// chain there — order on hold, open approvals withdrawn on every card, the owner told, the approver answered.
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchAction } from '../../../src/app/commands/dispatch-action.ts';
import { runTextCommand } from '../../../src/app/commands/run-text-command.ts';
import type { UserActor } from '../../../src/app/commands/types.ts';
import type { AppDeps, UserRow } from '../../../src/app/deps.ts';
import { createOrder } from '../../../src/app/orders/create-order.ts';
import { submitOrder } from '../../../src/app/orders/submit-order.ts';
import {
  approvals,
  auditLog,
  creditOverrides,
  customers,
  dunningEvents,
  installments,
  orders,
} from '../../../src/db/schema.ts';
import { type TestClock, testClock } from '../../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { testDeps } from '../../helpers/deps.ts';
import { cardsAbout, insertPerson } from './people.ts';

let database: TestDatabase;
let deps: AppDeps;
let clock: TestClock;
const people: Record<string, UserRow> = {};
const as = (k: string): UserActor => ({ kind: 'user', user: people[k] as UserRow });

const addUser = (key: string, values: Parameters<typeof insertPerson>[3]) =>
  insertPerson(database, people, key, values);

const outboxTo = (k: string, number: string) => cardsAbout(database, people[k]?.id, number);

async function approvalsOf(orderId: string) {
  return database.db
    .select({
      version: approvals.orderVersion,
      level: approvals.levelName,
      approverId: approvals.approverId,
      status: approvals.status,
      id: approvals.id,
    })
    .from(approvals)
    .where(eq(approvals.orderId, orderId))
    .orderBy(asc(approvals.orderVersion), asc(approvals.levelIndex), asc(approvals.approverId));
}

async function orderRow(id: string) {
  const [o] = await database.db.select().from(orders).where(eq(orders.id, id));
  return o;
}

let pastSeq = 7000;

// A customer with an unpaid invoice a month overdue and an order of 200,000 in approval; the dunning ladder's
// credit_hold step has not fired yet, so the order went to approval.
async function orderInApproval(name: string) {
  const [customer] = await database.db
    .insert(customers)
    .values({ name, normalizedName: name.toLowerCase(), currency: 'CNY', createdAt: new Date('2024-06-01') })
    .returning();
  const [past] = await database.db
    .insert(orders)
    .values({
      seq: ++pastSeq,
      number: `SO-2025-${pastSeq}`,
      customerId: customer?.id ?? '',
      ownerId: people.rep?.id ?? '',
      status: 'approved',
      currency: 'CNY',
      totalMinor: 500_000,
      paymentPlan: 'net-30',
    })
    .returning();
  const [overdue] = await database.db
    .insert(installments)
    .values({
      orderId: past?.id ?? '',
      position: 1,
      label: 'Net 30',
      dueOn: '2026-10-01',
      amountMinor: 500_000,
      currency: 'CNY',
    })
    .returning();
  const created = await createOrder(deps, as('rep'), {
    source: { customerId: customer?.id ?? '' },
    lines: [{ description: 'Service', quantity: 1, unitPriceMinor: 200_000 }],
    paymentPlan: 'net-30',
    submit: true,
  });
  expect(created.status).toBe('pending_approval');
  return { order: created, overdueId: overdue?.id ?? '' };
}

// Dunning reached its credit_hold step for the overdue installment.
async function creditHoldFires(installmentId: string) {
  await database.db.insert(dunningEvents).values({ installmentId, offsetDays: 30 });
}

beforeAll(async () => {
  database = await createTestDatabase();
  clock = testClock('2026-11-02T02:00:00Z');
  const base = testDeps(database, { clock });
  const policy = structuredClone(base.policy);
  // Manager and finance sign off together (all of them), then a director.
  policy.approvals.levels = [
    {
      name: 'sign-off',
      when: {},
      approvers: { users: ['boss@demo.test', 'fin@demo.test'] },
      mode: 'all',
    },
    { name: 'director', when: {}, approvers: { role: 'director' }, mode: 'any' },
  ];
  policy.dunning = [
    ...policy.dunning,
    { offsetDays: 30, notify: ['rep', 'manager', 'finance'], task: false, creditHold: true },
  ];
  policy.credit.flags.onCreditHold = 'hold';
  deps = { ...base, policy };
  const boss = await addUser('boss', { name: 'Wang Boss', roles: ['manager'] });
  await addUser('rep', { name: 'Li Rep', roles: ['rep'], managerId: boss.id });
  await addUser('fin', { name: '陈静', roles: ['finance'], locale: 'zh-CN' });
  await addUser('dir', { name: 'Dee Director', roles: ['director'] });
});

afterAll(async () => {
  await database?.close();
});

describe('credit hold in the middle of the approval chain', () => {
  it('manager approves after dunning put the customer on credit hold: order held, finance card withdrawn, owner told', async () => {
    const { order, overdueId } = await orderInApproval('Midway Co');
    const [finApproval] = (await approvalsOf(order.id)).filter((a) => a.approverId === people.fin?.id);
    const [bossApproval] = (await approvalsOf(order.id)).filter((a) => a.approverId === people.boss?.id);
    expect((await outboxTo('fin', order.number)).map((r) => r.op)).toEqual(['post']);

    await creditHoldFires(overdueId);
    clock.advance(60_000);
    const reply = await dispatchAction(deps, as('boss'), {
      action: 'order.approve',
      entityId: bossApproval?.id ?? '',
    });
    expect(reply.tone).toBe('warning');
    expect(reply.text).toBe(
      `Your approval was recorded, but order ${order.number} went on credit hold instead of advancing: customer on credit hold (dunning: overdue still unpaid). Its open approvals were withdrawn and the owner was told.`,
    );

    expect((await orderRow(order.id))?.status).toBe('on_hold');
    expect((await orderRow(order.id))?.version).toBe(1);
    expect((await approvalsOf(order.id)).map((a) => [a.level, a.approverId, a.status])).toEqual(
      expect.arrayContaining([
        ['sign-off', people.boss?.id, 'approved'],
        ['sign-off', people.fin?.id, 'superseded'],
        ['director', people.dir?.id, 'superseded'],
      ]),
    );

    // Finance's card (in Chinese) is edited in place: no buttons, withdrawn and why.
    const fin = await outboxTo('fin', order.number);
    expect(fin.map((r) => r.op)).toEqual(['post', 'update']);
    expect(fin[1]?.refKey).toBe(fin[0]?.refKey);
    expect(fin[1]?.card.title).toBe(`订单 ${order.number} v1：已撤回，信用冻结`);
    expect(fin[1]?.card.body).toBe(
      '**已撤回**：Wang Boss 批准 sign-off 级后，信用检查冻结了订单：客户已被信用冻结（催收：逾期款尚未付清）。冻结解除后将重新审批。',
    );
    expect(fin[1]?.card.actions).toEqual([]);
    // The manager's own card says the same in English; the director never got one.
    const boss = await outboxTo('boss', order.number);
    expect(boss.map((r) => r.op)).toEqual(['post', 'update']);
    expect(boss[1]?.card.title).toBe(`Order ${order.number} v1: withdrawn, on credit hold`);
    expect(boss[1]?.card.context).toBe('On credit hold');
    expect(await outboxTo('dir', order.number)).toEqual([]);

    // The owner is told why and how to go on.
    const notice = (await outboxTo('rep', order.number)).at(-1);
    expect(notice?.card.title).toBe(`Order ${order.number} went on credit hold during approval`);
    expect(notice?.card.body).toBe(
      `Wang Boss approved level sign-off, but the credit check now holds the order: customer on credit hold (dunning: overdue still unpaid). Its open approvals were withdrawn. Settle the overdue balance or change the order and submit it again, or ask for an override: order override ${order.number} "why".`,
    );
    const [audit] = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, order.id), eq(auditLog.action, 'order.hold')));
    expect(audit?.before).toEqual({ status: 'pending_approval' });
    expect(audit?.after).toMatchObject({ status: 'on_hold', atLevel: 'sign-off', withdrawn: 2 });

    // A click on the withdrawn card changes nothing.
    const late = await dispatchAction(deps, as('fin'), {
      action: 'order.approve',
      entityId: finApproval?.id ?? '',
    });
    expect(late.text).toBe('此审批已处理（无需审批），未做任何更改。');
    expect((await orderRow(order.id))?.status).toBe('on_hold');

    // While still held, submitting again keeps it held (no new chain, no cards).
    const again = await submitOrder(deps, { kind: 'user', user: people.rep as UserRow }, order.number);
    expect(again.status).toBe('on_hold');
    expect((await approvalsOf(order.id)).every((a) => a.version === 1)).toBe(true);

    // Paid: the hold releases itself, and the resubmission is version 2 with a new chain.
    await database.db.update(installments).set({ paidMinor: 500_000 }).where(eq(installments.id, overdueId));
    clock.advance(60_000);
    const resubmitted = await submitOrder(deps, { kind: 'user', user: people.rep as UserRow }, order.number);
    expect(resubmitted).toMatchObject({ status: 'pending_approval', version: 2 });
    const v2 = (await approvalsOf(order.id)).filter((a) => a.version === 2);
    expect(v2.map((a) => [a.level, a.status])).toEqual([
      ['sign-off', 'pending'],
      ['sign-off', 'pending'],
      ['director', 'waiting'],
    ]);
    const finCards = await outboxTo('fin', order.number);
    expect(finCards.at(-1)?.op).toBe('post');
    expect(finCards.at(-1)?.card.title).toBe(`待审批：订单 ${order.number}`);
  });

  it('a held order released by a credit override goes on as a new version; the override also carries it past later steps', async () => {
    const { order, overdueId } = await orderInApproval('Override Co');
    await creditHoldFires(overdueId);
    const [bossApproval] = (await approvalsOf(order.id)).filter((a) => a.approverId === people.boss?.id);
    await dispatchAction(deps, as('boss'), { action: 'order.approve', entityId: bossApproval?.id ?? '' });
    expect((await orderRow(order.id))?.status).toBe('on_hold');

    const asked = await runTextCommand(deps, as('rep'), `order override ${order.number} "paying on Friday"`);
    expect(asked.text).toBe(`Override for order ${order.number} asked of 陈静.`);
    const [request] = await database.db
      .select()
      .from(creditOverrides)
      .where(eq(creditOverrides.orderId, order.id));
    const released = await dispatchAction(deps, as('fin'), {
      action: 'order.override.approve',
      entityId: request?.id ?? '',
    });
    expect(released.tone).toBe('success');
    expect(await orderRow(order.id)).toMatchObject({ status: 'pending_approval', version: 2 });

    // Still on credit hold, but the override covers it: both sign-offs and the director advance it to approved.
    const v2 = (await approvalsOf(order.id)).filter((a) => a.version === 2);
    for (const a of v2.filter((x) => x.level === 'sign-off')) {
      const who = a.approverId === people.boss?.id ? 'boss' : 'fin';
      await dispatchAction(deps, as(who), { action: 'order.approve', entityId: a.id });
    }
    const director = v2.find((a) => a.level === 'director');
    const last = await dispatchAction(deps, as('dir'), {
      action: 'order.approve',
      entityId: director?.id ?? '',
    });
    expect(last.text).toBe(`You approved order ${order.number}; it is now fully approved.`);
    expect((await orderRow(order.id))?.status).toBe('approved');
  });
});

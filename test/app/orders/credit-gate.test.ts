// The credit gate in the approval flow: an over-limit order gets the credit level and its card says why, in both
// languages; a hold stops the order until it clears; the gate is checked again at every approval step.
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchAction } from '../../../src/app/commands/dispatch-action.ts';
import { runTextCommand } from '../../../src/app/commands/run-text-command.ts';
import type { UserActor } from '../../../src/app/commands/types.ts';
import type { AppDeps, UserRow } from '../../../src/app/deps.ts';
import { createOrder } from '../../../src/app/orders/create-order.ts';
import { approvals, customers, installments, orders, outbox, products } from '../../../src/db/schema.ts';
import { foldCompanyName } from '../../../src/domain/leads/normalise.ts';
import type { Card } from '../../../src/messages/model.ts';
import { testClock } from '../../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { testDeps } from '../../helpers/deps.ts';
import { insertPerson } from './people.ts';

let database: TestDatabase;
let deps: AppDeps;
const people: Record<string, UserRow> = {};
const as = (key: string): UserActor => ({ kind: 'user', user: people[key] as UserRow });

const addUser = (key: string, values: Parameters<typeof insertPerson>[3]) =>
  insertPerson(database, people, key, values);

async function addCustomer(name: string, limitMinor: number | null): Promise<string> {
  const [row] = await database.db
    .insert(customers)
    .values({
      name,
      normalizedName: foldCompanyName(name),
      currency: 'CNY',
      creditLimitMinor: limitMinor,
      createdAt: new Date('2024-06-01T00:00:00Z'),
    })
    .returning();
  return row?.id ?? '';
}

// An approved order of the past with the given installments, as the collections slice leaves them.
let seq = 900;
async function pastOrder(
  customerId: string,
  plan: { dueOn: string; amountMinor: number; paidMinor?: number }[],
) {
  seq += 1;
  const total = plan.reduce((s, p) => s + p.amountMinor, 0);
  const [order] = await database.db
    .insert(orders)
    .values({
      seq,
      number: `SO-2025-${seq}`,
      customerId,
      ownerId: people.rep?.id ?? '',
      status: 'approved',
      currency: 'CNY',
      totalMinor: total,
      paymentPlan: 'net-30',
    })
    .returning();
  await database.db.insert(installments).values(
    plan.map((p, i) => ({
      orderId: order?.id ?? '',
      position: i + 1,
      label: `#${i + 1}`,
      dueOn: p.dueOn,
      amountMinor: p.amountMinor,
      paidMinor: p.paidMinor ?? 0,
      currency: 'CNY',
    })),
  );
  return order?.id ?? '';
}

async function cardsTo(userKey: string, number: string): Promise<Card[]> {
  const rows = await database.db
    .select({ card: outbox.card })
    .from(outbox)
    .where(eq(outbox.destination, `user:${people[userKey]?.id}`))
    .orderBy(asc(outbox.id));
  return rows.map((r) => r.card as Card).filter((c) => JSON.stringify(c).includes(number));
}

const fieldsOf = (card: Card | undefined) =>
  Object.fromEntries(card?.fields.map((f) => [f.label, f.value]) ?? []);

async function chainOf(orderId: string) {
  const rows = await database.db
    .select({ level: approvals.levelName, status: approvals.status, version: approvals.orderVersion })
    .from(approvals)
    .where(eq(approvals.orderId, orderId))
    .orderBy(asc(approvals.levelIndex));
  return rows.map((r) => `${r.level}:${r.status}`);
}

beforeAll(async () => {
  database = await createTestDatabase();
  // 10:00 in Shanghai on Monday 2 November 2026.
  deps = testDeps(database, { clock: testClock('2026-11-02T02:00:00Z') });
  const boss = await addUser('boss', { name: 'Wang Boss', roles: ['manager'] });
  await addUser('rep', { name: 'Li Rep', roles: ['rep'], managerId: boss.id });
  // Finance reads Chinese, the manager English: the two cards of one order show the gate in both languages.
  await addUser('fin', { name: '陈静', roles: ['finance'], locale: 'zh-CN' });
});

afterAll(async () => {
  await database?.close();
});

const order = (customer: string, amount: string, extra = '') =>
  runTextCommand(deps, as('rep'), `order new customer:"${customer}" line:X*1@${amount} plan:net-30 ${extra}`);

describe('an over-limit customer', () => {
  it('gets the credit level, and both cards say why: exposure, limit, overdue', async () => {
    await database.db.insert(products).values({
      sku: 'X',
      name: 'Widget X',
      unitPriceMinor: 100,
      currency: 'CNY',
    });
    const id = await addCustomer('Tight Ltd', 10_000_000);
    // 30,000 overdue by 10 days, 50,000 not due yet.
    await pastOrder(id, [
      { dueOn: '2026-10-23', amountMinor: 3_000_000 },
      { dueOn: '2026-12-01', amountMinor: 5_000_000 },
    ]);
    const reply = await order('Tight Ltd', '30000');
    expect(reply.text).toContain('manager (Wang Boss) → credit (陈静)');
    const number = /SO-2026-\d{5}/.exec(reply.text)?.[0] ?? '';
    const [row] = await database.db.select().from(orders).where(eq(orders.number, number));
    expect(await chainOf(row?.id ?? '')).toEqual(['manager:pending', 'credit:waiting']);

    const [managerCard] = await cardsTo('boss', number);
    const en = fieldsOf(managerCard);
    expect(en.Credit?.split('\n')).toEqual([
      expect.stringMatching(
        /^Exposure CNY 110,000\.00 of limit CNY 100,000\.00 \(110%\) · overdue CNY 30,000\.00, 10d · grade [A-E] \(score \d+\)$/,
      ),
      'receivables CNY 30,000.00 + approved, not invoiced CNY 50,000.00 + in approval CNY 30,000.00',
    ]);
    expect(en['Credit flags']?.split('\n')).toEqual([
      '- over the credit limit: adds the credit approval level',
      '- has an overdue balance: adds the credit approval level',
      // The only history is that overdue installment: the grade is low too.
      '- low credit grade: adds the credit approval level',
    ]);
    expect(managerCard?.tone).toBe('warning');

    const approved = await dispatchAction(deps, as('boss'), {
      action: 'order.approve',
      entityId:
        (
          await database.db
            .select()
            .from(approvals)
            .where(and(eq(approvals.orderId, row?.id ?? ''), eq(approvals.levelName, 'manager')))
        )[0]?.id ?? '',
    });
    expect(approved.tone).toBe('success');
    const [financeCard] = await cardsTo('fin', number);
    const zh = fieldsOf(financeCard);
    expect(zh.审批级别).toBe('2/2 信用审核');
    expect(zh.信用).toMatch(
      /^敞口 ¥110,000\.00，额度 ¥100,000\.00 \(110%\) · 逾期 ¥30,000\.00, 10d · 等级 [A-E]/,
    );
    expect(zh.信用风险?.split('\n')).toEqual([
      '- 超出信用额度：增加信用审批级别',
      '- 存在逾期欠款：增加信用审批级别',
      '- 信用等级低：增加信用审批级别',
    ]);
  });
});

describe('a policy that holds on an overdue balance', () => {
  it('holds the order with the reason, and lets it through once the balance is paid', async () => {
    const policy = structuredClone(deps.policy);
    policy.credit.flags.overdueBalance = 'hold';
    const strict = { ...deps, policy };
    const id = await addCustomer('Late Payer', null);
    const past = await pastOrder(id, [{ dueOn: '2026-10-01', amountMinor: 500_000 }]);
    const created = await createOrder(strict, as('rep'), {
      source: { customerId: id },
      lines: [{ sku: 'X', quantity: 10 }],
      paymentPlan: 'net-30',
      submit: true,
    });
    expect(created).toMatchObject({ status: 'on_hold', submitted: { status: 'on_hold', chain: [] } });
    expect(await chainOf(created.id)).toEqual([]);
    expect(await cardsTo('boss', created.number)).toEqual([]);
    const [notice] = await cardsTo('rep', created.number);
    expect(notice?.title).toBe(`Order ${created.number} is on credit hold`);
    expect(notice?.body).toContain('It was not sent for approval: has an overdue balance.');
    expect(fieldsOf(notice).Credit).toContain('overdue CNY 5,000.00, 32d');

    const again = await runTextCommand(strict, as('rep'), `order submit ${created.number}`);
    expect(again.text).toBe(
      `Order ${created.number} is on credit hold and was not sent for approval: has an overdue balance.`,
    );
    await database.db
      .update(installments)
      .set({ paidMinor: 500_000, paidAt: new Date('2026-11-01T02:00:00Z') })
      .where(eq(installments.orderId, past));
    const cleared = await runTextCommand(strict, as('rep'), `order submit ${created.number}`);
    // No longer held; paid a month late, the grade still asks for the credit level.
    expect(cleared.text).toBe(
      `Order ${created.number} (version 1) was sent for approval: manager (Wang Boss) → credit (陈静).`,
    );
    expect(await chainOf(created.id)).toEqual(['manager:pending', 'credit:waiting']);
  });
});

describe('checked again at every step', () => {
  it('an order that was fine at submit gets the credit level when exposure grew meanwhile', async () => {
    const id = await addCustomer('Grow Co', 10_000_000);
    const first = await createOrder(deps, as('rep'), {
      source: { customerId: id },
      lines: [{ description: 'Batch 1', quantity: 1, unitPriceMinor: 6_000_000 }],
      paymentPlan: 'net-30',
      submit: true,
    });
    expect(await chainOf(first.id)).toEqual(['manager:pending']);
    const second = await createOrder(deps, as('rep'), {
      source: { customerId: id },
      lines: [{ description: 'Batch 2', quantity: 1, unitPriceMinor: 5_000_000 }],
      paymentPlan: 'net-30',
      submit: true,
    });
    expect(await chainOf(second.id)).toEqual(['manager:pending', 'credit:waiting']);

    const [managerApproval] = await database.db
      .select()
      .from(approvals)
      .where(eq(approvals.orderId, first.id));
    const reply = await dispatchAction(deps, as('boss'), {
      action: 'order.approve',
      entityId: managerApproval?.id ?? '',
    });
    expect(reply.text).toBe(`You approved order ${first.number} at level manager.`);
    expect(await chainOf(first.id)).toEqual(['manager:approved', 'credit:pending']);
    const [financeCard] = await cardsTo('fin', first.number);
    expect(fieldsOf(financeCard).信用风险).toBe('- 超出信用额度：增加信用审批级别');
    const [o] = await database.db.select().from(orders).where(eq(orders.id, first.id));
    expect(o?.status).toBe('pending_approval');
  });
});

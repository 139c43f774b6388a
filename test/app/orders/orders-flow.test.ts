// An order from a lead through manager and finance approval, and what rejections, double clicks and broken chains do.
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchAction } from '../../../src/app/commands/dispatch-action.ts';
import { runTextCommand } from '../../../src/app/commands/run-text-command.ts';
import type { UserActor } from '../../../src/app/commands/types.ts';
import type { AppDeps, UserRow } from '../../../src/app/deps.ts';
import { createOrder } from '../../../src/app/orders/create-order.ts';
import { decideApproval } from '../../../src/app/orders/decide-approval.ts';
import {
  approvals,
  customers,
  installments,
  leads,
  orders,
  orderVersions,
  outbox,
  products,
} from '../../../src/db/schema.ts';
import { DomainError } from '../../../src/domain/errors.ts';
import { errorText } from '../../../src/messages/catalogue/errors.ts';
import type { Card } from '../../../src/messages/model.ts';
import { testClock } from '../../helpers/clock.ts';
import { countRows, createTestDatabase, rowCounts, type TestDatabase } from '../../helpers/db.ts';
import { testDeps } from '../../helpers/deps.ts';
import {
  approvalOfPerson,
  insertPerson,
  isOwnerCard,
  livingCard,
  orderNumbered,
  orderTables,
} from './people.ts';

let database: TestDatabase;
let deps: AppDeps;
const people: Record<string, UserRow> = {};
const as = (user: UserRow | undefined): UserActor => {
  if (!user) throw new Error('no such test user');
  return { kind: 'user', user };
};

const addUser = (key: string, values: Parameters<typeof insertPerson>[3]) =>
  insertPerson(database, people, key, values);

interface OutboxRow {
  op: string;
  destination: string;
  refKey: string;
  card: Card;
}

async function outboxFor(userKey: string): Promise<OutboxRow[]> {
  const rows = await database.db
    .select({ op: outbox.op, destination: outbox.destination, refKey: outbox.refKey, card: outbox.card })
    .from(outbox)
    .where(eq(outbox.destination, `user:${people[userKey]?.id}`))
    .orderBy(asc(outbox.id));
  return (rows as OutboxRow[]).filter((r) => !isOwnerCard(r.refKey));
}

async function approvalRows(orderId: string) {
  return database.db
    .select()
    .from(approvals)
    .where(eq(approvals.orderId, orderId))
    .orderBy(asc(approvals.levelIndex), asc(approvals.approverId));
}

const approvalOf = (orderId: string, userKey: string) =>
  approvalOfPerson(database, orderId, people[userKey]?.id);
const orderByNumber = (number: string) => orderNumbered(database, number);

const snapshotCounts = () => rowCounts(database, [...orderTables, 'customers']);

async function caught(p: Promise<unknown>): Promise<DomainError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError');
}

beforeAll(async () => {
  database = await createTestDatabase();
  // 10:00 in Shanghai on 2026-11-02.
  deps = testDeps(database, { clock: testClock('2026-11-02T02:00:00Z') });
  const boss = await addUser('boss', { name: 'Wang Boss', roles: ['manager'] });
  await addUser('rep', { name: 'Li Rep', roles: ['rep'], managerId: boss.id });
  await addUser('rep2', { name: 'Zhao Rep', roles: ['rep'], managerId: boss.id });
  await addUser('orphan', { name: 'No Manager', roles: ['rep'] });
  await addUser('fin1', { name: 'Fin One', roles: ['finance'] });
  await addUser('fin2', { name: 'Fin Two', roles: ['finance'] });
  await addUser('law', { name: 'Legal Lu', roles: ['legal'] });
  await database.db.insert(products).values([
    { sku: 'A100', name: 'Press A100', unitPriceMinor: 6_000_000, currency: 'CNY' },
    { sku: 'B200', name: 'Die set B200', unitPriceMinor: 100_000, currency: 'CNY' },
  ]);
  await database.db
    .insert(customers)
    .values({ name: 'ACME', normalizedName: 'acme', currency: 'CNY', ownerId: people.rep?.id });
  await database.db.insert(leads).values({
    seq: 1,
    name: 'Han Meimei',
    company: 'Globex Ltd',
    email: 'han@globex.test',
    emailNorm: 'han@globex.test',
    status: 'accepted',
    ownerId: people.rep?.id,
  });
});

afterAll(async () => {
  await database?.close();
});

describe('order from a lead through manager and finance approval', () => {
  let orderId = '';
  const number = 'SO-2026-00001';

  it('the lead owner creates and submits it with a text command; the manager gets the card', async () => {
    const reply = await runTextCommand(
      deps,
      as(people.rep),
      'order new lead:L-000001 sku:A100 qty:2 plan:30-60-10',
    );
    expect(reply.tone).toBe('success');
    expect(reply.text).toContain(number);
    expect(reply.text).toContain('manager (Wang Boss) → finance (Fin One, Fin Two)');

    const order = await orderByNumber(number);
    orderId = order.id;
    expect(order).toMatchObject({
      status: 'pending_approval',
      version: 1,
      totalMinor: 12_000_000,
      currency: 'CNY',
    });
    const [lead] = await database.db.select().from(leads).where(eq(leads.seq, 1));
    expect(lead?.status).toBe('converted');
    expect(lead?.closedAt).not.toBeNull();
    const [customer] = await database.db.select().from(customers).where(eq(customers.id, order.customerId));
    expect(customer?.name).toBe('Globex Ltd');
    expect(lead?.customerId).toBe(customer?.id);
    expect(await countRows(database, 'order_versions')).toBe(1);
    const [snapshot] = await database.db
      .select()
      .from(orderVersions)
      .where(eq(orderVersions.orderId, orderId));
    expect(snapshot?.snapshot).toMatchObject({ number, totalMinor: 12_000_000, paymentPlan: '30-60-10' });

    const rows = await approvalRows(orderId);
    expect(rows.map((r) => [r.levelName, r.status])).toEqual(
      expect.arrayContaining([
        ['manager', 'pending'],
        ['finance', 'waiting'],
        ['finance', 'waiting'],
      ]),
    );
    expect(rows).toHaveLength(3);

    const [card] = await outboxFor('boss');
    expect(card?.op).toBe('post');
    const fields = Object.fromEntries(card?.card.fields.map((f) => [f.label, f.value]) ?? []);
    expect(fields).toMatchObject({
      Customer: 'Globex Ltd',
      Total: 'CNY 120,000.00',
      // The plan by its closeloop.yaml label (labels.paymentPlans), not its key 30-60-10.
      'Payment plan': '30/60/10',
      Level: '1/2 manager',
      Requester: 'Li Rep',
    });
    expect(fields.Lines).toContain('Press A100 × 2');
    const approvalId = (await approvalOf(orderId, 'boss')).id;
    expect(card?.card.actions.map((a) => [a.id, a.value, Boolean(a.prompt)])).toEqual([
      ['order.approve', approvalId, false],
      ['order.reject', approvalId, true],
    ]);
    // Finance hears nothing until the manager has approved.
    expect(await outboxFor('fin1')).toEqual([]);
  });

  it('a non-approver clicking Approve is refused and nothing changes', async () => {
    const before = await snapshotCounts();
    const approval = await approvalOf(orderId, 'boss');
    const error = await caught(
      dispatchAction(deps, as(people.rep2), { action: 'order.approve', entityId: approval.id }),
    );
    expect(error.kind).toBe('forbidden');
    expect(error.code).toBe('order_not_your_approval');
    expect((await approvalOf(orderId, 'boss')).status).toBe('pending');
    expect(await snapshotCounts()).toEqual(before);
  });

  it('the manager approves: the card is edited in place, the requester’s living card says so, finance gets cards', async () => {
    const approval = await approvalOf(orderId, 'boss');
    const reply = await dispatchAction(deps, as(people.boss), {
      action: 'order.approve',
      entityId: approval.id,
    });
    expect(reply.text).toBe(`You approved order ${number} at level manager.`);

    const bossRows = await outboxFor('boss');
    expect(bossRows.map((r) => r.op)).toEqual(['post', 'update']);
    expect(bossRows[1]?.refKey).toBe(bossRows[0]?.refKey);
    expect(bossRows[1]?.card.context).toBe('Approved by Wang Boss');
    expect(bossRows[1]?.card.actions).toEqual([]);

    // The requester is told on the living card (who approved, what it waits for now), not in a notice beside it.
    expect(await outboxFor('rep')).toEqual([]);
    const living = (await livingCard(database, orderId, people.rep?.id)).at(-1)?.card;
    expect(living?.body).toBe('**Waiting for step 2/2 finance**: Fin One, Fin Two');
    expect(living?.fields.find((f) => f.label === 'Last decision')?.value).toMatch(
      /^Approved by Wang Boss \(manager\)/,
    );

    for (const fin of ['fin1', 'fin2']) {
      const rows = await outboxFor(fin);
      expect(rows.map((r) => r.op)).toEqual(['post']);
      expect(rows[0]?.card.fields.find((f) => f.label === 'Level')?.value).toBe('2/2 finance');
      expect((await approvalOf(orderId, fin)).status).toBe('pending');
    }
  });

  it('rejecting without a reason is an error naming the reason, and changes nothing', async () => {
    const before = await snapshotCounts();
    const approval = await approvalOf(orderId, 'fin1');
    for (const input of [undefined, '   ']) {
      const error = await caught(
        dispatchAction(deps, as(people.fin1), { action: 'order.reject', entityId: approval.id, input }),
      );
      expect([error.kind, error.code, error.field]).toEqual(['invalid', 'order_reject_reason', 'reason']);
    }
    expect((await approvalOf(orderId, 'fin1')).status).toBe('pending');
    expect((await orderByNumber(number)).status).toBe('pending_approval');
    expect(await snapshotCounts()).toEqual(before);
  });

  it('finance approves (mode any): the order is approved with installments summing to the total', async () => {
    const approval = await approvalOf(orderId, 'fin1');
    const reply = await dispatchAction(deps, as(people.fin1), {
      action: 'order.approve',
      entityId: approval.id,
    });
    expect(reply.text).toBe(`You approved order ${number}; it is now fully approved.`);

    const order = await orderByNumber(number);
    expect(order.status).toBe('approved');
    expect(order.decidedAt).not.toBeNull();
    const plan = await database.db
      .select()
      .from(installments)
      .where(eq(installments.orderId, orderId))
      .orderBy(asc(installments.position));
    expect(plan.map((i) => [i.label, i.dueOn, i.amountMinor])).toEqual([
      ['On signing', '2026-11-02', 3_600_000],
      ['On delivery', '2026-12-02', 7_200_000],
      ['On acceptance', '2027-01-01', 1_200_000],
    ]);
    expect(plan.reduce((s, i) => s + i.amountMinor, 0)).toBe(order.totalMinor);

    // The other finance approver's card now says who settled the level.
    expect((await approvalOf(orderId, 'fin2')).status).toBe('superseded');
    const fin2 = await outboxFor('fin2');
    expect(fin2.map((r) => r.op)).toEqual(['post', 'update']);
    expect(fin2[1]?.card.context).toBe('Approved by Fin One');
    expect((await outboxFor('fin1')).at(-1)?.card.context).toBe('Approved by Fin One');

    // One notice for the outcome, none for the level on the way.
    const notices = await outboxFor('rep');
    expect(notices.map((r) => r.card.title)).toEqual([`Order ${number} is approved`]);
    const last = notices.at(-1);
    const schedule = last?.card.fields.find((f) => f.label === 'Installments')?.value ?? '';
    expect(schedule.split('\n')).toEqual([
      '- 2026-11-02 On signing: CNY 36,000.00',
      '- 2026-12-02 On delivery: CNY 72,000.00',
      '- 2027-01-01 On acceptance: CNY 12,000.00',
    ]);
  });

  it('a second click on a decided card has one effect only', async () => {
    const before = await snapshotCounts();
    const approval = await approvalOf(orderId, 'fin1');
    const again = await decideApproval(deps, as(people.fin1), {
      approvalId: approval.id,
      decision: 'approve',
    });
    expect(again).toEqual({ decided: false, already: 'approved' });
    const late = await dispatchAction(deps, as(people.fin2), {
      action: 'order.approve',
      entityId: (await approvalOf(orderId, 'fin2')).id,
    });
    expect(late.text).toBe('This approval was already dealt with (no longer needed); nothing changed.');
    expect(await snapshotCounts()).toEqual(before);
  });

  it('order status shows each step and who decided', async () => {
    const reply = await runTextCommand(deps, as(people.rep), `订单 状态 ${number.toLowerCase()}`);
    const fields = Object.fromEntries(reply.card?.fields.map((f) => [f.label, f.value]) ?? []);
    expect(fields.Status).toBe('approved');
    expect(fields.Approvals).toContain('1/2 manager (any): Wang Boss approved 2026-11-02 10:00');
    expect(fields.Approvals).toContain('Fin One approved');
    expect(fields.Approvals).toContain('Fin Two no longer needed');
    expect(fields.Installments).toContain('2027-01-01 On acceptance: CNY 12,000.00');
    const outsider = await caught(runTextCommand(deps, as(people.law), `order status ${number}`));
    expect(outsider.code).toBe('order_status_forbidden');
  });
});

describe('rejection, double clicks and broken chains', () => {
  it('the manager rejects with a reason: order rejected, card edited, requester told', async () => {
    const reply = await runTextCommand(
      deps,
      as(people.rep),
      'order new customer:acme line:B200*3@950,A100*1 plan:net-30 terms:"pay on delivery"',
    );
    const number = /SO-2026-\d{5}/.exec(reply.text)?.[0] ?? '';
    const order = await orderByNumber(number);
    // 3 × 950.00 + 60,000.00, non-standard terms → manager then legal.
    expect(order.totalMinor).toBe(6_285_000);
    expect(order.nonStandardTerms).toBe(true);
    expect((await approvalRows(order.id)).map((r) => [r.levelName, r.status])).toEqual([
      ['manager', 'pending'],
      ['legal', 'waiting'],
    ]);
    const approval = await approvalOf(order.id, 'boss');
    const answer = await dispatchAction(deps, as(people.boss), {
      action: 'order.reject',
      entityId: approval.id,
      input: ' discount too deep ',
    });
    expect(answer.text).toBe(`You rejected order ${number}. The requester has been told.`);
    expect((await orderByNumber(number)).status).toBe('rejected');
    expect((await approvalRows(order.id)).map((r) => [r.levelName, r.status, r.reason])).toEqual([
      ['manager', 'rejected', 'discount too deep'],
      ['legal', 'superseded', null],
    ]);
    const bossCard = (await outboxFor('boss')).filter(
      (r) => r.refKey === `order:${order.id}:v1:level:0:approval:${people.boss?.id}`,
    );
    expect(bossCard.map((r) => r.op)).toEqual(['post', 'update']);
    expect(bossCard[1]?.card.context).toBe('Rejected by Wang Boss: discount too deep');
    expect(await outboxFor('law')).toEqual([]);
    const notice = (await outboxFor('rep')).at(-1);
    expect(notice?.card.title).toBe(`Order ${number} was rejected`);
    expect(notice?.card.body).toContain('discount too deep');
    expect(await countRows(database, 'installments')).toBe(3);
  });

  it('two simultaneous clicks on one approval: exactly one decision', async () => {
    const created = await createOrder(deps, as(people.rep2), {
      source: { customerName: 'ACME' },
      lines: [{ sku: 'B200', quantity: 1 }],
      paymentPlan: 'net-30',
      submit: true,
    });
    const approval = await approvalOf(created.id, 'boss');
    const results = await Promise.all(
      [1, 2, 3].map(() =>
        decideApproval(deps, as(people.boss), { approvalId: approval.id, decision: 'approve' }),
      ),
    );
    expect(results.filter((r) => r.decided)).toHaveLength(1);
    expect(results.filter((r) => !r.decided)).toEqual([
      { decided: false, already: 'approved' },
      { decided: false, already: 'approved' },
    ]);
    const plan = await database.db.select().from(installments).where(eq(installments.orderId, created.id));
    expect(plan.map((i) => i.amountMinor)).toEqual([100_000]);
    const notices = (await outboxFor('rep2')).filter((r) => r.card.title.includes(created.number));
    expect(notices).toHaveLength(1);
  });

  it('a card of an older version gets a reply naming the current version', async () => {
    const created = await createOrder(deps, as(people.rep2), {
      source: { customerName: 'ACME' },
      lines: [{ sku: 'B200', quantity: 2 }],
      paymentPlan: 'net-30',
      submit: true,
    });
    const approval = await approvalOf(created.id, 'boss');
    await database.db.update(orders).set({ version: 2 }).where(eq(orders.id, created.id));
    const reply = await dispatchAction(deps, as(people.boss), {
      action: 'order.approve',
      entityId: approval.id,
    });
    expect(reply.text).toBe(
      `This card is for version 1 of order ${created.number}, which is now at version 2. Use the card for version 2.`,
    );
    expect((await approvalOf(created.id, 'boss')).status).toBe('pending');
  });

  it('a level that resolves to nobody stops the submit with the fix, and nothing is written', async () => {
    const before = await snapshotCounts();
    const error = await caught(
      createOrder(deps, as(people.orphan), {
        source: { customerName: 'ACME' },
        lines: [{ sku: 'B200', quantity: 1 }],
        paymentPlan: 'net-30',
        submit: true,
      }),
    );
    expect([error.kind, error.code]).toEqual(['conflict', 'order_level_no_manager']);
    expect(error.vars).toMatchObject({ level: 'manager', requester: 'No Manager' });
    expect(await snapshotCounts()).toEqual(before);
  });

  it('a payment plan that does not exist names the field and the valid plans as the reader types them', async () => {
    const error = await caught(
      runTextCommand(deps, as(people.rep), 'order new customer:ACME sku:B200 qty:1 plan:net-90'),
    );
    expect([error.code, error.field]).toEqual(['order_unknown_plan', 'paymentPlan']);
    // closeloop.yaml labels net-30 "Net 30" / "30 天账期" and 30-60-10 "30/60/10" / "30/60/10 分期".
    expect(errorText(error, 'en')).toBe('No payment plan "net-90". Use one of: Net 30, 30/60/10.');
    expect(errorText(error, 'zh-CN')).toBe('没有付款计划「net-90」。可用：30 天账期、30/60/10 分期。');
  });

  it('a payment plan typed as its label is the plan it labels', async () => {
    const created = await createOrder(deps, as(people.rep), {
      source: { customerName: 'ACME' },
      lines: [{ sku: 'B200', quantity: 1 }],
      paymentPlan: '30/60/10 分期',
    });
    expect((await orderByNumber(created.number))?.paymentPlan).toBe('30-60-10');
  });

  it('only the lead owner can turn the lead into an order', async () => {
    await database.db.insert(leads).values({
      seq: 2,
      name: 'Wei',
      company: 'Initech',
      status: 'accepted',
      ownerId: people.rep?.id,
    });
    const error = await caught(
      runTextCommand(deps, as(people.rep2), 'order new 线索:2 产品:B200 数量:1 付款计划:net-30'),
    );
    expect(error.code).toBe('order_lead_not_yours');
    const [lead] = await database.db.select().from(leads).where(eq(leads.seq, 2));
    expect(lead?.status).toBe('accepted');
  });
});

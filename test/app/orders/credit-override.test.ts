// A credit override is itself an approval: a held order's owner asks, an override approver (finance here) approves
// or rejects on a card, the approval expires, and after that a new check holds the order again.
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchAction } from '../../../src/app/commands/dispatch-action.ts';
import { runTextCommand } from '../../../src/app/commands/run-text-command.ts';
import type { UserActor } from '../../../src/app/commands/types.ts';
import type { AppDeps, UserRow } from '../../../src/app/deps.ts';
import { createOrder } from '../../../src/app/orders/create-order.ts';
import {
  approvals,
  auditLog,
  creditOverrides,
  customers,
  installments,
  orders,
  users,
} from '../../../src/db/schema.ts';
import { DomainError } from '../../../src/domain/errors.ts';
import { type TestClock, testClock } from '../../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { testDeps } from '../../helpers/deps.ts';
import { cardsAbout, insertPerson, livingCard } from './people.ts';

let database: TestDatabase;
let deps: AppDeps;
let clock: TestClock;
const people: Record<string, UserRow> = {};
const as = (k: string): UserActor => ({ kind: 'user', user: people[k] as UserRow });
const day = 24 * 3600 * 1000;

const addUser = (key: string, values: Parameters<typeof insertPerson>[3]) =>
  insertPerson(database, people, key, values);

const outboxTo = (k: string, number: string) => cardsAbout(database, people[k]?.id, number);

async function statusOf(orderId: string) {
  const [o] = await database.db.select({ status: orders.status }).from(orders).where(eq(orders.id, orderId));
  return o?.status;
}

async function caught(p: Promise<unknown>): Promise<DomainError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError');
}

let pastSeq = 9000;

// Held: a customer with an unpaid invoice a month overdue, under a policy that holds on an overdue balance.
async function heldOrder(name: string) {
  const [customer] = await database.db
    .insert(customers)
    .values({ name, normalizedName: name.toLowerCase(), currency: 'CNY', createdAt: new Date('2024-06-01') })
    .returning();
  const [past] = await database.db
    .insert(orders)
    .values({
      seq: ++pastSeq,
      number: `SO-2025-${name}`,
      customerId: customer?.id ?? '',
      ownerId: people.rep?.id ?? '',
      status: 'approved',
      currency: 'CNY',
      totalMinor: 500_000,
      paymentPlan: 'net-30',
    })
    .returning();
  await database.db.insert(installments).values({
    orderId: past?.id ?? '',
    position: 1,
    label: 'Net 30',
    dueOn: '2026-10-01',
    amountMinor: 500_000,
    currency: 'CNY',
  });
  const created = await createOrder(deps, as('rep'), {
    source: { customerId: customer?.id ?? '' },
    lines: [{ description: 'Service', quantity: 1, unitPriceMinor: 200_000 }],
    paymentPlan: 'net-30',
    submit: true,
  });
  expect(created.status).toBe('on_hold');
  return created;
}

beforeAll(async () => {
  database = await createTestDatabase();
  clock = testClock('2026-11-02T02:00:00Z');
  const base = testDeps(database, { clock });
  const policy = structuredClone(base.policy);
  policy.credit.flags.overdueBalance = 'hold';
  deps = { ...base, policy };
  const boss = await addUser('boss', { name: 'Wang Boss', roles: ['manager'] });
  await addUser('rep', { name: 'Li Rep', roles: ['rep'], managerId: boss.id });
  await addUser('fin', { name: '陈静', roles: ['finance'], locale: 'zh-CN' });
  await addUser('fin2', { name: 'Fin Two', roles: ['finance'] });
});

afterAll(async () => {
  await database?.close();
});

describe('credit override', () => {
  it('hold → override asked → a non-approver is refused → finance approves → the order goes on to its chain', async () => {
    const order = await heldOrder('Hold Co');
    const held = (await livingCard(database, order.id, people.rep?.id)).at(-1)?.card;
    expect(held?.body).toMatch(/^\*\*On credit hold\*\*/);
    expect(held?.actions.map((a) => a.label)).toEqual(['Resubmit', 'Edit', 'Cancel order', 'Open']);
    const asked = await runTextCommand(
      deps,
      as('rep'),
      `order override ${order.number} "customer pays the October invoice on Friday"`,
    );
    expect(asked.text).toBe(`Override for order ${order.number} asked of 陈静, Fin Two.`);
    const [request] = await database.db
      .select()
      .from(creditOverrides)
      .where(eq(creditOverrides.orderId, order.id));
    expect(request).toMatchObject({
      status: 'pending',
      reason: 'customer pays the October invoice on Friday',
    });

    // Both finance people get the card, each in their language, with Approve / Reject.
    const [zhCard] = await outboxTo('fin', order.number);
    expect(zhCard?.card.title).toBe(`信用豁免申请：订单 ${order.number}`);
    expect(zhCard?.card.body).toContain('（存在逾期欠款）');
    expect(zhCard?.card.actions.map((a) => a.id)).toEqual([
      'order.override.approve',
      'order.override.reject',
    ]);
    const [enCard] = await outboxTo('fin2', order.number);
    expect(enCard?.card.body).toContain('Reason: customer pays the October invoice on Friday');
    expect(enCard?.card.body).toContain('valid for 7 days');

    // Asking twice keeps one request.
    const twice = await runTextCommand(deps, as('rep'), `order override ${order.number} "again"`);
    expect(twice.text).toBe(`An override for order ${order.number} is already waiting for a decision.`);

    // The manager is not an override approver, nor is the owner.
    for (const who of ['boss', 'rep']) {
      const refused = await caught(
        dispatchAction(deps, as(who), { action: 'order.override.approve', entityId: request?.id ?? '' }),
      );
      expect(refused.code).toBe('order_override_not_approver');
    }
    expect(await statusOf(order.id)).toBe('on_hold');

    const reply = await dispatchAction(deps, as('fin2'), {
      action: 'order.override.approve',
      entityId: request?.id ?? '',
    });
    expect(reply.text).toContain(`Override approved until 2026-11-09 10:00; order ${order.number} is now`);
    expect(await statusOf(order.id)).toBe('pending_approval');
    const [row] = await database.db
      .select()
      .from(creditOverrides)
      .where(eq(creditOverrides.id, request?.id ?? ''));
    expect(row).toMatchObject({ status: 'approved', decidedBy: people.fin2?.id });
    expect(row?.expiresAt?.toISOString()).toBe('2026-11-09T02:00:00.000Z');
    // The chain starts: the manager's card, and the credit level waits (the overdue balance still counts).
    const chain = await database.db
      .select({ level: approvals.levelName, status: approvals.status })
      .from(approvals)
      .where(eq(approvals.orderId, order.id))
      .orderBy(asc(approvals.levelIndex));
    expect(chain[0]).toEqual({ level: 'manager', status: 'pending' });
    expect((await outboxTo('boss', order.number)).map((r) => r.card.actions[0]?.id)).toContain(
      'order.approve',
    );

    // Every copy of the override card shows the decision, in place.
    const updates = (await outboxTo('fin', order.number)).filter((r) => r.op === 'update');
    expect(updates.at(-1)?.card.context).toBe('Fin Two 已批准豁免，有效期至 2026-11-09 10:00。');
    expect(updates.at(-1)?.card.actions).toEqual([]);
    expect((await outboxTo('fin2', order.number)).some((r) => r.op === 'update')).toBe(true);
    const notices = await outboxTo('rep', order.number);
    expect(notices.at(-1)?.card.body).toBe(
      `The credit override for order ${order.number} was approved by Fin Two (valid until 2026-11-09 10:00); the order goes on to approval.`,
    );

    // The rep's one card moved on with the order: now waiting on the manager.
    const living = await livingCard(database, order.id, people.rep?.id);
    expect(living.filter((r) => r.op === 'post')).toHaveLength(1);
    expect(living.at(-1)?.card.body).toMatch(/^\*\*Waiting for step 1\/\d manager\*\*: Wang Boss$/);

    // A second click is told it is settled; audit has the request, the approval and the submit naming the override.
    const late = await dispatchAction(deps, as('fin'), {
      action: 'order.override.approve',
      entityId: request?.id ?? '',
    });
    expect(late.text).toBe('此豁免已被决定（已批准）。');
    const audits = await database.db
      .select({ action: auditLog.action, after: auditLog.after })
      .from(auditLog)
      .where(eq(auditLog.entityId, order.id))
      .orderBy(asc(auditLog.id));
    const actions = audits.map((a) => a.action);
    expect(actions).toContain('order.credit_override.request');
    expect(actions).toContain('order.credit_override.approve');
    expect(audits.find((a) => a.action === 'order.submit')?.after).toMatchObject({
      creditOverride: request?.id,
    });
  });

  it('within its validity a resubmission is not held; once expired a new check holds the order again', async () => {
    const order = await heldOrder('Expiry Co');
    await runTextCommand(deps, as('rep'), `order override ${order.number} "paid by wire, in transit"`);
    const [request] = await database.db
      .select()
      .from(creditOverrides)
      .where(eq(creditOverrides.orderId, order.id));
    await dispatchAction(deps, as('fin'), { action: 'order.override.approve', entityId: request?.id ?? '' });
    expect(await statusOf(order.id)).toBe('pending_approval');

    const rejectManager = async () => {
      const [pending] = await database.db
        .select()
        .from(approvals)
        .where(and(eq(approvals.orderId, order.id), eq(approvals.status, 'pending')));
      await dispatchAction(deps, as('boss'), {
        action: 'order.reject',
        entityId: pending?.id ?? '',
        input: 'fix the terms',
      });
      expect(await statusOf(order.id)).toBe('rejected');
    };

    await rejectManager();
    clock.advance(3 * day);
    const resubmitted = await runTextCommand(deps, as('rep'), `order submit ${order.number}`);
    expect(resubmitted.text).toContain('was sent for approval');
    expect(await statusOf(order.id)).toBe('pending_approval');

    await rejectManager();
    clock.advance(5 * day);
    const held = await runTextCommand(deps, as('rep'), `order submit ${order.number}`);
    expect(held.text).toContain(`Order ${order.number} is on credit hold`);
    expect(await statusOf(order.id)).toBe('on_hold');
  });

  it('a rejection needs a reason, keeps the order held and tells the owner', async () => {
    const order = await heldOrder('Reject Co');
    await runTextCommand(deps, as('rep'), `order override ${order.number} "big strategic deal"`);
    const [request] = await database.db
      .select()
      .from(creditOverrides)
      .where(eq(creditOverrides.orderId, order.id));
    const noReason = await caught(
      dispatchAction(deps, as('fin2'), { action: 'order.override.reject', entityId: request?.id ?? '' }),
    );
    expect(noReason.code).toBe('order_override_reject_reason');
    const reply = await dispatchAction(deps, as('fin2'), {
      action: 'order.override.reject',
      entityId: request?.id ?? '',
      input: 'collect October first',
    });
    expect(reply.text).toBe(`Override for order ${order.number} rejected; the owner has been told.`);
    expect(await statusOf(order.id)).toBe('on_hold');
    const notices = await outboxTo('rep', order.number);
    expect(notices.at(-1)?.card.body).toBe(
      `The credit override for order ${order.number} was rejected by Fin Two: collect October first. The order stays on hold.`,
    );
  });

  it('only a held order can be overridden, and only by its owner or their manager', async () => {
    const order = await heldOrder('Rules Co');
    const stranger = await caught(runTextCommand(deps, as('fin'), `order override ${order.number} "x"`));
    expect(stranger.code).toBe('order_override_not_allowed');
    const noReason = await caught(runTextCommand(deps, as('rep'), `order override ${order.number}`));
    expect(noReason.code).toBe('order_override_reason');
    expect(
      await database.db.select().from(creditOverrides).where(eq(creditOverrides.orderId, order.id)),
    ).toEqual([]);
  });
});

describe('an override approver out of office', () => {
  it("the delegate's card, every decided copy and the owner's notice name the stand-in and whom they stand in for", async () => {
    const sub = await addUser('sub', { name: 'Zhao Sub', roles: ['rep'] });
    await database.db
      .update(users)
      .set({ outOfOfficeUntil: new Date(clock.now().getTime() + 7 * day) })
      .where(eq(users.id, people.fin2?.id ?? ''));
    const away = {
      ...deps,
      policy: {
        ...deps.policy,
        approvals: { ...deps.policy.approvals, delegates: { 'fin2@demo.test': sub.email } },
      },
    };
    try {
      const order = await heldOrder('Away Co');
      const asked = await runTextCommand(away, as('rep'), `order override ${order.number} "pays Friday"`);
      expect(asked.text).toBe(`Override for order ${order.number} asked of 陈静, Zhao Sub.`);
      expect(await outboxTo('fin2', order.number)).toEqual([]);
      const [card] = await outboxTo('sub', order.number);
      expect(card?.card.fields.find((f) => f.label === 'Approver')?.value).toBe(
        'Zhao Sub (standing in for Fin Two)',
      );
      const [zhCard] = await outboxTo('fin', order.number);
      expect(zhCard?.card.fields.some((f) => f.label === '审批人')).toBe(false);

      const [request] = await database.db
        .select()
        .from(creditOverrides)
        .where(eq(creditOverrides.orderId, order.id));
      // Back early, the away approver is not the one asked: the stand-in keeps the override.
      const back = await caught(
        dispatchAction(away, as('fin2'), { action: 'order.override.approve', entityId: request?.id ?? '' }),
      );
      expect(back.code).toBe('order_override_not_approver');
      await dispatchAction(away, as('sub'), {
        action: 'order.override.approve',
        entityId: request?.id ?? '',
      });
      const [decided] = await database.db
        .select({ expiresAt: creditOverrides.expiresAt })
        .from(creditOverrides)
        .where(eq(creditOverrides.id, request?.id ?? ''));
      // Shown in the org's zone (Asia/Shanghai, UTC+8).
      const until = new Date((decided?.expiresAt?.getTime() ?? 0) + 8 * 3600_000)
        .toISOString()
        .slice(0, 16)
        .replace('T', ' ');

      const subCopy = (await outboxTo('sub', order.number)).filter((r) => r.op === 'update').at(-1);
      expect(subCopy?.card.context).toBe(
        `Override approved by Zhao Sub (standing in for Fin Two), valid until ${until}.`,
      );
      expect(subCopy?.card.fields.find((f) => f.label === 'Approver')?.value).toBe(
        'Zhao Sub (standing in for Fin Two)',
      );
      const finCopy = (await outboxTo('fin', order.number)).filter((r) => r.op === 'update').at(-1);
      expect(finCopy?.card.context).toBe(`Zhao Sub（代 Fin Two 审批） 已批准豁免，有效期至 ${until}。`);
      const notice = (await outboxTo('rep', order.number)).at(-1);
      expect(notice?.card.body).toBe(
        `The credit override for order ${order.number} was approved by Zhao Sub (standing in for Fin Two) (valid until ${until}); the order goes on to approval.`,
      );
      const [audit] = await database.db
        .select({ after: auditLog.after })
        .from(auditLog)
        .where(and(eq(auditLog.entityId, order.id), eq(auditLog.action, 'order.credit_override.request')));
      expect(audit?.after).toMatchObject({ standIns: { [sub.id]: people.fin2?.id } });
    } finally {
      await database.db
        .update(users)
        .set({ outOfOfficeUntil: null })
        .where(eq(users.id, people.fin2?.id ?? ''));
    }
  });
});

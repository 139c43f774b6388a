// Version binding and the known approval bypasses, each a test that fails if the bypass gets through.
import { and, asc, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../../src/app/apikeys/create-api-key.ts';
import { dispatchAction } from '../../../src/app/commands/dispatch-action.ts';
import { runTextCommand } from '../../../src/app/commands/run-text-command.ts';
import type { UserActor } from '../../../src/app/commands/types.ts';
import type { AppDeps, UserRow } from '../../../src/app/deps.ts';
import { createOrder } from '../../../src/app/orders/create-order.ts';
import { decideApproval } from '../../../src/app/orders/decide-approval.ts';
import { editOrder } from '../../../src/app/orders/edit-order.ts';
import {
  approvals,
  customers,
  dunningEvents,
  installments,
  orders,
  orderVersions,
  outbox,
  products,
  users,
} from '../../../src/db/schema.ts';
import { DomainError } from '../../../src/domain/errors.ts';
import { ordersApi } from '../../../src/http/api/orders.ts';
import { buildServer } from '../../../src/http/server.ts';
import type { Card } from '../../../src/messages/model.ts';
import { testClock } from '../../helpers/clock.ts';
import { countRows, createTestDatabase, rowCounts, type TestDatabase } from '../../helpers/db.ts';
import { testDeps } from '../../helpers/deps.ts';
import { insertPerson, orderTables } from './people.ts';

let database: TestDatabase;
let deps: AppDeps;
const people: Record<string, UserRow> = {};
const as = (key: string): UserActor => {
  const user = people[key];
  if (!user) throw new Error(`no test user ${key}`);
  return { kind: 'user', user };
};

const addUser = (key: string, values: Parameters<typeof insertPerson>[3]) =>
  insertPerson(database, people, key, values);

interface OutboxRow {
  op: string;
  refKey: string;
  card: Card;
}

async function cardsOf(userKey: string, number: string): Promise<OutboxRow[]> {
  const rows = await database.db
    .select({ op: outbox.op, refKey: outbox.refKey, card: outbox.card })
    .from(outbox)
    .where(eq(outbox.destination, `user:${people[userKey]?.id}`))
    .orderBy(asc(outbox.id));
  return (rows as OutboxRow[]).filter((r) => JSON.stringify(r.card).includes(number));
}

const fieldsOf = (card: Card | undefined) =>
  Object.fromEntries(card?.fields.map((f) => [f.label, f.value]) ?? []);

async function approvalsOf(orderId: string) {
  return database.db
    .select()
    .from(approvals)
    .where(eq(approvals.orderId, orderId))
    .orderBy(asc(approvals.orderVersion), asc(approvals.levelIndex), asc(approvals.createdAt));
}

async function openApproval(orderId: string, userKey: string) {
  const [row] = await database.db
    .select()
    .from(approvals)
    .where(
      and(
        eq(approvals.orderId, orderId),
        eq(approvals.approverId, people[userKey]?.id ?? ''),
        eq(approvals.status, 'pending'),
      ),
    );
  if (!row) throw new Error(`no pending approval for ${userKey}`);
  return row;
}

async function orderRow(id: string) {
  const [row] = await database.db.select().from(orders).where(eq(orders.id, id));
  if (!row) throw new Error('no order');
  return row;
}

async function planOf(orderId: string) {
  return database.db
    .select()
    .from(installments)
    .where(eq(installments.orderId, orderId))
    .orderBy(asc(installments.position));
}

const counts = () => rowCounts(database, orderTables);

async function caught(p: Promise<unknown>): Promise<DomainError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError');
}

const approve = (orderId: string, key: string) =>
  openApproval(orderId, key).then((a) =>
    dispatchAction(deps, as(key), { action: 'order.approve', entityId: a.id }),
  );

async function approvedOrder(quantity = 1) {
  const created = await createOrder(deps, as('rep'), {
    source: { customerName: 'ACME' },
    lines: [{ sku: 'B200', quantity }],
    paymentPlan: '30-60-10',
    submit: true,
  });
  await approve(created.id, 'boss');
  expect((await orderRow(created.id)).status).toBe('approved');
  return created;
}

beforeAll(async () => {
  database = await createTestDatabase();
  deps = testDeps(database, { clock: testClock('2026-11-02T02:00:00Z') });
  const boss = await addUser('boss', { name: 'Wang Boss', roles: ['manager'] });
  await addUser('rep', { name: 'Li Rep', roles: ['rep'], managerId: boss.id });
  await addUser('rep2', { name: 'Zhao Rep', roles: ['rep'], managerId: boss.id });
  await addUser('fin', { name: 'Fin One', roles: ['finance'] });
  await addUser('law', { name: 'Legal Lu', roles: ['legal'] });
  await database.db.insert(products).values([
    { sku: 'A100', name: 'Press A100', unitPriceMinor: 6_000_000, currency: 'CNY' },
    { sku: 'B200', name: 'Die set B200', unitPriceMinor: 100_000, currency: 'CNY' },
  ]);
  await database.db.insert(customers).values({
    name: 'ACME',
    normalizedName: 'acme',
    currency: 'CNY',
    ownerId: people.rep?.id,
    // An established customer, so the credit gate stays quiet unless a test makes it speak.
    createdAt: new Date('2024-01-01T00:00:00Z'),
  });
});

afterAll(async () => {
  await database?.close();
});

describe('versions: an approval belongs to one exact version', () => {
  let id = '';
  let number = '';

  it('approve v1, then edit: v2 goes back to the manager with a readable diff, the v1 card says superseded', async () => {
    const created = await approvedOrder(2);
    id = created.id;
    number = created.number;
    expect((await planOf(id)).map((i) => i.amountMinor)).toEqual([60_000, 120_000, 20_000]);

    const reply = await runTextCommand(
      deps,
      as('rep'),
      `order edit ${number} discount:20 line:B200*2,A100*1`,
    );
    expect(reply.text).toBe(
      `Order ${number} is now version 2 and went back to approval: manager (Wang Boss).`,
    );
    const order = await orderRow(id);
    expect(order).toMatchObject({ version: 2, status: 'pending_approval', totalMinor: 4_960_000 });
    expect(await countRows(database, 'order_versions')).toBeGreaterThanOrEqual(2);
    // The plan of v1 is neither doubled nor live while v2 waits: dunning and credit read approved orders only.
    expect(await planOf(id)).toHaveLength(3);

    const bossCards = await cardsOf('boss', number);
    const v1Key = `order:${id}:v1:level:0:approval:${people.boss?.id}`;
    const v2Key = `order:${id}:v2:level:0:approval:${people.boss?.id}`;
    expect(bossCards.map((c) => [c.refKey, c.op])).toEqual([
      [v1Key, 'post'],
      [v1Key, 'update'],
      [v1Key, 'update'],
      [v2Key, 'post'],
    ]);
    const retired = bossCards[2]?.card;
    expect(retired?.context).toBe('Superseded by v2');
    expect(retired?.body).toContain('Superseded by v2');
    expect(retired?.actions).toEqual([]);

    const v2 = bossCards[3]?.card;
    const f = fieldsOf(v2);
    expect(f['Changes since v1']?.split('\n')).toEqual([
      '- Total: CNY 2,000.00 → CNY 49,600.00',
      '- Die set B200: discount 0% → 20%; amount CNY 2,000.00 → CNY 1,600.00',
      '- Line added: Press A100 × 1 (-20%) = CNY 48,000.00',
    ]);
    expect(f.Credit).toContain('Exposure CNY 49,600.00 of limit none set');
    expect(f['Credit flags']).toBe('- unusual discount: for your attention');
    expect(v2?.tone).toBe('warning');
    expect(v2?.actions.map((a) => a.id)).toEqual(['order.approve', 'order.reject']);
  });

  it('a click on the stale v1 card is refused, naming the current version; nothing changes', async () => {
    const v1 = (await approvalsOf(id)).find((a) => a.orderVersion === 1);
    const before = await counts();
    const reply = await dispatchAction(deps, as('boss'), { action: 'order.approve', entityId: v1?.id ?? '' });
    expect(reply.text).toBe(
      `This card is for version 1 of order ${number}, which is now at version 2. Use the card for version 2.`,
    );
    expect(reply.tone).toBe('warning');
    expect(await counts()).toEqual(before);
    expect((await orderRow(id)).status).toBe('pending_approval');
  });

  it('approving v2 redraws the plan in place: never a second set of installments', async () => {
    await database.db
      .insert(dunningEvents)
      .values({ installmentId: (await planOf(id))[0]?.id ?? '', offsetDays: 0 });
    expect((await approve(id, 'boss')).text).toBe(`You approved order ${number}; it is now fully approved.`);
    const plan = await planOf(id);
    expect(plan.map((i) => [i.position, i.amountMinor])).toEqual([
      [1, 1_488_000],
      [2, 2_976_000],
      [3, 496_000],
    ]);
    expect(await countRows(database, 'dunning_events')).toBe(0);
    const notices = (await cardsOf('rep', number)).filter(
      (c) => c.card.title === `Order ${number} is approved`,
    );
    expect(notices).toHaveLength(2);
  });

  it('order history shows each version with who, when, what changed and the decisions', async () => {
    const reply = await runTextCommand(deps, as('rep'), `order history ${number}`);
    const f = fieldsOf(reply.card);
    expect(f.Status).toBe('approved (v2)');
    expect(f['v1 — Li Rep, 2026-11-02 10:00']).toBe(
      'created, total CNY 2,000.00\n- manager: approved — Wang Boss 2026-11-02 10:00',
    );
    expect(f['v2 — Li Rep, 2026-11-02 10:00']).toContain('- Total: CNY 2,000.00 → CNY 49,600.00');
    expect(f['v2 — Li Rep, 2026-11-02 10:00']).toContain('- manager: approved — Wang Boss');
    const zh = await runTextCommand(
      deps,
      { kind: 'user', user: { ...as('rep').user, locale: 'zh-CN' } },
      `订单 历史 ${number}`,
    );
    expect(zh.card?.title).toBe(`订单 ${number} 的历史`);
    expect(JSON.stringify(zh.card)).toContain('总额：¥2,000.00 → ¥49,600.00');
  });

  it('an edit while approval is under way supersedes every open approval of the old version', async () => {
    const created = await createOrder(deps, as('rep'), {
      source: { customerName: 'ACME' },
      lines: [{ sku: 'B200', quantity: 1 }],
      paymentPlan: 'net-30',
      terms: 'pay on delivery',
      submit: true,
    });
    await approve(created.id, 'boss');
    expect((await openApproval(created.id, 'law')).orderVersion).toBe(1);
    const result = await editOrder(deps, as('rep'), created.number, { terms: 'pay 60 days after delivery' });
    expect(result).toMatchObject({ version: 2, status: 'pending_approval' });
    expect((await approvalsOf(created.id)).map((a) => [a.orderVersion, a.levelName, a.status])).toEqual([
      [1, 'manager', 'approved'],
      [1, 'legal', 'superseded'],
      [2, 'manager', 'pending'],
      [2, 'legal', 'waiting'],
    ]);
    const legal = await cardsOf('law', created.number);
    expect(legal.map((c) => c.op)).toEqual(['post', 'update']);
    expect(legal[1]?.card.context).toBe('Superseded by v2');
    const v2 = (await cardsOf('boss', created.number)).at(-1);
    expect(fieldsOf(v2?.card)['Changes since v1']).toBe(
      '- Terms: pay on delivery → pay 60 days after delivery',
    );
  });

  it('an edit that changes nothing is refused and writes nothing', async () => {
    const before = await counts();
    const error = await caught(runTextCommand(deps, as('rep'), `order edit ${number} discount:20`));
    expect(error.code).toBe('order_edit_nothing');
    expect(await counts()).toEqual(before);
  });
});

describe('the known bypasses', () => {
  it('edit after a payment came in: refused, nothing written', async () => {
    const created = await approvedOrder();
    await database.db
      .update(installments)
      .set({ paidMinor: 1 })
      .where(and(eq(installments.orderId, created.id), eq(installments.position, 1)));
    const before = await counts();
    const error = await caught(editOrder(deps, as('rep'), created.number, { discountBp: 500 }));
    expect([error.kind, error.code]).toEqual(['conflict', 'order_paid']);
    expect(await counts()).toEqual(before);
    expect(await orderRow(created.id)).toMatchObject({ status: 'approved', version: 1 });
  });

  it('duplicating an approved order gives a draft that needs its own approval', async () => {
    const original = await approvedOrder();
    // Someone who may not see the order may not copy it either.
    const outsider = await caught(runTextCommand(deps, as('rep2'), `order copy ${original.number}`));
    expect(outsider.code).toBe('order_status_forbidden');
    const reply = await runTextCommand(deps, as('rep'), `order copy ${original.number}`);
    const copyNumber = /SO-2026-\d{5}/.exec(reply.text.replace(original.number, ''))?.[0] ?? '';
    expect(reply.text).toBe(
      `Order ${copyNumber} was copied from ${original.number} as a draft; submit it for its own approval.`,
    );
    const [copy] = await database.db.select().from(orders).where(eq(orders.number, copyNumber));
    expect(copy).toMatchObject({ status: 'draft', version: 1, ownerId: people.rep?.id, totalMinor: 100_000 });
    expect(await approvalsOf(copy?.id ?? '')).toEqual([]);
    expect(await planOf(copy?.id ?? '')).toEqual([]);
    const [snapshot] = await database.db
      .select()
      .from(orderVersions)
      .where(eq(orderVersions.orderId, copy?.id ?? ''));
    expect(snapshot?.snapshot).toMatchObject({ copyOf: original.number });

    const submitted = await runTextCommand(deps, as('rep'), `order submit ${copyNumber}`);
    expect(submitted.text).toBe(
      `Order ${copyNumber} (version 1) was sent for approval: manager (Wang Boss).`,
    );
    expect((await orderRow(copy?.id ?? '')).status).toBe('pending_approval');
    expect(await planOf(copy?.id ?? '')).toEqual([]);
  });

  it('cancel and reopen: the reopened order is a new version that needs approval again', async () => {
    const created = await approvedOrder();
    const cancelled = await runTextCommand(
      deps,
      as('rep'),
      `order cancel ${created.number} reason:"customer postponed"`,
    );
    expect(cancelled.text).toBe(`Order ${created.number} was cancelled; open approvals were withdrawn.`);
    expect(await orderRow(created.id)).toMatchObject({ status: 'cancelled', version: 1 });
    expect(await planOf(created.id)).toEqual([]);

    const again = await runTextCommand(deps, as('rep'), `order cancel ${created.number}`);
    expect(again.text).toBe('That order was already cancelled; nothing changed.');
    const editCancelled = await caught(editOrder(deps, as('rep'), created.number, { discountBp: 100 }));
    expect(editCancelled.code).toBe('order_edit_cancelled');

    const reopened = await runTextCommand(deps, as('rep'), `order reopen ${created.number}`);
    expect(reopened.text).toBe(
      `Order ${created.number} was reopened as version 2 and needs approval again: manager (Wang Boss).`,
    );
    expect(await orderRow(created.id)).toMatchObject({ status: 'pending_approval', version: 2 });
    expect(await planOf(created.id)).toEqual([]);
    // The v1 approval does not carry over: its card is stale.
    const v1 = (await approvalsOf(created.id)).find((a) => a.orderVersion === 1);
    const stale = await decideApproval(deps, as('boss'), { approvalId: v1?.id ?? '', decision: 'approve' });
    expect(stale).toEqual({
      decided: false,
      stale: { number: created.number, cardVersion: 1, currentVersion: 2 },
    });
    expect((await orderRow(created.id)).status).toBe('pending_approval');
  });

  it('approve by someone not in the level: another rep is refused; a later level cannot jump the queue', async () => {
    const created = await createOrder(deps, as('rep'), {
      source: { customerName: 'ACME' },
      lines: [{ sku: 'B200', quantity: 1 }],
      paymentPlan: 'net-30',
      terms: 'exclusive territory',
      submit: true,
    });
    const before = await counts();
    const managerLevel = await openApproval(created.id, 'boss');
    const outsider = await caught(
      dispatchAction(deps, as('rep2'), { action: 'order.approve', entityId: managerLevel.id }),
    );
    expect([outsider.kind, outsider.code]).toEqual(['forbidden', 'order_not_your_approval']);
    const owner = await caught(
      dispatchAction(deps, as('rep'), { action: 'order.approve', entityId: managerLevel.id }),
    );
    expect(owner.code).toBe('order_not_your_approval');
    const legal = (await approvalsOf(created.id)).find((a) => a.levelName === 'legal');
    expect(legal?.status).toBe('waiting');
    const early = await caught(
      dispatchAction(deps, as('law'), { action: 'order.approve', entityId: legal?.id ?? '' }),
    );
    expect([early.kind, early.code]).toEqual(['conflict', 'order_approval_not_open']);
    expect(await counts()).toEqual(before);
  });

  it('approve twice: the second click changes nothing', async () => {
    const created = await createOrder(deps, as('rep'), {
      source: { customerName: 'ACME' },
      lines: [{ sku: 'B200', quantity: 1 }],
      paymentPlan: 'net-30',
      submit: true,
    });
    const a = await openApproval(created.id, 'boss');
    await decideApproval(deps, as('boss'), { approvalId: a.id, decision: 'approve' });
    const before = await counts();
    const second = await dispatchAction(deps, as('boss'), { action: 'order.approve', entityId: a.id });
    expect(second.text).toBe('This approval was already dealt with (approved); nothing changed.');
    expect(await counts()).toEqual(before);
    expect(await planOf(created.id)).toHaveLength(1);
  });
});

describe('REST: PATCH /api/orders/:number and its history', () => {
  let app: FastifyInstance;
  let key = '';
  beforeAll(async () => {
    app = await buildServer({ deps, api: [ordersApi], adapters: [], health: {} });
    key = (await createApiKey(deps, 'erp')).key;
  });
  afterAll(async () => {
    await app?.close();
  });
  const call = (method: 'PATCH' | 'GET', url: string, payload?: Record<string, unknown>) =>
    app.inject({ method, url, headers: { authorization: `Bearer ${key}` }, ...(payload ? { payload } : {}) });

  it('the ERP changes the plan: v2 back to approval; history lists both versions', async () => {
    const created = await approvedOrder();
    const res = await call('PATCH', `/api/orders/${created.number}`, { paymentPlan: 'net-30' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      number: created.number,
      version: 2,
      status: 'pending_approval',
      changes: [{ kind: 'paymentPlan', from: '30-60-10', to: 'net-30' }],
      approvers: [{ level: 'manager', approvers: ['Wang Boss'] }],
    });
    const history = await call('GET', `/api/orders/${created.number}/history`);
    expect(history.statusCode).toBe(200);
    expect(history.json()).toMatchObject({
      currentVersion: 2,
      versions: [
        { version: 1, by: 'Li Rep', total: '1000.00', decisions: [{ level: 'manager', status: 'approved' }] },
        { version: 2, by: null, changes: [{ kind: 'paymentPlan' }], decisions: [] },
      ],
    });
  });

  it.each([
    [{}, 'lines'],
    [{ discountPercent: 12.345 }, 'discountPercent'],
    [{ paymentPlan: 'net-90' }, 'paymentPlan'],
    [{ colour: 'red' }, 'colour'],
  ])('%o → 400 naming %s, nothing written', async (payload, field) => {
    const created = await approvedOrder();
    const before = await counts();
    const res = await call('PATCH', `/api/orders/${created.number}`, payload);
    expect(res.statusCode).toBe(400);
    expect(JSON.stringify(res.json())).toContain(field);
    expect(await counts()).toEqual(before);
  });

  it('PATCH of an unknown order is a 404', async () => {
    const res = await call('PATCH', '/api/orders/SO-2026-99999', { discountPercent: 5 });
    expect(res.statusCode).toBe(404);
  });
});

describe('out of office', () => {
  it("the manager's delegate gets the card while the manager is away", async () => {
    const policy = structuredClone(deps.policy);
    policy.approvals.delegates = { 'boss@demo.test': 'rep2@demo.test' };
    const withDelegates = { ...deps, policy };
    await database.db
      .update(users)
      .set({ outOfOfficeUntil: new Date('2026-11-10T00:00:00Z') })
      .where(eq(users.id, people.boss?.id ?? ''));
    try {
      const created = await createOrder(withDelegates, as('rep'), {
        source: { customerName: 'ACME' },
        lines: [{ sku: 'B200', quantity: 1 }],
        paymentPlan: 'net-30',
        submit: true,
      });
      expect(created.submitted?.chain).toEqual([{ name: 'manager', approvers: ['Zhao Rep'] }]);
      expect(await cardsOf('boss', created.number)).toEqual([]);
      const [card] = await cardsOf('rep2', created.number);
      expect(card?.card.title).toBe(`Approval needed: order ${created.number}`);
      const reply = await approve(created.id, 'rep2');
      expect(reply.text).toBe(`You approved order ${created.number}; it is now fully approved.`);
    } finally {
      await database.db
        .update(users)
        .set({ outOfOfficeUntil: null })
        .where(eq(users.id, people.boss?.id ?? ''));
    }
  });
});

describe('comments', () => {
  it('a comment reaches the approvers the order waits for, and shows in the history', async () => {
    const created = await createOrder(deps, as('rep'), {
      source: { customerName: 'ACME' },
      lines: [{ sku: 'B200', quantity: 1 }],
      paymentPlan: 'net-30',
      submit: true,
    });
    const reply = await runTextCommand(
      deps,
      as('rep'),
      `order comment ${created.number} "customer agreed to 30% upfront"`,
    );
    expect(reply.text).toBe(
      `Comment added to order ${created.number}; the owner and current approvers were told (1).`,
    );
    const [card] = (await cardsOf('boss', created.number)).filter((c) => c.card.title.includes('commented'));
    expect(card?.card).toMatchObject({
      title: `Li Rep commented on order ${created.number}`,
      body: 'customer agreed to 30% upfront',
    });
    const before = await counts();
    const empty = await caught(runTextCommand(deps, as('rep'), `order comment ${created.number}`));
    expect([empty.code, empty.field]).toEqual(['order_comment_length', 'body']);
    const outsider = await caught(runTextCommand(deps, as('rep2'), `order comment ${created.number} hello`));
    expect(outsider.code).toBe('order_status_forbidden');
    expect(await counts()).toEqual(before);

    const history = await runTextCommand(deps, as('boss'), `order history ${created.number}`);
    expect(fieldsOf(history.card).Comments).toBe('- Li Rep 2026-11-02 10:00: customer agreed to 30% upfront');
  });
});

describe('my orders and orders waiting for me', () => {
  it('show each open order with the step its approval is at', async () => {
    const created = await createOrder(deps, as('rep'), {
      source: { customerName: 'ACME' },
      lines: [{ sku: 'B200', quantity: 3 }],
      paymentPlan: 'net-30',
      terms: 'extended warranty',
      submit: true,
    });
    const line = `**${created.number}** v1 · ACME · CNY 3,000.00 · waiting for approval: 1/2 manager`;
    const mine = await runTextCommand(deps, as('rep'), 'order mine');
    // Each order is a row of its own, with its buttons under it.
    expect(mine.card?.items?.[0]?.text).toBe(`${line}\n▶ **manager** → ○ legal`);
    expect(mine.card?.items?.[0]?.actions.map((a) => a.id)).toEqual(['order.show', 'order.edit']);
    expect(mine.card?.title).toMatch(/^My orders \(\d+\)$/);

    const waiting = await runTextCommand(deps, as('boss'), 'order waiting');
    expect(waiting.card?.items?.map((i) => i.text).join('\n')).toContain(`${line} · Li Rep`);
    const lawBefore = await runTextCommand(deps, as('law'), 'approvals');
    expect(JSON.stringify(lawBefore.card?.items ?? [])).not.toContain(created.number);
    await approve(created.id, 'boss');
    const lawAfter = await runTextCommand(deps, as('law'), '待我审批');
    expect(lawAfter.card?.items?.map((i) => i.text)).toContain(
      `**${created.number}** v1 · ACME · CNY 3,000.00 · waiting for approval: 2/2 legal · Li Rep\n✓ manager → ▶ **legal**`,
    );
    // A rejection shows where the chain stopped.
    const lawApproval = await openApproval(created.id, 'law');
    await dispatchAction(deps, as('law'), { action: 'order.reject', entityId: lawApproval.id, input: 'no' });
    const rejected = await runTextCommand(deps, as('rep'), 'order mine');
    expect(rejected.card?.items?.find((i) => i.text.includes(created.number))?.text).toBe(
      `**${created.number}** v1 · ACME · CNY 3,000.00 · rejected\n✓ manager → ✗ legal`,
    );
    const none = await runTextCommand(deps, as('fin'), 'order waiting');
    expect(none.card).toMatchObject({
      title: 'Waiting for your approval (0)',
      body: 'Nothing is waiting for your approval.',
    });
  });
});

describe('a draft', () => {
  it('changes in place until it is submitted: same version, snapshot rewritten, no approvals', async () => {
    const created = await createOrder(deps, as('rep'), {
      source: { customerName: 'ACME' },
      lines: [{ sku: 'B200', quantity: 1 }],
      paymentPlan: 'net-30',
    });
    const reply = await runTextCommand(deps, as('rep'), `order edit ${created.number} line:B200*4`);
    expect(reply.text).toBe(`Order ${created.number} was changed; it is still a draft (version 1).`);
    expect(await orderRow(created.id)).toMatchObject({ status: 'draft', version: 1, totalMinor: 400_000 });
    const snapshots = await database.db
      .select()
      .from(orderVersions)
      .where(eq(orderVersions.orderId, created.id));
    expect(snapshots.map((v) => [v.version, (v.snapshot as { totalMinor: number }).totalMinor])).toEqual([
      [1, 400_000],
    ]);
    expect(await approvalsOf(created.id)).toEqual([]);
    const submitted = await runTextCommand(deps, as('rep'), `order submit ${created.number}`);
    expect(submitted.text).toBe(
      `Order ${created.number} (version 1) was sent for approval: manager (Wang Boss).`,
    );
    const [card] = await cardsOf('boss', created.number);
    expect(card?.card.fields.map((f) => f.label)).not.toContain('Changes since v1');
  });
});

describe('REST: comments and cancel', () => {
  let app: FastifyInstance;
  let key = '';
  beforeAll(async () => {
    app = await buildServer({ deps, api: [ordersApi], adapters: [], health: {} });
    key = (await createApiKey(deps, 'erp2')).key;
  });
  afterAll(async () => {
    await app?.close();
  });
  const post = (url: string, payload: Record<string, unknown>) =>
    app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${key}` }, payload });

  it('the ERP comments, then cancels; a paid order cannot be cancelled', async () => {
    const created = await approvedOrder();
    const comment = await post(`/api/orders/${created.number}/comments`, { text: 'PO 4711 received' });
    expect(comment.statusCode).toBe(201);
    expect(comment.json()).toMatchObject({ number: created.number, notified: 1 });
    const empty = await post(`/api/orders/${created.number}/comments`, { text: '  ' });
    expect(empty.statusCode).toBe(400);
    expect(JSON.stringify(empty.json())).toContain('text');

    const cancelled = await post(`/api/orders/${created.number}/cancel`, { reason: 'PO withdrawn' });
    expect(cancelled.json()).toEqual({ number: created.number, status: 'cancelled', changed: true });
    expect(await planOf(created.id)).toEqual([]);
    const again = await post(`/api/orders/${created.number}/cancel`, {});
    expect(again.json()).toMatchObject({ changed: false });

    const paid = await approvedOrder();
    await database.db.update(installments).set({ paidMinor: 10 }).where(eq(installments.orderId, paid.id));
    const before = await counts();
    const refused = await post(`/api/orders/${paid.number}/cancel`, {});
    expect(refused.statusCode).toBe(409);
    expect(await counts()).toEqual(before);
    expect((await orderRow(paid.id)).status).toBe('approved');
  });
});

describe('margin and customer tier levels', () => {
  it("read today's product cost and the customer's tier", async () => {
    await database.db.insert(products).values({
      sku: 'C300',
      name: 'Controller C300',
      unitPriceMinor: 100_000,
      unitCostMinor: 75_000,
      currency: 'CNY',
    });
    await database.db.insert(customers).values({
      name: 'Keyco',
      normalizedName: 'keyco',
      currency: 'CNY',
      tier: 'strategic',
      createdAt: new Date('2024-01-01'),
    });
    const policy = structuredClone(deps.policy);
    policy.approvals.levels = [
      { name: 'manager', when: {}, approvers: 'requester.manager', mode: 'any' },
      {
        name: 'key-account',
        when: { customerTier: ['strategic'] },
        approvers: { role: 'finance' },
        mode: 'any',
      },
      { name: 'thin-margin', when: { marginBelow: 20 }, approvers: { role: 'legal' }, mode: 'any' },
    ];
    const strict = { ...deps, policy };
    const chainFor = async (customerName: string, discountBp: number) => {
      const created = await createOrder(strict, as('rep'), {
        source: { customerName },
        lines: [{ sku: 'C300', quantity: 1, discountBp }],
        paymentPlan: 'net-30',
        submit: true,
      });
      return created.submitted?.chain.map((l) => l.name);
    };
    // 25 % margin at list price; 10 % off leaves 16.7 %.
    expect(await chainFor('ACME', 0)).toEqual(['manager']);
    expect(await chainFor('ACME', 1000)).toEqual(['manager', 'thin-margin']);
    expect(await chainFor('Keyco', 0)).toEqual(['manager', 'key-account']);
  });
});

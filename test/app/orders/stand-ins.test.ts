// Stand-ins: an approval handed to a delegate or an away approver's manager says so on every card and notice, in
// the reader's language, and the audit row names both people; the approver back from leave cannot take it back.
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchAction } from '../../../src/app/commands/dispatch-action.ts';
import { runTextCommand } from '../../../src/app/commands/run-text-command.ts';
import type { UserActor } from '../../../src/app/commands/types.ts';
import type { AppDeps, UserRow } from '../../../src/app/deps.ts';
import { createOrder } from '../../../src/app/orders/create-order.ts';
import { approvals, auditLog, customers, orders, outbox } from '../../../src/db/schema.ts';
import { DomainError } from '../../../src/domain/errors.ts';
import { errorText } from '../../../src/messages/catalogue/errors.ts';
import type { Card } from '../../../src/messages/model.ts';
import { testClock } from '../../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { testDeps } from '../../helpers/deps.ts';
import { insertPerson, isOwnerCard, livingCard } from './people.ts';

let database: TestDatabase;
let deps: AppDeps;
const people: Record<string, UserRow> = {};
const as = (key: string): UserActor => {
  const user = people[key];
  if (!user) throw new Error(`no test user ${key}`);
  return { kind: 'user', user };
};
const away = new Date('2026-11-20T00:00:00Z');

const addUser = (key: string, values: Parameters<typeof insertPerson>[3]) =>
  insertPerson(database, people, key, values);

async function cardsOf(userKey: string, number: string) {
  const rows = await database.db
    .select({ op: outbox.op, refKey: outbox.refKey, card: outbox.card })
    .from(outbox)
    .where(eq(outbox.destination, `user:${people[userKey]?.id}`))
    .orderBy(asc(outbox.id));
  return (rows as { op: string; refKey: string; card: Card }[]).filter(
    (r) => !isOwnerCard(r.refKey) && JSON.stringify(r.card).includes(number),
  );
}

const fieldsOf = (card: Card | undefined) =>
  Object.fromEntries(card?.fields.map((f) => [f.label, f.value]) ?? []);

async function approvalOf(orderId: string, userKey: string) {
  const [row] = await database.db
    .select()
    .from(approvals)
    .where(and(eq(approvals.orderId, orderId), eq(approvals.approverId, people[userKey]?.id ?? '')));
  if (!row) throw new Error(`no approval for ${userKey}`);
  return row;
}

async function auditAfter(action: string, entityId: string) {
  const [row] = await database.db
    .select({ actorId: auditLog.actorId, after: auditLog.after })
    .from(auditLog)
    .where(and(eq(auditLog.action, action), eq(auditLog.entityId, entityId)));
  return row;
}

beforeAll(async () => {
  database = await createTestDatabase();
  deps = testDeps(database, { clock: testClock('2026-11-02T02:00:00Z') });
  const vp = await addUser('vp', { name: 'Vera VP', roles: ['director'] });
  const boss = await addUser('boss', {
    name: 'Wang Boss',
    roles: ['manager'],
    managerId: vp.id,
    outOfOfficeUntil: away,
  });
  await addUser('rep', { name: 'Li Rep', roles: ['rep'], managerId: boss.id });
  await addUser('deputy', { name: '邓副', roles: ['manager'], locale: 'zh-CN' });
  await addUser('fin', {
    name: 'Fiona Finance',
    roles: ['finance'],
    managerId: vp.id,
    outOfOfficeUntil: away,
  });
  await addUser('fin2', { name: 'Fan Finance', roles: ['finance'], locale: 'zh-CN' });
  await database.db.insert(customers).values({
    name: 'ACME',
    normalizedName: 'acme',
    currency: 'CNY',
    ownerId: people.rep?.id,
    createdAt: new Date('2024-01-01T00:00:00Z'),
  });
  const policy = structuredClone(deps.policy);
  policy.approvals.delegates = { 'boss@demo.test': 'deputy@demo.test' };
  deps = { ...deps, policy };
});

afterAll(async () => {
  await database?.close();
});

describe('a delegate stands in for the away manager', () => {
  it('the card, every decided copy and the requester notice name both; the audit row records both', async () => {
    const created = await createOrder(deps, as('rep'), {
      source: { customerName: 'ACME' },
      lines: [{ description: 'Service', quantity: 1, unitPriceMinor: 500_000 }],
      paymentPlan: 'net-30',
      submit: true,
    });
    const approval = await approvalOf(created.id, 'deputy');
    expect(approval.standingInFor).toBe(people.boss?.id);
    expect(await cardsOf('boss', created.number)).toEqual([]);

    // The delegate reads Chinese.
    const [posted] = await cardsOf('deputy', created.number);
    expect(posted?.card.title).toBe(`待审批：订单 ${created.number}`);
    expect(fieldsOf(posted?.card).审批人).toBe('邓副（代 Wang Boss 审批）');

    // Back early, the manager clicks the approval: it stays with the delegate.
    const refused = await dispatchAction(deps, as('boss'), {
      action: 'order.approve',
      entityId: approval.id,
    }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DomainError);
    expect(errorText(refused as DomainError, 'en')).toBe(
      '邓副 was standing in for you on this approval while you were away, and it stays with them: ask them, or wait for their decision.',
    );
    expect(errorText(refused as DomainError, 'zh-CN')).toBe(
      '你不在期间由 邓副 代你审批此单，审批仍由其负责：请联系其本人，或等待其决定。',
    );
    expect((await approvalOf(created.id, 'deputy')).status).toBe('pending');

    const reply = await dispatchAction(deps, as('deputy'), {
      action: 'order.approve',
      entityId: approval.id,
    });
    expect(reply.text).toBe(`你已批准订单 ${created.number}，订单已全部审批通过。`);

    const deputyCards = await cardsOf('deputy', created.number);
    expect(deputyCards.map((c) => [c.op, c.refKey])).toEqual([
      ['post', posted?.refKey],
      ['update', posted?.refKey],
    ]);
    expect(deputyCards[1]?.card.context).toBe('已由 邓副（代 Wang Boss 审批） 批准');

    const [notice] = await cardsOf('rep', created.number);
    expect(notice?.card.title).toBe(`Order ${created.number} is approved`);
    expect(notice?.card.body).toBe(
      'Every level approved it (last: 邓副 (standing in for Wang Boss)). The installments below are now due.',
    );

    // The status card's chain names the stand-in too.
    const status = await runTextCommand(deps, as('rep'), `order status ${created.number}`);
    expect(fieldsOf(status.card).Approvals).toMatch(
      /^- 1\/1 manager \(any\): 邓副 \(standing in for Wang Boss\) approved /,
    );

    const audit = await auditAfter('approval.approve', approval.id);
    expect(audit?.actorId).toBe(people.deputy?.id);
    expect(audit?.after).toMatchObject({
      status: 'approved',
      by: { id: people.deputy?.id, name: '邓副' },
      standingInFor: { id: people.boss?.id, name: 'Wang Boss' },
    });
  });
});

describe("the away approver's manager stands in at an any-of level", () => {
  it('a rejection by the stand-in shows on every copy and in the notice, in each reader’s language', async () => {
    const created = await createOrder(deps, as('rep'), {
      source: { customerName: 'ACME' },
      lines: [{ description: 'Press', quantity: 1, unitPriceMinor: 20_000_000 }],
      paymentPlan: 'net-30',
      submit: true,
    });
    await dispatchAction(deps, as('deputy'), {
      action: 'order.approve',
      entityId: (await approvalOf(created.id, 'deputy')).id,
    });

    // The rep reads the stand-in's approval on the living card, not in a notice of its own.
    expect(await cardsOf('rep', created.number)).toEqual([]);
    const living = (await livingCard(database, created.id, people.rep?.id)).at(-1)?.card;
    expect(fieldsOf(living)['Last decision']).toMatch(
      /^Approved by 邓副 \(standing in for Wang Boss\) \(manager\)/,
    );

    // Level 2 (finance, any-of): Fan is here, Fiona is away and her manager Vera stands in.
    const vpApproval = await approvalOf(created.id, 'vp');
    expect(vpApproval.standingInFor).toBe(people.fin?.id);
    expect((await approvalOf(created.id, 'fin2')).standingInFor).toBeNull();
    const [vpCard] = await cardsOf('vp', created.number);
    expect(fieldsOf(vpCard?.card).Approver).toBe('Vera VP (standing in for Fiona Finance)');
    const [fanCard] = await cardsOf('fin2', created.number);
    expect(fieldsOf(fanCard?.card).审批人).toBeUndefined();

    await dispatchAction(deps, as('vp'), {
      action: 'order.reject',
      entityId: vpApproval.id,
      input: 'price below floor',
    });
    const [order] = await database.db.select().from(orders).where(eq(orders.id, created.id));
    expect(order?.status).toBe('rejected');

    expect((await cardsOf('vp', created.number)).at(-1)?.card.context).toBe(
      'Rejected by Vera VP (standing in for Fiona Finance): price below floor',
    );
    // Fan's copy, never decided by her, says who rejected in her language.
    expect((await cardsOf('fin2', created.number)).at(-1)).toMatchObject({
      op: 'update',
      refKey: fanCard?.refKey,
      card: { context: '已由 Vera VP（代 Fiona Finance 审批） 驳回：price below floor' },
    });
    // The level-1 card of the delegate is edited too.
    expect((await cardsOf('deputy', created.number)).at(-1)?.card.context).toBe(
      '已由 Vera VP（代 Fiona Finance 审批） 驳回：price below floor',
    );
    const rejected = (await cardsOf('rep', created.number)).find((c) =>
      c.card.title.includes('was rejected'),
    );
    expect(rejected?.card.body).toBe(
      'Vera VP (standing in for Fiona Finance) rejected it at level 2/2 finance: price below floor',
    );

    expect((await auditAfter('approval.reject', vpApproval.id))?.after).toMatchObject({
      by: { id: people.vp?.id, name: 'Vera VP' },
      standingInFor: { id: people.fin?.id, name: 'Fiona Finance' },
    });
    expect((await auditAfter('order.reject', created.id))?.after).toMatchObject({
      by: 'Vera VP',
      standingInFor: 'Fiona Finance',
    });
  });
});

// "order new <lead|customer>" opens the new-order form prefilled with what we know (who it is for, their payment plan);
// submitting it creates and submits the order, and its first approver gets the card.
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formOfCommand, openForm, submitForm } from '../../../src/app/commands/forms.ts';
import type { UserActor } from '../../../src/app/commands/types.ts';
import type { AppDeps, UserRow } from '../../../src/app/deps.ts';
import {
  auditLog,
  customers,
  leadActivities,
  leads,
  orders,
  outbox,
  products,
} from '../../../src/db/schema.ts';
import { DomainError } from '../../../src/domain/errors.ts';
import { foldCompanyName, leadNumber } from '../../../src/domain/leads/normalise.ts';
import type { Card } from '../../../src/messages/model.ts';
import { countRows, createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { testDeps } from '../../helpers/deps.ts';
import { insertPerson } from './people.ts';

let database: TestDatabase;
let deps: AppDeps;
const people: Record<string, UserRow> = {};
const as = (k: string): UserActor => ({ kind: 'user', user: people[k] as UserRow });
let leadNo = '';
let leadId = '';

const addUser = (key: string, values: Parameters<typeof insertPerson>[3]) =>
  insertPerson(database, people, key, values);

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
  deps = testDeps(database);
  const boss = await addUser('boss', { name: 'Wang Boss', roles: ['manager'] });
  await addUser('rep', { name: 'Li Rep', roles: ['rep'], managerId: boss.id });
  await addUser('zh', { name: '韩梅梅', roles: ['rep'], managerId: boss.id, locale: 'zh-CN' });
  const boss2 = await addUser('boss2', { name: 'Zhao Boss', roles: ['manager'] });
  await addUser('far', { name: 'Other Team Rep', roles: ['rep'], managerId: boss2.id });
  await database.db
    .insert(products)
    .values({ sku: 'A100', name: 'Pump A100', unitPriceMinor: 10_000, currency: 'CNY' });
  await database.db.insert(customers).values({
    name: 'Acme Tools',
    normalizedName: foldCompanyName('Acme Tools'),
    currency: 'CNY',
    defaultPaymentPlan: '30-60-10',
  });
  const [lead] = await database.db
    .insert(leads)
    .values({ name: 'Zhou Min', company: 'Blue Sky Ltd', status: 'accepted', ownerId: people.rep?.id })
    .returning();
  leadId = lead?.id ?? '';
  leadNo = leadNumber(lead?.seq ?? 0);
});

afterAll(async () => {
  await database?.close();
});

describe('the new-order form', () => {
  it('opens for "order new <lead|customer>" alone; the bare command and a full command stay as they were', () => {
    expect(formOfCommand(`order new ${leadNo}`)).toEqual({ form: 'order.new', ref: leadNo });
    expect(formOfCommand('订单 新建 "Acme Tools"')).toEqual({ form: 'order.new', ref: 'Acme Tools' });
    expect(formOfCommand('order new')).toBeNull();
    expect(formOfCommand(`order new lead:${leadNo} sku:A100 qty:2 plan:net-30`)).toBeNull();
  });

  it("is prefilled from the lead (who, first plan) and from a customer (their default plan), in the user's language", async () => {
    const fromLead = await openForm(deps, as('rep'), 'order.new', leadNo);
    expect(fromLead).toMatchObject({
      id: 'order.new',
      entityId: `lead:${leadId}`,
      title: 'New order',
      intro: `New order for **Blue Sky Ltd** from lead ${leadNo}. It is sent for approval when you create it.`,
      submit: 'Create and submit',
    });
    expect(fromLead.fields.map((f) => [f.name, f.value])).toEqual([
      ['lines', undefined],
      ['product_1', undefined],
      ['qty_1', undefined],
      ['product_2', undefined],
      ['qty_2', undefined],
      ['product_3', undefined],
      ['qty_3', undefined],
      ['plan', 'net-30'],
      ['termsKind', 'standard'],
      ['terms', undefined],
    ]);

    const fromCustomer = await openForm(deps, as('zh'), 'order.new', 'acme tools');
    expect(fromCustomer.title).toBe('新建订单');
    expect(fromCustomer.intro).toBe('为 **Acme Tools** 新建订单。创建后即提交审批。');
    expect(fromCustomer.fields.find((f) => f.name === 'plan')?.value).toBe('30-60-10');
  });

  it("refuses someone else's lead and an unknown customer before the form is filled in", async () => {
    expect((await caught(openForm(deps, as('zh'), 'order.new', leadNo))).code).toBe('order_lead_not_yours');
    expect((await caught(openForm(deps, as('rep'), 'order.new', 'Nobody Inc'))).code).toBe(
      'order_customer_not_found',
    );
  });

  it('a bad field comes back under its input with nothing written; a good one creates and submits the order', async () => {
    const form = await openForm(deps, as('rep'), 'order.new', leadNo);
    const empty = await caught(
      submitForm(deps, as('rep'), 'order.new', {
        entityId: form.entityId,
        state: form.state,
        values: { lines: '', plan: 'net-30', termsKind: 'standard' },
      }),
    );
    expect([empty.code, empty.field]).toEqual(['order_no_lines', 'lines']);
    const badPlan = await caught(
      submitForm(deps, as('rep'), 'order.new', {
        entityId: form.entityId,
        state: form.state,
        values: { lines: 'A100*2', plan: 'net-90', termsKind: 'standard' },
      }),
    );
    expect([badPlan.code, badPlan.field]).toEqual(['order_unknown_plan', 'plan']);
    expect(await countRows(database, 'orders')).toBe(0);

    const reply = await submitForm(deps, as('rep'), 'order.new', {
      entityId: form.entityId,
      state: form.state,
      values: { lines: 'A100*2 -10%', plan: 'net-30', termsKind: 'standard', terms: '' },
    });
    expect(reply.tone).toBe('success');
    expect(reply.text).toMatch(
      /^Order SO-\d{4}-\d{5} \(.*180\.00\) was created and sent for approval: manager \(Wang Boss\)\.$/,
    );
    const [order] = await database.db.select().from(orders);
    expect(order).toMatchObject({ status: 'pending_approval', totalMinor: 18_000, paymentPlan: 'net-30' });
    const [lead] = await database.db.select().from(leads).where(eq(leads.id, leadId));
    expect(lead?.status).toBe('converted');
    const cards = await database.db
      .select({ op: outbox.op, card: outbox.card })
      .from(outbox)
      .where(and(eq(outbox.destination, `user:${people.boss?.id}`), eq(outbox.op, 'post')))
      .orderBy(asc(outbox.id));
    const approval = cards.map((c) => c.card as Card).find((c) => c.title.includes(order?.number ?? '?'));
    expect(approval?.title).toBe(`Approval needed: order ${order?.number}`);
    expect(approval?.actions.map((a) => a.id)).toEqual(['order.approve', 'order.reject']);
  });

  it("a manager turns their rep's lead into an order the rep owns, recorded as done by the manager; another team's rep is refused", async () => {
    const [lead] = await database.db
      .insert(leads)
      .values({ name: 'Qian Yu', company: 'Red River Co', status: 'accepted', ownerId: people.rep?.id })
      .returning();
    const no = leadNumber(lead?.seq ?? 0);
    expect((await caught(openForm(deps, as('far'), 'order.new', no))).code).toBe('order_lead_not_yours');
    const refused = await caught(
      submitForm(deps, as('far'), 'order.new', {
        entityId: `lead:${lead?.id}`,
        state: '',
        values: { lines: 'A100*1', plan: 'net-30', termsKind: 'standard' },
      }),
    );
    expect(refused.code).toBe('order_lead_not_yours');

    const form = await openForm(deps, as('boss'), 'order.new', no);
    await submitForm(deps, as('boss'), 'order.new', {
      entityId: form.entityId,
      state: form.state,
      values: { lines: 'A100*1', plan: 'net-30', termsKind: 'standard' },
    });
    const [order] = await database.db
      .select()
      .from(orders)
      .where(eq(orders.leadId, lead?.id ?? ''));
    expect(order?.ownerId).toBe(people.rep?.id);
    const [converted] = await database.db
      .select()
      .from(leads)
      .where(eq(leads.id, lead?.id ?? ''));
    expect([converted?.status, converted?.ownerId]).toEqual(['converted', people.rep?.id]);
    const [activity] = await database.db
      .select({ actorId: leadActivities.actorId })
      .from(leadActivities)
      .where(and(eq(leadActivities.leadId, lead?.id ?? ''), eq(leadActivities.kind, 'order')));
    expect(activity?.actorId).toBe(people.boss?.id);
    const audit = await database.db
      .select({ action: auditLog.action, actorId: auditLog.actorId })
      .from(auditLog)
      .where(eq(auditLog.entityId, order?.id ?? ''));
    expect(audit.find((a) => a.action === 'order.create')?.actorId).toBe(people.boss?.id);
  });
});

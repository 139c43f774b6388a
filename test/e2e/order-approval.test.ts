// End to end in the console: a 20 %-discount order with a non-standard term goes manager → director → legal,
// the director rejects it with a reason, the rep changes the term and resubmits, and every level approves v2.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importRoster } from '../../src/app/roster/import-roster.ts';
import type { Policy } from '../../src/config/policy.ts';
import { customers, products } from '../../src/db/schema.ts';
import { foldCompanyName } from '../../src/domain/leads/normalise.ts';
import type { RunningApp } from '../../src/main.ts';
import { testClock } from '../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { examplePolicy } from '../helpers/deps.ts';
import { allText, type Client, type FeedMessage, messagesIn, prepare, startTestApp } from './app.ts';

const clock = testClock('2026-11-02T02:00:00Z');
let database: TestDatabase;
let app: RunningApp;
let client: Client;
let ids: Record<string, string>;

// The policy this test needs: a director level for discounts over 15 % between the manager and legal.
function directorPolicy(): Policy {
  const policy = examplePolicy();
  policy.approvals.levels = [
    { name: 'manager', when: {}, approvers: 'requester.manager', mode: 'any' },
    { name: 'director', when: { discountOver: 15 }, approvers: { role: 'director' }, mode: 'any' },
    { name: 'legal', when: { nonStandardTerms: true }, approvers: { role: 'legal' }, mode: 'any' },
  ];
  return policy;
}

beforeAll(async () => {
  database = await createTestDatabase();
  app = await startTestApp(database.url, { clock, policy: directorPolicy() });
  ({ client, ids } = await prepare(app));
  await importRoster(
    app.deps,
    { kind: 'system', name: 'test' },
    'name,email,roles,region,manager_email,timezone,locale\nDing Director,ding@example.cn,director,,,Asia/Shanghai,en\n',
  );
  const users = (await (await fetch(`${app.url}/console/api/users`)).json()) as {
    users: { id: string; email: string }[];
  };
  ids = Object.fromEntries(users.users.map((u) => [u.email.split('@')[0] ?? '', u.id]));
  await database.db
    .insert(products)
    .values({ sku: 'MX-200', name: 'CNC spindle MX-200', unitPriceMinor: 1_200_000, currency: 'CNY' });
  await database.db.insert(customers).values({
    name: 'Suzhou Gearworks',
    normalizedName: foldCompanyName('Suzhou Gearworks'),
    currency: 'CNY',
    ownerId: ids.amy,
    createdAt: new Date('2025-01-01T00:00:00Z'),
  });
});
afterAll(async () => {
  await app?.stop();
  await database?.close();
});

const dms = async (name: string, number: string): Promise<FeedMessage[]> =>
  messagesIn(await client.feed(ids[name] ?? ''), `user:${ids[name]}`).filter((m) =>
    allText(m.card).includes(number),
  );
// What the rep is told as messages of their own, beside the living card of the order they keep.
const isLiving = (m: FeedMessage) => m.card.title.startsWith('Your order ');
const notices = async (name: string, number: string) => (await dms(name, number)).filter((m) => !isLiving(m));
const field = (m: FeedMessage | undefined, label: string) =>
  m?.card.fields.find((f) => f.label === label)?.value;
const button = (m: FeedMessage | undefined, id: string) => {
  const action = m?.card.actions.find((a) => a.id === id);
  if (!action) throw new Error(`no ${id} button on ${m?.card.title}`);
  return action.value;
};

describe('manager → director → legal, a rejection, a resubmission, approval', () => {
  let number = '';

  it('the rep enters the order; the chain has three levels and only the manager is asked', async () => {
    const reply = await client.say(
      ids.amy ?? '',
      'order new customer:"Suzhou Gearworks" sku:MX-200 qty:5 discount:20 plan:30-60-10 terms:"payment 90 days after acceptance"',
    );
    number = /SO-\d{4}-\d{5}/.exec(reply.text)?.[0] ?? '';
    expect(reply.text).toBe(
      `Order ${number} (CNY 48,000.00) was created and sent for approval: manager (Meng Manager) → director (Ding Director) → legal (Lu Legal).`,
    );
    const [card] = await dms('meng', number);
    expect(card?.card.title).toBe(`Approval needed: order ${number}`);
    expect(field(card, 'Level')).toBe('1/3 manager');
    expect(field(card, 'Terms')).toBe('payment 90 days after acceptance');
    expect(field(card, 'Lines')).toBe('CNC spindle MX-200 × 5 = CNY 48,000.00');
    expect(field(card, 'Credit flags')).toBe('- unusual discount: for your attention');
    expect(card?.card.tone).toBe('warning');
    expect(await dms('ding', number)).toEqual([]);
    expect(await dms('lu', number)).toEqual([]);
  });

  it('the manager approves: his card is edited, the rep’s living card moves on, the director is asked', async () => {
    const [card] = await dms('meng', number);
    const reply = await client.act(ids.meng ?? '', 'order.approve', button(card, 'order.approve'));
    expect(reply.text).toBe(`You approved order ${number} at level manager.`);
    const [edited] = await dms('meng', number);
    expect(edited).toMatchObject({ id: card?.id, revision: 2 });
    expect(edited?.card.context).toBe('Approved by Meng Manager');
    expect(edited?.card.actions).toEqual([]);

    // The rep reads it on the living card; a notice beside it would say the same again.
    expect(await notices('amy', number)).toEqual([]);
    const [living] = (await dms('amy', number)).filter(isLiving);
    expect(living?.card.body).toBe('**Waiting for step 2/3 director**: Ding Director');
    expect(field(living, 'Last decision')).toMatch(/^Approved by Meng Manager \(manager\)/);
    const [director] = await dms('ding', number);
    expect(field(director, 'Level')).toBe('2/3 director');
    expect(director?.revision).toBe(1);
  });

  it('the director rejects with a reason: every card of v1 shows it, the rep is told why, legal never asked', async () => {
    const [card] = await dms('ding', number);
    const noReason = await fetch(`${app.url}/console/api/action`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        as: ids.ding,
        action: 'order.reject',
        value: button(card, 'order.reject'),
        input: '',
      }),
    });
    expect(noReason.status).toBe(400);
    const reply = await client.act(
      ids.ding ?? '',
      'order.reject',
      button(card, 'order.reject'),
      '90 days is too long at this discount; 60 at most',
    );
    expect(reply.text).toBe(`You rejected order ${number}. The requester has been told.`);
    const [ding] = await dms('ding', number);
    expect(ding).toMatchObject({ id: card?.id, revision: 2 });
    expect(ding?.card.context).toBe(
      'Rejected by Ding Director: 90 days is too long at this discount; 60 at most',
    );
    const [meng] = await dms('meng', number);
    expect(meng?.revision).toBe(3);
    expect(meng?.card.context).toBe(
      'Rejected by Ding Director: 90 days is too long at this discount; 60 at most',
    );

    const amy = await notices('amy', number);
    expect(amy).toHaveLength(1);
    expect(amy[0]?.card.title).toBe(`Order ${number} was rejected`);
    expect(amy[0]?.card.body).toBe(
      'Ding Director rejected it at level 2/3 director: 90 days is too long at this discount; 60 at most',
    );
    expect(await dms('lu', number)).toEqual([]);
    expect((await client.api('GET', `/api/orders/${number}`)).body).toMatchObject({
      status: 'rejected',
      version: 1,
    });
  });

  it('the rep changes the term and resubmits: v2 starts again at the manager, with the diff on the card', async () => {
    const reply = await client.say(
      ids.amy ?? '',
      `order edit ${number} terms:"payment 60 days after acceptance"`,
    );
    expect(reply.text).toBe(
      `Order ${number} is now version 2 and went back to approval: manager (Meng Manager) → director (Ding Director) → legal (Lu Legal).`,
    );
    const meng = await dms('meng', number);
    expect(meng).toHaveLength(2);
    // The v1 card now says it is superseded; the v2 card is a new message with the change spelled out.
    expect(meng[0]).toMatchObject({ revision: 4 });
    expect(meng[0]?.card.context).toBe('Superseded by v2');
    expect(meng[0]?.card.actions).toEqual([]);
    expect(meng[1]?.revision).toBe(1);
    expect(field(meng[1], 'Changes since v1')).toBe(
      '- Terms: payment 90 days after acceptance → payment 60 days after acceptance',
    );
    const [ding] = await dms('ding', number);
    expect(ding).toMatchObject({ revision: 3 });
    expect(ding?.card.context).toBe('Superseded by v2');

    // The manager's approval of v1 does not carry over: he approves v2 on its own card.
    expect((await client.act(ids.meng ?? '', 'order.approve', button(meng[1], 'order.approve'))).text).toBe(
      `You approved order ${number} at level manager.`,
    );
    const [mengV1, mengV2] = await dms('meng', number);
    expect(mengV1?.revision).toBe(4);
    expect(mengV2).toMatchObject({ revision: 2 });
    expect(mengV2?.card.context).toBe('Approved by Meng Manager');
  });

  it('a stale v1 click is refused naming v2; then director and legal approve v2 and the order is approved', async () => {
    const v1Approval = await database.pool.query(
      `select a.id from approvals a join orders o on o.id = a.order_id where o.number = $1 and a.order_version = 1 and a.level_name = 'director'`,
      [number],
    );
    const stale = await client.act(ids.ding ?? '', 'order.approve', v1Approval.rows[0].id);
    expect(stale.text).toBe(
      `This card is for version 1 of order ${number}, which is now at version 2. Use the card for version 2.`,
    );

    const ding = await dms('ding', number);
    expect(ding).toHaveLength(2);
    expect(field(ding[1], 'Level')).toBe('2/3 director');
    expect(field(ding[1], 'Changes since v1')).toContain('payment 60 days after acceptance');
    expect((await client.act(ids.ding ?? '', 'order.approve', button(ding[1], 'order.approve'))).text).toBe(
      `You approved order ${number} at level director.`,
    );
    const [lu] = await dms('lu', number);
    expect(field(lu, 'Level')).toBe('3/3 legal');
    expect((await client.act(ids.lu ?? '', 'order.approve', button(lu, 'order.approve'))).text).toBe(
      `You approved order ${number}; it is now fully approved.`,
    );
    const [luAfter] = await dms('lu', number);
    expect(luAfter).toMatchObject({ revision: 2 });
    expect(luAfter?.card.context).toBe('Approved by Lu Legal');

    const amy = (await notices('amy', number)).map((m) =>
      m.card.title === `Order ${number}` ? m.card.body : m.card.title,
    );
    // One notice per outcome (the rejection, the approval), none per level on the way.
    expect(amy).toEqual([`Order ${number} was rejected`, `Order ${number} is approved`]);
    // One living card all along, edited to the end: approved in full by each version-2 approver.
    const living = (await dms('amy', number)).filter(isLiving);
    expect(living).toHaveLength(1);
    expect(living[0]?.revision).toBeGreaterThan(5);
    expect(living[0]?.card.body).toBe('**Approved in full** by Meng Manager, Ding Director, Lu Legal.');
    const order = await client.api('GET', `/api/orders/${number}`);
    expect(order.body).toMatchObject({
      status: 'approved',
      version: 2,
      terms: 'payment 60 days after acceptance',
    });
    expect((order.body.installments as unknown[]).length).toBe(3);

    const history = await client.say(ids.amy ?? '', `order history ${number}`);
    const text = history.card ? allText(history.card) : '';
    expect(text).toContain('director: rejected — Ding Director 2026-11-02 10:00: 90 days is too long');
    expect(text).toContain('legal: approved — Lu Legal');
  });
});

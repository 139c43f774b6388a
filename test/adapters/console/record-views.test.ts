// Record views from the console: "order show" and "lead show" give one card with the state, the timeline and the
// buttons the asker may use now; the lists carry each item's buttons; another team's record is refused.
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderCard as renderLark } from '../../../adapters/lark/render.ts';
import { renderCard as renderSlack } from '../../../adapters/slack/render.ts';
import type { AppDeps, UserRow } from '../../../src/app/deps.ts';
import { customers, leads, products, users } from '../../../src/db/schema.ts';
import type { Card } from '../../../src/messages/model.ts';
import { testClock } from '../../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { testDeps } from '../../helpers/deps.ts';
import { consoleServer, seedRoster } from './fixture.ts';

let database: TestDatabase;
let deps: AppDeps;
let app: FastifyInstance;
let people: Record<string, UserRow>;
const clock = testClock();
const number = 'SO-2026-00002';

beforeAll(async () => {
  database = await createTestDatabase();
  deps = testDeps(database, { clock });
  people = await seedRoster(deps);
  // Han (the manager's English-speaking rep) is the one who orders, so the cards read in English.
  await database.db
    .insert(products)
    .values({ sku: 'A100', name: 'Press A100', unitPriceMinor: 100_000, currency: 'CNY' });
  await database.db
    .insert(customers)
    .values({ name: 'ACME', normalizedName: 'acme', currency: 'CNY', ownerId: person('han').id });
  await database.db.insert(leads).values({
    seq: 7,
    name: 'Lily Chen',
    company: 'Globex',
    phone: '13800138000',
    phoneNorm: '13800138000',
    region: 'east',
    status: 'accepted',
    ownerId: person('han').id,
  });
  await database.db
    .insert(users)
    .values({ email: 'en.mgr@example.com', name: 'Eve Manager', roles: ['manager'], locale: 'en' });
  app = await consoleServer(deps);
});
afterAll(async () => {
  await app.close();
  await database.close();
});

function person(key: string): UserRow {
  const user = people[key];
  if (!user) throw new Error(`no ${key}`);
  return user;
}

async function command(as: UserRow, text: string) {
  const response = await app.inject({
    method: 'POST',
    url: '/console/api/command',
    payload: { as: as.id, text },
  });
  return response.json<{ text: string; tone: string; card?: Card }>();
}

async function click(as: UserRow, action: string, value: string, input?: string) {
  const response = await app.inject({
    method: 'POST',
    url: '/console/api/action',
    payload: { as: as.id, action, value, ...(input === undefined ? {} : { input }) },
  });
  return response.json<{ text: string; tone: string; card?: Card }>();
}

const ids = (card: Card | undefined) => card?.actions.map((a) => a.id) ?? [];
const field = (card: Card | undefined, label: string) => card?.fields.find((f) => f.label === label)?.value;

describe('list buttons', () => {
  it('order waiting gives the approver Approve, Reject and Open on each order; order mine gives the owner Open and Edit', async () => {
    await command(person('han'), 'order new customer:ACME sku:A100 qty:1 plan:net-30');
    const waiting = await command(person('manager'), 'order waiting');
    const row = waiting.card?.items?.find((i) => i.text.includes('SO-2026-00001'));
    expect(row?.actions.map((a) => a.id)).toEqual(['order.approve', 'order.reject', 'order.show']);
    const open = await click(person('manager'), 'order.show', row?.actions[2]?.value ?? '');
    expect(open.card?.title).toBe('订单 SO-2026-00001 · ACME');

    const mine = await command(person('han'), 'order mine');
    const own = mine.card?.items?.find((i) => i.text.includes('SO-2026-00001'));
    expect(own?.actions.map((a) => a.id)).toEqual(['order.show', 'order.edit']);
    // Han has nothing to approve: no Approve anywhere on their list.
    expect(JSON.stringify(mine.card)).not.toContain('order.approve');
    // Cancel the first order so the record tests below start from the next number.
    await click(person('han'), 'order.cancel', own?.actions[0]?.value ?? '');
  });

  it('lead mine gives each held lead Open, its next stage and Log…', async () => {
    const mine = await command(person('han'), 'lead mine');
    const row = mine.card?.items?.find((i) => i.text.includes('L-000007'));
    expect(row?.actions.map((a) => a.id)).toEqual(['lead.contacted', 'lead.log', 'lead.show']);
    expect(mine.card?.actions).toEqual([]);
  });
});

describe('order show', () => {
  it('the approver sees Approve and Reject; the owner sees Edit, Comment and Cancel but not Approve', async () => {
    const created = await command(person('han'), `order new customer:ACME sku:A100 qty:2 plan:net-30`);
    expect(created.text).toContain(number);

    const boss = await command(person('manager'), `order show ${number}`);
    expect(ids(boss.card)).toEqual(
      expect.arrayContaining(['order.approve', 'order.reject', 'order.comment']),
    );
    expect(ids(boss.card)).not.toContain('order.edit');
    expect(ids(boss.card)).not.toContain('order.cancel');
    // The same buttons reach Slack and Lark.
    const slack = renderSlack(boss.card as Card, 'zh-CN').flatMap((b) =>
      b.type === 'actions' ? b.elements : [],
    );
    expect(slack.map((e) => ('action_id' in e ? String(e.action_id).split('|')[0] : ''))).toEqual(
      expect.arrayContaining(['order.approve', 'order.reject']),
    );
    expect(JSON.stringify(renderLark(boss.card as Card, 'zh-CN'))).toContain('"action":"order.approve"');

    const owner = await command(person('han'), `order show ${number}`);
    expect(owner.card?.title).toBe(`Order ${number} · ACME`);
    expect(ids(owner.card)).toEqual(['order.edit', 'order.comment', 'order.cancel']);
    expect(field(owner.card, 'Approval step')).toBe('1/1 manager');
    expect(field(owner.card, 'Timeline')).toContain('Han Meimei: created the order');
    expect(field(owner.card, 'Timeline')).toContain('submitted it for approval');
  });

  it('a comment from the record card shows in its timeline; Approve from it moves the order on', async () => {
    const owner = await command(person('han'), `order show ${number}`);
    const orderId = owner.card?.actions.find((a) => a.id === 'order.comment')?.value ?? '';
    const commented = await click(person('han'), 'order.comment', orderId, 'customer wants delivery in May');
    expect(commented.tone).toBe('success');
    expect(field(commented.card, 'Timeline')).toContain('commented: customer wants delivery in May');

    const boss = await command(person('manager'), `order show ${number}`);
    const approve = boss.card?.actions.find((a) => a.id === 'order.approve');
    await click(person('manager'), 'order.approve', approve?.value ?? '');
    const after = await command(person('han'), `order show ${number}`);
    expect(field(after.card, 'Status')).toBe('approved');
    expect(field(after.card, 'Timeline')).toContain('manager approved');
    expect(field(after.card, 'Next installment')).toContain('Net 30');
    // Approved: nothing left for the approver to press.
    const again = await command(person('manager'), `order show ${number}`);
    expect(ids(again.card)).not.toContain('order.approve');
  });

  it('rendered for Slack and Lark, the approver’s card has Approve and Reject and the owner’s does not', async () => {
    const owner = await command(person('han'), `order show ${number}`);
    const slackIds = (card: Card | undefined) =>
      renderSlack(card as Card, 'en')
        .flatMap((b) => (b.type === 'actions' ? b.elements : []))
        .map((e) => ('action_id' in e ? String(e.action_id).split('|')[0] : ''));
    const larkIds = (card: Card | undefined) =>
      [...JSON.stringify(renderLark(card as Card, 'en')).matchAll(/"action":"([a-z._]+)"/g)].map((m) => m[1]);
    expect(slackIds(owner.card)).not.toContain('order.approve');
    expect(larkIds(owner.card)).not.toContain('order.approve');
    expect(slackIds(owner.card)).toContain('order.comment');
    expect(larkIds(owner.card)).toContain('order.comment');
  });

  it('someone outside the owner’s team is refused and sees nothing of it', async () => {
    const refused = await command(person('wang'), `order show ${number}`);
    expect(refused.card).toBeUndefined();
    expect(refused.text).not.toContain('ACME');
    expect(refused.text).toContain(number);
    expect(refused.tone).not.toBe('success');
  });

  it('a long timeline shows the newest events and a button for the earlier ones', async () => {
    const owner = await command(person('han'), `order show ${number}`);
    const orderId = owner.card?.actions.find((a) => a.id === 'order.comment')?.value ?? '';
    for (let i = 1; i <= 10; i++) {
      clock.advance(60_000);
      await click(person('han'), 'order.comment', orderId, `note ${i}`);
    }
    const page = await command(person('han'), `order show ${number}`);
    const timeline = field(page.card, 'Timeline') ?? '';
    expect(timeline).toMatch(/\d+ earlier events/);
    expect(timeline).toContain('note 10');
    expect(timeline).not.toContain('created the order');
    const earlier = page.card?.actions.find((a) => a.id === 'report.more');
    expect(earlier?.value).toBe(`order show ${number} limit:15`);
    const more = await click(person('han'), 'report.more', earlier?.value ?? '');
    expect(field(more.card, 'Timeline')).toContain('created the order');
  });
});

describe('lead show', () => {
  it('the owner sees the phone and the stage buttons; another team is refused by name', async () => {
    const owner = await command(person('han'), 'lead show L-000007');
    expect(owner.card?.title).toBe('Lead L-000007 · Lily Chen');
    expect(JSON.stringify(owner.card?.fields)).toContain('13800138000');
    expect(ids(owner.card)).toEqual(expect.arrayContaining(['lead.contacted', 'lead.log', 'lead.lost']));
    expect(ids(owner.card)).not.toContain('lead.claim');

    const refused = await command(person('wang'), 'lead show L-000007');
    expect(refused.card).toBeUndefined();
    expect(refused.text).toContain('L-000007');
    expect(refused.text).not.toContain('13800138000');
  });

  it('a manager of another team sees nothing; the stage change shows in the timeline', async () => {
    const [eve] = await database.db.select().from(users).where(eqEmail('en.mgr@example.com'));
    if (!eve) throw new Error('no eve');
    const refused = await command(eve, 'lead show L-000007');
    expect(refused.text).toBe('You may not see L-000007: it is held by someone outside your scope.');
    const lead = await command(person('han'), 'lead show L-000007');
    const contacted = lead.card?.actions.find((a) => a.id === 'lead.contacted');
    await click(person('han'), 'lead.contacted', contacted?.value ?? '');
    const after = await command(person('han'), 'lead show 7');
    expect(field(after.card, 'Timeline')).toContain('Han Meimei: moved the stage');
    expect(ids(after.card)).toContain('lead.qualified');
  });
});

const eqEmail = (email: string) => eq(users.email, email);

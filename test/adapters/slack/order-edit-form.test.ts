// Slack: the owner's Edit button (and "/order edit <no>") opens the order edit form in a modal; a bad line comes back
// inline on its block, a good one saves version 2 and the approver's Slack cards are edited and posted.
import { and, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createConsoleTransport } from '../../../adapters/console/transport.ts';
import { createSlackTransport, type SlackTransport } from '../../../adapters/slack/transport.ts';
import { runTextCommand } from '../../../src/app/commands/run-text-command.ts';
import type { AppDeps, UserRow } from '../../../src/app/deps.ts';
import { deliverDue } from '../../../src/app/outbox/deliver-outbox.ts';
import { importRoster } from '../../../src/app/roster/import-roster.ts';
import {
  approvals,
  customers,
  orderLines,
  orders,
  productPrices,
  products,
  users,
} from '../../../src/db/schema.ts';
import { testClock } from '../../helpers/clock.ts';
import { countRows, createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { testDeps } from '../../helpers/deps.ts';
import { type FakeSlack, startFakeSlack } from './fake-slack.ts';
import {
  click,
  send,
  slackConfig,
  slackServer,
  slash,
  submission,
  suggestion,
  until,
} from './slack-fixture.ts';

const roster = `name,email,roles,region,manager_email,slack_user_id,locale
Meng Manager,meng@example.cn,manager,east,,U0MENG,en
Amy Rep,amy@example.cn,rep,east,meng@example.cn,U0AMY,en
Bo Rep,bo@example.cn,rep,east,meng@example.cn,U0BO,en
`;

const clock = testClock('2026-11-02T02:00:00Z');
let database: TestDatabase;
let deps: AppDeps;
let slack: FakeSlack;
let transport: SlackTransport;
let app: FastifyInstance;
let orderId: string;

async function deliver(): Promise<void> {
  const transports = { console: createConsoleTransport(deps), slack: transport };
  for (let round = 0; round < 5; round++) if ((await deliverDue(deps, transports)).claimed === 0) break;
  await transport.homes.idle();
}

beforeAll(async () => {
  database = await createTestDatabase();
  deps = testDeps(database, { clock, platforms: ['console', 'slack'] });
  slack = await startFakeSlack();
  transport = createSlackTransport({
    config: slackConfig(slack),
    rates: { channel: { perMinute: 6_000, burst: 100 } },
    homeRefreshMs: 50,
  });
  await importRoster(deps, { kind: 'system', name: 'test' }, roster);
  const [amy] = await deps.db.select().from(users).where(eq(users.email, 'amy@example.cn'));
  await deps.db
    .insert(products)
    .values({ sku: 'B200', name: 'Die set B200', unitPriceMinor: 100_000, currency: 'CNY' });
  await deps.db
    .insert(customers)
    .values({ name: 'ACME', normalizedName: 'acme', currency: 'CNY', ownerId: amy?.id });
  await runTextCommand(
    deps,
    { kind: 'user', user: amy as UserRow },
    'order new customer:ACME sku:B200 qty:1 plan:net-30',
  );
  const [order] = await deps.db.select().from(orders);
  orderId = order?.id ?? '';
  await deliver();
  app = await slackServer(deps, slack, transport);
});
beforeEach(() => {
  slack.calls.length = 0;
});
afterAll(async () => {
  await app.close();
  await slack.close();
  await database.close();
});

type View = {
  callback_id: string;
  private_metadata: string;
  blocks: {
    type: string;
    block_id?: string;
    element?: {
      type?: string;
      action_id?: string;
      min_query_length?: number;
      initial_value?: string;
      initial_option?: { value: string };
    };
  }[];
};

describe('the order edit modal', () => {
  it("the owner's Edit click opens the form prefilled with the current version", async () => {
    await send(app, deps, click('U0AMY', 'order.edit|0', orderId, { channel: 'D0AMY' }));
    const open = await until(() => slack.callsTo('views.open').at(-1), 'views.open');
    const view = open.args.view as View;
    expect(view.callback_id).toBe('closeloop.form');
    expect(JSON.parse(view.private_metadata)).toMatchObject({
      form: 'order.edit',
      entityId: orderId,
      state: '1',
    });
    const inputs = view.blocks.filter((b) => b.type === 'input');
    expect(inputs.map((b) => b.block_id)).toEqual([
      'lines',
      'product_1',
      'qty_1',
      'product_2',
      'qty_2',
      'product_3',
      'qty_3',
      'plan',
      'termsKind',
      'terms',
      'note',
    ]);
    expect(inputs[0]?.element?.initial_value).toBe('B200*1@1000.00');
    // Each product input is a picker served from the options route, searching from the first character typed.
    expect(inputs[1]?.element).toMatchObject({
      type: 'external_select',
      action_id: 'order_product',
      min_query_length: 1,
    });
    expect(inputs[7]?.element?.initial_option?.value).toBe('net-30');
    expect(JSON.stringify(view.blocks[0])).toContain('ACME');
  });

  it('"/order edit <no>" opens it too; someone else is told privately and no modal opens', async () => {
    await send(app, deps, slash('U0AMY', '/order', 'edit SO-2026-00001', slack.responseUrl('edit')));
    expect((await until(() => slack.callsTo('views.open').at(-1), 'views.open')).args.view).toMatchObject({
      callback_id: 'closeloop.form',
    });
    slack.calls.length = 0;
    await send(app, deps, click('U0BO', 'order.edit|0', orderId, { channel: 'C0SALES' }));
    const told = await until(() => slack.callsTo('chat.postEphemeral').at(-1), 'a private refusal');
    expect(told.args).toMatchObject({ user: 'U0BO', channel: 'C0SALES' });
    expect(String(told.args.text)).toContain('Only the owner');
    expect(slack.callsTo('views.open')).toEqual([]);
  });

  it('a bad line is refused inline on the lines block and nothing is written', async () => {
    const meta = JSON.stringify({
      form: 'order.edit',
      entityId: orderId,
      state: '1',
      channel: 'D0AMY',
      locale: 'en',
    });
    const versions = await countRows(database, 'order_versions');
    const res = await send(
      app,
      deps,
      submission('U0AMY', 'closeloop.form', meta, {
        lines: 'NOPE*2',
        plan: { option: 'net-30' },
        termsKind: { option: 'standard' },
      }),
    );
    const body = res.json() as { response_action: string; errors: Record<string, string> };
    expect(body.response_action).toBe('errors');
    expect(Object.keys(body.errors)).toEqual(['lines']);
    expect(body.errors.lines).toContain('NOPE');
    expect(await countRows(database, 'order_versions')).toBe(versions);
  });

  it('a good submission makes version 2; the approver’s v1 card is edited and a v2 card with the diff posted', async () => {
    const meta = JSON.stringify({
      form: 'order.edit',
      entityId: orderId,
      state: '1',
      channel: 'D0AMY',
      locale: 'en',
    });
    const res = await send(
      app,
      deps,
      submission('U0AMY', 'closeloop.form', meta, {
        lines: 'B200*3@900 -10%',
        plan: { option: 'net-30' },
        termsKind: { option: 'standard' },
        note: 'Bigger order',
      }),
    );
    expect(res.body).toBe('');
    const [order] = await deps.db.select().from(orders).where(eq(orders.id, orderId));
    expect(order).toMatchObject({ version: 2, status: 'pending_approval', totalMinor: 243_000 });
    const v2 = await deps.db
      .select()
      .from(approvals)
      .where(and(eq(approvals.orderId, orderId), eq(approvals.orderVersion, 2)));
    expect(v2.map((a) => a.status)).toEqual(['pending']);
    const told = await until(() => slack.callsTo('chat.postEphemeral').at(-1), 'the reply');
    expect(told.args.user).toBe('U0AMY');
    expect(String(told.args.text)).toContain('version 2');

    await deliver();
    const updated = slack.callsTo('chat.update').map((c) => JSON.stringify(c.args.blocks));
    expect(updated.some((b) => /superseded by v2/i.test(b) && b.includes('SO-2026-00001'))).toBe(true);
    const posted = slack
      .callsTo('chat.postMessage')
      .filter((c) => c.args.channel === 'U0MENG')
      .map((c) => JSON.stringify(c.args.blocks));
    expect(posted.some((b) => b.includes('Changes since v1') && b.includes('Approve'))).toBe(true);
  });

  const formMeta = () =>
    JSON.stringify({ form: 'order.edit', entityId: orderId, state: '2', channel: 'D0AMY', locale: 'en' });
  type Options = { options: { text: { type: string; text: string }; value: string }[] };
  const offered = async (value: string, privateMetadata?: string) =>
    (
      await send(
        app,
        deps,
        suggestion('U0AMY', 'order_product', value, {
          blockId: 'product_1',
          ...(privateMetadata ? { privateMetadata } : {}),
        }),
      )
    ).json() as Options;

  it('the product picker offers active products by SKU or zh/en name, "SKU — name (price, unit)", priced on the order\'s list', async () => {
    await deps.db.insert(products).values([
      {
        sku: 'C300',
        name: 'Clamp kit',
        nameEn: 'Clamp <&> kit',
        nameZh: '夹具套件',
        unit: 'set',
        unitPriceMinor: 100_000,
        currency: 'CNY',
      },
      { sku: 'C399', name: 'Clamp (old)', unitPriceMinor: 50_000, currency: 'CNY', active: false },
    ]);
    const [c300] = await deps.db.select().from(products).where(eq(products.sku, 'C300'));
    await deps.db
      .insert(productPrices)
      .values({ productId: c300?.id ?? '', priceList: 'vip', currency: 'CNY', unitPriceMinor: 80_000 });
    await deps.db.update(customers).set({ priceList: 'vip' }).where(eq(customers.name, 'ACME'));

    const byName = await offered('clamp', formMeta());
    // The retired C399 is not offered; the name keeps its < & > as typed (plain_text is shown literally by Slack).
    expect(byName.options.map((o) => o.value)).toEqual(['C300']);
    expect(byName.options[0]?.text.type).toBe('plain_text');
    expect(byName.options[0]?.text.text).toMatch(/^C300 — Clamp <&> kit \(.*800\.00, set\)$/);
    expect((await offered('夹具', formMeta())).options.map((o) => o.value)).toEqual(['C300']);
    expect((await offered('c30', formMeta())).options.map((o) => o.value)).toEqual(['C300']);
    // Outside a form that names the order: the product's own price.
    expect((await offered('C300')).options[0]?.text.text).toContain('1,000.00');
    expect((await offered('nothing like it', formMeta())).options).toEqual([]);
  });

  it('a picked product with its quantity becomes a line of the next version; a product without a quantity is refused on it', async () => {
    const picked = (inputs: Record<string, string | { option: string }>) =>
      submission('U0AMY', 'closeloop.form', formMeta(), {
        lines: 'B200*3@900 -10%',
        plan: { option: 'net-30' },
        termsKind: { option: 'standard' },
        // Slack sends every input block of the modal, empty ones with no value.
        ...Object.fromEntries([1, 2, 3].flatMap((n) => [`product_${n}`, `qty_${n}`]).map((b) => [b, ''])),
        ...inputs,
      });
    const refused = await send(app, deps, picked({ product_1: { option: 'C300' } }));
    const body = refused.json() as { response_action: string; errors: Record<string, string> };
    expect(Object.keys(body.errors)).toEqual(['qty_1']);
    expect(body.errors.qty_1).toContain('C300');
    expect((await deps.db.select().from(orders).where(eq(orders.id, orderId)))[0]?.version).toBe(2);

    const unknown = await send(app, deps, picked({ product_2: { option: 'C399' }, qty_2: '1' }));
    expect(Object.keys((unknown.json() as { errors: Record<string, string> }).errors)).toEqual(['product_2']);

    const res = await send(app, deps, picked({ product_1: { option: 'C300' }, qty_1: '2 -5%' }));
    expect(res.body).toBe('');
    const [order] = await deps.db.select().from(orders).where(eq(orders.id, orderId));
    expect(order?.version).toBe(3);
    const lines = await deps.db.select().from(orderLines).where(eq(orderLines.orderId, orderId));
    const c300 = lines.find((l) => l.description === 'Clamp kit');
    expect(c300).toMatchObject({
      quantity: 2,
      unitPriceMinor: 80_000,
      discountBp: 500,
      amountMinor: 152_000,
    });
    expect(lines).toHaveLength(2);
  });
});

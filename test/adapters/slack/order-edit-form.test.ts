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
import { approvals, customers, orders, products, users } from '../../../src/db/schema.ts';
import { testClock } from '../../helpers/clock.ts';
import { countRows, createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { testDeps } from '../../helpers/deps.ts';
import { type FakeSlack, startFakeSlack } from './fake-slack.ts';
import { click, send, slackConfig, slackServer, slash, submission, until } from './slack-fixture.ts';

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
    element?: { initial_value?: string; initial_option?: { value: string } };
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
    expect(inputs.map((b) => b.block_id)).toEqual(['lines', 'plan', 'termsKind', 'terms', 'note']);
    expect(inputs[0]?.element?.initial_value).toBe('B200*1@1000.00');
    expect(inputs[1]?.element?.initial_option?.value).toBe('net-30');
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
});

// Slack shows a header, a button, a modal's words and a message's notification text without mrkdwn: there a name
// with * _ ~ ` in it reads exactly as typed, with no invisible zero-width space after its marks (one would come along
// when copied, break a search and count against the header's 150 characters). The mrkdwn sections keep the space.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsoleTransport } from '../../../adapters/console/transport.ts';
import { createSlackTransport, type SlackTransport } from '../../../adapters/slack/transport.ts';
import { runTextCommand } from '../../../src/app/commands/run-text-command.ts';
import type { AppDeps, UserRow } from '../../../src/app/deps.ts';
import { createLead } from '../../../src/app/leads/create-lead.ts';
import { deliverDue } from '../../../src/app/outbox/deliver-outbox.ts';
import { importRoster } from '../../../src/app/roster/import-roster.ts';
import { customers, products, users } from '../../../src/db/schema.ts';
import { foldCompanyName } from '../../../src/domain/leads/normalise.ts';
import { testClock } from '../../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { testDeps } from '../../helpers/deps.ts';
import { renderedTexts } from '../../helpers/rendered-texts.ts';
import { type ApiCall, type FakeSlack, startFakeSlack } from './fake-slack.ts';
import { send, slackConfig, slackServer, slash, until } from './slack-fixture.ts';

const roster = `name,email,roles,region,manager_email,slack_user_id,locale
Meng Manager,meng@example.cn,manager,east,,U0MENG,en
Amy Rep,amy@example.cn,rep,east,meng@example.cn,U0AMY,en
`;

// A name with every mark the model's markdown knows, each where `literal` would put its zero-width space.
const leadName = 'Li_ *Wu* ~Jr~ `x`_';
const customerName = '*VIP*_Trading_ ~old~ `co`';

const clock = testClock('2026-11-02T02:00:00Z');
let database: TestDatabase;
let deps: AppDeps;
let slack: FakeSlack;
let transport: SlackTransport;
let app: FastifyInstance;

const plainTexts = (blocks: unknown) =>
  renderedTexts(blocks, (o) => (o.type === 'plain_text' ? o.text : null));
const mrkdwnTexts = (blocks: unknown) => renderedTexts(blocks, (o) => (o.type === 'mrkdwn' ? o.text : null));
const headerOf = (call: ApiCall) =>
  (call.args.blocks as { type: string; text?: { text: string } }[]).find((b) => b.type === 'header')?.text
    ?.text;
const posted = (words: string) =>
  slack.callsTo('chat.postMessage').filter((c) => (headerOf(c) ?? '').includes(words));

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
  const [amy] = (await deps.db.select().from(users)).filter((u) => u.email === 'amy@example.cn');
  await createLead(
    deps,
    { kind: 'api', keyName: 'website' },
    {
      name: leadName,
      email: 'li@wu.example',
      company: 'Wu Works',
      region: 'east',
      industry: 'retail',
    },
  );
  await deps.db
    .insert(products)
    .values({ sku: 'B200', name: 'Die set B200', unitPriceMinor: 100_000, currency: 'CNY' });
  await deps.db.insert(customers).values({
    name: customerName,
    normalizedName: foldCompanyName(customerName),
    currency: 'CNY',
    ownerId: amy?.id,
  });
  await runTextCommand(
    deps,
    { kind: 'user', user: amy as UserRow },
    `order new customer:"${customerName}" sku:B200 qty:1 plan:net-30`,
  );
  const transports = { console: createConsoleTransport(deps), slack: transport };
  for (let round = 0; round < 5; round++) if ((await deliverDue(deps, transports)).claimed === 0) break;
  await transport.homes.idle();
  app = await slackServer(deps, slack, transport);
});
afterAll(async () => {
  await app?.close();
  await slack?.close();
  await database?.close();
});

describe('Slack plain text carries a name as typed', () => {
  it("a lead's card: header and notification text read the name as typed; its mrkdwn still breaks the marks", async () => {
    const [card] = posted(leadName);
    expect(card, 'a card whose header names the lead as typed').toBeDefined();
    const call = card as ApiCall;
    expect(headerOf(call)?.endsWith(`：${leadName}`)).toBe(true);
    expect(String(call.args.text)).toContain(leadName);
    expect(String(call.args.text)).not.toContain('\u200B');
    for (const text of plainTexts(call.args.blocks)) expect(text).not.toContain('\u200B');
    // Where Slack reads mrkdwn the person's stars and tildes still may not pair.
    expect(mrkdwnTexts(call.args.blocks).join('\n')).toMatch(/\*\u200B+Wu\*\u200B/);
  });

  it("an order's card names the customer as typed in its header and notification", async () => {
    const cards = posted(customerName);
    expect(cards.length).toBeGreaterThan(0);
    for (const call of cards) {
      expect(String(call.args.text)).toContain(customerName);
      for (const text of [String(call.args.text), ...plainTexts(call.args.blocks)])
        expect(text).not.toContain('\u200B');
    }
  });

  it('a private reply echoing the name: its notification text is as typed', async () => {
    await send(
      app,
      deps,
      slash('U0AMY', '/closeloop', `customer show ${leadName}`, slack.responseUrl('echo')),
    );
    const reply = await until(
      () => slack.callsTo('response_url').find((c) => JSON.stringify(c.args).includes('Wu')),
      'response_url',
    );
    expect(String(reply.args.text)).toContain(leadName);
    expect(String(reply.args.text)).not.toContain('\u200B');
  });
});

// A big statement on Slack: the finance channel gets one summary message; its button, clicked in Slack (twice), posts
// ten exception messages and edits the summary to offer the next page.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsoleTransport } from '../../../adapters/console/transport.ts';
import { createSlackTransport, type SlackTransport } from '../../../adapters/slack/transport.ts';
import type { AppDeps } from '../../../src/app/deps.ts';
import { deliverDue } from '../../../src/app/outbox/deliver-outbox.ts';
import { importStatement } from '../../../src/app/reconcile/import-statement.ts';
import { importRoster } from '../../../src/app/roster/import-roster.ts';
import { testClock } from '../../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { testDeps } from '../../helpers/deps.ts';
import { type ApiCall, type FakeSlack, startFakeSlack } from './fake-slack.ts';
import { click, send, slackConfig, slackServer, until } from './slack-fixture.ts';

const roster = `name,email,roles,region,manager_email,slack_user_id,locale
Fang Finance,fang@example.cn,finance,,,U0FANG,en
`;

let database: TestDatabase;
let deps: AppDeps;
let slack: FakeSlack;
let app: FastifyInstance;
let transport: SlackTransport;

async function deliver(): Promise<void> {
  const transports = { console: createConsoleTransport(deps), slack: transport };
  for (let round = 0; round < 5; round++) if ((await deliverDue(deps, transports)).claimed === 0) break;
}

type Button = { action_id: string; value: string; text: { text: string } };
const buttonsOf = (call: ApiCall): Button[] =>
  (call.args.blocks as { type: string; elements?: Button[] }[]).flatMap((b) =>
    b.type === 'actions' ? (b.elements ?? []) : [],
  );
const toFinance = (method: string) => slack.callsTo(method).filter((c) => c.args.channel === 'C0FINANCE');
const exceptionMessages = () =>
  toFinance('chat.postMessage').filter((c) => buttonsOf(c).some((b) => b.action_id.startsWith('recon.ack|')));

// The click is answered at once and worked after: its private reply comes last, then the cards it queued go out.
async function clickAndDeliver(button: Button): Promise<string> {
  const replies = slack.callsTo('chat.postEphemeral').length;
  const delivery = click('U0FANG', button.action_id, button.value, { channel: 'C0FINANCE' });
  expect((await send(app, deps, delivery)).statusCode).toBe(200);
  const reply = await until(() => slack.callsTo('chat.postEphemeral')[replies], 'the reply to the click');
  await deliver();
  return String(reply.args.text);
}

beforeAll(async () => {
  database = await createTestDatabase();
  deps = testDeps(database, { clock: testClock('2026-11-10T02:00:00Z'), platforms: ['console', 'slack'] });
  slack = await startFakeSlack();
  transport = createSlackTransport({
    config: slackConfig(slack),
    rates: { channel: { perMinute: 6_000, burst: 100 } },
  });
  await importRoster(deps, { kind: 'system', name: 'test' }, roster);
  app = await slackServer(deps, slack, transport);
});

afterAll(async () => {
  await app.close();
  await slack.close();
  await database.close();
});

describe('a statement past reconcile.exceptionCardsPerFile, on Slack', () => {
  it('posts one summary; its button posts ten exception messages once, however often it is clicked', async () => {
    const rows = ['date,amount,currency,payer,memo,bank_txn_id'];
    for (let k = 1; k <= 21; k++)
      rows.push(`2026-11-0${1 + (k % 5)},${100 + k}.00,CNY,Payer ${k},rent,S-${k}`);
    await importStatement(
      deps,
      { kind: 'api', keyName: 'bank' },
      { csv: rows.join('\n'), fileName: 'nov.csv' },
    );
    await deliver();

    expect(exceptionMessages()).toHaveLength(0);
    const [summary] = toFinance('chat.postMessage');
    expect(toFinance('chat.postMessage')).toHaveLength(1);
    expect(String(summary!.args.text)).toContain('对账单 nov.csv：21 笔异常');
    const [next] = buttonsOf(summary!);
    expect(next!.text.text).toBe('发出下 10 张（剩 21 张）');

    expect(await clickAndDeliver(next!)).toBe('Posted 10 exception cards; 11 left.');
    expect(await clickAndDeliver(next!)).toBe('Those cards were posted already by Fang Finance.');
    expect(exceptionMessages()).toHaveLength(10);
    // The summary message itself now offers the next page.
    const edited = toFinance('chat.update').at(-1);
    expect(edited && buttonsOf(edited).map((b) => b.text.text)).toEqual(['发出下 10 张（剩 11 张）']);
  });
});

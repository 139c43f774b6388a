// Slack message events signed as Slack sends them: thread replies under an order card become comments and attachments,
// files sent to the bot with a caption import leads or a bank statement.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq, like } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createConsoleTransport } from '../../../adapters/console/transport.ts';
import { slackPlugin } from '../../../adapters/slack/plugin.ts';
import { createSlackTransport, type SlackTransport } from '../../../adapters/slack/transport.ts';
import { runTextCommand } from '../../../src/app/commands/run-text-command.ts';
import type { AppDeps, UserRow } from '../../../src/app/deps.ts';
import { deliverDue } from '../../../src/app/outbox/deliver-outbox.ts';
import { importRoster } from '../../../src/app/roster/import-roster.ts';
import {
  attachments,
  auditLog,
  bankTransactions,
  comments,
  customers,
  leads,
  messageRefs,
  orders,
  outbox,
  products,
  users,
} from '../../../src/db/schema.ts';
import { buildServer } from '../../../src/http/server.ts';
import { testClock } from '../../helpers/clock.ts';
import { countRows, createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { testDeps } from '../../helpers/deps.ts';
import { type ApiCall, type FakeSlack, startFakeSlack } from './fake-slack.ts';
import { type Delivery, send, slackConfig, until } from './slack-fixture.ts';

const roster = `name,email,roles,region,manager_email,slack_user_id,locale
Meng Manager,meng@example.cn,manager,east,,U0MENG,en
Amy Rep,amy@example.cn,rep,east,meng@example.cn,U0AMY,en
Fang Finance,fang@example.cn,finance,,,U0FANG,zh-CN
`;

const BOT = 'U0BOT';
const clock = testClock('2026-11-02T02:00:00Z');
let database: TestDatabase;
let deps: AppDeps;
let slack: FakeSlack;
let app: FastifyInstance;
let dataDir: string;
let people: Record<string, UserRow>;
let orderId: string;
// Where Meng's approval card landed: his DM channel and the card's ts.
let card: { channel: string; ts: string };
let eventSeq = 0;

// An Events API delivery as Slack sends it, with the installation's bot user in `authorizations`.
function messageEvent(inner: Record<string, unknown>, eventId = `Ev${String(++eventSeq).padStart(8, '0')}`) {
  const delivery: Delivery = {
    contentType: 'application/json',
    body: JSON.stringify({
      token: 'legacy-verification-token',
      team_id: 'T0ACME',
      api_app_id: 'A0CLOSELOOP',
      event: { type: 'message', event_ts: String(inner.ts ?? ''), ...inner },
      type: 'event_callback',
      event_id: eventId,
      event_time: 1_700_000_000,
      authorizations: [
        { enterprise_id: null, team_id: 'T0ACME', user_id: BOT, is_bot: true, is_enterprise_install: false },
      ],
      is_ext_shared_channel: false,
    }),
  };
  return { delivery, eventId };
}

let tsSeq = 0;
const nextTs = () => `1700001000.${String(++tsSeq).padStart(6, '0')}`;

// A file Slack holds for us: what the message event carries about it (files.info has the rest).
function upload(id: string, name: string, mimetype: string, bytes: Buffer) {
  slack.files.set(id, { name, mimetype, bytes });
  return { id, name, mimetype, size: bytes.length, mode: 'hosted', file_access: 'visible' };
}

async function eventually<T>(look: () => Promise<T | undefined | null | false>, what: string): Promise<T> {
  for (let i = 0; i < 500; i++) {
    const found = await look();
    if (found) return found;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`never saw ${what}`);
}

const textOf = (c: ApiCall) => `${String(c.args.text)}\n${JSON.stringify(c.args.blocks ?? [])}`;
const replyTo = (method: string, user: string) =>
  until(
    () => slack.callsTo(method).find((c) => method === 'chat.postMessage' || c.args.user === user),
    method,
  );

async function orderComments() {
  return deps.db.select().from(comments).where(eq(comments.orderId, orderId));
}

beforeAll(async () => {
  database = await createTestDatabase();
  deps = testDeps(database, { clock, platforms: ['console', 'slack'] });
  slack = await startFakeSlack();
  dataDir = await mkdtemp(join(tmpdir(), 'closeloop-slack-files-'));
  await importRoster(deps, { kind: 'system', name: 'test' }, roster);
  const rows = await deps.db.select().from(users);
  people = Object.fromEntries(rows.map((u) => [u.email.split('@')[0] ?? '', u]));
  const amy = people.amy as UserRow;
  await deps.db
    .insert(products)
    .values({ sku: 'B200', name: 'Die set B200', unitPriceMinor: 100_000, currency: 'CNY' });
  await deps.db
    .insert(customers)
    .values({ name: 'ACME', normalizedName: 'acme', currency: 'CNY', ownerId: amy.id });
  await runTextCommand(
    deps,
    { kind: 'user', user: amy },
    'order new customer:ACME sku:B200 qty:1 plan:net-30',
  );
  const [order] = await deps.db.select({ id: orders.id }).from(orders);
  orderId = order?.id ?? '';

  const transport: SlackTransport = createSlackTransport({
    config: slackConfig(slack),
    rates: { channel: { perMinute: 6_000, burst: 100 } },
  });
  const transports = { console: createConsoleTransport(deps), slack: transport };
  for (let round = 0; round < 5; round++) if ((await deliverDue(deps, transports)).claimed === 0) break;
  const [ref] = await deps.db
    .select({ messageId: messageRefs.messageId })
    .from(messageRefs)
    .where(
      and(
        eq(messageRefs.platform, 'slack'),
        like(messageRefs.refKey, `order:${orderId}:%approval:${people.meng?.id}`),
      ),
    );
  const [channel, ts] = (ref?.messageId ?? '').split('/');
  if (!channel || !ts) throw new Error('the approval card never reached Slack');
  card = { channel, ts };

  app = await buildServer({
    deps,
    api: [],
    adapters: [slackPlugin({ ...slackConfig(slack), dataDir }, { linkPeopleOnStart: false })],
    health: {},
  });
});
beforeEach(() => {
  slack.calls.length = 0;
});
afterAll(async () => {
  await app?.close();
  await slack?.close();
  await database?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('replies in the thread under an order card', () => {
  it('become a comment by the roster user; the owner is told; a retried event adds nothing', async () => {
    const { delivery, eventId } = messageEvent({
      user: 'U0MENG',
      text: 'Can we get 45 days instead of 30?',
      ts: nextTs(),
      thread_ts: card.ts,
      parent_user_id: BOT,
      channel: card.channel,
      channel_type: 'im',
    });
    expect((await send(app, deps, delivery)).statusCode).toBe(200);
    const [comment] = await eventually(async () => {
      const rows = await orderComments();
      return rows.length > 0 && rows;
    }, 'the comment');
    expect(comment?.body).toBe('Can we get 45 days instead of 30?');
    expect(comment?.authorId).toBe(people.meng?.id);
    const told = await deps.db
      .select({ destination: outbox.destination, card: outbox.card })
      .from(outbox)
      .where(like(outbox.refKey, `order:${orderId}:comment:%`));
    expect(told.map((r) => r.destination)).toContain(`user:${people.amy?.id}`);
    expect(JSON.stringify(told[0]?.card)).toContain('45 days');

    const retried = await send(app, deps, delivery, {
      headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
    });
    expect(retried.statusCode).toBe(200);
    // The same event id again, this time not a retry by header: still one comment.
    await send(app, deps, messageEvent(JSON.parse(delivery.body).event, eventId).delivery);
    await new Promise((r) => setTimeout(r, 100));
    expect(await orderComments()).toHaveLength(1);
    // A plain comment needs no answer: the thread already shows it.
    expect(slack.callsTo('chat.postEphemeral')).toHaveLength(0);
  });

  it('ignores bots, edits, deletions, replies under other messages and top-level chatter', async () => {
    const before = await countRows(database, 'comments');
    const thread = { thread_ts: card.ts, channel: card.channel, channel_type: 'im' };
    const ignored = [
      { ...thread, bot_id: 'B0OTHER', user: 'U0MENG', text: 'bot says hi', ts: nextTs() },
      { ...thread, subtype: 'bot_message', bot_id: 'B0OTHER', text: 'bot message', ts: nextTs() },
      {
        ...thread,
        subtype: 'message_changed',
        hidden: true,
        ts: nextTs(),
        message: { type: 'message', user: 'U0MENG', text: 'edited', ts: card.ts },
      },
      { ...thread, subtype: 'message_deleted', hidden: true, ts: nextTs(), deleted_ts: card.ts },
      {
        user: 'U0MENG',
        text: 'reply under some other message',
        ts: nextTs(),
        thread_ts: '1699999999.000001',
        channel: card.channel,
        channel_type: 'im',
      },
      { user: 'U0MENG', text: 'just chatting', ts: nextTs(), channel: card.channel, channel_type: 'im' },
    ];
    for (const inner of ignored) {
      expect((await send(app, deps, messageEvent(inner).delivery)).statusCode).toBe(200);
    }
    await new Promise((r) => setTimeout(r, 150));
    expect(await countRows(database, 'comments')).toBe(before);
    expect(slack.calls.filter((c) => c.method.startsWith('chat.'))).toHaveLength(0);
  });

  it('someone not on the roster is told so privately, in the thread, and nothing is recorded', async () => {
    const before = await countRows(database, 'comments');
    await send(
      app,
      deps,
      messageEvent({
        user: 'U0GUEST',
        text: 'I am a guest',
        ts: nextTs(),
        thread_ts: card.ts,
        channel: card.channel,
        channel_type: 'im',
      }).delivery,
    );
    const reply = await replyTo('chat.postEphemeral', 'U0GUEST');
    expect(reply.args.thread_ts).toBe(card.ts);
    expect(await countRows(database, 'comments')).toBe(before);
  });

  it('a file shared in the thread is downloaded with the bot token and attached to the order', async () => {
    const bytes = Buffer.from('%PDF-1.4 signed contract\n');
    const file = upload('F0CONTRACT', '合同-signed.pdf', 'application/pdf', bytes);
    const { delivery } = messageEvent({
      subtype: 'file_share',
      user: 'U0AMY',
      text: '',
      files: [file],
      upload: false,
      ts: nextTs(),
      thread_ts: card.ts,
      channel: card.channel,
      channel_type: 'im',
    });
    await send(app, deps, delivery);
    const reply = await replyTo('chat.postEphemeral', 'U0AMY');
    expect(reply.args.thread_ts).toBe(card.ts);
    expect(textOf(reply)).toContain('Attached 合同-signed.pdf');
    expect(slack.callsTo('files.info')[0]?.args.file).toBe('F0CONTRACT');
    expect(slack.callsTo('download')[0]?.authorization).toBe('Bearer xoxb-test-token');

    const [row] = await deps.db.select().from(attachments).where(eq(attachments.orderId, orderId));
    expect(row).toMatchObject({
      fileName: '合同-signed.pdf',
      sizeBytes: bytes.length,
      contentType: 'application/pdf',
      uploadedBy: people.amy?.id,
    });
    expect(await readFile(join(dataDir, row?.storagePath ?? ''))).toEqual(bytes);
    const audits = await deps.db.select().from(auditLog).where(eq(auditLog.action, 'order.attach'));
    expect(audits).toHaveLength(1);
    // No caption, so no comment came with it.
    expect(await orderComments()).toHaveLength(1);
  });
});

describe('files sent to the bot', () => {
  it('lead import in a DM imports the list and answers with counts and each bad row', async () => {
    const csv = [
      'name,company,email,phone',
      'Li Lei,Hangzhou Tea Co.,lilei@tea.example,13800138001',
      'Han Meimei,Suzhou Silk Ltd,han@silk.example,',
      ',No Name Inc,nobody@nn.example,',
      'Wang Wu,Broken Mail,wang@,',
    ].join('\n');
    const file = upload('F0LEADS', 'expo.csv', 'text/csv', Buffer.from(csv));
    await send(
      app,
      deps,
      messageEvent({
        subtype: 'file_share',
        user: 'U0AMY',
        text: 'lead import source:trade-show',
        files: [file],
        ts: nextTs(),
        channel: 'D0AMY',
        channel_type: 'im',
      }).delivery,
    );
    const reply = await replyTo('chat.postMessage', 'U0AMY');
    expect(reply.args.channel).toBe('D0AMY');
    const text = textOf(reply);
    expect(text).toContain('expo.csv: rows read 4 — new leads 2, duplicates attached to existing leads 0');
    expect(text).toContain('not imported 2.');
    expect(text).toContain('line 4');
    expect(text).toContain('line 5');
    const rows = await deps.db.select({ name: leads.name, source: leads.source }).from(leads);
    expect(rows.map((r) => r.name).sort()).toEqual(['Han Meimei', 'Li Lei']);
    expect(rows.every((r) => r.source === 'trade-show')).toBe(true);
  });

  it('without a caption answers with the captions and downloads nothing', async () => {
    const file = upload('F0PLAIN', 'list.csv', 'text/csv', Buffer.from('name\nX'));
    await send(
      app,
      deps,
      messageEvent({
        subtype: 'file_share',
        user: 'U0AMY',
        text: '',
        files: [file],
        ts: nextTs(),
        channel: 'D0AMY',
        channel_type: 'im',
      }).delivery,
    );
    const reply = await replyTo('chat.postMessage', 'U0AMY');
    expect(textOf(reply)).toContain('lead import');
    expect(textOf(reply)).toContain('bank import');
    expect(slack.callsTo('files.info')).toHaveLength(0);
    expect(slack.callsTo('download')).toHaveLength(0);
  });

  it('the caption typed without a file is told how to send one', async () => {
    await send(
      app,
      deps,
      messageEvent({ user: 'U0AMY', text: 'lead import', ts: nextTs(), channel: 'D0AMY', channel_type: 'im' })
        .delivery,
    );
    const reply = await replyTo('chat.postMessage', 'U0AMY');
    expect(textOf(reply)).toContain('There is no file with that message');
  });

  it('bank import is refused to a rep and run for finance, in their language', async () => {
    const csv =
      'date,amount,currency,payer,memo,bank_txn_id\n2026-11-01,1200.00,CNY,Unknown Co,"invoice ?",BK-1\n';
    const file = upload('F0STMT', 'nov.csv', 'text/csv', Buffer.from(csv));
    const base = { subtype: 'file_share', files: [file], channel_type: 'im', text: 'bank import' };
    await send(app, deps, messageEvent({ ...base, user: 'U0AMY', channel: 'D0AMY', ts: nextTs() }).delivery);
    const refused = await replyTo('chat.postMessage', 'U0AMY');
    expect(textOf(refused)).toContain('Only finance imports bank statements');
    expect(await countRows(database, 'bank_transactions')).toBe(0);

    slack.calls.length = 0;
    await send(
      app,
      deps,
      messageEvent({ ...base, user: 'U0FANG', channel: 'D0FANG', ts: nextTs() }).delivery,
    );
    const done = await replyTo('chat.postMessage', 'U0FANG');
    expect(textOf(done)).toContain('nov.csv：共 1 笔 — 新增 1 笔');
    expect(textOf(done)).toContain('1 笔异常');
    const [txn] = await deps.db.select().from(bankTransactions);
    expect(txn?.bankTxnId).toBe('BK-1');

    slack.calls.length = 0;
    await send(
      app,
      deps,
      messageEvent({ ...base, user: 'U0FANG', channel: 'D0FANG', ts: nextTs() }).delivery,
    );
    expect(textOf(await replyTo('chat.postMessage', 'U0FANG'))).toContain('此前已导入');
    expect(await countRows(database, 'bank_transactions')).toBe(1);
  });

  it('a file Slack will not hand over is answered with what went wrong, and nothing is imported', async () => {
    const before = await countRows(database, 'leads');
    await send(
      app,
      deps,
      messageEvent({
        subtype: 'file_share',
        user: 'U0AMY',
        text: 'lead import',
        files: [{ id: 'F0GONE', name: 'gone.csv', mode: 'hosted' }],
        ts: nextTs(),
        channel: 'D0AMY',
        channel_type: 'im',
      }).delivery,
    );
    const reply = await replyTo('chat.postMessage', 'U0AMY');
    expect(textOf(reply)).toContain('I could not download F0GONE from the chat (file_not_found)');
    expect(await countRows(database, 'leads')).toBe(before);
  });

  it('a file past 20 MB is refused before it is downloaded', async () => {
    const file = upload('F0BIG', 'huge.csv', 'text/csv', Buffer.alloc(20 * 1024 * 1024 + 1, 97));
    await send(
      app,
      deps,
      messageEvent({
        subtype: 'file_share',
        user: 'U0AMY',
        text: 'lead import',
        files: [file],
        ts: nextTs(),
        channel: 'D0AMY',
        channel_type: 'im',
      }).delivery,
    );
    const reply = await replyTo('chat.postMessage', 'U0AMY');
    expect(textOf(reply)).toContain('huge.csv is larger than 20 MB');
    expect(slack.callsTo('download')).toHaveLength(0);
  });

  it('in a channel only a message mentioning the bot is taken, and answered privately', async () => {
    const before = await countRows(database, 'leads');
    const file = upload(
      'F0CHAN',
      'fair.csv',
      'text/csv',
      Buffer.from('name,email\nZhao Liu,zhao@liu.example\n'),
    );
    const base = {
      subtype: 'file_share',
      user: 'U0AMY',
      files: [file],
      channel: 'C0SALES',
      channel_type: 'channel',
    };
    await send(app, deps, messageEvent({ ...base, text: 'lead import', ts: nextTs() }).delivery);
    await new Promise((r) => setTimeout(r, 150));
    expect(slack.calls.filter((c) => c.method !== 'users.info')).toHaveLength(0);
    expect(await countRows(database, 'leads')).toBe(before);

    await send(app, deps, messageEvent({ ...base, text: `<@${BOT}> lead import`, ts: nextTs() }).delivery);
    const reply = await replyTo('chat.postEphemeral', 'U0AMY');
    expect(reply.args.channel).toBe('C0SALES');
    expect(textOf(reply)).toContain('new leads 1,');
    expect(await countRows(database, 'leads')).toBe(before + 1);
  });
});

// A card with a chart on Slack: the PNG goes up through files.getUploadURLExternal → POST → completeUploadExternal
// (shared nowhere) and the message shows it in an image block; a retried send reuses the file, never uploads again.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSlackTransport } from '../../../adapters/slack/transport.ts';
import type { AppDeps } from '../../../src/app/deps.ts';
import { deliverDue } from '../../../src/app/outbox/deliver-outbox.ts';
import { inTransaction } from '../../../src/app/unit-of-work.ts';
import { createChartRenderer } from '../../../src/charts/chart-renderer.ts';
import { outbox } from '../../../src/db/schema.ts';
import { cardWithChart, collectedByRep } from '../../charts/sample-chart.ts';
import { testClock } from '../../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { testDeps } from '../../helpers/deps.ts';
import { type FakeSlack, startFakeSlack } from './fake-slack.ts';

const clock = testClock();
const charts = createChartRenderer();
let database: TestDatabase;
let deps: AppDeps;
let slack: FakeSlack;

const transport = () =>
  createSlackTransport({
    config: { botToken: 'xoxb-test', apiUrl: slack.apiUrl },
    now: () => clock.now().getTime(),
    sleep: async () => {},
    charts,
  });

type Block = { type: string; slack_file?: { id: string }; alt_text?: string; title?: { text: string } };

beforeAll(async () => {
  database = await createTestDatabase();
  deps = testDeps(database, { clock, platforms: ['console', 'slack'] });
  slack = await startFakeSlack();
});
beforeEach(() => {
  slack.calls.length = 0;
});
afterAll(async () => {
  await slack.close();
  await database.close();
});

describe('Slack charts', () => {
  it('uploads the chart PNG without sharing it and shows it in an image block with its alt text', async () => {
    const sent = await transport().post({
      destination: 'C0APPROVALS',
      card: cardWithChart('en'),
      locale: 'en',
      idempotencyKey: 'charts:1',
    });
    expect(sent.messageId).toMatch(/^C0APPROVALS\//);
    const [ticket] = slack.callsTo('files.getUploadURLExternal');
    const [upload] = slack.callsTo('upload');
    const [complete] = slack.callsTo('files.completeUploadExternal');
    const bytes = upload?.args.bytes as Buffer;
    expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(ticket?.args).toMatchObject({
      filename: 'chart-1.png',
      length: String(bytes.length),
      alt_text: collectedByRep('en').alt,
    });
    const fileId = String(upload?.args.fileId);
    expect(complete?.args.files).toEqual([{ id: fileId, title: 'Collected this week' }]);
    // Not shared into any channel: the image block is the only place it shows.
    expect(complete?.args.channel_id).toBeUndefined();
    expect(complete?.args.channels).toBeUndefined();

    const blocks = slack.callsTo('chat.postMessage')[0]?.args.blocks as Block[];
    const image = blocks.find((b) => b.type === 'image');
    expect(image).toEqual({
      type: 'image',
      slack_file: { id: fileId },
      alt_text: 'Bar chart “Collected this week”: 张伟 CNY 12,345.00, Amy <b>&</b> CNY 9,900.00, Bo –',
      title: { type: 'plain_text', text: 'Collected this week', emoji: true },
    });
    // The order of the message: header, body, fields, then the picture.
    expect(blocks.map((b) => b.type)).toEqual(['header', 'section', 'section', 'image']);
  });

  it('a send retried after the upload reuses the uploaded file (cached on the outbox row)', async () => {
    await inTransaction(deps, { kind: 'system', name: 'test' }, async (uow) => {
      await uow.post({ kind: 'channel', name: 'approvals' }, 'charts:retry', (locale) =>
        cardWithChart(locale),
      );
    });
    slack.script('chat.postMessage', { status: 503, body: { ok: false, error: 'service_unavailable' } });
    slack.script('chat.postMessage', { status: 503, body: { ok: false, error: 'service_unavailable' } });
    slack.script('chat.postMessage', { status: 503, body: { ok: false, error: 'service_unavailable' } });
    const transports = { slack: transport() };
    const row = async () =>
      (await deps.db.select().from(outbox).where(eq(outbox.refKey, 'charts:retry'))).find(
        (r) => r.platform === 'slack',
      );

    expect((await deliverDue(deps, transports)).retried).toBe(1);
    const fileId = String(slack.callsTo('upload')[0]?.args.fileId);
    expect(Object.values((await row())?.uploads ?? {})).toEqual([fileId]);

    clock.advance(60_000);
    expect((await deliverDue(deps, transports)).sent).toBe(1);
    expect(slack.callsTo('files.getUploadURLExternal')).toHaveLength(1);
    expect(slack.callsTo('upload')).toHaveLength(1);
    const last = slack.callsTo('chat.postMessage').at(-1)?.args.blocks as Block[];
    expect(last.find((b) => b.type === 'image')?.slack_file).toEqual({ id: fileId });
    expect((await row())?.status).toBe('sent');
  });

  it('a chart whose upload failed is retried by the outbox, and the message never names a file Slack lacks', async () => {
    await inTransaction(deps, { kind: 'system', name: 'test' }, async (uow) => {
      await uow.post({ kind: 'channel', name: 'approvals' }, 'charts:upload-fails', (locale) =>
        cardWithChart(locale),
      );
    });
    slack.script('files.getUploadURLExternal', {
      status: 500,
      body: { ok: false, error: 'internal_error' },
    });
    slack.script('files.getUploadURLExternal', {
      status: 500,
      body: { ok: false, error: 'internal_error' },
    });
    slack.script('files.getUploadURLExternal', {
      status: 500,
      body: { ok: false, error: 'internal_error' },
    });
    const transports = { slack: transport() };
    expect((await deliverDue(deps, transports)).retried).toBe(1);
    expect(slack.callsTo('chat.postMessage')).toHaveLength(0);
    clock.advance(60_000);
    expect((await deliverDue(deps, transports)).sent).toBe(1);
    expect(slack.callsTo('files.completeUploadExternal')).toHaveLength(1);
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('without a renderer (or for App Home) a chart shows as its alt text', async () => {
    await createSlackTransport({
      config: { botToken: 'xoxb-test', apiUrl: slack.apiUrl },
      sleep: async () => {},
    }).post({
      destination: 'C0X',
      card: cardWithChart('zh-CN'),
      locale: 'zh-CN',
      idempotencyKey: 'charts:alt',
    });
    expect(slack.callsTo('files.getUploadURLExternal')).toHaveLength(0);
    const blocks = slack.callsTo('chat.postMessage')[0]?.args.blocks as {
      type: string;
      elements?: { text: string }[];
    }[];
    expect(blocks.at(-1)).toEqual({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: '柱状图「本周回款」：张伟 ¥12,345.00，Amy &lt;b&gt;&amp;&lt;/b&gt; ¥9,900.00，Bo –',
        },
      ],
    });
  });
});

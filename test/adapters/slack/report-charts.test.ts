// `/closeloop funnel …` on Slack: the private (ephemeral) answer carries the funnel's picture — the PNG uploaded
// through files.getUploadURLExternal → POST → completeUploadExternal, shared nowhere, and shown in an image block
// by its slack_file id with the chart's alt text; `ar dashboard` in Chinese carries one picture per chart.
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSlackTransport } from '../../../adapters/slack/transport.ts';
import type { AppDeps } from '../../../src/app/deps.ts';
import { createChartRenderer } from '../../../src/charts/chart-renderer.ts';
import { users } from '../../../src/db/schema.ts';
import { insertDataset } from '../../app/reports/dataset.ts';
import { testClock } from '../../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { examplePolicy, testDeps } from '../../helpers/deps.ts';
import { type FakeSlack, startFakeSlack } from './fake-slack.ts';
import { send, slackServer, slash, until } from './slack-fixture.ts';

type Block = { type: string; slack_file?: { id: string }; alt_text?: string };

let database: TestDatabase;
let deps: AppDeps;
let slack: FakeSlack;
let app: FastifyInstance;

beforeAll(async () => {
  database = await createTestDatabase();
  const ds = await insertDataset(database);
  await database.db.update(users).set({ slackUserId: 'U0DANA' }).where(eq(users.id, ds.director));
  await database.db
    .update(users)
    .set({ slackUserId: 'U0FAY', locale: 'zh-CN' })
    .where(eq(users.id, ds.finance));
  deps = testDeps(database, {
    policy: examplePolicy(),
    clock: testClock('2026-11-02T02:00:00Z'),
    platforms: ['console', 'slack'],
  });
  slack = await startFakeSlack();
  slack.users.set('U0DANA', ds.emails.director);
  slack.users.set('U0FAY', ds.emails.finance);
  const transport = createSlackTransport({
    config: { botToken: 'xoxb-test-token', apiUrl: slack.apiUrl },
    sleep: async () => {},
    charts: createChartRenderer(),
  });
  app = await slackServer(deps, slack, transport);
});
beforeEach(() => {
  slack.calls.length = 0;
});
afterAll(async () => {
  await app?.close();
  await slack?.close();
  await database?.close();
});

async function ask(user: string, text: string, name: string) {
  const res = await send(app, deps, slash(user, '/closeloop', text, slack.responseUrl(name)));
  expect(res.statusCode).toBe(200);
  const answer = await until(() => slack.callsTo('response_url')[0], 'the private answer');
  return { answer, blocks: answer.args.blocks as Block[] };
}

describe('report charts on Slack', () => {
  it('funnel: the ephemeral answer shows the uploaded funnel PNG in an image block', async () => {
    const { answer, blocks } = await ask('U0DANA', 'funnel 2026-10-01..2026-10-31', 'funnel');
    expect(answer.args.response_type).toBe('ephemeral');
    const [ticket] = slack.callsTo('files.getUploadURLExternal');
    const [upload] = slack.callsTo('upload');
    const [complete] = slack.callsTo('files.completeUploadExternal');
    const bytes = upload?.args.bytes as Buffer;
    expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
    const alt =
      'Funnel chart “Funnel 2026-10-01 – 2026-10-31”: New 6, Accepted 5, Contacted 3, Qualified 2, Order 1, Approved 1, Paid 1';
    expect(ticket?.args).toMatchObject({
      filename: 'chart-1.png',
      length: String(bytes.length),
      alt_text: alt,
    });
    const fileId = String(upload?.args.fileId);
    // Shared nowhere: the image block is the only place the picture shows.
    expect(complete?.args.channel_id).toBeUndefined();
    expect(complete?.args.files).toEqual([{ id: fileId, title: 'Funnel 2026-10-01 – 2026-10-31' }]);
    expect(blocks.filter((b) => b.type === 'image')).toEqual([
      expect.objectContaining({ type: 'image', slack_file: { id: fileId }, alt_text: alt }),
    ]);
  });

  it('process: SLA breaches per rep uploaded and shown in an image block, the figures in its alt text', async () => {
    const { blocks } = await ask('U0DANA', 'process 2026-10-01..2026-10-31', 'process');
    const [upload] = slack.callsTo('upload');
    const bytes = upload?.args.bytes as Buffer;
    expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
    const alt =
      'Stacked bar chart “Lead SLA breaches by rep 2026-10-01 – 2026-10-31”: Accept: Rosa Rep 1; First contact: Rosa Rep 0';
    expect(slack.callsTo('files.getUploadURLExternal')[0]?.args).toMatchObject({ alt_text: alt });
    expect(blocks.filter((b) => b.type === 'image')).toEqual([
      expect.objectContaining({ slack_file: { id: String(upload?.args.fileId) }, alt_text: alt }),
    ]);
  });

  it('应收 看板: aging and cash per week each uploaded and shown, alt text in Chinese', async () => {
    const { blocks } = await ask('U0FAY', '应收 看板', 'ar');
    const uploads = slack.callsTo('upload').map((u) => String(u.args.fileId));
    // Aging per currency, cash per week, and the DSO trend.
    expect(uploads).toHaveLength(4);
    const images = blocks.filter((b) => b.type === 'image');
    expect(images.map((b) => b.slack_file?.id)).toEqual(uploads);
    expect(images[0]?.alt_text).toMatch(/^柱状图「应收账龄（CNY）」：0-30 天 ¥300\.00/);
    expect(images[2]?.alt_text).toMatch(/^柱状图「未来每周预计回款（USD）」/);
    expect(images[3]?.alt_text).toContain('DSO 天数（倒推法），各月末及今天');
  });
});

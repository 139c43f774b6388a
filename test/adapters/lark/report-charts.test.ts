// `funnel …` typed to the bot on Lark: the answer card goes out through the outbox with the funnel's PNG uploaded at
// im/v1/images (image_type=message) and an img element naming the returned image_key with the chart's alt text — in a
// group as an ephemeral card for the asker alone; `绩效 <period>` carries attainment per rep with Chinese alt text.
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLarkAdapter, type LarkAdapter } from '../../../adapters/lark/plugin.ts';
import type { AppDeps } from '../../../src/app/deps.ts';
import { deliverDue, type Transports } from '../../../src/app/outbox/deliver-outbox.ts';
import { createChartRenderer } from '../../../src/charts/chart-renderer.ts';
import { users } from '../../../src/db/schema.ts';
import { buildServer } from '../../../src/http/server.ts';
import { type Dataset, insertDataset } from '../../app/reports/dataset.ts';
import { testClock } from '../../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { examplePolicy, testDeps } from '../../helpers/deps.ts';
import {
  cardActionEvent,
  type FakeLark,
  larkRequest,
  startFakeLark,
  textMessageEvent,
} from '../../helpers/lark.ts';

const TOKEN = 'v-token-report-charts';
let lark: FakeLark;
let database: TestDatabase;
let deps: AppDeps;
let adapter: LarkAdapter;
let app: FastifyInstance;
let transports: Transports;
let ds: Dataset;

type Element = { tag: string; img_key?: string; alt?: { content: string }; title?: { content: string } };

beforeAll(async () => {
  lark = await startFakeLark();
  database = await createTestDatabase();
  ds = await insertDataset(database);
  await database.db.update(users).set({ larkOpenId: 'ou_dana' }).where(eq(users.id, ds.director));
  const policy = examplePolicy();
  policy.targets.monthly = { byRole: { rep: 1000 }, byTeam: { [ds.emails.m2]: 1500 } };
  deps = testDeps(database, {
    policy,
    clock: testClock('2026-11-02T02:00:00Z'),
    platforms: ['console', 'lark'],
  });
  adapter = createLarkAdapter(
    { appId: 'cli_test_app', appSecret: 'secret', verificationToken: TOKEN, domain: lark.url, mode: 'http' },
    { linkRosterOnStart: false, charts: createChartRenderer() },
  );
  app = await buildServer({ deps, api: [], adapters: [adapter.plugin], health: {} });
  transports = { lark: adapter.transport };
});

afterAll(async () => {
  await app?.close();
  await lark?.close();
  await database?.close();
});

async function say(text: string, chat: { chatType?: 'p2p' | 'group'; chatId?: string } = {}) {
  const { headers, payload } = larkRequest(
    textMessageEvent({ token: TOKEN, openId: 'ou_dana', text, ...chat }),
  );
  const response = await app.inject({ method: 'POST', url: '/lark/events', headers, payload });
  expect(response.statusCode).toBe(200);
  await adapter.idle();
  expect((await deliverDue(deps, transports)).sent).toBe(1);
}

const uploads = () => lark.apiCalls().filter((c) => c.path === '/open-apis/im/v1/images');
const imagesOf = (card: Record<string, unknown> | undefined) =>
  ((card?.body as { elements?: Element[] } | undefined)?.elements ?? []).filter((e) => e.tag === 'img');

describe('report charts on Lark', () => {
  it('funnel in a group: an ephemeral card with the uploaded funnel picture for the asker alone', async () => {
    await say('funnel 2026-10-01..2026-10-31', { chatType: 'group', chatId: 'oc_sales' });
    expect(uploads()).toHaveLength(1);
    const upload = uploads()[0];
    expect(upload?.body.image_type).toBe('message');
    expect(((upload?.body.image ?? Buffer.alloc(0)) as Buffer).subarray(1, 4).toString('latin1')).toBe('PNG');
    const [key] = [...lark.images.keys()];
    const sent = lark.cards().at(-1);
    expect(sent).toMatchObject({ op: 'ephemeral', to: 'oc_sales', openId: 'ou_dana' });
    expect(imagesOf(sent?.card)).toEqual([
      expect.objectContaining({
        img_key: key,
        alt: {
          tag: 'plain_text',
          content:
            'Funnel chart “Funnel 2026-10-01 – 2026-10-31”: New 6, Accepted 5, Contacted 3, Qualified 2, Order 1, Approved 1, Paid 1',
        },
      }),
    ]);
  });

  it('绩效 <period> in the direct chat: attainment per rep, alt text in Chinese', async () => {
    await database.db.update(users).set({ locale: 'zh-CN' }).where(eq(users.id, ds.director));
    const before = uploads().length;
    await say('绩效 2026-10-01..2026-10-31');
    expect(uploads()).toHaveLength(before + 1);
    const sent = lark.cards().at(-1);
    expect(sent).toMatchObject({ op: 'create', to: 'oc_p2p_dana' });
    const [img] = imagesOf(sent?.card);
    expect(img?.img_key).toBe([...lark.images.keys()].at(-1));
    expect(img?.alt?.content).toMatch(/^条形图「目标完成率 2026-10-01 – 2026-10-31」：.*Rita Rep 50 %/);
  });

  it('Show more on a ranked table: the next page goes to the clicker as a card (no chart), not only a toast', async () => {
    const before = uploads().length;
    const { headers, payload } = larkRequest(
      cardActionEvent({
        token: TOKEN,
        openId: 'ou_dana',
        messageId: 'om_table',
        chatId: 'oc_p2p_dana',
        value: { action: 'report.more', value: 'kpi period:2026-10-01..2026-10-31 offset:3' },
      }),
    );
    const response = await app.inject({ method: 'POST', url: '/lark/events', headers, payload });
    expect(response.statusCode).toBe(200);
    expect((await deliverDue(deps, transports)).sent).toBe(1);
    const sent = lark.cards().at(-1);
    expect(sent).toMatchObject({ op: 'create', to: 'ou_dana' });
    expect(JSON.stringify(sent?.card)).toMatch(/4\. /);
    expect(uploads()).toHaveLength(before);
  });
});

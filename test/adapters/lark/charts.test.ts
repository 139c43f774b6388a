// A card with a chart on Lark: the PNG goes up through im/v1/images (multipart, image_type=message) and the card
// JSON 2.0 shows it in an img element with the image_key and alt text; a retried send reuses the image_key.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLarkClient } from '../../../adapters/lark/client.ts';
import { larkConfigFrom } from '../../../adapters/lark/config.ts';
import { createLarkTransport } from '../../../adapters/lark/transport.ts';
import type { AppDeps } from '../../../src/app/deps.ts';
import { deliverDue } from '../../../src/app/outbox/deliver-outbox.ts';
import type { Transport } from '../../../src/app/transport.ts';
import { inTransaction } from '../../../src/app/unit-of-work.ts';
import { createChartRenderer } from '../../../src/charts/chart-renderer.ts';
import { outbox } from '../../../src/db/schema.ts';
import { cardWithChart, collectedByRep } from '../../charts/sample-chart.ts';
import { testClock } from '../../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { testDeps } from '../../helpers/deps.ts';
import { type FakeLark, startFakeLark } from '../../helpers/lark.ts';

const clock = testClock();
let lark: FakeLark;
let database: TestDatabase;
let deps: AppDeps;
let transport: Transport;

type Element = { tag: string; img_key?: string; alt?: unknown; title?: unknown };

const lastElements = () =>
  (lark.cards().at(-1)?.card.body as { elements: Element[] } | undefined)?.elements ?? [];

beforeAll(async () => {
  lark = await startFakeLark();
  database = await createTestDatabase();
  deps = testDeps(database, { clock, platforms: ['console', 'lark'] });
  const config = larkConfigFrom({
    LARK_APP_ID: 'cli_test_app',
    LARK_APP_SECRET: 'secret',
    LARK_VERIFICATION_TOKEN: 'vtoken',
    LARK_DOMAIN: lark.url,
  });
  transport = createLarkTransport(createLarkClient(config!), { charts: createChartRenderer() });
});
afterAll(async () => {
  await lark?.close();
  await database?.close();
});

const uploads = () => lark.apiCalls().filter((c) => c.path === '/open-apis/im/v1/images');

describe('Lark charts', () => {
  it('uploads the PNG as a message image and puts an img element with its image_key and alt text in the card', async () => {
    await transport.post({
      destination: 'oc_finance',
      card: cardWithChart('zh-CN'),
      locale: 'zh-CN',
      idempotencyKey: 'charts:lark:1',
    });
    const [upload] = uploads();
    expect(upload?.method).toBe('POST');
    expect(String(upload?.headers['content-type'])).toMatch(/^multipart\/form-data; boundary=/);
    expect(upload?.body.image_type).toBe('message');
    const bytes = upload?.body.image as Buffer;
    expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
    const [key] = [...lark.images.keys()];
    expect(lark.images.get(key ?? '')?.imageType).toBe('message');

    expect(lastElements().find((e) => e.tag === 'img')).toEqual({
      tag: 'img',
      img_key: key,
      alt: { tag: 'plain_text', content: collectedByRep('zh-CN').alt },
      title: { tag: 'plain_text', content: '本周回款' },
      scale_type: 'fit_horizontal',
      preview: true,
    });
  });

  it('a send retried after the upload reuses the image_key (cached on the outbox row)', async () => {
    await inTransaction(deps, { kind: 'system', name: 'test' }, async (uow) => {
      await uow.post({ kind: 'channel', name: 'finance' }, 'charts:lark:retry', (locale) =>
        cardWithChart(locale),
      );
    });
    const before = uploads().length;
    lark.failNext('POST /open-apis/im/v1/messages', { status: 500, body: { code: 1, msg: 'busy' } });
    const transports = { lark: transport };
    expect((await deliverDue(deps, transports)).retried).toBe(1);
    expect(uploads()).toHaveLength(before + 1);
    const row = async () =>
      (await deps.db.select().from(outbox).where(eq(outbox.refKey, 'charts:lark:retry'))).find(
        (r) => r.platform === 'lark',
      );
    const [key] = Object.values((await row())?.uploads ?? {});
    expect(key).toMatch(/^img_v3_/);

    clock.advance(60_000);
    expect((await deliverDue(deps, transports)).sent).toBe(1);
    expect(uploads()).toHaveLength(before + 1);
    expect(lastElements().find((e) => e.tag === 'img')?.img_key).toBe(key);
  });

  it('an upload Lark refuses is a permanent failure, not a card naming a missing image', async () => {
    lark.failNext('POST /open-apis/im/v1/images', {
      status: 400,
      body: { code: 234001, msg: 'Invalid request param.' },
    });
    const sentBefore = lark.cards().length;
    const error = (await transport
      .post({ destination: 'oc_finance', card: cardWithChart('en'), locale: 'en', idempotencyKey: 'x' })
      .catch((e: unknown) => e)) as Error;
    expect(error.message).toMatch(/im\.v1\.image\.create failed: 400 code 234001/);
    expect(lark.cards()).toHaveLength(sentBefore);
  });
});

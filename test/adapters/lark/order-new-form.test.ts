// Lark: "order new <customer>" alone sends the new-order form card, prefilled; a bad line comes back under its field,
// a good one creates and submits the order and the manager's Lark approval card is sent.
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsoleTransport } from '../../../adapters/console/transport.ts';
import { createLarkAdapter, type LarkAdapter } from '../../../adapters/lark/plugin.ts';
import type { AppDeps } from '../../../src/app/deps.ts';
import { deliverDue, type Transports } from '../../../src/app/outbox/deliver-outbox.ts';
import { importRoster } from '../../../src/app/roster/import-roster.ts';
import { customers, orders, products, users } from '../../../src/db/schema.ts';
import { buildServer } from '../../../src/http/server.ts';
import { testClock } from '../../helpers/clock.ts';
import { countRows, createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { testDeps } from '../../helpers/deps.ts';
import {
  cardActionEvent,
  type FakeLark,
  larkRequest,
  startFakeLark,
  textMessageEvent,
} from '../../helpers/lark.ts';

const TOKEN = 'v-token-new';
const KEY = 'encrypt-key-new';
const roster = `name,email,roles,region,manager_email,lark_open_id,timezone,locale
Meng Manager,meng@example.cn,manager,east,,ou_meng,Asia/Shanghai,en
Amy Rep,amy@example.cn,rep,east,meng@example.cn,ou_amy,Asia/Shanghai,en
Bo Rep,bo@example.cn,rep,east,meng@example.cn,ou_bo,Asia/Shanghai,en
Lu Legal,lu@example.cn,legal,,,ou_lu,Asia/Shanghai,en
`;

let lark: FakeLark;
let database: TestDatabase;
let deps: AppDeps;
let adapter: LarkAdapter;
let app: FastifyInstance;
let transports: Transports;
let customerId: string;

beforeAll(async () => {
  lark = await startFakeLark();
  database = await createTestDatabase();
  deps = testDeps(database, { clock: testClock(), platforms: ['console', 'lark'] });
  await importRoster(deps, { kind: 'system', name: 'test' }, roster);
  adapter = createLarkAdapter(
    {
      appId: 'cli_test_app',
      appSecret: 'secret',
      verificationToken: TOKEN,
      encryptKey: KEY,
      domain: lark.url,
      mode: 'http',
    },
    { linkRosterOnStart: false },
  );
  app = await buildServer({ deps, api: [], adapters: [adapter.plugin], health: {} });
  transports = { console: createConsoleTransport(deps), lark: adapter.transport };
  const [amy] = await deps.db.select().from(users).where(eq(users.email, 'amy@example.cn'));
  await deps.db
    .insert(products)
    .values({ sku: 'B200', name: 'Die set B200', unitPriceMinor: 100_000, currency: 'CNY' });
  const [acme] = await deps.db
    .insert(customers)
    .values({ name: 'ACME', normalizedName: 'acme', currency: 'CNY', ownerId: amy?.id })
    .returning();
  customerId = acme?.id ?? '';
  await settle();
});
afterAll(async () => {
  await app?.close();
  await lark?.close();
  await database?.close();
});

async function settle() {
  await adapter.idle();
  for (let i = 0; i < 10; i++) if ((await deliverDue(deps, transports)).claimed === 0) return;
}

async function secure(body: unknown) {
  const { headers, payload } = larkRequest(body, { encryptKey: KEY, encrypt: true });
  const response = await app.inject({ method: 'POST', url: '/lark/events', headers, payload });
  return { status: response.statusCode, body: response.json() as Record<string, unknown> };
}

type Element = {
  tag: string;
  name?: string;
  content?: string;
  default_value?: string;
  initial_option?: string;
};
const formInputs = (card: unknown) =>
  ((card as { body: { elements: { tag: string; elements?: Element[] }[] } }).body.elements.find(
    (e) => e.tag === 'form',
  )?.elements ?? []) as Element[];

const submit = (formValue: Record<string, string>) =>
  secure(
    cardActionEvent({
      token: TOKEN,
      openId: 'ou_amy',
      messageId: 'om_new_form',
      chatId: 'oc_p2p_amy',
      value: { action: 'lark.app_form', value: `order.new|customer:${customerId}|` },
      formValue,
    }),
  );

describe('the new-order form card', () => {
  it('"order new ACME" alone sends the form prefilled; a bad line comes back under it; a good one is submitted', async () => {
    await secure(
      textMessageEvent({ token: TOKEN, openId: 'ou_amy', chatId: 'oc_p2p_amy', text: 'order new ACME' }),
    );
    await settle();
    const form = lark
      .cards()
      .filter((c) => c.to === 'oc_p2p_amy')
      .at(-1)?.card;
    expect(JSON.stringify(form)).toContain('New order for **ACME**');
    expect(JSON.stringify(form)).toContain(`"value":"order.new|customer:${customerId}|"`);
    expect(formInputs(form).find((e) => e.name === 'plan')).toMatchObject({ initial_option: 'net-30' });

    const bad = await submit({ lines: 'NOPE*2', plan: 'net-30', termsKind: 'standard' });
    expect(bad.body.toast).toMatchObject({ type: 'error', content: expect.stringMatching(/^Lines: .*NOPE/) });
    expect(await countRows(database, 'orders')).toBe(0);

    const good = await submit({ lines: 'B200*2', plan: 'net-30', termsKind: 'standard' });
    expect(good.body.toast).toMatchObject({
      type: 'success',
      content: expect.stringContaining('was created and sent for approval'),
    });
    const [order] = await deps.db.select().from(orders);
    expect(order).toMatchObject({ status: 'pending_approval', customerId, totalMinor: 200_000 });
    await settle();
    const toMeng = lark
      .cards()
      .filter((c) => c.op === 'create' && c.to === 'ou_meng')
      .map((c) => JSON.stringify(c.card));
    expect(toMeng.some((c) => c.includes(order?.number ?? '?') && c.includes('order.approve'))).toBe(true);
  });
});

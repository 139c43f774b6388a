import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDeps } from '../../../src/app/deps.ts';
import { orders } from '../../../src/db/schema.ts';
import { countRows, type TestDatabase } from '../../helpers/db.ts';
import { cardActionEvent, type FakeLark, textMessageEvent } from '../../helpers/lark.ts';
import { formInputs, type LarkOrderApp, startLarkOrderApp } from './order-form-fixture.ts';

const TOKEN = 'v-token-new';
const KEY = 'encrypt-key-new';
let lark: FakeLark;
let database: TestDatabase;
let deps: AppDeps;
let secure: LarkOrderApp['secure'];
let settle: LarkOrderApp['settle'];
let running: LarkOrderApp | undefined;
let customerId: string;

beforeAll(async () => {
  running = await startLarkOrderApp(TOKEN, KEY);
  ({ lark, database, deps, secure, settle } = running);
  customerId = running.customerId;
  await settle();
});
afterAll(async () => {
  await running?.close();
});

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

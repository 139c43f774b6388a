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

describe('"order new" typed alone', () => {
  const blank = (action: string, formValue: Record<string, string>) =>
    secure(
      cardActionEvent({
        token: TOKEN,
        openId: 'ou_amy',
        messageId: 'om_blank_form',
        chatId: 'oc_p2p_amy',
        value: { action, value: 'order.new|new|' },
        formValue,
      }),
    );
  const optionsOf = (inputs: ReturnType<typeof formInputs>, name: string) =>
    (inputs.find((e) => e.name === name) as unknown as { options?: { value: string }[] })?.options?.map(
      (o) => o.value,
    );

  it('sends the form Slack and the console open: who it is for, lines, product pickers with Find', async () => {
    await secure(
      textMessageEvent({ token: TOKEN, openId: 'ou_amy', chatId: 'oc_p2p_amy', text: '订单 新建' }),
    );
    await settle();
    const form = lark
      .cards()
      .filter((c) => c.to === 'oc_p2p_amy')
      .at(-1)?.card;
    expect(JSON.stringify(form)).toContain('"value":"order.new|new|"');
    const inputs = formInputs(form);
    expect(inputs.find((e) => e.name === 'for')).toMatchObject({ tag: 'input' });
    expect(inputs.find((e) => e.name === 'lines')).toMatchObject({ tag: 'input' });
    expect(inputs.find((e) => e.name === 'product_find')).toMatchObject({ tag: 'input' });
    expect(inputs.find((e) => e.name === 'customer_find')).toMatchObject({ tag: 'input' });
    // The single-SKU form of before asked for one "sku" and one "qty"; the picker offers rows of both.
    expect(inputs.some((e) => e.name === 'sku' || e.name === 'qty')).toBe(false);
    expect(optionsOf(inputs, 'product_1')).toEqual(['B200']);
    expect(inputs.find((e) => e.name === 'plan')).toMatchObject({ initial_option: 'net-30' });
  });

  it('Find re-draws it with the matching products and what was typed kept; submitting creates the order', async () => {
    const before = await countRows(database, 'orders');
    const find = await blank('lark.app_form_find', { for: 'ACME', plan: 'net-30', product_find: 'die' });
    expect(find.body.toast).toMatchObject({ type: 'info', content: expect.stringContaining('1 products') });
    const found = formInputs((find.body.card as { data: unknown }).data);
    expect(optionsOf(found, 'product_2')).toEqual(['B200']);
    expect(found.find((e) => e.name === 'for')).toMatchObject({ default_value: 'ACME' });
    expect(found.find((e) => e.name === 'product_find')).toMatchObject({ default_value: 'die' });
    expect(await countRows(database, 'orders')).toBe(before);

    // The customer is found the same way: Find turns "Lead or customer" into a list of the matches.
    const customer = await blank('lark.app_form_find', { plan: 'net-30', customer_find: 'acm' });
    expect(customer.body.toast).toMatchObject({
      type: 'info',
      content: '1 customers match "acm": pick one in the list.',
    });
    const picked = formInputs((customer.body.card as { data: unknown }).data);
    expect(picked.find((e) => e.name === 'for')).toMatchObject({ tag: 'select_static' });
    expect(optionsOf(picked, 'for')).toEqual(['ACME']);
    expect(picked.find((e) => e.name === 'customer_find')).toMatchObject({ default_value: 'acm' });
    const nobody = await blank('lark.app_form_find', { plan: 'net-30', customer_find: 'zzz' });
    expect(nobody.body.toast).toMatchObject({
      type: 'warning',
      content: expect.stringContaining('No customer matches'),
    });

    const missing = await blank('lark.app_form', { plan: 'net-30', product_1: 'B200', qty_1: '3' });
    expect(missing.body.toast).toMatchObject({ type: 'error' });
    expect(await countRows(database, 'orders')).toBe(before);

    const done = await blank('lark.app_form', { for: 'ACME', plan: 'net-30', product_1: 'B200', qty_1: '3' });
    expect(done.body.toast).toMatchObject({
      type: 'success',
      content: expect.stringContaining('was created and sent for approval'),
    });
    const created = await deps.db.select().from(orders);
    expect(created).toHaveLength(before + 1);
    expect(created.find((o) => o.totalMinor === 300_000)).toMatchObject({
      customerId,
      status: 'pending_approval',
    });
  });
});

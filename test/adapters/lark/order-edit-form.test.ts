// Lark: the owner's Edit click (and "order edit <no>") sends the order edit form card, prefilled; a bad line comes back
// under its field with a toast naming it, a good one saves version 2 and the approver's Lark cards are patched and sent.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTextCommand } from '../../../src/app/commands/run-text-command.ts';
import type { AppDeps } from '../../../src/app/deps.ts';
import { approvals, orderLines, orders, products } from '../../../src/db/schema.ts';
import { countRows, type TestDatabase } from '../../helpers/db.ts';
import { cardActionEvent, type FakeLark, textMessageEvent } from '../../helpers/lark.ts';
import { formInputs, type LarkOrderApp, startLarkOrderApp } from './order-form-fixture.ts';

const TOKEN = 'v-token-edit';
const KEY = 'encrypt-key-edit';
let lark: FakeLark;
let database: TestDatabase;
let deps: AppDeps;
let secure: LarkOrderApp['secure'];
let settle: LarkOrderApp['settle'];
let running: LarkOrderApp | undefined;
let orderId: string;

beforeAll(async () => {
  running = await startLarkOrderApp(TOKEN, KEY);
  ({ lark, database, deps, secure, settle } = running);
  await runTextCommand(
    deps,
    { kind: 'user', user: running.amy },
    'order new customer:ACME sku:B200 qty:1 plan:net-30',
  );
  const [order] = await deps.db.select().from(orders);
  orderId = order?.id ?? '';
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
      messageId: 'om_edit_form',
      chatId: 'oc_p2p_amy',
      value: { action: 'lark.app_form', value: `order.edit|${orderId}|1` },
      formValue,
    }),
  );

describe('the order edit form card', () => {
  it("the owner's Edit click sends the form to their chat with the bot, prefilled", async () => {
    const answer = await secure(
      cardActionEvent({
        token: TOKEN,
        openId: 'ou_amy',
        messageId: 'om_status',
        chatId: 'oc_p2p_amy',
        value: { action: 'order.edit', value: orderId },
      }),
    );
    expect(answer.body.toast).toMatchObject({ type: 'info', content: 'Edit SO-2026-00001' });
    const form = lark
      .cards()
      .filter((c) => c.to === 'ou_amy')
      .at(-1);
    const inputs = formInputs(form?.card);
    expect(inputs.find((e) => e.name === 'lines')).toMatchObject({
      tag: 'input',
      default_value: 'B200*1@1000.00',
    });
    expect(inputs.find((e) => e.name === 'plan')).toMatchObject({
      tag: 'select_static',
      initial_option: 'net-30',
    });
    expect(JSON.stringify(form?.card)).toContain(`"value":"order.edit|${orderId}|1"`);
  });

  it('"order edit <no>" alone sends it too; a non-owner clicking Edit gets a refusal and no form', async () => {
    await secure(
      textMessageEvent({
        token: TOKEN,
        openId: 'ou_amy',
        chatId: 'oc_p2p_amy',
        text: 'order edit SO-2026-00001',
      }),
    );
    await settle();
    expect(
      formInputs(
        lark
          .cards()
          .filter((c) => c.to === 'oc_p2p_amy')
          .at(-1)?.card,
      ).length,
    ).toBeGreaterThan(0);
    const sentBefore = lark.cards().length;
    const refused = await secure(
      cardActionEvent({
        token: TOKEN,
        openId: 'ou_bo',
        messageId: 'om_status_bo',
        chatId: 'oc_p2p_bo',
        value: { action: 'order.edit', value: orderId },
      }),
    );
    expect(refused.body.toast).toMatchObject({
      type: 'warning',
      content: expect.stringContaining('Only the owner'),
    });
    expect(lark.cards().length).toBe(sentBefore);
  });

  it('a bad line comes back under the lines input, the toast names the field, nothing is written', async () => {
    const versions = await countRows(database, 'order_versions');
    const bad = await submit({ lines: 'NOPE*2', plan: 'net-30', termsKind: 'standard' });
    expect(bad.body.toast).toMatchObject({ type: 'error', content: expect.stringMatching(/^Lines: .*NOPE/) });
    const inputs = formInputs((bad.body.card as { data: unknown }).data);
    const at = inputs.findIndex((e) => e.name === 'lines');
    expect(inputs[at]).toMatchObject({ default_value: 'NOPE*2' });
    expect(inputs[at + 1]).toMatchObject({ tag: 'markdown', content: expect.stringContaining('NOPE') });
    expect(await countRows(database, 'order_versions')).toBe(versions);
  });

  it("a good submit makes version 2; the form becomes the outcome; the approver's card is patched and a new one sent", async () => {
    const good = await submit({
      lines: 'B200*2@950',
      plan: 'net-30',
      termsKind: 'nonstandard',
      terms: 'Pay on acceptance',
    });
    expect(good.body.toast).toMatchObject({ type: 'success', content: expect.stringContaining('version 2') });
    expect(JSON.stringify(good.body.card)).not.toContain('"tag":"form"');
    const [order] = await deps.db.select().from(orders).where(eq(orders.id, orderId));
    expect(order).toMatchObject({
      version: 2,
      status: 'pending_approval',
      nonStandardTerms: true,
      totalMinor: 190_000,
    });
    const v2 = await deps.db
      .select()
      .from(approvals)
      .where(and(eq(approvals.orderId, orderId), eq(approvals.orderVersion, 2)));
    expect(v2.length).toBeGreaterThan(0);
    await settle();
    const patched = lark
      .cards()
      .filter((c) => c.op === 'patch')
      .map((c) => JSON.stringify(c.card));
    expect(patched.some((c) => /superseded by v2/i.test(c))).toBe(true);
    const toMeng = lark
      .cards()
      .filter((c) => c.op === 'create' && c.to === 'ou_meng')
      .map((c) => JSON.stringify(c.card));
    expect(toMeng.some((c) => c.includes('Changes since v1') && c.includes('order.approve'))).toBe(true);
  });

  it('product pickers: the form lists recently ordered products, Find re-draws the lists with matches, a picked one is ordered', async () => {
    await deps.db.insert(products).values([
      { sku: 'C300', name: 'Clamp <b>kit</b>', unit: 'set', unitPriceMinor: 30_000, currency: 'CNY' },
      { sku: 'C399', name: 'Clamp (old)', unitPriceMinor: 9_000, currency: 'CNY', active: false },
    ]);
    await secure(
      cardActionEvent({
        token: TOKEN,
        openId: 'ou_amy',
        messageId: 'om_status_2',
        chatId: 'oc_p2p_amy',
        value: { action: 'order.edit', value: orderId },
      }),
    );
    const sent = formInputs(
      lark
        .cards()
        .filter((c) => c.to === 'ou_amy')
        .at(-1)?.card,
    );
    const optionsOf = (inputs: typeof sent, name: string) =>
      (inputs.find((e) => e.name === name) as unknown as { options?: { value: string }[] })?.options?.map(
        (o) => o.value,
      );
    // B200 is on an order already: it leads the list before anything is searched.
    expect(sent.find((e) => e.name === 'product_1')).toMatchObject({ tag: 'select_static' });
    expect(optionsOf(sent, 'product_1')?.[0]).toBe('B200');
    expect(sent.find((e) => e.name === 'product_find')).toMatchObject({ tag: 'input' });

    const find = await secure(
      cardActionEvent({
        token: TOKEN,
        openId: 'ou_amy',
        messageId: 'om_edit_form',
        chatId: 'oc_p2p_amy',
        value: { action: 'lark.app_form_find', value: `order.edit|${orderId}|2` },
        formValue: { lines: 'B200*2@950', plan: 'net-30', termsKind: 'standard', product_find: 'clamp' },
      }),
    );
    expect(find.body.toast).toMatchObject({ type: 'info', content: expect.stringContaining('1 products') });
    const found = formInputs((find.body.card as { data: unknown }).data);
    expect(optionsOf(found, 'product_1')).toEqual(['C300']);
    expect(optionsOf(found, 'product_3')).toEqual(['C300']);
    expect(found.find((e) => e.name === 'lines')).toMatchObject({ default_value: 'B200*2@950' });
    expect(found.find((e) => e.name === 'product_find')).toMatchObject({ default_value: 'clamp' });
    expect(await deps.db.select().from(orders).where(eq(orders.id, orderId))).toMatchObject([{ version: 2 }]);

    const done = await secure(
      cardActionEvent({
        token: TOKEN,
        openId: 'ou_amy',
        messageId: 'om_edit_form',
        chatId: 'oc_p2p_amy',
        value: { action: 'lark.app_form', value: `order.edit|${orderId}|2` },
        formValue: {
          lines: 'B200*2@950',
          plan: 'net-30',
          termsKind: 'standard',
          product_1: 'C300',
          qty_1: '4',
        },
      }),
    );
    expect(done.body.toast).toMatchObject({ type: 'success', content: expect.stringContaining('version 3') });
    const lines = await deps.db.select().from(orderLines).where(eq(orderLines.orderId, orderId));
    expect(lines.map((l) => [l.description, l.quantity, l.amountMinor])).toEqual([
      ['Die set B200', 2, 190_000],
      ['Clamp <b>kit</b>', 4, 120_000],
    ]);
  });
});

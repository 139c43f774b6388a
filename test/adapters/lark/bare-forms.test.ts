// A command that opens a form when typed alone opens the same form on Lark as on the console: "customer new" sends
// the customer form card, and submitting it creates the customer (a second submit of the same name is refused).
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { customers } from '../../../src/db/schema.ts';
import { cardActionEvent, textMessageEvent } from '../../helpers/lark.ts';
import { formInputs, type LarkOrderApp, startLarkOrderApp } from './order-form-fixture.ts';

const TOKEN = 'v-token-bare';
const KEY = 'encrypt-key-bare';
let running: LarkOrderApp;

beforeAll(async () => {
  running = await startLarkOrderApp(TOKEN, KEY);
});
afterAll(async () => {
  await running?.close();
});

it('"customer new" alone sends the customer form; submitting it creates the customer once', async () => {
  await running.secure(
    textMessageEvent({ token: TOKEN, openId: 'ou_amy', chatId: 'oc_p2p_amy', text: 'customer new' }),
  );
  await running.settle();
  const form = running.lark
    .cards()
    .filter((c) => c.to === 'oc_p2p_amy')
    .at(-1)?.card;
  expect(JSON.stringify(form)).toContain('"value":"customer.edit|new|"');
  expect(formInputs(form).find((e) => e.name === 'name')).toMatchObject({ tag: 'input' });

  const submit = () =>
    running.secure(
      cardActionEvent({
        token: TOKEN,
        openId: 'ou_amy',
        messageId: 'om_customer_form',
        chatId: 'oc_p2p_amy',
        value: { action: 'lark.app_form', value: 'customer.edit|new|' },
        formValue: { name: 'Globex Trading', region: 'east' },
      }),
    );
  const created = await submit();
  expect(created.body.toast).toMatchObject({
    type: 'success',
    content: expect.stringContaining('Globex Trading'),
  });
  const rows = await running.deps.db.select().from(customers).where(eq(customers.name, 'Globex Trading'));
  expect(rows).toHaveLength(1);
  expect(rows[0]?.ownerId).toBe(running.amy.id);

  const again = await submit();
  expect(again.body.toast).toMatchObject({
    type: 'warning',
    content: expect.stringContaining('exists already'),
  });
  expect(
    await running.deps.db.select().from(customers).where(eq(customers.name, 'Globex Trading')),
  ).toHaveLength(1);
});

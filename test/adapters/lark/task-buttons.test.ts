// Follow-up task buttons on Lark, clicked as Lark sends clicks (encrypted, signed): Done closes a task, Promise… logs
// the typed date, Escalate hands the task to the rep's manager, who gets its card on Lark; a second click of the same
// button changes nothing, and a click signed with another key is refused without any change.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendDunningReminders } from '../../../src/app/collections/send-dunning-reminders.ts';
import { insertOrder } from '../../collections/fixtures.ts';
import { cardActionEvent, larkRequest, type SentCard } from '../../helpers/lark.ts';
import { type LarkOrderApp, startLarkOrderApp } from './order-form-fixture.ts';

const TOKEN = 'v-token-tasks';
const KEY = 'encrypt-key-tasks';
let running: LarkOrderApp;

beforeAll(async () => {
  running = await startLarkOrderApp(TOKEN, KEY);
  for (const number of ['SO-2026-00001', 'SO-2026-00002'])
    await insertOrder(running.database, {
      number,
      ownerId: running.amy.id,
      customerId: running.customerId,
      // Due a week before the test clock: the ladder's 3-day step (task: true) opens a task for Amy.
      parts: [{ dueOn: '2026-10-26', amountMinor: 50_000 }],
    });
  await sendDunningReminders(running.deps);
  await running.settle();
});
afterAll(async () => {
  await running?.close();
});

const tasks = async () =>
  (
    await running.database.pool.query(
      `select t.id, t.status, u.name as assignee from follow_up_tasks t join users u on u.id = t.assignee_id
       order by t.seq`,
    )
  ).rows as { id: string; status: string; assignee: string }[];
const audits = async (action: string) =>
  (await running.database.pool.query('select count(*)::int as n from audit_log where action = $1', [action]))
    .rows[0].n as number;

// The task's card as Lark was sent it for one reader.
function taskCard(openId: string, number: string): SentCard {
  const card = running.lark
    .cards()
    .find(
      (c) =>
        c.op === 'create' && c.to === openId && JSON.stringify(c.card).includes(`Follow-up task ${number}`),
    );
  if (!card) throw new Error(`no card of ${number} for ${openId}`);
  return card;
}

async function click(openId: string, card: SentCard, action: string, value: string, input?: string) {
  const answer = await running.secure(
    cardActionEvent({
      token: TOKEN,
      openId,
      messageId: card.messageId ?? '',
      chatId: `oc_p2p_${openId.slice(3)}`,
      value: { action, value },
      ...(input === undefined ? {} : { formValue: { prompt_0: input } }),
    }),
  );
  expect(answer.status).toBe(200);
  return answer.body as { toast?: { type: string; content: string }; card?: { data: unknown } };
}

describe('task buttons on Lark', () => {
  it('each task card reaches Amy on Lark with Done, Promise… and Escalate', async () => {
    expect((await tasks()).map((t) => t.status)).toEqual(['open', 'open']);
    const card = JSON.stringify(taskCard('ou_amy', 'T-000001').card);
    for (const action of ['task.complete', 'payment.promise', 'task.escalate'])
      expect(card).toContain(action);
  });

  it('Done closes the task and the answer shows the card without buttons; a second Done changes nothing', async () => {
    const [task] = await tasks();
    const card = taskCard('ou_amy', 'T-000001');
    const done = await click('ou_amy', card, 'task.complete', task!.id);
    expect(done.toast).toEqual({ type: 'success', content: 'T-000001 is done.' });
    expect(JSON.stringify(done.card?.data)).toContain('Done by Amy Rep');
    expect(JSON.stringify(done.card?.data)).not.toContain('task.complete');
    const again = await click('ou_amy', card, 'task.complete', task!.id);
    expect(again.toast?.content).toBe('T-000001 is already done; nothing changed.');
    expect((await tasks())[0]?.status).toBe('done');
    expect(await audits('task.complete')).toBe(1);
  });

  it('a click signed with another encrypt key is refused and changes nothing', async () => {
    const [, task] = await tasks();
    const { headers, payload } = larkRequest(
      cardActionEvent({
        token: TOKEN,
        openId: 'ou_amy',
        messageId: taskCard('ou_amy', 'T-000002').messageId ?? '',
        chatId: 'oc_p2p_amy',
        value: { action: 'task.escalate', value: task!.id },
      }),
      { encryptKey: 'someone-else', encrypt: true },
    );
    const forged = await running.app.inject({ method: 'POST', url: '/lark/events', headers, payload });
    expect(forged.statusCode).toBe(401);
    expect((await tasks())[1]).toMatchObject({ status: 'open', assignee: 'Amy Rep' });
  });

  it('Promise… logs the typed date on the task', async () => {
    const [, task] = await tasks();
    const card = taskCard('ou_amy', 'T-000002');
    // Promise… carries the order, as it does on an `ar` row.
    const orderId =
      /"action":"payment\.promise","value":"([^"]+)"/.exec(JSON.stringify(card.card))?.[1] ?? '';
    const promise = await click('ou_amy', card, 'payment.promise', orderId, '2026-11-20');
    expect(promise.toast?.content).toBe(
      'Noted: SO-2026-00002 promised for 2026-11-20. Reminders for it wait until then.',
    );
    const promised = await running.database.pool.query(
      'select p.promised_on::text as on from follow_up_tasks t join payment_promises p on p.id = t.promise_id where t.id = $1',
      [task!.id],
    );
    expect(promised.rows).toEqual([{ on: '2026-11-20' }]);
  });

  it('Escalate hands the task to Meng once, and Meng gets its card on Lark', async () => {
    const [, task] = await tasks();
    const card = taskCard('ou_amy', 'T-000002');
    const escalated = await click('ou_amy', card, 'task.escalate', task!.id);
    expect(escalated.toast).toEqual({ type: 'success', content: 'T-000002 is escalated to Meng Manager.' });
    const again = await click('ou_amy', card, 'task.escalate', task!.id);
    expect(again.toast?.content).toBe('T-000002 is already escalated; nothing changed.');
    expect((await tasks())[1]).toMatchObject({ status: 'escalated', assignee: 'Meng Manager' });
    expect(await audits('task.escalate')).toBe(1);
    await running.settle();
    expect(JSON.stringify(taskCard('ou_meng', 'T-000002').card)).toContain(
      'Escalated by Amy Rep to Meng Manager',
    );
  });
});

// The whole loop a–f, driven through the REST API and the console adapter of a running app, on a real PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendDunningReminders } from '../../src/app/collections/send-dunning-reminders.ts';
import { sendDigests } from '../../src/app/reports/send-digests.ts';
import { products } from '../../src/db/schema.ts';
import type { RunningApp } from '../../src/main.ts';
import { testClock } from '../helpers/clock.ts';
import { countRows, createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { allText, type Client, messagesIn, prepare, startTestApp } from './app.ts';

// Monday 2 November 2026, 10:00 in Shanghai.
const clock = testClock('2026-11-02T02:00:00Z');
let database: TestDatabase;
let app: RunningApp;
let client: Client;
let ids: Record<string, string>;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await startTestApp(database.url, { clock });
  ({ client, ids } = await prepare(app));
  await database.db
    .insert(products)
    .values({ sku: 'MX-200', name: 'CNC spindle MX-200', unitPriceMinor: 1_200_000, currency: 'CNY' });
});
afterAll(async () => {
  await app?.stop();
  await database?.close();
});

const dm = (name: string) => `user:${ids[name]}`;

describe('lead to cash, end to end', () => {
  let ownLead: { id: string; number: string };
  let orderNumber: string;

  it('a. a website lead is routed round-robin and offered to a rep, who accepts it', async () => {
    const created = await client.api('POST', '/api/leads', {
      name: 'Zhang Wei',
      company: 'Hangzhou Precision Co., Ltd.',
      email: 'Zhang.Wei@HZP.cn',
      phone: '138 0013 8000',
      region: 'east',
      industry: 'manufacturing',
      source: 'website',
      campaign: 'expo-2026',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ duplicate: false, status: 'offered' });
    ownLead = { id: String(created.body.id), number: String(created.body.number) };

    const offer = messagesIn(await client.feed(ids.amy!), dm('amy'));
    expect(offer).toHaveLength(1);
    expect(offer[0]!.card.title).toBe('New lead for you: Zhang Wei');
    expect(offer[0]!.card.actions.map((a) => a.id)).toEqual(['lead.accept', 'lead.decline']);
    expect(allText(offer[0]!.card)).toContain('round-robin');

    // The same person again (email in another case, phone in another format) is the same lead.
    const again = await client.api('POST', '/api/leads', {
      name: 'Zhang W.',
      email: 'zhang.wei@hzp.cn',
      source: 'wechat',
    });
    expect(again).toMatchObject({ status: 200, body: { id: ownLead.id, duplicate: true } });

    const reply = await client.act(ids.amy!, 'lead.accept', ownLead.id);
    expect(reply.text).toContain('is yours now');
    const amyDms = messagesIn(await client.feed(ids.amy!), dm('amy'));
    // The offer was edited in place; the duplicate arrived as a separate notice to the lead's holder.
    expect(amyDms.map((m) => m.card.title)).toEqual([
      'Accepted by Amy Rep: Zhang Wei',
      expect.stringMatching(/^Duplicate of your lead/),
    ]);
    expect(amyDms[0]).toMatchObject({ id: offer[0]!.id, revision: 2 });
    // The accepted offer is now Amy's lead card: its stage and the buttons that move it on.
    expect(amyDms[0]!.card.actions.map((a) => a.id)).toEqual([
      'lead.contacted',
      'lead.log_call',
      'lead.log',
      'lead.lost',
    ]);
  });

  it('b. a pool lead is claimed once; the original card changes for everyone, the loser is told privately', async () => {
    const created = await client.api('POST', '/api/leads', {
      name: 'Li Na',
      company: 'Beijing Tools',
      phone: '+86 10 6552 9988',
      region: 'north',
    });
    expect(created.status).toBe(201);
    const leadId = String(created.body.id);
    const before = messagesIn(await client.feed(ids.cai!), 'channel:leads-pool');
    expect(before).toHaveLength(1);
    expect(before[0]!.card.actions.map((a) => a.id)).toEqual(['lead.claim']);

    const [bo, cai] = await Promise.all([
      client.act(ids.bo!, 'lead.claim', leadId),
      client.act(ids.cai!, 'lead.claim', leadId),
    ]);
    const texts = [bo.text, cai.text].sort();
    expect(texts.filter((t) => t.startsWith('You claimed'))).toHaveLength(1);
    expect(texts.filter((t) => t.startsWith('Already claimed by'))).toHaveLength(1);
    const winner = bo.text.startsWith('You claimed') ? 'Bo Rep' : 'Cai Rep';

    // Everyone — here the manager, who did not click — sees the same message edited in place.
    const after = messagesIn(await client.feed(ids.meng!), 'channel:leads-pool');
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ id: before[0]!.id, revision: 2 });
    expect(after[0]!.card.title).toContain(winner);
    expect(after[0]!.card.actions).toEqual([]);
    const owner = await database.pool.query(
      'select u.name from leads l join users u on u.id = l.owner_id where l.id = $1',
      [leadId],
    );
    expect(owner.rows).toEqual([{ name: winner }]);
  });

  it('c. the owner turns the lead into an order; manager then finance approve; installments are created', async () => {
    const reply = await client.say(
      ids.amy!,
      `order new lead:${ownLead.number} sku:MX-200 qty:10 plan:30-60-10`,
    );
    const match = /SO-\d{4}-\d{5}/.exec(reply.text);
    expect(match, reply.text).not.toBeNull();
    orderNumber = match![0];

    const managerCard = messagesIn(await client.feed(ids.meng!), dm('meng'));
    expect(managerCard).toHaveLength(1);
    expect(allText(managerCard[0]!.card)).toContain(orderNumber);
    expect(allText(managerCard[0]!.card)).toContain('120,000.00');
    const approve = managerCard[0]!.card.actions.find((a) => a.id === 'order.approve')!;
    const reject = managerCard[0]!.card.actions.find((a) => a.id === 'order.reject')!;
    expect(reject.prompt).toBeDefined();

    // A rep cannot approve their own order's level; rejecting without a reason is refused; neither changes anything.
    expect((await client.act(ids.amy!, 'order.approve', approve.value)).tone).not.toBe('success');
    const noReason = await fetch(`${app.url}/console/api/action`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ as: ids.meng, action: 'order.reject', value: reject.value, input: '  ' }),
    });
    expect(noReason.status).toBe(400);
    expect(await noReason.json()).toMatchObject({ field: 'reason' });

    expect((await client.act(ids.meng!, 'order.approve', approve.value)).tone).toBe('success');
    const managerAfter = messagesIn(await client.feed(ids.meng!), dm('meng'));
    expect(managerAfter[0]).toMatchObject({ id: managerCard[0]!.id, revision: 2 });
    expect(managerAfter[0]!.card.actions).toEqual([]);
    expect(allText(managerAfter[0]!.card)).toContain('Meng Manager');

    // Over 100,000 CNY: finance joins the chain, either finance user may decide.
    const fangCard = messagesIn(await client.feed(ids.fang!), dm('fang'));
    const guCard = messagesIn(await client.feed(ids.gu!), dm('gu'));
    expect(fangCard).toHaveLength(1);
    expect(guCard).toHaveLength(1);
    const fangApprove = fangCard[0]!.card.actions.find((a) => a.id === 'order.approve')!;
    expect((await client.act(ids.fang!, 'order.approve', fangApprove.value)).tone).toBe('success');
    const guAfter = messagesIn(await client.feed(ids.gu!), dm('gu'));
    expect(guAfter[0]).toMatchObject({ id: guCard[0]!.id, revision: 2 });
    expect(guAfter[0]!.card.actions).toEqual([]);
    expect(allText(guAfter[0]!.card)).toContain('Fang Finance');

    // The requester was told of each step.
    const amyDms = messagesIn(await client.feed(ids.amy!), dm('amy')).map((m) => allText(m.card));
    expect(amyDms.filter((t) => t.includes(orderNumber)).length).toBeGreaterThanOrEqual(2);

    const order = await client.api('GET', `/api/orders/${orderNumber}`);
    expect(order.body).toMatchObject({ status: 'approved' });
    const installments = await database.pool.query(
      `select label, due_on::text as due, amount_minor::int as amount from installments i join orders o on o.id = i.order_id where o.number = $1 order by position`,
      [orderNumber],
    );
    expect(installments.rows).toEqual([
      { label: 'On signing', due: '2026-11-02', amount: 3_600_000 },
      { label: 'On delivery', due: '2026-12-02', amount: 7_200_000 },
      { label: 'On acceptance', due: '2027-01-01', amount: 1_200_000 },
    ]);
  });

  it('d. due and overdue reminders go to the right people once per installment and step', async () => {
    await sendDunningReminders(app.deps);
    await sendDunningReminders(app.deps);
    const reminders = async (name: string) =>
      messagesIn(await client.feed(ids[name]!), dm(name)).filter((m) => m.card.title.startsWith('Payment'));
    const dueToday = await reminders('amy');
    expect(dueToday.map((m) => m.card.title)).toEqual([`Payment due today: ${orderNumber}`]);
    const finance = messagesIn(await client.feed(ids.fang!), 'channel:finance');
    expect(finance.filter((m) => allText(m.card).includes(orderNumber))).toHaveLength(1);
    expect(await reminders('meng')).toEqual([]);

    clock.advance(3 * 86_400_000);
    await sendDunningReminders(app.deps);
    expect((await reminders('meng')).map((m) => m.card.title)).toEqual([
      `Payment 3 days overdue: ${orderNumber}`,
    ]);
    expect(await reminders('amy')).toHaveLength(2);
    // The -3d step was already past when the order was approved: recorded as skipped, never sent late.
    const steps = await database.pool.query(
      `select action, after->>'offsetDays' as offset from audit_log where action like 'dunning.%' order by id`,
    );
    expect(steps.rows.map((r: { action: string; offset: string }) => `${r.action} ${r.offset}`)).toEqual([
      'dunning.skip -3',
      'dunning.remind 0',
      'dunning.remind 3',
    ]);
  });

  it('e. a bank statement pays an installment by its memo; the rest becomes an exception finance acknowledges', async () => {
    const csv = [
      'date,amount,currency,payer,memo,bank_txn_id',
      `2026-11-05,"36,000.00",CNY,Hangzhou Precision,货款 ${orderNumber.toLowerCase().replace(/-/g, ' ')},BT-0001`,
      '2026-11-05,500.00,CNY,Unknown Trading,misc,BT-0002',
    ].join('\r\n');
    const imported = await client.api('POST', '/api/bank-statements', csv, 'text/csv');
    expect(imported).toMatchObject({
      status: 201,
      body: { imported: 2, skipped: 0, matched: 1, exceptions: 1 },
    });
    const again = await client.api('POST', '/api/bank-statements', csv, 'text/csv');
    expect(again.body).toMatchObject({ imported: 0, skipped: 2, matched: 0, exceptions: 0 });
    expect(await countRows(database, 'bank_transactions')).toBe(2);

    const paid = await database.pool.query(
      `select paid_minor::int as paid from installments where label = 'On signing'`,
    );
    expect(paid.rows).toEqual([{ paid: 3_600_000 }]);

    const exception = messagesIn(await client.feed(ids.fang!), 'channel:finance').filter((m) =>
      allText(m.card).includes('Unknown Trading'),
    );
    expect(exception).toHaveLength(1);
    const ack = exception[0]!.card.actions.find((a) => a.id === 'recon.ack')!;
    expect((await client.act(ids.amy!, 'recon.ack', ack.value)).tone).not.toBe('success');
    expect((await client.act(ids.fang!, 'recon.ack', ack.value)).tone).toBe('success');
    const acked = messagesIn(await client.feed(ids.gu!), 'channel:finance').find(
      (m) => m.id === exception[0]!.id,
    )!;
    expect(acked.revision).toBe(2);
    expect(acked.card.actions).toEqual([]);
    expect(allText(acked.card)).toContain('Fang Finance');
    const row = await database.pool.query(`select status from recon_exceptions`);
    expect(row.rows).toEqual([{ status: 'acknowledged' }]);
  });

  it('f. the daily digest tells the manager what the team did, once a day', async () => {
    // Friday 6 November, 09:05 in Shanghai: the digest covers yesterday against the Thursday before.
    clock.set('2026-11-06T01:05:00Z');
    await sendDigests(app.deps);
    await sendDigests(app.deps);
    const digests = messagesIn(await client.feed(ids.meng!), dm('meng')).filter(
      (m) => m.card.actions.length === 0 && /digest/i.test(m.card.title),
    );
    expect(digests).toHaveLength(1);
    expect(allText(digests[0]!.card)).toContain('36,000.00');
  });

  it('every state change left an audit row', async () => {
    const actions = await database.pool.query('select distinct action from audit_log order by action');
    const names = actions.rows.map((r: { action: string }) => r.action);
    for (const prefix of ['lead.', 'order.', 'approval.', 'recon', 'dunning.', 'digest']) {
      expect(
        names.some((n: string) => n.startsWith(prefix)),
        `${prefix} in ${names.join(', ')}`,
      ).toBe(true);
    }
  });
});

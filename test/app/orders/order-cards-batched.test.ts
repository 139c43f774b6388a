// The order-cards job builds many orders' living cards at once: for a varied set of orders (waiting on two levels,
// approved, invoiced and partly paid, rejected, on credit hold, cancelled, from a lead or not, owners on Slack, Lark
// and the console in English and Chinese) the cards it posts and edits are the very cards each order gets on its own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchAction } from '../../../src/app/commands/dispatch-action.ts';
import { runTextCommand } from '../../../src/app/commands/run-text-command.ts';
import type { UserActor } from '../../../src/app/commands/types.ts';
import type { AppDeps, UserRow } from '../../../src/app/deps.ts';
import { createOrder } from '../../../src/app/orders/create-order.ts';
import { showOrderCard } from '../../../src/app/orders/owner-card.ts';
import { refreshQueuedOrderCards } from '../../../src/app/orders/refresh-queued-order-cards.ts';
import { importStatement } from '../../../src/app/reconcile/import-statement.ts';
import { inTransaction } from '../../../src/app/unit-of-work.ts';
import { customers, leads } from '../../../src/db/schema.ts';
import { insertOrder, outboxRows } from '../../collections/fixtures.ts';
import { testClock } from '../../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { testDeps } from '../../helpers/deps.ts';
import { insertPressAndAcme } from './card-team.ts';
import { approvalOfPerson, insertPerson, orderNumbered } from './people.ts';

let database: TestDatabase;
let deps: AppDeps;
const clock = testClock('2026-11-02T02:00:00Z');
const people: Record<string, UserRow> = {};
const orderIds: string[] = [];

const person = (key: string): UserRow => {
  const user = people[key];
  if (!user) throw new Error(`no ${key}`);
  return user;
};
const as = (key: string): UserActor => ({ kind: 'user', user: person(key) });
const tick = () => clock.advance(7 * 60_000);

async function newOrder(who: string, text: string): Promise<string> {
  const reply = await runTextCommand(deps, as(who), text);
  const number = /SO-\d{4}-\d{5}/.exec(reply.text)?.[0] ?? '';
  const { id } = await orderNumbered(database, number);
  orderIds.push(id);
  tick();
  return number;
}

async function decide(who: string, number: string, action: 'order.approve' | 'order.reject', input?: string) {
  const approval = await approvalOfPerson(
    database,
    (await orderNumbered(database, number)).id,
    person(who).id,
  );
  await dispatchAction(deps, as(who), { action, entityId: approval.id, ...(input ? { input } : {}) });
  tick();
}

beforeAll(async () => {
  database = await createTestDatabase();
  deps = testDeps(database, { clock, platforms: ['slack', 'lark'] });
  const boss = await insertPerson(database, people, 'boss', {
    name: 'Wang Boss',
    roles: ['manager'],
    slackUserId: 'U0BOSS',
  });
  await insertPerson(database, people, 'rep', {
    name: 'Li Rep',
    roles: ['rep'],
    managerId: boss.id,
    slackUserId: 'U0REP',
    larkOpenId: 'ou_rep',
  });
  await insertPerson(database, people, 'rep2', {
    name: '韩梅',
    roles: ['rep'],
    managerId: boss.id,
    larkOpenId: 'ou_rep2',
    locale: 'zh-CN',
  });
  await insertPerson(database, people, 'fin', { name: 'Fin One', roles: ['finance'] });
  const acme = await insertPressAndAcme(database, person('rep').id);
  const [late] = await database.db
    .insert(customers)
    .values({ name: 'Late Payer', normalizedName: 'late payer', currency: 'CNY', ownerId: person('rep').id })
    .returning();
  await database.db.insert(leads).values({
    seq: 1,
    name: 'Han Meimei',
    company: 'Globex Ltd',
    email: 'han@globex.test',
    emailNorm: 'han@globex.test',
    status: 'accepted',
    ownerId: person('rep2').id,
  });

  // Approved, invoiced, commented on, then paid in full on one installment and in part on another.
  const paid = await newOrder('rep', 'order new customer:ACME sku:A100 qty:1 plan:30-60-10');
  await decide('boss', paid, 'order.approve');
  await runTextCommand(deps, as('fin'), `ar invoice ${paid} 1 INV-2026-0001`);
  tick();
  await runTextCommand(deps, as('boss'), `order comment ${paid} "ship by Friday"`);
  tick();
  // Two statements, so the card's events do not share an instant (their order would then rest on random ids).
  const header = 'date,amount,currency,payer,payer_account,memo,bank_txn_id';
  for (const line of [
    '2026-11-02,18000.00,CNY,ACME,,INV-2026-0001,B-1',
    `2026-11-02,1000.00,CNY,ACME,,${paid} On delivery,B-2`,
  ]) {
    await importStatement(deps, as('fin'), { csv: [header, line].join('\n') });
    tick();
  }
  // From a lead, waiting on the second of two levels; a Chinese owner on Lark only.
  const fromLead = await newOrder('rep2', 'order new lead:L-000001 sku:A100 qty:2 plan:30-60-10');
  await decide('boss', fromLead, 'order.approve');
  // Waiting on the first level.
  await newOrder('rep2', 'order new customer:ACME sku:A100 qty:1 plan:net-30');
  // Rejected with a reason.
  const rejected = await newOrder('rep', 'order new customer:ACME sku:A100 qty:1 plan:net-30');
  await decide('boss', rejected, 'order.reject', 'discount too deep');
  // Cancelled while waiting.
  const cancelled = await newOrder('rep', 'order new customer:ACME sku:A100 qty:1 plan:net-30');
  await runTextCommand(deps, as('rep'), `order cancel ${cancelled}`);
  tick();
  // An old order of a customer with an overdue balance, and a new one held for it under a policy that holds.
  const past = await insertOrder(database, {
    number: 'SO-2025-00001',
    ownerId: person('rep').id,
    customerId: late?.id ?? '',
    parts: [
      { dueOn: '2026-09-01', amountMinor: 500_000, paidMinor: 200_000 },
      { dueOn: '2026-12-01', amountMinor: 700_000, label: 'Balance' },
    ],
  });
  orderIds.push(past.orderId);
  const policy = structuredClone(deps.policy);
  policy.credit.flags.overdueBalance = 'hold';
  const held = await createOrder({ ...deps, policy }, as('rep'), {
    source: { customerId: late?.id ?? '' },
    lines: [{ sku: 'A100', quantity: 1 }],
    paymentPlan: 'net-30',
    submit: true,
  });
  expect(held.status).toBe('on_hold');
  orderIds.push(held.id);
  tick();
  expect(acme).toBeDefined();
});

afterAll(async () => {
  await database?.close();
});

// Every living card in the outbox as a reader would get it, ids replaced by order numbers and people's keys so two
// runs (and the same cards built by an older version of the code) compare equal.
async function livingCards(): Promise<string[]> {
  const names = new Map<string, string>();
  for (const id of orderIds) {
    const r = await database.pool.query('select number from orders where id = $1', [id]);
    names.set(id, String(r.rows[0]?.number));
  }
  for (const [key, u] of Object.entries(people)) names.set(u.id, key);
  const rows = await outboxRows(database, 'order:');
  const locales = await database.pool.query(
    `select platform, destination, ref_key as "refKey", op, locale from outbox where ref_key like 'order:%' order by id`,
  );
  return rows
    .map((row, i) => {
      const text = JSON.stringify({ ...row, locale: locales.rows[i]?.locale });
      return text.replace(
        /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g,
        (id) => names.get(id) ?? 'uuid',
      );
    })
    .filter((text) => /"refKey":"order:[^:]+:owner:/.test(text))
    .sort();
}

async function forgetCards(how: 'posted' | 'stale') {
  if (how === 'posted') {
    await database.pool.query(`delete from outbox where ref_key like 'order:%'`);
    await database.pool.query('delete from order_owner_cards');
  } else {
    // The cards stay posted (their posts still in the outbox), but each shows something else now: an edit is due.
    await database.pool.query(`delete from outbox where ref_key like 'order:%' and op = 'update'`);
    await database.pool.query(`update order_owner_cards set fingerprint = 'stale'`);
  }
}

const oneByOne = async () => {
  for (const id of orderIds) {
    await inTransaction(deps, { kind: 'system', name: 'test' }, (uow) => showOrderCard(uow, id));
  }
};

const allAtOnce = async () => {
  await database.pool.query(
    `insert into order_card_refresh (order_id, queued_at) select unnest($1::uuid[]), now() on conflict do nothing`,
    [orderIds],
  );
  expect(await refreshQueuedOrderCards(deps)).toEqual({ shown: orderIds.length });
};

describe('the living cards of many orders built at once', () => {
  for (const locales of ['as set', 'swapped'] as const) {
    it(`are the cards each order gets on its own, posted and edited (owners' languages ${locales})`, async () => {
      if (locales === 'swapped') {
        await database.pool.query(
          `update users set locale = case locale when 'en' then 'zh-CN' else 'en' end where email like 'rep%'`,
        );
      }
      await forgetCards('posted');
      await oneByOne();
      const posted = await livingCards();
      // Seven orders, each to its owner's console inbox and chats: five on Slack and Lark, two on Lark only.
      expect(posted.length).toBe(5 * 3 + 2 * 2);
      await forgetCards('posted');
      await allAtOnce();
      expect(await livingCards()).toEqual(posted);
      expect(posted).toMatchSnapshot();

      await forgetCards('stale');
      await oneByOne();
      const edited = await livingCards();
      await forgetCards('stale');
      await allAtOnce();
      expect(await livingCards()).toEqual(edited);
      expect(edited.filter((t) => t.includes('"op":"update"'))).toHaveLength(posted.length);
    });
  }
});

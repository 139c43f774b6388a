// The order-cards job beside changes committing while it works: a change that commits while the job's batch waits for
// a card's lock, a statement paying an order queued already, and a comment on an order whose first card the job is
// posting each end on the card the owner is left with.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runTextCommand } from '../../../src/app/commands/run-text-command.ts';
import type { UserActor } from '../../../src/app/commands/types.ts';
import type { AppDeps, UserRow } from '../../../src/app/deps.ts';
import { refreshQueuedOrderCards } from '../../../src/app/orders/refresh-queued-order-cards.ts';
import { importStatement } from '../../../src/app/reconcile/import-statement.ts';
import { insertOrder } from '../../collections/fixtures.ts';
import { testClock } from '../../helpers/clock.ts';
import { countRows, createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { testDeps } from '../../helpers/deps.ts';
import { holdCommit } from '../../helpers/held-commit.ts';
import { approvedOrder, insertCardTeam } from './card-team.ts';
import { livingCard } from './people.ts';

let database: TestDatabase;
let deps: AppDeps;
const clock = testClock('2026-11-02T02:00:00Z');
const people: Record<string, UserRow> = {};
let number = '';
let orderId = '';
let acmeId = '';

const as = (key: string): UserActor => {
  const user = people[key];
  if (!user) throw new Error(`no ${key}`);
  return { kind: 'user', user };
};
// The rep's living card in their console inbox: its post and edits, oldest first, each as the text a reader sees.
const card = async () =>
  (await livingCard(database, orderId, people.rep?.id)).map((r) => JSON.stringify(r.card));
// As a statement leaves an order it paid: queued for the job.
const queue = () =>
  database.pool.query('insert into order_card_refresh (order_id, queued_at) values ($1, $2)', [
    orderId,
    clock.now(),
  ]);
// Until some transaction of this file's database waits for a lock, in a statement on the table (pg_stat_activity:
// the job or the comment, blocked); the server is shared with the other test files.
const someoneWaitsOn = (table: string) =>
  vi.waitFor(
    async () => {
      const r = await database.pool.query(
        `select count(*)::int as n from pg_stat_activity
         where datname = current_database() and wait_event_type = 'Lock' and query like $1`,
        [`%${table}%`],
      );
      expect(r.rows[0]?.n).toBe(1);
    },
    { timeout: 30_000, interval: 20 },
  );

beforeAll(async () => {
  database = await createTestDatabase();
  deps = testDeps(database, { clock });
  ({ customerId: acmeId } = await insertCardTeam(database, people));
  ({ number, orderId } = await approvedOrder(database, deps, clock, as));
  clock.advance(60_000);
  await runTextCommand(deps, as('fin'), `ar invoice ${number} 1 INV-2026-0001`);
  clock.advance(60_000);
});

afterAll(async () => {
  await database?.close();
});

describe('the order-cards job while changes commit', () => {
  it("a comment committed while the job waits for the card's lock stays on the card", async () => {
    await queue();
    const before = (await card()).length;
    // The comment's transaction has edited the card and holds its lock, not yet committed.
    const comment = holdCommit(deps);
    const commenting = runTextCommand(comment.deps, as('boss'), `order comment ${number} "ship by Friday"`);
    await comment.held;
    const job = refreshQueuedOrderCards(deps);
    await someoneWaitsOn('order_owner_cards');
    comment.commit();
    expect((await commenting).tone).toBe('success');
    expect(await job).toEqual({ shown: 1 });

    const since = (await card()).slice(before);
    expect(since.length).toBeGreaterThan(0);
    // The comment's own edit, and no edit after it that shows the order as it was before the comment.
    expect(since.filter((text) => !text.includes('ship by Friday'))).toEqual([]);
    expect(await countRows(database, 'order_card_refresh')).toBe(0);
  });

  it('a statement paying an order already queued is on its card though a run went by before the statement committed', async () => {
    // Queued by an earlier statement, not yet shown.
    await queue();
    clock.advance(60_000);
    const header = 'date,amount,currency,payer,payer_account,memo,bank_txn_id';
    const statement = holdCommit(deps);
    const importing = importStatement(statement.deps, as('fin'), {
      csv: [header, '2026-11-02,18000.00,CNY,ACME,,INV-2026-0001,B-1'].join('\n'),
    });
    // The statement has paid the installment and queued the order (already queued: it keeps its place).
    await statement.held;
    // A run while the statement is open: it must not take the order and show it without the payment.
    const during = await refreshQueuedOrderCards(deps);
    statement.commit();
    expect((await importing).matched).toBe(1);
    const after = await refreshQueuedOrderCards(deps);

    const last = (await card()).at(-1) ?? '';
    expect(last).toContain('On signing: CNY 18,000.00 (paid CNY 18,000.00)');
    expect(await countRows(database, 'order_card_refresh')).toBe(0);
    // The run while the statement was open passed the order over; the next one showed it.
    expect([during, after]).toEqual([{ shown: 0 }, { shown: 1 }]);
  });

  it('an order that never had a card: a comment committing while the job posts its first card is on the card', async () => {
    // An order from before the living card (an upgrade, the demo seed): no card posted yet; a statement queued it.
    const older = await insertOrder(database, {
      number: 'SO-2025-00001',
      ownerId: people.rep?.id ?? '',
      customerId: acmeId,
      parts: [{ dueOn: '2026-12-01', amountMinor: 500_000 }],
    });
    await database.pool.query('insert into order_card_refresh (order_id, queued_at) values ($1, $2)', [
      older.orderId,
      clock.now(),
    ]);
    clock.advance(60_000);
    // The job's batch has posted the first card, as the order was, and waits to commit.
    const job = holdCommit(deps);
    const run = refreshQueuedOrderCards(job.deps);
    await job.held;
    const commenting = runTextCommand(deps, as('boss'), 'order comment SO-2025-00001 "call before delivery"');
    await someoneWaitsOn('order_owner_cards');
    job.commit();
    expect((await commenting).tone).toBe('success');
    expect(await run).toEqual({ shown: 1 });

    const rows = await livingCard(database, older.orderId, people.rep?.id);
    expect(rows.map((r) => r.op)).toEqual(['post', 'update']);
    expect(JSON.stringify(rows.at(-1)?.card)).toContain('call before delivery');
  });
});

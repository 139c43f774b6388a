// The order-cards job after a statement: every queued order's living card is shown once, two instances sharing the
// queue without showing an order twice; a run's share leaves the rest queued.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshQueuedOrderCards } from '../../../src/app/orders/refresh-queued-order-cards.ts';
import { openDatabase } from '../../../src/db/client.ts';
import { insertOrder, insertTeam, type Team } from '../../collections/fixtures.ts';
import { testClock } from '../../helpers/clock.ts';
import { countRows, createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { testDeps } from '../../helpers/deps.ts';

describe('the order-cards job', () => {
  let database: TestDatabase;
  let second: ReturnType<typeof openDatabase>;
  let team: Team;
  let deps: ReturnType<typeof testDeps>;
  const orderIds: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    second = openDatabase(database.url, 5);
    deps = testDeps(database, { clock: testClock('2026-11-10T02:00:00Z') });
    team = await insertTeam(database);
    orderIds.push(...(await queuedOrders(1, 23, '2026-11-10T01:00:00Z')));
    // An order deleted since it was queued: shown as nothing, and dequeued.
    await database.pool.query(
      `insert into order_card_refresh (order_id, queued_at) values ($1, '2026-11-10T01:00:00Z')`,
      ['00000000-0000-4000-8000-000000000000'],
    );
  });

  // Orders numbered from..to, queued at one time as a statement queues them.
  async function queuedOrders(from: number, to: number, queuedAt: string): Promise<string[]> {
    const ids: string[] = [];
    for (let k = from; k <= to; k++) {
      const { orderId } = await insertOrder(database, {
        number: `SO-2026-${String(k).padStart(5, '0')}`,
        ownerId: team.rep.id,
        customerId: team.customer.id,
        parts: [{ dueOn: '2026-11-01', amountMinor: 10_000 + k }],
      });
      ids.push(orderId);
    }
    await database.pool.query(
      `insert into order_card_refresh (order_id, queued_at) select unnest($1::uuid[]), $2`,
      [ids, queuedAt],
    );
    return ids;
  }

  afterAll(async () => {
    await second.close();
    await database.close();
  });

  const postedCards = async () =>
    (
      await database.pool.query(
        `select ref_key, count(*)::int as n from outbox where ref_key like 'order:%' and op = 'post'
         group by ref_key`,
      )
    ).rows as { ref_key: string; n: number }[];

  it('a run shows its share and leaves the rest queued', async () => {
    expect(await refreshQueuedOrderCards(deps, 5)).toEqual({ shown: 5 });
    expect(await countRows(database, 'order_card_refresh')).toBe(19);
    // The deleted order is the first queued (same time, lowest id): taken, nothing to show.
    expect(await postedCards()).toHaveLength(4);
  });

  it('two instances at once show every other order once', async () => {
    const [a, b] = await Promise.all([
      refreshQueuedOrderCards(deps),
      refreshQueuedOrderCards({ ...deps, db: second.db }),
    ]);
    expect(a.shown + b.shown).toBe(19);
    expect(await countRows(database, 'order_card_refresh')).toBe(0);
    const cards = await postedCards();
    expect(cards.map((c) => c.ref_key).sort()).toEqual(
      orderIds.map((id) => `order:${id}:owner:${team.rep.id}`).sort(),
    );
    expect(cards.every((c) => c.n === 1)).toBe(true);
  });

  it('an order whose card fails stays queued and holds back none of the orders taken with it', async () => {
    const more = await queuedOrders(31, 33, '2026-11-10T01:30:00Z');
    // The database refuses the middle order's card (a broken row, a constraint): its transaction fails.
    await database.pool.query(`
      create function refuse_card() returns trigger language plpgsql as $$
      begin
        if new.order_id = '${more[1]}' then raise exception 'refused'; end if;
        return new;
      end $$;
      create trigger refuse_card before insert on order_owner_cards for each row execute function refuse_card();`);
    await expect(refreshQueuedOrderCards(deps)).rejects.toThrow(/order_owner_cards/);
    const refs = (await postedCards()).map((c) => c.ref_key);
    expect(refs).toContain(`order:${more[0]}:owner:${team.rep.id}`);
    expect(refs).toContain(`order:${more[2]}:owner:${team.rep.id}`);
    expect(refs).not.toContain(`order:${more[1]}:owner:${team.rep.id}`);
    const queued = await database.pool.query('select order_id, queued_at from order_card_refresh');
    expect(queued.rows.map((r) => r.order_id)).toEqual([more[1]]);
    // Sent to the back of the queue, behind what was queued before this run, so the next run starts with the others.
    expect(queued.rows[0].queued_at).toEqual(deps.clock.now());

    await database.pool.query('drop trigger refuse_card on order_owner_cards');
    expect(await refreshQueuedOrderCards(deps)).toEqual({ shown: 1 });
    expect((await postedCards()).map((c) => c.ref_key)).toContain(`order:${more[1]}:owner:${team.rep.id}`);
  });

  it('a run whose every card fails stops after its share rather than trying the whole queue', async () => {
    const more = await queuedOrders(41, 43, '2026-11-10T01:40:00Z');
    // A fault that refuses every card (a broken deploy, a constraint every order breaks).
    await database.pool.query(`
      create function refuse_every_card() returns trigger language plpgsql as $$
      begin raise exception 'refused'; end $$;
      create trigger refuse_every_card before insert on order_owner_cards
        for each row execute function refuse_every_card();`);
    await expect(refreshQueuedOrderCards(deps, 2)).rejects.toThrow(
      /and 1 more order card\(s\) failed this run/,
    );
    const queued = await database.pool.query(
      'select order_id, queued_at from order_card_refresh order by order_id',
    );
    // The two tried (the lower ids: the queue's order within one instant) went to the back of the queue; the third
    // was left for the next run, in its place.
    const [low, mid, high] = [...more].sort();
    expect(queued.rows).toEqual([
      { order_id: low, queued_at: deps.clock.now() },
      { order_id: mid, queued_at: deps.clock.now() },
      { order_id: high, queued_at: new Date('2026-11-10T01:40:00Z') },
    ]);
    await database.pool.query('drop trigger refuse_every_card on order_owner_cards');
  });
});

// An installment is stamped for the sync feed by every update: by its trigger when the update names neither sync
// column, and by the statement import's paying UPDATE itself, which sets both as the trigger would (0202).
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { payInstallments } from '../../src/app/reconcile/statement-writes.ts';
import { inTransaction } from '../../src/app/unit-of-work.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { testDeps } from '../helpers/deps.ts';

let database: TestDatabase;
let ids: string[];
beforeAll(async () => {
  database = await createTestDatabase();
  const { rows } = await database.pool.query<{ id: string }>(`
    with u as (insert into users (email, name, roles) values ('stamp@example.com', 'Stamp', '{rep}') returning id),
    c as (insert into customers (name, normalized_name, currency, owner_id)
      select 'Stamp Co', 'stamp co', 'CNY', u.id from u returning id, owner_id),
    o as (insert into orders (number, customer_id, owner_id, status, currency, total_minor, payment_plan)
      select 'SO-STAMP-1', c.id, c.owner_id, 'approved', 'CNY', 300, 'custom' from c returning id)
    insert into installments (order_id, position, label, due_on, amount_minor, currency, updated_at)
    select o.id, p, 'Part ' || p, date '2026-11-01', 100, 'CNY', timestamptz '2026-01-01' from o, generate_series(1, 3) p
    returning id`);
  ids = rows.map((r) => r.id);
});
afterAll(() => database.close());

const stamps = async () =>
  (
    await database.pool.query<{ id: string; txid: string; fresh: boolean }>(
      `select id, sync_txid::text as txid, updated_at > timestamptz '2026-01-02' as fresh from installments
       where id = any($1::uuid[]) order by position`,
      [ids],
    )
  ).rows;

describe('installments sync stamp', () => {
  it('a plain update and the import paying UPDATE both stamp the row with their transaction', async () => {
    const before = await stamps();
    expect(before.every((s) => !s.fresh)).toBe(true);

    const plainTx = await database.db.transaction(async (tx) => {
      await tx.execute(sql`update installments set paid_minor = 10 where id = ${ids[0]}::uuid`);
      return (await tx.execute<{ x: string }>(sql`select pg_current_xact_id()::text as x`)).rows[0]?.x;
    });
    const payTx = await inTransaction(testDeps(database), { kind: 'system', name: 'test' }, async (uow) => {
      await payInstallments(uow, new Map([[ids[1] as string, 100]]));
      return (await uow.tx.execute<{ x: string }>(sql`select pg_current_xact_id()::text as x`)).rows[0]?.x;
    });

    const after = await stamps();
    expect(after.map((s) => [s.txid, s.fresh])).toEqual([
      [plainTx, true],
      [payTx, true],
      [before[2]?.txid, false],
    ]);
  });
});

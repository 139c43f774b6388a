import { and, eq, sql } from 'drizzle-orm';
import type { UserActor } from '../src/app/commands/types.ts';
import type { UserRow } from '../src/app/deps.ts';
import { createOrder } from '../src/app/orders/create-order.ts';
import { decideApproval } from '../src/app/orders/decide-approval.ts';
import { showOrderCard } from '../src/app/orders/owner-card.ts';
import { inTransaction } from '../src/app/unit-of-work.ts';
import { approvals, customers, products, users } from '../src/db/schema.ts';
import { openBenchApp } from './load/bench-app.ts';

const count = Number(process.env.ORDER_CARD_BENCH_ORDERS ?? 200);

async function main() {
  const bench = await openBenchApp(4);
  const { deps } = bench;
  try {
    const db = deps.db;
    const add = async (email: string, name: string, roles: string[], managerId?: string) => {
      const [row] = await db
        .insert(users)
        .values({ email, name, roles, locale: 'en', ...(managerId ? { managerId } : {}) })
        .returning();
      if (!row) throw new Error('user insert failed');
      return row;
    };
    const boss = await add('boss@bench.test', 'Boss', ['manager']);
    const rep = await add('rep@bench.test', 'Rep', ['rep'], boss.id);
    const fin = await add('fin@bench.test', 'Fin', ['finance']);
    await db
      .insert(products)
      .values({ sku: 'A100', name: 'Press', unitPriceMinor: 6_000_000, currency: 'CNY' });
    await db
      .insert(customers)
      .values({ name: 'ACME', normalizedName: 'acme', currency: 'CNY', ownerId: rep.id });
    const as = (user: UserRow): UserActor => ({ kind: 'user', user });
    const pending = async (orderId: string, approverId: string) => {
      const [a] = await db
        .select({ id: approvals.id })
        .from(approvals)
        .where(
          and(
            eq(approvals.orderId, orderId),
            eq(approvals.approverId, approverId),
            eq(approvals.status, 'pending'),
          ),
        );
      if (!a) throw new Error('no pending approval');
      return a.id;
    };

    const ids: string[] = [];
    const start = performance.now();
    for (let i = 0; i < count; i++) {
      const order = await createOrder(deps, as(rep), {
        source: { customerName: 'ACME' },
        lines: [{ sku: 'A100', quantity: 2 }],
        paymentPlan: 'net-30',
        submit: true,
      });
      ids.push(order.id);
      await decideApproval(deps, as(boss), {
        approvalId: await pending(order.id, boss.id),
        decision: 'approve',
      });
      await decideApproval(deps, as(fin), {
        approvalId: await pending(order.id, fin.id),
        decision: 'approve',
      });
    }
    const useCases = performance.now() - start;

    const system = { kind: 'system', name: 'bench' } as const;
    const cardStart = performance.now();
    for (const id of ids) {
      for (let k = 0; k < 3; k++) await inTransaction(deps, system, (uow) => showOrderCard(uow, id));
    }
    const card = performance.now() - cardStart;
    const selectStart = performance.now();
    for (const id of ids)
      await db.select({ id: customers.id }).from(customers).where(eq(customers.ownerId, id));
    const oneSelect = (performance.now() - selectStart) / ids.length;
    const rows = await db.execute<{ op: string; n: string }>(
      sql`select op, count(*)::text as n from outbox where ref_key like 'order:%:owner:%' group by op order by op`,
    );
    const share = card / (useCases - card);
    const perShow = card / (count * 3);
    console.log(`orders: ${count}, each created+submitted, approved twice`);
    console.log(`  use cases (card included): ${(useCases / count).toFixed(1)} ms per order`);
    console.log(`  the card alone, 3 shows:   ${(card / count).toFixed(1)} ms per order`);
    console.log(`  card / use cases without it: ${share.toFixed(2)}×`);
    console.log(
      `  one show: ${perShow.toFixed(1)} ms = ${(perShow / oneSelect).toFixed(1)}× one indexed select (${oneSelect.toFixed(2)} ms)`,
    );
    console.log(`  living-card outbox rows: ${rows.rows.map((r) => `${r.op} ${r.n}`).join(', ')}`);
  } finally {
    await bench.close();
  }
}

await main();

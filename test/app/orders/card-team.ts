// The living-card tests' team (Wang Boss over Li Rep, Fin One in finance, product A100, the rep's customer ACME) and
// an order of theirs approved in full, as the rep and the boss would make it.
import { eq } from 'drizzle-orm';
import { dispatchAction } from '../../../src/app/commands/dispatch-action.ts';
import { runTextCommand } from '../../../src/app/commands/run-text-command.ts';
import type { UserActor } from '../../../src/app/commands/types.ts';
import type { AppDeps, UserRow } from '../../../src/app/deps.ts';
import type { Database } from '../../../src/db/client.ts';
import { approvals, customers, orders, products } from '../../../src/db/schema.ts';
import type { TestClock } from '../../helpers/clock.ts';
import { insertPerson } from './people.ts';

export async function insertCardTeam(
  database: Database,
  people: Record<string, UserRow>,
): Promise<{ customerId: string }> {
  const boss = await insertPerson(database, people, 'boss', { name: 'Wang Boss', roles: ['manager'] });
  await insertPerson(database, people, 'rep', { name: 'Li Rep', roles: ['rep'], managerId: boss.id });
  await insertPerson(database, people, 'fin', { name: 'Fin One', roles: ['finance'] });
  return insertPressAndAcme(database, people.rep?.id ?? '');
}

// The product A100 (a CNY 60,000 press) and the customer ACME, owned by the rep.
export async function insertPressAndAcme(database: Database, repId: string): Promise<{ customerId: string }> {
  await database.db
    .insert(products)
    .values({ sku: 'A100', name: 'Press A100', unitPriceMinor: 6_000_000, currency: 'CNY' });
  const [acme] = await database.db
    .insert(customers)
    .values({ name: 'ACME', normalizedName: 'acme', currency: 'CNY', ownerId: repId })
    .returning();
  return { customerId: acme?.id ?? '' };
}

// One press on a 30/60/10 plan, entered by the rep and approved a minute later by the boss.
export async function approvedOrder(
  database: Database,
  deps: AppDeps,
  clock: TestClock,
  as: (key: string) => UserActor,
): Promise<{ number: string; orderId: string }> {
  const reply = await runTextCommand(deps, as('rep'), 'order new customer:ACME sku:A100 qty:1 plan:30-60-10');
  const number = /SO-\d{4}-\d{5}/.exec(reply.text)?.[0] ?? '';
  const [order] = await database.db.select().from(orders).where(eq(orders.number, number));
  const orderId = order?.id ?? '';
  const [approval] = await database.db.select().from(approvals).where(eq(approvals.orderId, orderId));
  clock.advance(60_000);
  await dispatchAction(deps, as('boss'), { action: 'order.approve', entityId: approval?.id ?? '' });
  return { number, orderId };
}

// Use case: whose receivables `ar` shows — mine, my team's (people reporting to me), or one customer's I may see.
import { and, eq, ilike, inArray, or } from 'drizzle-orm';
import { customers, orders, users } from '../../db/schema.ts';
import { grantOf } from '../../domain/access/can.ts';
import type { ReceivablesExtra } from '../../messages/catalogue/collections-ar.ts';
import type { UserActor } from '../commands/types.ts';
import type { AppDeps } from '../deps.ts';
import type { ReceivablesScope } from './list-receivables.ts';

export type ScopeResolution =
  | { filter: ReceivablesScope; view: NonNullable<ReceivablesExtra['scope']> }
  | { refused: 'team' | 'customer' };

const teamWords = new Set(['team', '团队']);

export async function receivablesScope(
  deps: AppDeps,
  actor: UserActor,
  query: string,
): Promise<ScopeResolution> {
  const me = actor.user;
  if (query === '') return { filter: { ownerIds: [me.id] }, view: { kind: 'mine' } };
  if (teamWords.has(query.toLowerCase())) {
    // Two levels down, so a director sees their managers' reps too.
    const direct = await deps.db.select({ id: users.id }).from(users).where(eq(users.managerId, me.id));
    if (direct.length === 0) return { refused: 'team' };
    const second = await deps.db
      .select({ id: users.id })
      .from(users)
      .where(
        inArray(
          users.managerId,
          direct.map((u) => u.id),
        ),
      );
    return {
      filter: { ownerIds: [me.id, ...direct.map((u) => u.id), ...second.map((u) => u.id)] },
      view: { kind: 'team' },
    };
  }
  // A customer by name: anyone overseeing sees every customer; a rep, those they own or sell to.
  const pattern = `%${query.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
  // receivables.read wider than own (a manager's team, finance's org by default) looks a customer up among all.
  const reach = grantOf(deps.policy.access, me.roles, 'receivables.read');
  const canSeeAll = reach !== null && reach !== 'own';
  const matches = await deps.db
    .selectDistinct({ id: customers.id, name: customers.name })
    .from(customers)
    .leftJoin(orders, eq(orders.customerId, customers.id))
    .where(
      and(
        ilike(customers.name, pattern),
        canSeeAll ? undefined : or(eq(customers.ownerId, me.id), eq(orders.ownerId, me.id)),
      ),
    )
    .orderBy(customers.name)
    .limit(20);
  const [only] = matches;
  if (!only) return { refused: 'customer' };
  // Several matches: the receivables of each, titled by the query as typed.
  const filter: ReceivablesScope = {
    customerIds: matches.map((m) => m.id),
    ...(canSeeAll ? {} : { ownerIds: [me.id] }),
  };
  return { filter, view: { kind: 'customer', name: matches.length === 1 ? only.name : query } };
}

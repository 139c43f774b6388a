// Use case: whose receivables `ar` shows — mine, my team's (people below me), or one customer's — as can() answers.
import { and, eq, ilike, inArray, or } from 'drizzle-orm';
import { customers, orders } from '../../db/schema.ts';
import { type Person, subtreeOf } from '../../domain/reports/tree.ts';
import { ancestorsByPerson } from '../../domain/roster/ancestors.ts';
import type { ReceivablesExtra } from '../../messages/catalogue/collections-ar.ts';
import { allowed, demand } from '../access/ask.ts';
import type { UserActor } from '../commands/types.ts';
import type { AppDeps } from '../deps.ts';
import { loadPeople } from '../reports/load-people.ts';
import type { ReceivablesScope } from './list-receivables.ts';

export type ScopeResolution =
  | { filter: ReceivablesScope; view: NonNullable<ReceivablesExtra['scope']> }
  | { refused: 'team' | 'customer' };

const teamWords = new Set(['team', '团队']);

// Whose receivables the asker may see, each person asked of the policy (receivables.read reaching their orders);
// null when that is everyone (an org-wide grant), so no filter narrows the list.
function visibleOwners(
  deps: AppDeps,
  actor: UserActor,
  people: readonly Person[],
): ReadonlySet<string> | null {
  const ancestors = ancestorsByPerson(people);
  const seen = people.filter((p) =>
    allowed(deps, actor, 'receivables.read', {
      ownerId: p.id,
      ownerManagers: ancestors.get(p.id) ?? [],
      region: p.region,
    }),
  );
  return seen.length === people.length ? null : new Set(seen.map((p) => p.id));
}

export async function receivablesScope(
  deps: AppDeps,
  actor: UserActor,
  query: string,
): Promise<ScopeResolution> {
  const me = actor.user;
  demand(deps, actor, 'receivables.read', { ownerId: me.id }, 'ar_not_allowed');
  if (query === '') return { filter: { ownerIds: [me.id] }, view: { kind: 'mine' } };
  const people = await loadPeople(deps.db);
  const visible = visibleOwners(deps, actor, people);
  if (teamWords.has(query.toLowerCase())) {
    // The people below me whose receivables the policy lets me see (a director: their managers' reps too).
    const below = [...subtreeOf(people, me.id)].filter(
      (id) => id !== me.id && (visible === null || visible.has(id)),
    );
    if (below.length === 0) return { refused: 'team' };
    return { filter: { ownerIds: [me.id, ...below] }, view: { kind: 'team' } };
  }
  // A customer by name: found among the customers whose owner, or whose orders' owner, the asker may see.
  const pattern = `%${query.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
  const matches = await deps.db
    .selectDistinct({ id: customers.id, name: customers.name })
    .from(customers)
    .leftJoin(orders, eq(orders.customerId, customers.id))
    .where(
      and(
        ilike(customers.name, pattern),
        visible === null
          ? undefined
          : or(inArray(customers.ownerId, [...visible]), inArray(orders.ownerId, [...visible])),
      ),
    )
    .orderBy(customers.name)
    .limit(20);
  const [only] = matches;
  if (!only) return { refused: 'customer' };
  // Several matches: the receivables of each, titled by the query as typed.
  const filter: ReceivablesScope = {
    customerIds: matches.map((m) => m.id),
    ...(visible === null ? {} : { ownerIds: [...visible] }),
  };
  return { filter, view: { kind: 'customer', name: matches.length === 1 ? only.name : query } };
}

// Whose receivables beyond their own the asker may read (`ar` alone lists only theirs): everyone's, their team's, or
// nobody else's.
export async function widerReceivablesView(deps: AppDeps, actor: UserActor): Promise<'org' | 'team' | null> {
  const people = await loadPeople(deps.db);
  const visible = visibleOwners(deps, actor, people);
  if (visible === null) return 'org';
  const below = [...subtreeOf(people, actor.user.id)].filter((id) => id !== actor.user.id && visible.has(id));
  return below.length > 0 ? 'team' : null;
}

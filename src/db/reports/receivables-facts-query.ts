// Owns the open receivables and the due/collected figures straight from installments, orders and customers: the
// reference the roll-ups the dashboard reads (receivables-query.ts) are held to, under every scope and lead filter.
import { sql } from 'drizzle-orm';
import type { Executor } from '../client.ts';
import { leadJoin, scopeJoin, scopeWhere } from './fact-scope.ts';
import {
  type DueCollectedQuery,
  type DueCollectedRow,
  type DueCollectedSqlRow,
  groupOpenReceivables,
  type OpenGroupRow,
  type ReceivablesQuery,
  toDueCollectedRow,
} from './receivables-query.ts';

const owner = sql`o.owner_id`;

export function queryOpenReceivablesFromFacts(db: Executor, q: ReceivablesQuery): Promise<OpenGroupRow[]> {
  return groupOpenReceivables(
    db,
    sql`select i.currency, o.owner_id, c.name as customer, c.region, i.amount_minor - i.paid_minor as owed, 1 as n,
        ${q.today}::date - i.due_on as days_late
      from installments i
      join orders o on o.id = i.order_id
      join customers c on c.id = o.customer_id
      ${leadJoin(q.leads, sql`o.lead_id`)}
      ${scopeJoin(q.scope, owner, sql`${q.asOf}::timestamptz`)}
      where o.status = 'approved' and i.paid_minor < i.amount_minor and ${scopeWhere(q.scope, owner)}`,
  );
}

export async function queryDueCollectedFromFacts(
  db: Executor,
  q: DueCollectedQuery,
): Promise<DueCollectedRow[]> {
  const result = await db.execute<DueCollectedSqlRow>(sql`
    select i.currency, sum(i.amount_minor) as due, sum(least(i.paid_minor, i.amount_minor)) as collected
    from installments i
    join orders o on o.id = i.order_id
    ${leadJoin(q.leads, sql`o.lead_id`)}
    ${scopeJoin(q.scope, owner, sql`${q.asOf}::timestamptz`)}
    where o.status = 'approved' and i.due_on between ${q.fromDay}::date and ${q.toDay}::date
      and ${scopeWhere(q.scope, owner)}
    group by i.currency order by i.currency
  `);
  return result.rows.map(toDueCollectedRow);
}

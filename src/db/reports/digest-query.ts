// Owns the digest's one query of its own: the receivables in a scope that need someone to act today — due today or
// overdue, still owed, and with no open promise to pay dated today or later holding the reminders back.
import { sql } from 'drizzle-orm';
import type { FactScope } from '../../domain/reports/scope.ts';
import type { Executor } from '../client.ts';
import { scopeJoin, scopeWhere } from './fact-scope.ts';

export interface ActionTodayRow {
  currency: string;
  count: number;
  owed: number;
  // How many of them were already overdue (the rest fall due today).
  overdueCount: number;
}

const owner = sql`o.owner_id`;

export async function queryActionToday(
  db: Executor,
  q: { today: string; asOf: Date; scope: FactScope },
): Promise<ActionTodayRow[]> {
  const result = await db.execute<{
    currency: string;
    count: string;
    owed: string;
    overdue_count: string;
  }>(sql`
    select i.currency, count(*) as count, sum(i.amount_minor - i.paid_minor) as owed,
      count(*) filter (where i.due_on < ${q.today}::date) as overdue_count
    from installments i
    join orders o on o.id = i.order_id
    ${scopeJoin(q.scope, owner, sql`${q.asOf}::timestamptz`)}
    where o.status = 'approved' and i.paid_minor < i.amount_minor and i.due_on <= ${q.today}::date
      and ${scopeWhere(q.scope, owner)}
      and not exists (select 1 from payment_promises p
        where p.order_id = o.id and p.status = 'open' and p.promised_on >= ${q.today}::date)
    group by i.currency order by i.currency
  `);
  return result.rows.map((r) => ({
    currency: r.currency,
    count: Number(r.count),
    owed: Number(r.owed),
    overdueCount: Number(r.overdue_count),
  }));
}

// Owns the KPI aggregate the KPI table reads: flows from the hourly roll-up (report_kpi_hourly, deltas kept by triggers
// with the facts) and balances from the open-balance roll-up, as (owner, manager at the time, metric, currency) sums,
// narrowed to a lead source or routing rule by the roll-ups' own lead keys (migration 0185); a period whose ends are
// not whole UTC hours (an org zone off by a half hour) reads the facts instead.
import { sql } from 'drizzle-orm';
import type { FactScope, LeadFilter } from '../../domain/reports/scope.ts';
import type { Executor } from '../client.ts';
import { leadWhere, managerAt, managerJoin, scopeWhere } from './fact-scope.ts';
import { queryKpiFromFacts } from './kpi-facts-query.ts';

export type KpiMetric =
  | 'new'
  | 'accepted'
  | 'accept_timeout'
  | 'first_contact'
  | 'first_contact_timeout'
  | 'won'
  | 'lost'
  | 'approved'
  | 'decided'
  | 'collected'
  | 'open'
  | 'overdue';

export interface KpiRow {
  ownerId: string;
  managerId: string | null;
  metric: KpiMetric;
  currency: string | null;
  sum: number;
  count: number;
}

export interface KpiQuery {
  from: Date;
  to: Date;
  // Balances (open, overdue) are read as of now; `today` is the org-local date overdue is judged against.
  asOf: Date;
  today: string;
  scope: FactScope;
  // Only facts of leads of this source / routing rule.
  leads?: LeadFilter | null;
}

// A type, not an interface: the driver's row type wants an index signature.
export type KpiSqlRow = {
  owner_id: string;
  manager_id: string | null;
  metric: KpiMetric;
  currency: string | null;
  sum: string;
  count: string;
};

const hourMs = 3_600_000;

export async function queryKpi(db: Executor, q: KpiQuery): Promise<KpiRow[]> {
  if (q.from.getTime() % hourMs !== 0 || q.to.getTime() % hourMs !== 0) return queryKpiFromFacts(db, q);
  const result = await db.execute<KpiSqlRow>(sql`
    select k.owner_id, k.manager_id, k.metric, nullif(k.currency, '') as currency, sum(k.sum) as sum, sum(k.n) as count
    from report_kpi_hourly k
    where k.hour >= ${q.from} and k.hour < ${q.to} and ${scopeWhere(q.scope, sql`k.owner_id`, sql`k.manager_id`)}
      and ${leadWhere(q.leads, sql`k.source`, sql`k.routing_rule`)}
    group by 1, 2, 3, 4
    having sum(k.n) <> 0
    union all
    select b.owner_id, ${managerAt},
      case when b.due_on < ${q.today}::date then 'overdue' else 'open' end, b.currency, sum(b.sum), sum(b.n)
    from report_open_balances b
    ${managerJoin(sql`b.owner_id`, sql`${q.asOf}::timestamptz`)}
    where ${scopeWhere(q.scope, sql`b.owner_id`)} and ${leadWhere(q.leads, sql`b.source`, sql`b.routing_rule`)}
    group by 1, 2, 3, 4
    having sum(b.n) <> 0
  `);
  return toKpiRows(result.rows);
}

export function toKpiRows(rows: readonly KpiSqlRow[]): KpiRow[] {
  return rows.map((r) => ({
    ownerId: r.owner_id,
    managerId: r.manager_id,
    metric: r.metric,
    currency: r.currency,
    sum: Number(r.sum),
    count: Number(r.count),
  }));
}

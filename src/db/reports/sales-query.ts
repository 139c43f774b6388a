// Owns daily credit sales (approved order value per org-local day) for count-back DSO: whole UTC hours from the KPI
// roll-up, the ragged ends of the window (and every hour of a zone whose local hours do not start on UTC hours) from
// the orders themselves, so the figures are the orders' to the minor unit whatever the window.
import { sql } from 'drizzle-orm';
import type { FactScope, LeadFilter } from '../../domain/reports/scope.ts';
import type { Executor } from '../client.ts';
import { leadJoin, leadWhere, scopeJoin, scopeWhere } from './fact-scope.ts';

export interface SalesQuery {
  // Org-local date the window ends on; it starts `days` + 1 days before.
  today: string;
  asOf: Date;
  scope: FactScope;
  days: number;
  timezone: string;
  // Only orders made from leads of this source / routing rule (the roll-up's lead keys; the ragged ends via the lead).
  leads?: LeadFilter | null;
}

const epoch = sql`timestamptz '2000-01-01 00:00:00+00'`;

// Approved order value per org-local day over the `days` days ending today, newest first.
export async function queryDailySales(
  db: Executor,
  q: SalesQuery,
): Promise<{ day: string; currency: string; minor: number }[]> {
  const owner = sql`o.owner_id`;
  const result = await db.execute<{ day: string; currency: string; minor: string }>(sql`
    with w as (
      select (${q.today}::date - ${q.days}::int - 1)::timestamptz as lo, ${q.asOf}::timestamptz as hi
    ),
    whole as (
      select date_bin('1 hour', lo - interval '1 microsecond', ${epoch}) + interval '1 hour' as lo_h,
        date_bin('1 hour', hi, ${epoch}) as hi_h
      from w
    ),
    -- The hours read from the roll-up, [lo_h, hi_h): none when the window is under an hour or local hours are not
    -- UTC hours (a day would then split inside a bucket).
    h as (
      select case when ok then lo_h else hi end as lo_h, case when ok then hi_h else hi end as hi_h
      from w, whole, lateral (select lo_h <= hi_h
        and extract(minute from lo_h at time zone ${q.timezone}) = 0
        and extract(minute from hi_h at time zone ${q.timezone}) = 0 as ok) t
    )
    select day, currency, sum(minor) as minor from (
      select to_char((k.hour at time zone ${q.timezone})::date, 'YYYY-MM-DD') as day, k.currency, k.sum as minor,
        k.n
      from report_kpi_hourly k
      where k.metric = 'approved' and k.hour >= (select lo_h from h) and k.hour < (select hi_h from h)
        and ${scopeWhere(q.scope, sql`k.owner_id`, sql`k.manager_id`)}
        and ${leadWhere(q.leads, sql`k.source`, sql`k.routing_rule`)}
      union all
      select to_char((o.decided_at at time zone ${q.timezone})::date, 'YYYY-MM-DD'), o.currency, o.total_minor, 1
      from orders o
      ${leadJoin(q.leads, sql`o.lead_id`)}
      ${scopeJoin(q.scope, owner, sql`o.decided_at`)}
      where o.status = 'approved'
        and ((o.decided_at >= (select lo from w) and o.decided_at < (select lo_h from h))
          or (o.decided_at >= (select hi_h from h) and o.decided_at <= (select hi from w)))
        and ${scopeWhere(q.scope, owner)}
    ) x
    -- A day whose deltas net to no order (approved then taken back, or moved to another lead) is no day of sales.
    group by 1, 2 having sum(n) <> 0 order by 1 desc, 2
  `);
  return result.rows.map((r) => ({ day: r.day, currency: r.currency, minor: Number(r.minor) }));
}

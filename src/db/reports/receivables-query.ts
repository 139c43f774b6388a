// Owns the receivables aggregates in SQL: open installments by currency, aging bucket, week due, customer, rep and
// region in one pass (grouping sets) and what fell due in a period and was collected, both from the roll-ups kept by
// triggers (migration 0125; the facts they are held to: receivables-facts-query.ts); promises to pay; reconciliation
// exceptions still open. (Daily credit sales for count-back DSO: sales-query.ts.) Narrowed to a source or routing rule,
// the open and due figures read the roll-ups' lead keys (migration 0185) and promises go through each order's lead.
import { type SQL, sql } from 'drizzle-orm';
import type { FactScope, LeadFilter } from '../../domain/reports/scope.ts';
import type { Executor } from '../client.ts';
import { leadJoin, leadWhere, scopeJoin, scopeWhere } from './fact-scope.ts';

export interface OpenGroupRow {
  // Which grouping the row is: the totals per currency, or per bucket / week / customer / rep / region.
  by: 'currency' | 'bucket' | 'week' | 'customer' | 'owner' | 'region';
  key: string | null;
  currency: string;
  open: number;
  overdue: number;
  overdueCount: number;
  openCount: number;
  // Days past due of the row's most overdue installment; 0 when none is overdue.
  oldestDaysLate: number;
}

export interface ReceivablesQuery {
  // Org-local date: installments due before it are overdue; weeks count from it.
  today: string;
  asOf: Date;
  scope: FactScope;
  // Only orders made from leads of this source / routing rule.
  leads?: LeadFilter | null;
}

const owner = sql`o.owner_id`;
const rolledOwner = sql`b.owner_id`;

type OpenSqlRow = {
  g_bucket: number;
  g_week: number;
  g_customer: number;
  g_owner: number;
  g_region: number;
  bucket: string | null;
  week: number | null;
  customer: string | null;
  owner_id: string | null;
  region: string | null;
  currency: string;
  open: string;
  overdue: string;
  overdue_count: string;
  open_count: string;
  oldest_late: number | null;
};

// Open amounts of `source` (currency, owner_id, customer, region, owed, n installments, days_late) in every grouping
// the dashboard shows, in one pass: the roll-up below and the facts (receivables-facts-query.ts) share it.
export async function groupOpenReceivables(db: Executor, source: SQL): Promise<OpenGroupRow[]> {
  const result = await db.execute<OpenSqlRow>(sql`
    with open_i as (${source}), tagged as (
      select *,
        case when days_late <= 0 then null when days_late <= 30 then '0-30' when days_late <= 60 then '31-60'
          when days_late <= 90 then '61-90' else '90+' end as bucket,
        case when days_late <= 0 and days_late > -56 then floor(-days_late / 7.0)::int end as week
      from open_i
    )
    select grouping(bucket) as g_bucket, grouping(week) as g_week, grouping(customer) as g_customer,
      grouping(owner_id) as g_owner, grouping(region) as g_region,
      bucket, week, customer, owner_id, region, currency,
      sum(owed) as open, coalesce(sum(owed) filter (where days_late > 0), 0) as overdue,
      coalesce(sum(n) filter (where days_late > 0), 0) as overdue_count, sum(n) as open_count,
      max(days_late) filter (where days_late > 0) as oldest_late
    from tagged
    group by grouping sets ((currency), (currency, bucket), (currency, week), (currency, customer),
      (currency, owner_id), (currency, region))
  `);
  return result.rows.map(toOpenGroupRow);
}

// From report_open_balances: each key's deltas summed first, so a key that nets to nothing is no installment.
export function queryOpenReceivables(db: Executor, q: ReceivablesQuery): Promise<OpenGroupRow[]> {
  return groupOpenReceivables(
    db,
    sql`select b.currency, b.owner_id, c.name as customer, c.region, b.owed, b.n, ${q.today}::date - b.due_on as days_late
      from (
        select b.owner_id, b.customer_id, b.due_on, b.currency, sum(b.sum) as owed, sum(b.n) as n
        from report_open_balances b
        ${scopeJoin(q.scope, rolledOwner, sql`${q.asOf}::timestamptz`)}
        where ${scopeWhere(q.scope, rolledOwner)} and ${leadWhere(q.leads, sql`b.source`, sql`b.routing_rule`)}
        group by 1, 2, 3, 4
        having sum(b.n) <> 0
      ) b
      join customers c on c.id = b.customer_id`,
  );
}

function toOpenGroupRow(r: OpenSqlRow): OpenGroupRow {
  const by: OpenGroupRow['by'] =
    r.g_bucket === 0
      ? 'bucket'
      : r.g_week === 0
        ? 'week'
        : r.g_customer === 0
          ? 'customer'
          : r.g_owner === 0
            ? 'owner'
            : r.g_region === 0
              ? 'region'
              : 'currency';
  const key =
    by === 'bucket'
      ? r.bucket
      : by === 'week'
        ? r.week === null
          ? null
          : String(r.week)
        : by === 'customer'
          ? r.customer
          : by === 'owner'
            ? r.owner_id
            : by === 'region'
              ? r.region
              : null;
  return {
    by,
    key,
    currency: r.currency,
    open: Number(r.open),
    overdue: Number(r.overdue),
    overdueCount: Number(r.overdue_count),
    openCount: Number(r.open_count),
    oldestDaysLate: Number(r.oldest_late ?? 0),
  };
}

export interface DueCollectedRow {
  currency: string;
  dueMinor: number;
  collectedMinor: number;
}

export type DueCollectedQuery = ReceivablesQuery & { fromDay: string; toDay: string };

// Installments that fell due in [fromDay, toDay]: what was due and how much of it came in (report_due_collected).
export async function queryDueCollected(db: Executor, q: DueCollectedQuery): Promise<DueCollectedRow[]> {
  const result = await db.execute<DueCollectedSqlRow>(sql`
    select d.currency, sum(d.due) as due, sum(d.collected) as collected
    from report_due_collected d
    ${scopeJoin(q.scope, sql`d.owner_id`, sql`${q.asOf}::timestamptz`)}
    where d.due_on between ${q.fromDay}::date and ${q.toDay}::date and ${scopeWhere(q.scope, sql`d.owner_id`)}
      and ${leadWhere(q.leads, sql`d.source`, sql`d.routing_rule`)}
    group by d.currency having sum(d.n) <> 0 order by d.currency
  `);
  return result.rows.map(toDueCollectedRow);
}

export type DueCollectedSqlRow = { currency: string; due: string; collected: string };

export function toDueCollectedRow(r: DueCollectedSqlRow): DueCollectedRow {
  return { currency: r.currency, dueMinor: Number(r.due), collectedMinor: Number(r.collected) };
}

export interface PromiseRow {
  kept: number;
  broken: number;
  open: number;
}

// Promises that came due in the period, kept or broken, and those still open now.
export async function queryPromises(
  db: Executor,
  q: ReceivablesQuery & { from: Date; to: Date },
): Promise<PromiseRow> {
  const result = await db.execute<{ kept: string; broken: string; open: string }>(sql`
    select count(*) filter (where p.status = 'kept' and p.closed_at >= ${q.from} and p.closed_at < ${q.to}) as kept,
      count(*) filter (where p.status = 'broken' and p.closed_at >= ${q.from} and p.closed_at < ${q.to}) as broken,
      count(*) filter (where p.status = 'open') as open
    from payment_promises p
    join orders o on o.id = p.order_id
    ${leadJoin(q.leads, sql`o.lead_id`)}
    ${scopeJoin(q.scope, owner, sql`${q.asOf}::timestamptz`)}
    where (p.status = 'open' or (p.closed_at >= ${q.from} and p.closed_at < ${q.to})) and ${scopeWhere(q.scope, owner)}
  `);
  const r = result.rows[0];
  return { kept: Number(r?.kept ?? 0), broken: Number(r?.broken ?? 0), open: Number(r?.open ?? 0) };
}

export interface ExceptionAgeRow {
  status: string;
  count: number;
  oldestHours: number | null;
  olderThanDay: number;
}

// Reconciliation exceptions not yet resolved: how many per status, the oldest, and how many wait more than a day.
export async function queryOpenExceptions(db: Executor, asOf: Date): Promise<ExceptionAgeRow[]> {
  const result = await db.execute<{ status: string; count: string; oldest: number | null; old: string }>(sql`
    select status, count(*) as count,
      max(extract(epoch from ${asOf}::timestamptz - created_at)) / 3600 as oldest,
      count(*) filter (where created_at < ${asOf}::timestamptz - interval '1 day') as old
    from recon_exceptions where status in ('open', 'acknowledged')
    group by status order by status
  `);
  return result.rows.map((r) => ({
    status: r.status,
    count: Number(r.count),
    oldestHours: r.oldest === null ? null : Math.round(Number(r.oldest) * 10) / 10,
    olderThanDay: Number(r.old),
  }));
}

// Owns the receivables aggregates in SQL: open installments by currency, aging bucket, week due, customer, rep and
// region in one pass (grouping sets); what fell due in a period and was collected; promises to pay; reconciliation
// exceptions still open. (Daily credit sales for count-back DSO: sales-query.ts.)
import { sql } from 'drizzle-orm';
import type { FactScope } from '../../domain/reports/scope.ts';
import type { Executor } from '../client.ts';
import { scopeJoin, scopeWhere } from './fact-scope.ts';

export interface OpenGroupRow {
  // Which grouping the row is: the totals per currency, or per bucket / week / customer / rep / region.
  by: 'currency' | 'bucket' | 'week' | 'customer' | 'owner' | 'region';
  key: string | null;
  currency: string;
  open: number;
  overdue: number;
  overdueCount: number;
  openCount: number;
}

export interface ReceivablesQuery {
  // Org-local date: installments due before it are overdue; weeks count from it.
  today: string;
  asOf: Date;
  scope: FactScope;
}

const owner = sql`o.owner_id`;

export async function queryOpenReceivables(db: Executor, q: ReceivablesQuery): Promise<OpenGroupRow[]> {
  const result = await db.execute<{
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
  }>(sql`
    with open_i as (
      select i.currency, o.owner_id, c.name as customer, c.region,
        i.amount_minor - i.paid_minor as owed,
        ${q.today}::date - i.due_on as days_late
      from installments i
      join orders o on o.id = i.order_id
      join customers c on c.id = o.customer_id
      ${scopeJoin(q.scope, owner, sql`${q.asOf}::timestamptz`)}
      where o.status = 'approved' and i.paid_minor < i.amount_minor and ${scopeWhere(q.scope, owner)}
    ), tagged as (
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
      count(*) filter (where days_late > 0) as overdue_count, count(*) as open_count
    from tagged
    group by grouping sets ((currency), (currency, bucket), (currency, week), (currency, customer),
      (currency, owner_id), (currency, region))
  `);
  return result.rows.map((r) => {
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
    };
  });
}

export interface DueCollectedRow {
  currency: string;
  dueMinor: number;
  collectedMinor: number;
}

// Installments that fell due in [fromDay, toDay]: what was due and how much of it came in.
export async function queryDueCollected(
  db: Executor,
  q: ReceivablesQuery & { fromDay: string; toDay: string },
): Promise<DueCollectedRow[]> {
  const result = await db.execute<{ currency: string; due: string; collected: string }>(sql`
    select i.currency, sum(i.amount_minor) as due, sum(least(i.paid_minor, i.amount_minor)) as collected
    from installments i
    join orders o on o.id = i.order_id
    ${scopeJoin(q.scope, owner, sql`${q.asOf}::timestamptz`)}
    where o.status = 'approved' and i.due_on between ${q.fromDay}::date and ${q.toDay}::date
      and ${scopeWhere(q.scope, owner)}
    group by i.currency order by i.currency
  `);
  return result.rows.map((r) => ({
    currency: r.currency,
    dueMinor: Number(r.due),
    collectedMinor: Number(r.collected),
  }));
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
    ${scopeJoin(q.scope, owner, sql`${q.asOf}::timestamptz`)}
    where ${scopeWhere(q.scope, owner)}
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

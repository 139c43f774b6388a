// Owns the open balance at past instants straight from the facts: what approved orders' installments owe now, rolled
// back by every allocation (payment or write-off) made after the instant and every one undone after it — the
// definition the moves roll-up (balance-history-query.ts) is held to, and what cut-offs off whole UTC hours read.
// Grouped into the few cut-offs first (width_bucket over the sorted instants), so each row is read once.
import { sql } from 'drizzle-orm';
import type { Executor } from '../client.ts';
import {
  type BalanceHistoryQuery,
  type BalanceRow,
  cutArrays,
  sumPerPoint,
  toBalanceRows,
} from './balance-history-query.ts';
import { leadJoin, scopeJoin, scopeWhere } from './fact-scope.ts';

// balance(at) = Σ over installments of orders approved before `at` of amount − paid by `at`, where
//   paid by at = paid now − live allocations made at or after `at` + allocations made before `at` and undone since.
// Cancelling an approved order is refused once anything is paid and drops its installments, and re-approving an edited
// order moves decided_at: the facts keep neither, so such an order counts from its current approval only.
export async function queryBalanceHistoryFromFacts(
  db: Executor,
  q: BalanceHistoryQuery,
): Promise<BalanceRow[]> {
  if (q.cuts.length === 0) return [];
  const { ats, days } = cutArrays(q);
  const owner = sql`o.owner_id`;
  // owed is MATERIALIZED: referenced once, it would otherwise be inlined into the lateral join and read once per point.
  const result = await db.execute<{ day: string; currency: string; minor: string }>(sql`
    with owed as materialized (
      select i.currency, width_bucket(o.decided_at, ${ats}) as b_dec, sum(i.amount_minor - i.paid_minor) as minor
      from installments i
      join orders o on o.id = i.order_id
      ${leadJoin(q.leads, sql`o.lead_id`)}
      ${scopeJoin(q.scope, owner, sql`${q.asOf}::timestamptz`)}
      where o.status = 'approved' and i.paid_minor < i.amount_minor and o.decided_at < ${q.cuts[q.cuts.length - 1]?.at}
        and ${scopeWhere(q.scope, owner)}
      group by 1, 2
    ),
    moved as (
      select i.currency, width_bucket(o.decided_at, ${ats}) as b_dec, width_bucket(al.created_at, ${ats}) as b_made,
        case when al.undone_at is null then null else width_bucket(al.undone_at, ${ats}) end as b_undone,
        sum(al.amount_minor) as minor
      from allocations al
      join installments i on i.id = al.installment_id
      join orders o on o.id = i.order_id
      ${leadJoin(q.leads, sql`o.lead_id`)}
      ${scopeJoin(q.scope, owner, sql`${q.asOf}::timestamptz`)}
      where o.status = 'approved' and o.decided_at < ${q.cuts[q.cuts.length - 1]?.at}
        and (al.created_at >= ${q.cuts[0]?.at} or al.undone_at >= ${q.cuts[0]?.at})
        and ${scopeWhere(q.scope, owner)}
      group by 1, 2, 3, 4
    ),
    -- Point k (1-based) ends at ats[k]: a row counts for it when its instant's bucket is below k.
    ${sumPerPoint(
      ats,
      days,
      sql`select currency, minor from owed where b_dec < p.k
        union all
        select currency, minor from moved where b_dec < p.k and b_made >= p.k and b_undone is null
        union all
        select currency, -minor from moved where b_dec < p.k and b_made < p.k and b_undone >= p.k`,
    )}
  `);
  return toBalanceRows(result.rows);
}

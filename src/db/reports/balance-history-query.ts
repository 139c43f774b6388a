// Owns the open balance at past instants for the DSO trend: today's open balance (report_open_balances) less the
// balance moves since each instant (report_balance_moves, migration 0150), so only the months looked back over are
// read; a source or rule scope reads both roll-ups' lead keys (migration 0185). A cut-off off a whole UTC hour (an org
// zone like +05:30) reads the facts instead (balance-history-facts-query.ts, also what the roll-up is held to).
import { type SQL, sql } from 'drizzle-orm';
import type { FactScope, LeadFilter } from '../../domain/reports/scope.ts';
import type { Executor } from '../client.ts';
import { queryBalanceHistoryFromFacts } from './balance-history-facts-query.ts';
import { leadWhere, scopeJoin, scopeWhere } from './fact-scope.ts';

export interface BalanceHistoryQuery {
  // Each point: its org-local date and the instant it ended (exclusive), ascending.
  cuts: readonly { day: string; at: Date }[];
  // The instant a tree scope's managers are taken at.
  asOf: Date;
  scope: FactScope;
  // Only orders made from leads of this source / routing rule.
  leads?: LeadFilter | null;
}

export interface BalanceRow {
  day: string;
  currency: string;
  minor: number;
}

const hourMs = 3_600_000;

export async function queryBalanceHistory(db: Executor, q: BalanceHistoryQuery): Promise<BalanceRow[]> {
  if (q.cuts.length === 0) return [];
  if (q.cuts.some((c) => c.at.getTime() % hourMs !== 0)) return queryBalanceHistoryFromFacts(db, q);
  const { ats, days } = cutArrays(q);
  const asOf = sql`${q.asOf}::timestamptz`;
  const result = await db.execute<{ day: string; currency: string; minor: string }>(sql`
    with owed as (
      select b.currency, sum(b.sum) as minor
      from report_open_balances b
      ${scopeJoin(q.scope, sql`b.owner_id`, asOf)}
      where ${scopeWhere(q.scope, sql`b.owner_id`)} and ${leadWhere(q.leads, sql`b.source`, sql`b.routing_rule`)}
      group by 1
    ),
    moved as (
      select m.currency, width_bucket(m.hour, ${ats}) as b, sum(m.sum) as minor
      from report_balance_moves m
      ${scopeJoin(q.scope, sql`m.owner_id`, asOf)}
      where m.hour >= ${q.cuts[0]?.at} and ${scopeWhere(q.scope, sql`m.owner_id`)}
        and ${leadWhere(q.leads, sql`m.source`, sql`m.routing_rule`)}
      group by 1, 2
    ),
    -- Point k (1-based) ends at ats[k]: the moves at or after it are taken off today's balance.
    ${sumPerPoint(
      ats,
      days,
      sql`select currency, minor from owed union all select currency, -minor from moved where b >= p.k`,
    )}
  `);
  return toBalanceRows(result.rows);
}

export function cutArrays(q: BalanceHistoryQuery): { ats: SQL; days: SQL } {
  return {
    ats: sql`${`{${q.cuts.map((c) => c.at.toISOString()).join(',')}}`}::timestamptz[]`,
    days: sql`${`{${q.cuts.map((c) => c.day).join(',')}}`}::text[]`,
  };
}

// The last part of a WITH: each point p (p.k its 1-based index) and the (currency, minor) rows that count for it,
// summed per day and currency.
export const sumPerPoint = (ats: SQL, days: SQL, rows: SQL): SQL =>
  sql`points as (select k, (${days})[k] as day from generate_subscripts(${ats}, 1) k)
    select p.day, x.currency, sum(x.minor) as minor
    from points p join lateral (${rows}) x on true
    group by 1, 2 having sum(x.minor) <> 0 order by 1, 2`;

export function toBalanceRows(
  rows: readonly { day: string; currency: string; minor: string }[],
): BalanceRow[] {
  return rows.map((r) => ({ day: r.day, currency: r.currency, minor: Number(r.minor) }));
}

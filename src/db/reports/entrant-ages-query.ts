// Owns counting a funnel's entrants by age: per stage, how many entered in [from, before) — those at least
// (asOf − before) old at "as of" — for the bottleneck to judge a stage by its entrants' real ages. Whole UTC days come
// from the day roll-ups (migration 0155), the ragged ends from the stage rows; several windows in one statement.
import { type SQL, sql } from 'drizzle-orm';
import type { FunnelStage } from '../../domain/reports/funnel.ts';
import type { FactScope, LeadFilter } from '../../domain/reports/scope.ts';
import type { Executor } from '../client.ts';
import { leadWhere, scopeWhere } from './fact-scope.ts';

export interface EntrantCut {
  stage: FunnelStage;
  // Count the entrants that arrived before this instant.
  before: Date;
}

export interface EntrantWindow {
  from: Date;
  scope: FactScope;
  leads?: LeadFilter | null;
  cuts: EntrantCut[];
}

const dayMs = 86_400_000;
const array = (values: readonly string[], type: SQL) => sql`${`{${values.join(',')}}`}::${type}`;

// One window's counts, in the order of its cuts: each cut's [from, before) split into whole UTC days and up to two
// ragged pieces (empty ranges where there is none).
function windowCounts(index: number, w: EntrantWindow): SQL {
  const pieces = w.cuts.map(({ stage, before }) => {
    const lo = w.from.getTime();
    const hi = Math.max(lo, before.getTime());
    const first = Math.ceil(lo / dayMs) * dayMs;
    const end = Math.floor(hi / dayMs) * dayMs;
    const whole = first < end;
    return {
      stage,
      dayLo: new Date(whole ? first : lo).toISOString().slice(0, 10),
      dayHi: new Date(whole ? end : lo).toISOString().slice(0, 10),
      aLo: new Date(lo).toISOString(),
      aHi: new Date(whole ? first : hi).toISOString(),
      bLo: new Date(whole ? end : hi).toISOString(),
      bHi: new Date(hi).toISOString(),
    };
  });
  const column = (k: keyof (typeof pieces)[number], type: SQL) =>
    array(
      pieces.map((p) => p[k]),
      type,
    );
  const org = w.scope.kind === 'org' && !w.leads;
  const scoped = sql`${scopeWhere(w.scope, sql`s.owner_id`, sql`s.manager_id`)}
    and ${leadWhere(w.leads, sql`s.source`, sql`s.routing_rule`)}`;
  const days = pieces.flatMap((p) => [p.dayLo, p.dayHi]).sort();
  const dayLo = days[0] ?? '';
  const dayHi = days.at(-1) ?? '';
  // The day roll-up read once per window (entrants per stage and day), each cut summing its days from it.
  return sql`(with d as materialized (
      select s.stage, s.day, sum(s.entered) as n
      from ${org ? sql`report_org_stage_days` : sql`report_stage_days`} s
      where s.day >= ${dayLo}::date and s.day < ${dayHi}::date ${org ? sql`` : sql`and ${scoped}`}
      group by 1, 2
    )
    select ${index}::int as w, c.i,
      coalesce((select sum(d.n) from d where d.stage = c.stage and d.day >= c.day_lo and d.day < c.day_hi), 0)
      + (select count(*) from report_lead_stages s
        where s.stage = c.stage and s.entered_at >= c.a_lo and s.entered_at < c.a_hi and ${scoped})
      + (select count(*) from report_lead_stages s
        where s.stage = c.stage and s.entered_at >= c.b_lo and s.entered_at < c.b_hi and ${scoped}) as n
    from unnest(${column('stage', sql`text[]`)}, ${column('dayLo', sql`date[]`)}, ${column('dayHi', sql`date[]`)},
      ${column('aLo', sql`timestamptz[]`)}, ${column('aHi', sql`timestamptz[]`)},
      ${column('bLo', sql`timestamptz[]`)}, ${column('bHi', sql`timestamptz[]`)})
      with ordinality as c(stage, day_lo, day_hi, a_lo, a_hi, b_lo, b_hi, i))`;
}

// Per window, per cut (in their order): how many entrants of the cut's stage arrived in [from, before).
export async function queryEntrantsBefore(
  db: Executor,
  windows: readonly EntrantWindow[],
): Promise<number[][]> {
  const parts = windows.flatMap((w, i) => (w.cuts.length > 0 ? [windowCounts(i, w)] : []));
  const out = windows.map((w) => w.cuts.map(() => 0));
  if (parts.length === 0) return out;
  const result = await db.execute<{ w: number; i: string; n: string }>(sql.join(parts, sql` union all `));
  for (const r of result.rows) {
    const row = out[r.w];
    if (row) row[Number(r.i) - 1] = Number(r.n);
  }
  return out;
}

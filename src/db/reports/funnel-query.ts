// Owns the funnel aggregate the reports read: per group and stage, what entered in the period, moved on or was lost by
// "as of", and the time in stage — the definitions of src/domain/reports/funnel.ts — from the day roll-ups of the stage
// rows (migration 0155, kept by triggers with the facts) and the org funnel's week and hour roll-ups (0180). Whole UTC
// days come from a roll-up (the ungrouped org funnel's whole weeks from its week roll-up, and the whole UTC hours at its
// ends from its hour roll-up), which counts each stage row's outcome ever, less what closed after "as of"; the rest of
// the period's ends come from the stage rows themselves.
import { type SQL, sql } from 'drizzle-orm';
import type { FunnelGroupBy, FunnelStage, StageCounts } from '../../domain/reports/funnel.ts';
import type { FactScope, LeadFilter } from '../../domain/reports/scope.ts';
import type { Executor } from '../client.ts';
import { leadWhere, scopeWhere } from './fact-scope.ts';

// 'repTeam' (the rep and the manager of the lead's arrival) is what the KPI table rolls up by.
export type FunnelQueryGroup = FunnelGroupBy | 'repTeam';

export interface FunnelQuery {
  from: Date;
  to: Date;
  // Moves and losses after this instant do not count yet.
  asOf: Date;
  groupBy: FunnelQueryGroup;
  scope: FactScope;
  // Only the stage rows of leads of this source / routing rule.
  leads?: LeadFilter | null;
}

export interface FunnelRow extends StageCounts {
  // The group's key (a user id, a source, a region …); null for leads without one.
  key: string | null;
}

// What each grouping groups by: the columns `owner`, `manager` (uuid) and `txt` taken from `s` — a stage row or a day
// roll-up row, both carry the columns funnels group by — and its key made of those columns once they are summed (a
// text key made per row cost as much as the rest of the aggregate).
interface Grouping {
  owner: SQL;
  manager: SQL;
  txt: SQL;
  key: SQL;
}
const noUser = sql`null::uuid`;
const byText = (column: SQL): Grouping => ({ owner: noUser, manager: noUser, txt: column, key: sql`txt` });
const grouping: Record<FunnelQueryGroup, Grouping> = {
  repTeam: {
    owner: sql`s.owner_id`,
    manager: sql`s.manager_id`,
    txt: sql`null::text`,
    key: sql`owner::text || ':' || coalesce(manager::text, '')`,
  },
  none: { owner: noUser, manager: noUser, txt: sql`null::text`, key: sql`''` },
  rep: { owner: sql`s.owner_id`, manager: noUser, txt: sql`null::text`, key: sql`owner::text` },
  team: { owner: noUser, manager: sql`s.manager_id`, txt: sql`null::text`, key: sql`manager::text` },
  source: byText(sql`s.source`),
  campaign: byText(sql`s.campaign`),
  region: byText(sql`s.region`),
  rule: byText(sql`s.routing_rule`),
};
const groupColumns = (g: Grouping) => sql`${g.owner} as owner, ${g.manager} as manager, ${g.txt} as txt`;

// A funnel row as the database answers it (counts as bigint text), shared with the reference fact query.
export type FunnelDbRow = {
  key: string | null;
  stage: FunnelStage;
  entered: string;
  moved: string;
  lost: string;
  median: number | null;
  p90: number | null;
  reasons: Record<string, number> | null;
};

export function funnelRow(r: FunnelDbRow): FunnelRow {
  return {
    key: r.key,
    stage: r.stage,
    entered: Number(r.entered),
    movedOn: Number(r.moved),
    lost: Number(r.lost),
    medianSeconds: r.median === null ? null : Number(r.median),
    p90Seconds: r.p90 === null ? null : Number(r.p90),
    lostReasons: r.reasons ?? {},
  };
}

export async function queryFunnel(db: Executor, q: FunnelQuery): Promise<FunnelRow[]> {
  const [rows] = await queryFunnels(db, [q]);
  return rows ?? [];
}

// Several funnels in one statement — a report's period, its ungrouped total and the org's trailing baseline — each
// answered as queryFunnel would. What the ungrouped org funnels share (week and day roll-up rows, the stage rows closed
// after one "as of") is read once for all of them: each row is summed once per set of funnels that hold it (`mask`, a
// bit per funnel), then added to each of those funnels.
export async function queryFunnels(db: Executor, qs: readonly FunnelQuery[]): Promise<FunnelRow[][]> {
  if (qs.length === 0) return [];
  if (qs.length > 30) throw new Error('queryFunnels: at most 30 funnels in one statement');
  const org: OrgShared = { days: [], closings: [] };
  const parts = qs.flatMap((q, i) => contributions(q, true, i, org));
  if (org.days.length > 0) parts.push(...orgRollupRows(org.days));
  for (const asOf of new Set(org.closings.map((c) => c.asOf)))
    parts.push(
      sharedClosedAfter(
        asOf,
        org.closings.filter((c) => c.asOf === asOf),
      ),
    );
  const result = await db.execute<FunnelDbRow & { part: number }>(sql`
    with c0 as (
      select mask, owner, manager, txt, stage, reason, seconds, sum(entered) as entered, sum(moved) as moved,
        sum(lost) as lost, sum(timed) as timed
      from (${sql.join(parts, sql` union all `)}) x group by 1, 2, 3, 4, 5, 6, 7
    ),
    c as materialized (
      select p.part, case p.part ${sql.join(
        qs.map((q, i) => sql`when ${i}::int then ${grouping[q.groupBy].key}`),
        sql` `,
      )} end as key, stage, reason, seconds, sum(entered) as entered, sum(moved) as moved, sum(lost) as lost,
        sum(timed) as timed
      from c0 join generate_series(0, ${qs.length - 1}::int) p(part) on c0.mask & (1 << p.part) <> 0
      group by 1, 2, 3, 4, 5
    ),
    counts as (
      select part, key, stage, sum(entered) as entered, sum(moved) as moved, sum(lost) as lost
      from c group by 1, 2, 3 having sum(entered) <> 0
    ),
    reasons as (
      select part, key, stage, jsonb_object_agg(reason, n) as reasons
      from (select part, key, stage, reason, sum(lost)::int as n from c where reason <> ''
        group by 1, 2, 3, 4 having sum(lost) <> 0) r
      group by 1, 2, 3
    ),
    ranked as (
      select part, key, stage, v, w, sum(w) over (partition by part, key, stage order by v) - w as before,
        (sum(w) over (partition by part, key, stage))::float8 - 1 as last
      from (select part, key, stage, seconds::float8 as v, sum(timed) as w from c where seconds is not null
        group by 1, 2, 3, 4 having sum(timed) <> 0) h
    ),
    -- The values at the ranks either side of each percentile, interpolated as percentile_cont does.
    picked as (
      select part, key, stage,
        max(v) filter (where before <= floor(0.5::float8 * last) and floor(0.5::float8 * last) < before + w) as m_lo,
        max(v) filter (where before <= ceil(0.5::float8 * last) and ceil(0.5::float8 * last) < before + w) as m_hi,
        max(v) filter (where before <= floor(0.9::float8 * last) and floor(0.9::float8 * last) < before + w) as p_lo,
        max(v) filter (where before <= ceil(0.9::float8 * last) and ceil(0.9::float8 * last) < before + w) as p_hi,
        max(last) as last
      from ranked group by 1, 2, 3
    )
    select n.part, n.key, n.stage, n.entered, n.moved, n.lost, r.reasons,
      p.m_lo + (p.m_hi - p.m_lo) * (0.5::float8 * p.last - floor(0.5::float8 * p.last)) as median,
      p.p_lo + (p.p_hi - p.p_lo) * (0.9::float8 * p.last - floor(0.9::float8 * p.last)) as p90
    from counts n
    left join reasons r on r.part = n.part and r.key is not distinct from n.key and r.stage = n.stage
    left join picked p on p.part = n.part and p.key is not distinct from n.key and p.stage = n.stage
  `);
  const answers: FunnelRow[][] = qs.map(() => []);
  for (const r of result.rows) answers[r.part]?.push(funnelRow(r));
  return answers;
}

// What the KPI table needs of the funnel: entered and moved on per group and stage, from the counts alone.
export async function queryStageFlow(
  db: Executor,
  q: FunnelQuery,
): Promise<Pick<FunnelRow, 'key' | 'stage' | 'entered' | 'movedOn'>[]> {
  const result = await db.execute<{
    key: string | null;
    stage: FunnelStage;
    entered: string;
    moved: string;
  }>(sql`
    select ${grouping[q.groupBy].key} as key, stage, entered, moved from (
      select owner, manager, txt, stage, sum(entered) as entered, sum(moved) as moved
      from (${sql.join(contributions(q, false, 0, null), sql` union all `)}) c
      group by 1, 2, 3, 4 having sum(entered) <> 0) g`);
  return result.rows.map((r) => ({
    key: r.key,
    stage: r.stage,
    entered: Number(r.entered),
    movedOn: Number(r.moved),
  }));
}

const hourMs = 3_600_000;
const dayMs = 86_400_000;
const utcDay = (at: number) => new Date(at).toISOString().slice(0, 10);

// The whole UTC days [first, end) one funnel reads from the org day roll-up.
interface OrgDays {
  part: number;
  first: number;
  end: number;
}

// The stage rows entered in [from, to) that closed after `asOf` (ms), for one funnel.
interface OrgClosing {
  part: number;
  asOf: number;
  from: number;
  to: number;
}

// What the ungrouped org funnels of one statement leave to be read once for all of them.
interface OrgShared {
  days: OrgDays[];
  closings: OrgClosing[];
}

// The signed rows (mask, owner, manager, txt, stage, reason, seconds, entered, moved, lost, timed) whose sums per
// group and stage are funnel `part`'s: `mask` the funnels a row counts towards (this one's bit), owner/manager/txt what
// its grouping groups by, `reason` names a lost row's reason ('' otherwise), `seconds` a moved row's rounded time in
// stage, `timed` its weight in the times' histogram. With `times` false the rows carry the counts only. An ungrouped
// org funnel's whole days and its rows closed after "as of" are left to `shared` (read once for every funnel) when it
// is given.
function contributions(q: FunnelQuery, times: boolean, part: number, shared: OrgShared | null): SQL[] {
  const key = groupColumns(grouping[q.groupBy]);
  const mask = sql`${1 << part}::int`;
  const scoped = sql`${scopeWhere(q.scope, sql`s.owner_id`, sql`s.manager_id`)}
    and ${leadWhere(q.leads, sql`s.source`, sql`s.routing_rule`)}`;
  const org = q.groupBy === 'none' && q.scope.kind === 'org' && !q.leads;
  const [from, to] = [q.from.getTime(), q.to.getTime()];
  const first = Math.ceil(from / dayMs) * dayMs;
  const end = Math.floor(to / dayMs) * dayMs;
  // What the roll-ups cover: [coveredFrom, coveredTo).
  const unit = org ? hourMs : dayMs;
  const coveredFrom = Math.ceil(from / unit) * unit;
  const coveredTo = Math.floor(to / unit) * unit;
  const parts: SQL[] = [];
  const ragged: [number, number][] = [];
  if (coveredFrom < coveredTo) {
    const days = sql`s.day >= ${utcDay(first)}::date and s.day < ${utcDay(end)}::date`;
    if (first < end && org && shared) shared.days.push({ part, first, end });
    else if (first < end && org) parts.push(...orgRollupRows([{ part, first, end }]));
    else if (first < end) {
      parts.push(sql`select ${mask} as mask, ${key}, s.stage, s.lost_reason as reason,
          null::numeric as seconds, s.entered, s.moved, s.lost, 0::bigint as timed
        from report_stage_days s where ${days} and ${scoped}`);
      if (times)
        parts.push(sql`select ${mask}, ${key}, s.stage, '', s.seconds, 0::bigint, 0::bigint, 0::bigint, s.n
          from report_stage_day_times s where ${days} and ${scoped}`);
    }
    const hours: [number, number][] =
      first < end
        ? [
            [coveredFrom, first],
            [end, coveredTo],
          ]
        : [[coveredFrom, coveredTo]];
    const inHours = hours
      .filter(([a, b]) => a < b)
      .map(([a, b]) => sql`(s.hour >= ${new Date(a)} and s.hour < ${new Date(b)})`);
    if (inHours.length > 0)
      parts.push(sql`select ${mask} as mask, ${key}, s.stage, s.lost_reason as reason, s.seconds, s.entered,
          s.moved, s.lost, s.moved as timed
        from report_org_stage_hours s where ${sql.join(inHours, sql` or `)}`);
    if (org && shared)
      shared.closings.push({ part, asOf: q.asOf.getTime(), from: coveredFrom, to: coveredTo });
    else parts.push(closedAfter(q.asOf, mask, key, scoped, new Date(coveredFrom), new Date(coveredTo)));
    if (from < coveredFrom) ragged.push([from, coveredFrom]);
    if (coveredTo < to) ragged.push([coveredTo, to]);
  } else {
    ragged.push([from, to]);
  }
  for (const [a, b] of ragged)
    parts.push(sql`select ${mask} as mask, ${key}, s.stage, o.reason, o.seconds, 1::bigint as entered, o.moved,
        o.lost, o.moved as timed
      from report_lead_stages s,
        lateral report_stage_outcome(s.entered_at, s.left_at, s.lost_at, s.lost_reason, ${q.asOf}) o
      where s.entered_at >= ${new Date(a)} and s.entered_at < ${new Date(b)} and ${scoped}`);
  return parts;
}

// Days since the epoch of a UTC midnight; the Monday on or after day `d`, and on or before it (day 4 was a Monday).
const dayNumber = (at: number) => Math.round(at / dayMs);
const mondayFrom = (d: number) => d + ((7 - ((d + 3) % 7)) % 7);
const mondayTo = (d: number) => d - ((d + 3) % 7);
const isoDay = (d: number) => utcDay(d * dayMs);

// The org roll-ups once over every funnel's whole days, each row with the funnels whose days hold it: the whole ISO
// weeks inside a funnel's days from the week roll-up, the days around them from the day roll-up.
function orgRollupRows(funnels: readonly OrgDays[]): SQL[] {
  const weeks: { bit: number; from: number; to: number }[] = [];
  const days: { bit: number; from: number; to: number }[] = [];
  for (const f of funnels) {
    const [first, end] = [dayNumber(f.first), dayNumber(f.end)];
    const [weekFrom, weekTo] = [mondayFrom(first), mondayTo(end)];
    const bit = 1 << f.part;
    if (weekFrom < weekTo) {
      weeks.push({ bit, from: weekFrom, to: weekTo });
      days.push({ bit, from: first, to: weekFrom }, { bit, from: weekTo, to: end });
    } else days.push({ bit, from: first, to: end });
  }
  return [
    shared('report_org_stage_weeks', sql`s.week`, weeks),
    shared('report_org_stage_days', sql`s.day`, days),
  ].filter((part): part is SQL => part !== null);
}

// One roll-up's rows in the ranges of days [from, to) given, each with the bits of the ranges that hold it; only the
// rows inside some range are read (a funnel's days around its weeks leave most days between them out).
function shared(table: string, day: SQL, ranges: { bit: number; from: number; to: number }[]): SQL | null {
  const held = ranges.filter((r) => r.from < r.to);
  if (held.length === 0) return null;
  const inRange = (r: { from: number; to: number }) =>
    sql`(${day} >= ${isoDay(r.from)}::date and ${day} < ${isoDay(r.to)}::date)`;
  const bits = held.map((r) => sql`case when ${inRange(r)} then ${r.bit}::int else 0 end`);
  return sql`select m.mask, ${groupColumns(grouping.none)}, s.stage, s.lost_reason as reason, s.seconds, s.entered,
      s.moved, s.lost, s.moved as timed
    from ${sql.raw(table)} s cross join lateral (select ${sql.join(bits, sql` | `)} as mask) m
    where (${sql.join(held.map(inRange), sql` or `)})`;
}

// The roll-up counts each stage row's outcome ever; a row that closed (left, or was lost) after "as of" has another
// outcome as of then: its ever row is taken back and its as-of row added. Found through the span index (entry to
// close), so only rows still open at "as of" are read, however old the period.
function closedAfter(asOf: Date, mask: SQL, key: SQL, scoped: SQL, first: Date, end: Date): SQL {
  return sql`select ${mask} as mask, ${key}, s.stage, o.reason, o.seconds, t.sign as entered,
      t.sign * o.moved as moved, t.sign * o.lost as lost, t.sign * o.moved as timed
    from report_lead_stages s
    cross join lateral (values (-1::bigint, 'infinity'::timestamptz), (1::bigint, ${asOf}::timestamptz)) t(sign, at)
    cross join lateral report_stage_outcome(s.entered_at, s.left_at, s.lost_at, s.lost_reason, t.at) o
    where report_stage_span(s.entered_at, s.left_at, s.lost_at)
        && tstzrange(${asOf}::timestamptz, greatest(${asOf}::timestamptz, ${end}::timestamptz), '[]')
      and (s.left_at is not null or s.lost_at >= s.entered_at)
      and coalesce(s.left_at, case when s.lost_at >= s.entered_at then s.lost_at end) > ${asOf}
      and s.entered_at >= ${first} and s.entered_at < ${end} and ${scoped}`;
}

// closedAfter once for the org funnels of one "as of", each row with the funnels whose roll-up ranges hold its entry.
function sharedClosedAfter(asOf: number, closings: readonly OrgClosing[]): SQL {
  const bits = closings.map(
    (c) =>
      sql`case when s.entered_at >= ${new Date(c.from)} and s.entered_at < ${new Date(c.to)} then ${1 << c.part}::int else 0 end`,
  );
  const from = new Date(Math.min(...closings.map((c) => c.from)));
  const to = new Date(Math.max(...closings.map((c) => c.to)));
  return closedAfter(
    new Date(asOf),
    sql`(${sql.join(bits, sql` | `)})`,
    groupColumns(grouping.none),
    sql`true`,
    from,
    to,
  );
}

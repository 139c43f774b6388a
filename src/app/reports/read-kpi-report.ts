// Use case (query): the KPI table of a period — one row per person of the asker's tree (or the org), each level the
// sum of its children, with attainment against targets and the rates derived from the sums.
import { queryStageFlow } from '../../db/reports/funnel-query.ts';
import { type KpiMetric, queryKpi } from '../../db/reports/kpi-query.ts';
import { queryDailySales } from '../../db/reports/sales-query.ts';
import type { FunnelStage } from '../../domain/reports/funnel.ts';
import { deriveKpi, type Kpi, type KpiFacts, kpiMonoid } from '../../domain/reports/kpi.ts';
import type { Period } from '../../domain/reports/period.ts';
import type { Totals } from '../../domain/reports/stats.ts';
import { monthlyTargetOf, periodTarget } from '../../domain/reports/targets.ts';
import {
  type Attributed,
  type FlatRow,
  flatten,
  mapTree,
  type Person,
  rollUp,
  subtreeOf,
  type TreeNode,
} from '../../domain/reports/tree.ts';
import { localDate } from '../../domain/time.ts';
import type { Actor, AppDeps } from '../deps.ts';
import { type OrgCurrencyTotal, orgCurrencyTotal } from '../fx/org-currency-total.ts';
import { openReport, type ReportRequest } from './report-window.ts';
import type { ResolvedScope } from './resolve-report-scope.ts';
import { targetDefaults } from './target-defaults.ts';

export interface KpiReport {
  period: Period;
  scope: ResolvedScope['view'];
  // Targets and attainment are in this currency.
  currency: string;
  tree: TreeNode<Kpi>;
  // The tree depth-first, each level ranked by approved value in the org currency (highest first).
  rows: FlatRow<Kpi>[];
  // The whole report's approved value and collections in the org currency beside the per-currency figures: every
  // currency converted at its rate on the report's last day (the period's end, or today), or — when one has no rate —
  // no total, and the missing rates named. Attainment counts the org currency only, as before.
  approvedInOrgCurrency: OrgCurrencyTotal;
  collectedInOrgCurrency: OrgCurrencyTotal;
}

export type KpiRequest = ReportRequest;

// The days of sales DSO contributions are measured against.
const salesWindowDays = 90;

export async function readKpiReport(deps: AppDeps, actor: Actor, request: KpiRequest): Promise<KpiReport> {
  const { people, resolved, w } = await openReport(deps, actor, request);
  const currency = deps.policy.org.currency;
  // Three independent reads: run side by side on the pool rather than one after another.
  const [rows, stageRows, sales] = await Promise.all([
    queryKpi(deps.db, {
      from: w.from,
      to: w.to,
      asOf: w.asOf,
      today: w.today,
      scope: resolved.scope,
      leads: resolved.leads,
    }),
    queryStageFlow(deps.db, {
      from: w.from,
      to: w.to,
      asOf: w.asOf,
      groupBy: 'repTeam',
      scope: resolved.scope,
      leads: resolved.leads,
    }),
    queryDailySales(deps.db, {
      today: w.today,
      asOf: w.asOf,
      scope: { kind: 'org' },
      days: salesWindowDays,
      timezone: w.timezone,
    }),
  ]);
  const facts = new Map<string, Attributed<KpiFacts>>();
  const factOf = (ownerId: string, managerId: string | null) => {
    const key = `${ownerId}|${managerId ?? ''}`;
    let f = facts.get(key);
    if (!f) {
      f = { ownerId, managerId, figures: kpiMonoid.empty() };
      facts.set(key, f);
    }
    return f.figures;
  };
  for (const r of rows) applyMetric(factOf(r.ownerId, r.managerId), r.metric, r.currency, r.sum, r.count);
  for (const r of stageRows) {
    const [ownerId, managerId] = (r.key ?? '').split(':');
    if (!ownerId) continue;
    factOf(ownerId, managerId || null).stages[r.stage as FunnelStage] = {
      entered: r.entered,
      movedOn: r.movedOn,
    };
  }
  const defaults = targetDefaults(deps.policy);
  const byId = new Map(people.map((p) => [p.id, p]));
  for (const p of targetedPeople(people, resolved)) {
    const managerEmail = p.managerId ? (byId.get(p.managerId)?.email ?? null) : null;
    const monthly = monthlyTargetOf(p, managerEmail, defaults);
    if (monthly)
      factOf(p.id, p.managerId).targetMinor += periodTarget(monthly.minor, w.period.from, w.period.to);
  }
  const dailySales: Totals = {};
  for (const s of sales) dailySales[s.currency] = (dailySales[s.currency] ?? 0) + s.minor / salesWindowDays;
  const tree = mapTree(
    rollUp(people, resolved.rootId, [...facts.values()], kpiMonoid, deps.policy.org.name),
    (f) => deriveKpi(f, currency, dailySales),
  );
  const rateDay = localDate(w.asOf, w.timezone);
  return {
    period: request.period,
    scope: resolved.view,
    currency,
    tree,
    rows: flatten(tree, (k) => k.approvedValue[currency] ?? 0),
    approvedInOrgCurrency: await orgCurrencyTotal(deps.db, tree.figures.approvedValue, currency, rateDay),
    collectedInOrgCurrency: await orgCurrencyTotal(deps.db, tree.figures.collected, currency, rateDay),
  };
}

// Active people the report covers who may carry a target: everyone in the tree, or the named owners.
// A report narrowed to a source or rule has none: a target is for all of a person's business, not one channel's.
function targetedPeople(people: readonly Person[], resolved: ResolvedScope): Person[] {
  if (resolved.leads) return [];
  const scope = resolved.scope;
  const ids =
    scope.kind === 'org'
      ? null
      : scope.kind === 'owners'
        ? new Set(scope.ownerIds)
        : subtreeOf(people, scope.rootId);
  return people.filter((p) => p.active && (ids === null || ids.has(p.id)));
}

function applyMetric(
  f: KpiFacts,
  metric: KpiMetric,
  currency: string | null,
  sum: number,
  count: number,
): void {
  const add = (totals: Totals) => {
    if (currency) totals[currency] = (totals[currency] ?? 0) + sum;
  };
  switch (metric) {
    case 'new':
      f.newLeads += count;
      return;
    case 'accepted':
      f.accepted += count;
      return;
    case 'accept_timeout':
      f.acceptTimeouts += count;
      return;
    case 'first_contact':
      f.firstContacts += count;
      return;
    case 'first_contact_timeout':
      f.firstContactTimeouts += count;
      return;
    case 'won':
      f.won += count;
      return;
    case 'lost':
      f.lost += count;
      return;
    case 'approved':
      f.ordersApproved += count;
      add(f.approvedValue);
      return;
    case 'decided':
      f.ordersDecided += count;
      f.approvalSeconds += sum;
      return;
    case 'collected':
      add(f.collected);
      return;
    case 'open':
      add(f.open);
      return;
    case 'overdue':
      add(f.open);
      add(f.overdue);
      f.overdueCount += count;
      return;
  }
}

// Use case (query): the collection dashboard — open and overdue per currency, aging, collection rate of the period,
// count-back DSO, expected cash for the next 8 weeks, top overdue customers, rankings by rep and region, promises to
// pay kept or broken, and reconciliation exceptions still open (org-wide viewers only: they are finance's queue).
// Narrowed to a lead source or routing rule, every figure counts only the orders made from those leads (an order
// without a lead is in no such scope) and exceptions, which belong to no lead, are left out.

import { queryBalanceHistory } from '../../db/reports/balance-history-query.ts';
import {
  queryDueCollected,
  queryOpenReceivables,
  queryPromises,
} from '../../db/reports/receivables-query.ts';
import { queryDailySales } from '../../db/reports/sales-query.ts';
import { type AgingBucket, agingBuckets, type CollectionRate } from '../../domain/collections/aging.ts';
import { type DsoTrend, dsoTrend, dsoTrendDays, dsoTrendSalesDays } from '../../domain/reports/dso-trend.ts';
import { type Period, periodInstants } from '../../domain/reports/period.ts';
import {
  type CashWeek,
  countBackDso,
  dailySeries,
  type PromiseStats,
  promiseStats,
} from '../../domain/reports/receivables.ts';
import type { Totals } from '../../domain/reports/stats.ts';
import { addDays } from '../../domain/time.ts';
import type { Actor, AppDeps } from '../deps.ts';
import { type OrgCurrencyTotal, orgCurrencyTotal } from '../fx/org-currency-total.ts';
import { type ReportExceptions, readOpenExceptions } from './read-open-exceptions.ts';
import { openReport, type ReportRequest } from './report-window.ts';
import type { ResolvedScope } from './resolve-report-scope.ts';

export interface RankedBalance {
  // A user id or a region; null for none.
  key: string | null;
  label: string;
  open: Totals;
  overdue: Totals;
  overdueCount: number;
}

export interface ReceivablesReport extends ReportExceptions {
  period: Period;
  scope: ResolvedScope['view'];
  today: string;
  open: Totals;
  overdue: Totals;
  overdueCount: number;
  openCount: number;
  aging: Record<AgingBucket, Totals>;
  // Of the installments due in the period, the share collected, per currency.
  collection: CollectionRate[];
  // Count-back DSO per currency over up to a year of approved orders.
  dso: { currency: string; days: number; capped: boolean }[];
  // Count-back DSO at each of the last 6 month-ends and today (the open balance each day ended with), per currency.
  dsoTrend: DsoTrend[];
  expectedCash: CashWeek[];
  // oldestDays: how late the customer's most overdue installment is.
  topOverdueCustomers: {
    name: string;
    currency: string;
    overdue: number;
    count: number;
    oldestDays: number;
  }[];
  byRep: RankedBalance[];
  byRegion: RankedBalance[];
  promises: PromiseStats;
  // Open and overdue converted to the org currency at the latest rates on or before today (issue 14).
  openInOrgCurrency: OrgCurrencyTotal;
  overdueInOrgCurrency: OrgCurrencyTotal;
}

export type ReceivablesRequest = ReportRequest;

const dsoWindowDays = 365;
const topCustomers = 10;

export async function readReceivablesReport(
  deps: AppDeps,
  actor: Actor,
  request: ReceivablesRequest,
): Promise<ReceivablesReport> {
  const { people, resolved, w } = await openReport(deps, actor, request);
  const base = { today: w.today, asOf: w.asOf, scope: resolved.scope, leads: resolved.leads };
  const groups = await queryOpenReceivables(deps.db, base);
  const due = await queryDueCollected(deps.db, { ...base, fromDay: w.period.from, toDay: w.period.to });
  const trendDays = dsoTrendDays(w.today);
  const sales = await queryDailySales(deps.db, {
    ...base,
    days: dsoTrendSalesDays(trendDays, dsoWindowDays),
    timezone: w.timezone,
  });
  const pastBalances = await queryBalanceHistory(deps.db, {
    cuts: trendDays.slice(0, -1).map((day) => ({
      day,
      at: periodInstants({ kind: 'range', from: day, to: day }, w.timezone).to,
    })),
    asOf: w.asOf,
    scope: resolved.scope,
    leads: resolved.leads,
  });
  const promises = await queryPromises(deps.db, { ...base, from: w.from, to: w.to });
  const exceptions = await readOpenExceptions(deps, actor, resolved, w.now);

  const open: Totals = {};
  const overdue: Totals = {};
  let overdueCount = 0;
  let openCount = 0;
  const aging = Object.fromEntries(agingBuckets.map((b) => [b, {} as Totals])) as Record<AgingBucket, Totals>;
  const expectedCash: CashWeek[] = Array.from({ length: 8 }, (_, i) => ({
    from: addDays(w.today, i * 7),
    to: addDays(w.today, i * 7 + 6),
    expected: {},
  }));
  const customers: ReceivablesReport['topOverdueCustomers'] = [];
  const names = new Map(people.map((p) => [p.id, p.name]));
  const ranked = (by: 'owner' | 'region') => {
    const out = new Map<string | null, RankedBalance>();
    for (const g of groups.filter((x) => x.by === by)) {
      const label = by === 'owner' ? (g.key ? (names.get(g.key) ?? g.key) : '') : (g.key ?? '');
      const row = out.get(g.key) ?? { key: g.key, label, open: {}, overdue: {}, overdueCount: 0 };
      row.open[g.currency] = g.open;
      if (g.overdue > 0) row.overdue[g.currency] = g.overdue;
      row.overdueCount += g.overdueCount;
      out.set(g.key, row);
    }
    return [...out.values()].sort(
      (a, b) =>
        sumOf(b.overdue) - sumOf(a.overdue) ||
        sumOf(b.open) - sumOf(a.open) ||
        a.label.localeCompare(b.label),
    );
  };
  for (const g of groups) {
    if (g.by === 'currency') {
      open[g.currency] = g.open;
      if (g.overdue > 0) overdue[g.currency] = g.overdue;
      overdueCount += g.overdueCount;
      openCount += g.openCount;
    } else if (g.by === 'bucket' && g.key && Object.hasOwn(aging, g.key)) {
      aging[g.key as AgingBucket][g.currency] = g.overdue;
    } else if (g.by === 'week' && g.key !== null) {
      const week = expectedCash[Number(g.key)];
      if (week) week.expected[g.currency] = g.open;
    } else if (g.by === 'customer' && g.key && g.overdue > 0) {
      customers.push({
        name: g.key,
        currency: g.currency,
        overdue: g.overdue,
        count: g.overdueCount,
        oldestDays: g.oldestDaysLate,
      });
    }
  }
  customers.sort((a, b) => b.overdue - a.overdue || a.name.localeCompare(b.name));
  const dso = Object.entries(open)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, minor]) => ({
      currency,
      ...countBackDso(
        minor,
        dailySeries(
          sales.filter((s) => s.currency === currency),
          w.today,
          dsoWindowDays,
        ),
      ),
    }));
  return {
    period: request.period,
    scope: resolved.view,
    today: w.today,
    open,
    overdue,
    overdueCount,
    openCount,
    aging,
    collection: due.map((d) => ({
      ...d,
      percent: d.dueMinor === 0 ? null : Math.round((d.collectedMinor * 1000) / d.dueMinor) / 10,
    })),
    dso,
    dsoTrend: dsoTrend(
      trendDays,
      [
        ...pastBalances,
        ...Object.entries(open).map(([currency, minor]) => ({ day: w.today, currency, minor })),
      ],
      sales,
      dsoWindowDays,
    ),
    expectedCash,
    topOverdueCustomers: customers.slice(0, topCustomers),
    byRep: ranked('owner'),
    byRegion: ranked('region'),
    promises: promiseStats(promises),
    openInOrgCurrency: await orgCurrencyTotal(deps.db, open, deps.policy.org.currency, w.today),
    overdueInOrgCurrency: await orgCurrencyTotal(deps.db, overdue, deps.policy.org.currency, w.today),
    ...exceptions,
  };
}

// For ranking only: rows with several currencies order by their summed minor units.
function sumOf(t: Totals): number {
  return Object.values(t).reduce((s, n) => s + n, 0);
}

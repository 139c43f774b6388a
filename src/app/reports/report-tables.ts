// Owns each report as a flat table (one header, many rows) for CSV and XLSX: amounts in major units per currency
// column, rates as percentages, hours as numbers.
import { decimalsOf } from '../../domain/money.ts';
import type { Totals } from '../../domain/reports/stats.ts';
import type { FunnelReport } from './read-funnel-report.ts';
import type { KpiReport } from './read-kpi-report.ts';
import type { ReportExceptions } from './read-open-exceptions.ts';
import type { ProcessReport } from './read-process-report.ts';
import type { ReceivablesReport } from './read-receivables-report.ts';

export type Cell = string | number | null;
export interface Table {
  columns: string[];
  rows: Cell[][];
}

const pct = (r: number | null) => (r === null ? null : Math.round(r * 1000) / 10);
const hours = (s: number | null) => (s === null ? null : Math.round((s / 3600) * 10) / 10);
const major = (minor: number | undefined, currency: string) =>
  minor === undefined ? null : minor / 10 ** decimalsOf(currency);
const currenciesOf = (totals: Totals[]) => [...new Set(totals.flatMap((t) => Object.keys(t)))].sort();
const round1 = (n: number | null) => (n === null ? null : Math.round(n * 10) / 10);

// Open reconciliation exceptions and the oldest one's age, as figure rows; none for a viewer who does not see them.
function exceptionRows(r: ReportExceptions, currency: Cell[]): Cell[][] {
  if (r.exceptions === null) return [];
  const oldest = r.exceptions.reduce<number | null>(
    (max, e) => (e.oldestHours === null ? max : Math.max(max ?? 0, e.oldestHours)),
    null,
  );
  return [
    ['open_exceptions', ...currency, r.exceptions.reduce((n, e) => n + e.count, 0)],
    ['oldest_exception_hours', ...currency, round1(oldest)],
  ];
}

export function funnelTable(r: FunnelReport): Table {
  const groups = r.groupBy === 'none' ? [{ label: '', stages: r.total }] : r.groups;
  return {
    columns: [
      'group',
      'stage',
      'entered',
      'moved_on',
      'lost',
      'still_there',
      'conversion_pct',
      'median_hours',
      'p90_hours',
      'lost_reasons',
    ],
    rows: groups.flatMap((g) =>
      g.stages.map((s) => [
        g.label,
        s.stage,
        s.entered,
        s.movedOn,
        s.lost,
        s.stillThere,
        pct(s.conversion),
        hours(s.medianSeconds),
        hours(s.p90Seconds),
        Object.entries(s.lostReasons)
          .map(([k, n]) => `${k}:${n}`)
          .join(' '),
      ]),
    ),
  };
}

export function kpiTable(r: KpiReport): Table {
  const cur = currenciesOf(
    r.rows.flatMap((x) => [x.figures.approvedValue, x.figures.collected, x.figures.open]),
  );
  return {
    columns: [
      'depth',
      'name',
      'former_member',
      'new_leads',
      'accept_sla_pct',
      'first_contact_sla_pct',
      'win_rate_pct',
      'orders_approved',
      ...cur.map((c) => `approved_${c}`),
      ...cur.map((c) => `collected_${c}`),
      ...cur.map((c) => `overdue_${c}`),
      'approval_hours',
      `target_${r.currency}`,
      'attainment_pct',
    ],
    rows: r.rows.map((x) => {
      const k = x.figures;
      return [
        x.depth,
        x.name,
        x.former ? 'yes' : 'no',
        k.newLeads,
        pct(k.acceptSla),
        pct(k.firstContactSla),
        pct(k.winRate),
        k.ordersApproved,
        ...cur.map((c) => major(k.approvedValue[c] ?? 0, c)),
        ...cur.map((c) => major(k.collected[c] ?? 0, c)),
        ...cur.map((c) => major(k.overdue[c] ?? 0, c)),
        k.approvalHours === null ? null : Math.round(k.approvalHours * 10) / 10,
        major(k.targetMinor, r.currency),
        pct(k.attainment),
      ];
    }),
  };
}

// The dashboard's headline figures, one row each: per currency (open, overdue, what fell due in the period and came
// in, collection rate, DSO), then those that have no currency (promises to pay, exceptions). Long rather than wide so
// a new currency is rows, not columns.
export function receivablesSummaryTable(r: ReceivablesReport): Table {
  const collection = new Map(r.collection.map((c) => [c.currency, c]));
  const dso = new Map(r.dso.map((d) => [d.currency, d]));
  const rows: Cell[][] = [];
  const currencies = new Set([
    ...Object.keys(r.open),
    ...Object.keys(r.overdue),
    ...collection.keys(),
    ...dso.keys(),
  ]);
  for (const c of [...currencies].sort()) {
    const due = collection.get(c);
    const d = dso.get(c);
    rows.push(
      ['open', c, major(r.open[c] ?? 0, c)],
      ['overdue', c, major(r.overdue[c] ?? 0, c)],
      ['due_in_period', c, major(due?.dueMinor ?? 0, c)],
      ['collected_in_period', c, major(due?.collectedMinor ?? 0, c)],
      ['collection_rate_pct', c, due?.percent ?? null],
      ['dso_days', c, d ? d.days : null],
      ['dso_capped', c, d ? (d.capped ? 'yes' : 'no') : null],
    );
  }
  rows.push(
    ['promises_kept', '', r.promises.kept],
    ['promises_broken', '', r.promises.broken],
    ['promises_open', '', r.promises.open],
    ['promises_kept_pct', '', pct(r.promises.keptRate)],
    ...exceptionRows(r, ['']),
  );
  return { columns: ['figure', 'currency', 'value'], rows };
}

// Overdue per aging bucket, a column per currency.
export function agingTable(r: ReceivablesReport): Table {
  const cur = currenciesOf(Object.values(r.aging));
  return {
    columns: ['days_overdue', ...cur],
    rows: Object.entries(r.aging).map(([bucket, t]) => [bucket, ...cur.map((c) => major(t[c] ?? 0, c))]),
  };
}

// What is still owed on installments falling due in each of the next 8 weeks, a column per currency.
export function expectedCashTable(r: ReceivablesReport): Table {
  const cur = currenciesOf(r.expectedCash.map((w) => w.expected));
  return {
    columns: ['week_from', 'week_to', ...cur],
    rows: r.expectedCash.map((w) => [w.from, w.to, ...cur.map((c) => major(w.expected[c] ?? 0, c))]),
  };
}

export function topOverdueTable(r: ReceivablesReport): Table {
  return {
    columns: ['customer', 'currency', 'overdue', 'overdue_installments', 'oldest_days_overdue'],
    rows: r.topOverdueCustomers.map((x) => [
      x.name,
      x.currency,
      major(x.overdue, x.currency),
      x.count,
      x.oldestDays,
    ]),
  };
}

export function receivablesTable(r: ReceivablesReport): Table {
  const rows: Cell[][] = [];
  for (const [by, list] of [
    ['rep', r.byRep],
    ['region', r.byRegion],
  ] as const)
    for (const x of list)
      for (const c of Object.keys(x.open).sort())
        rows.push([by, x.label, c, major(x.open[c], c), major(x.overdue[c] ?? 0, c), x.overdueCount]);
  return { columns: ['ranking', 'name', 'currency', 'open', 'overdue', 'overdue_installments'], rows };
}

// The DSO trend: one row per currency and point (each month-end, then today), the balance that day ended with and the
// month's credit sales beside the count-back DSO they give.
export function dsoTrendTable(r: ReceivablesReport): Table {
  return {
    columns: ['month_end', 'currency', 'dso_days', 'dso_capped', 'open_balance', 'sales'],
    rows: r.dsoTrend.flatMap((t) =>
      t.points.map((p) => [
        p.day,
        t.currency,
        p.days,
        p.capped ? 'yes' : 'no',
        major(p.openMinor, t.currency),
        major(p.salesMinor, t.currency),
      ]),
    ),
  };
}

// Process health's headline figures, one row each.
export function processSummaryTable(r: ProcessReport): Table {
  return {
    columns: ['figure', 'value'],
    rows: [
      ['accept_sla_breaches', r.breaches.accept],
      ['first_contact_sla_breaches', r.breaches.firstContact],
      ['reroutes', r.reroutes],
      ['escalated_to_manager', r.escalated],
      ['stuck_approvals', r.stuckApprovals.count],
      ['approval_sla_hours', r.stuckApprovals.slaHours],
      ...exceptionRows(r, []),
    ],
  };
}

export function breachesByRepTable(r: ProcessReport): Table {
  return {
    columns: ['rep', 'accept_sla_breaches', 'first_contact_sla_breaches', 'declined'],
    rows: r.byRep.map((x) => [x.name, x.acceptBreaches, x.firstContactBreaches, x.declined]),
  };
}

// The approvals waiting longest past their SLA (the report keeps the oldest few; the summary has how many there are).
export function stuckApprovalsTable(r: ProcessReport): Table {
  return {
    columns: ['order', 'level', 'approver', 'waiting_hours'],
    rows: r.stuckApprovals.oldest.map((x) => [
      x.orderNumber,
      x.levelName,
      x.approverName,
      round1(x.waitingHours),
    ]),
  };
}

export function processTable(r: ProcessReport): Table {
  return {
    columns: ['level', 'approver', 'decided', 'median_hours', 'p90_hours'],
    rows: r.approvalCycles.map((a) => [a.levelName, a.approverName, a.decided, a.medianHours, a.p90Hours]),
  };
}

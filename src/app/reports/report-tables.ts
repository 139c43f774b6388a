// Owns each report as a flat table (one header, many rows) for CSV and XLSX: amounts in major units per currency
// column, rates as percentages, hours as numbers.
import { decimalsOf } from '../../domain/money.ts';
import type { Totals } from '../../domain/reports/stats.ts';
import type { FunnelReport } from './read-funnel-report.ts';
import type { KpiReport } from './read-kpi-report.ts';
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

export function processTable(r: ProcessReport): Table {
  return {
    columns: ['level', 'approver', 'decided', 'median_hours', 'p90_hours'],
    rows: r.approvalCycles.map((a) => [a.levelName, a.approverName, a.decided, a.medianHours, a.p90Hours]),
  };
}

// Owns what an export is asked for — which records (leads, orders, installments, receivables, audit), the file format,
// the period and filters — read from the words of `export …` or the query of GET /api/exports/<kind>.
import type { Action } from '../access/actions.ts';
import { invalid } from '../errors.ts';
import {
  isIsoDate,
  namedPeriod,
  type Period,
  periodError,
  rangePeriod,
  spacedRange,
  splitRange,
} from '../reports/period.ts';

export const exportKinds = ['leads', 'orders', 'installments', 'receivables', 'audit'] as const;
export type ExportKind = (typeof exportKinds)[number];
export type ExportFormat = 'csv' | 'xlsx';

// The permission each export reads under: its rows are the ones that permission reaches.
export const exportAction: Record<ExportKind, Action> = {
  leads: 'lead.read',
  orders: 'order.read',
  installments: 'order.read',
  receivables: 'receivables.read',
  audit: 'audit.read',
};

export interface ExportFilters {
  // A person (name, email, @mention) whose records only.
  owner?: string;
  status?: string;
  source?: string;
  region?: string;
}

// The filters that narrow each kind; any other is refused rather than ignored, so a file never claims a narrowing it
// lacks. The audit log is kept whole (only the period narrows it); receivables are by definition what approved orders
// still owe, so a status cannot narrow them.
export const exportFiltersOf: Record<ExportKind, readonly (keyof ExportFilters)[]> = {
  leads: ['owner', 'status', 'source', 'region'],
  orders: ['owner', 'status', 'source', 'region'],
  installments: ['owner', 'status', 'source', 'region'],
  receivables: ['owner', 'source', 'region'],
  audit: [],
};

// The first filter asked for that the kind cannot be narrowed by, refused naming it and the ones it can.
export function checkExportFilters(kind: ExportKind, filters: ExportFilters): void {
  const allowed = exportFiltersOf[kind];
  for (const key of Object.keys(filters) as (keyof ExportFilters)[]) {
    if (filters[key] !== undefined && !allowed.includes(key))
      throw allowed.length > 0
        ? invalid('export_filter_not_for_kind', key, { key, kind, keys: allowed.join(' ') })
        : invalid('export_period_only', key, { key, kind });
  }
}

export interface ExportRequest {
  kind: ExportKind;
  format: ExportFormat;
  // Local calendar dates; null for everything (receivables are always as of today).
  period: Period | null;
  filters: ExportFilters;
}

const kindWords: Record<string, ExportKind> = {
  leads: 'leads',
  lead: 'leads',
  线索: 'leads',
  orders: 'orders',
  order: 'orders',
  订单: 'orders',
  installments: 'installments',
  installment: 'installments',
  分期: 'installments',
  receivables: 'receivables',
  ar: 'receivables',
  应收: 'receivables',
  audit: 'audit',
  审计: 'audit',
};

export function exportKindOf(word: string): ExportKind | null {
  const w = word.toLowerCase();
  return Object.hasOwn(kindWords, w) ? (kindWords[w] ?? null) : null;
}

const filterKeys: Record<string, keyof ExportFilters> = {
  owner: 'owner',
  rep: 'owner',
  销售: 'owner',
  status: 'status',
  状态: 'status',
  source: 'source',
  来源: 'source',
  region: 'region',
  区域: 'region',
};

// `export leads month xlsx status:accepted owner:@li`: the kind first, then in any order a period word or
// from..to range, csv|xlsx, and key:value filters. Anything not understood is refused naming the word.
export function readExportWords(
  positional: readonly string[],
  named: Readonly<Record<string, string>>,
  today: string,
): ExportRequest {
  const [first, ...rest] = positional;
  const kind = first ? exportKindOf(first) : null;
  if (!kind) throw invalid('export_bad_kind', 'kind', { word: first ?? '', kinds: exportKinds.join(' | ') });
  let format: ExportFormat = 'csv';
  let period: Period | null = null;
  for (let i = 0; i < rest.length; i++) {
    const word = rest[i] as string;
    const w = word.toLowerCase();
    if (w === 'csv' || w === 'xlsx') {
      format = w;
      continue;
    }
    // A range in one word, two dates apart ("2026-10-01 至 2026-10-31"), or one date for that day alone.
    const spaced = spacedRange(rest, i);
    const range =
      splitRange(word) ?? (spaced ? [spaced.from, spaced.to] : isIsoDate(word) ? [word, word] : null);
    if (spaced) i += spaced.words - 1;
    const p = range ? rangePeriod(range[0], range[1]) : (namedPeriod(w, today) ?? 'unknown');
    if (p === 'out_of_range') throw periodError(p, word);
    if (typeof p === 'string') throw invalid('export_bad_word', 'period', { word });
    period = p;
  }
  const filters: ExportFilters = {};
  for (const [key, value] of Object.entries(named)) {
    const k = Object.hasOwn(filterKeys, key.toLowerCase()) ? filterKeys[key.toLowerCase()] : undefined;
    if (!k) throw invalid('export_bad_filter', key, { key, keys: 'owner status source region' });
    filters[k] = value;
  }
  return { kind, format, period, filters };
}

export function exportFileName(request: ExportRequest, today: string): string {
  const span = request.period ? `${request.period.from}_${request.period.to}` : `all_${today}`;
  return `${request.kind}-${span}.${request.format}`;
}

export const exportMime: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

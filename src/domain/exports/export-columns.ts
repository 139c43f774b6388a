// Owns the columns of each export in file order, and how a stored value becomes a cell: money from integer minor units
// to the currency's decimal amount (the row's `currency` column names it), everything else as stored.
import type { Cell } from './cells.ts';
import type { ExportKind } from './export-request.ts';

export interface ExportColumn {
  key: string;
  money?: true;
}

const c = (key: string): ExportColumn => ({ key });
const m = (key: string): ExportColumn => ({ key, money: true });

export const exportColumns: Record<ExportKind, readonly ExportColumn[]> = {
  leads: [
    c('no'),
    c('created'),
    c('name'),
    c('company'),
    c('phone'),
    c('email'),
    c('source'),
    c('campaign'),
    c('region'),
    c('industry'),
    c('status'),
    c('stage'),
    c('owner'),
  ],
  orders: [
    c('number'),
    c('created'),
    c('customer'),
    c('owner'),
    c('status'),
    c('currency'),
    m('total'),
    m('tax'),
    c('plan'),
    c('submitted'),
    c('decided'),
  ],
  installments: [
    c('order'),
    c('customer'),
    c('owner'),
    c('position'),
    c('label'),
    c('due'),
    c('currency'),
    m('amount'),
    m('paid'),
    m('owed'),
    c('days_overdue'),
    c('invoice'),
  ],
  receivables: [
    c('order'),
    c('customer'),
    c('owner'),
    c('due'),
    c('currency'),
    m('owed'),
    c('days_overdue'),
    c('invoice'),
  ],
  audit: [
    c('id'),
    c('at'),
    c('actor'),
    c('platform'),
    c('action'),
    c('entity'),
    c('entity_id'),
    c('before'),
    c('after'),
  ],
};

export type ExportValue = string | number | bigint | null | undefined;

// Minor units → the currency's amount as a number (12345 CNY → 123.45), exact for any amount a ledger holds.
export function majorAmount(minor: ExportValue, decimals: number): number | null {
  if (minor === null || minor === undefined || minor === '') return null;
  const n = Number(minor);
  return Number.isFinite(n) ? n / 10 ** decimals : null;
}

export function cellOf(value: ExportValue): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number(value);
  return value;
}

// Catalogue: what a customer or product import says — the header refusals, each row's outcome and the summary.
import type { ImportedRow, SheetImportReport } from '../../app/imports/import-sheet-rows.ts';
import { type Texts, translator } from '../i18n.ts';
import type { Locale } from '../model.ts';
import { errorLines } from './errors.ts';

type Key = 'summary' | 'row' | 'rowNoColumn' | 'refusedFile' | 'moreRefused' | 'customers' | 'products';

const texts: Texts<Key> = {
  en: {
    summary:
      '{file}: {what}, {rows} rows — created {created}, updated {updated}, unchanged {unchanged}, refused {refused}.',
    row: 'line {line} · column "{column}": {reason}',
    rowNoColumn: 'line {line}: {reason}',
    refusedFile: '{file} was not imported (nothing changed): {reason}',
    moreRefused: '… and {count} more refused rows (run `closeloop import {kind}` for the full report).',
    customers: 'customers',
    products: 'products',
  },
  'zh-CN': {
    summary:
      '{file}：{what}，共 {rows} 行 — 新建 {created}，更新 {updated}，无变化 {unchanged}，拒绝 {refused}。',
    row: '第 {line} 行 · 列「{column}」：{reason}',
    rowNoColumn: '第 {line} 行：{reason}',
    refusedFile: '{file} 未导入（没有任何改动）：{reason}',
    moreRefused: '… 另有 {count} 行被拒绝（完整报告请用 `closeloop import {kind}`）。',
    customers: '客户',
    products: '产品',
  },
};

export type SheetKind = 'customers' | 'products';

export function sheetSummaryText(
  report: SheetImportReport,
  file: string,
  kind: SheetKind,
  locale: Locale,
): string {
  const t = translator(texts, locale);
  const { rows, created, updated, unchanged, refused } = report;
  return t('summary', { file, what: t(kind), rows, created, updated, unchanged, refused });
}

// One refused row: its line, the column at fault as the file names it, and what to write instead.
export function refusedRowText(row: ImportedRow, locale: Locale): string {
  const t = translator(texts, locale);
  const reason = row.error ? errorLines(row.error, locale).join('; ') : '';
  return row.column
    ? t('row', { line: row.line, column: row.column, reason })
    : t('rowNoColumn', { line: row.line, reason });
}

export function refusedFileText(file: string, reason: string, locale: Locale): string {
  return translator(texts, locale)('refusedFile', { file, reason });
}

export function moreRefusedText(count: number, kind: SheetKind, locale: Locale): string {
  return translator(texts, locale)('moreRefused', { count, kind });
}

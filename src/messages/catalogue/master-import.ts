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

export const masterImportErrors: Record<Locale, Record<string, string>> = {
  en: {
    sheet_column_unknown: 'column "{column}" is not one we import; the columns are: {known}.',
    sheet_column_unknown_near: 'column "{column}" is not one we import; did you mean "{suggestion}"?',
    sheet_column_repeated: 'column "{column}" repeats column "{earlier}"; keep one of them.',
    sheet_column_missing: 'the header has no {column} column; add it (the first row names the columns).',
    sheet_empty: 'the file is empty; the first row names the columns, e.g. name,tier,credit_limit,erp.',
    sheet_unterminated_quote: 'a quoted cell starting on line {line} never closes; add the missing ".',
    sheet_unreadable_xlsx:
      'the file is not a readable .xlsx workbook; save it again as .xlsx or export it as CSV.',
    sheet_cell_yes_no: '"{value}" is not yes or no; write true or false (是 / 否).',
  },
  'zh-CN': {
    sheet_column_unknown: '不认识列「{column}」；可导入的列：{known}。',
    sheet_column_unknown_near: '不认识列「{column}」；是不是「{suggestion}」？',
    sheet_column_repeated: '列「{column}」与列「{earlier}」重复；请只保留一列。',
    sheet_column_missing: '首行缺少「{column}」列；请补上（首行为列名）。',
    sheet_empty: '文件是空的；首行应为列名，如 客户名称,客户等级,信用额度,ERP编号。',
    sheet_unterminated_quote: '第 {line} 行开始的引号没有闭合，请补上缺少的 "。',
    sheet_unreadable_xlsx: '文件不是可读取的 .xlsx 工作簿；请重新另存为 .xlsx 或导出为 CSV。',
    sheet_cell_yes_no: '「{value}」不是 是/否；请填写 是 或 否（true / false）。',
  },
};

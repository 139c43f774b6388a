// Catalogue: what `closeloop import statement` reports of a bank statement import, zh-CN and en.
import { type Texts, translator } from '../i18n.ts';
import type { Locale } from '../model.ts';

type Key = 'summary' | 'all_known' | 'matched' | 'exceptions' | 'bad_file' | 'unreadable';

const texts: Texts<Key> = {
  en: {
    summary: '{file}: {total} line(s) — {imported} new, {skipped} skipped as already imported',
    all_known: '{file}: every line was imported before ({skipped} skipped); nothing new was written',
    matched: '  matched and posted: {matched}',
    exceptions:
      '  exceptions for finance: {exceptions} ({suggested} with suggestions to confirm, {bare} with none)',
    bad_file: '{file}: {count} bad line(s); nothing was imported',
    unreadable: 'cannot read {file}: {reason}',
  },
  'zh-CN': {
    summary: '{file}：共 {total} 行 — 新增 {imported} 行，已导入过而跳过 {skipped} 行',
    all_known: '{file}：所有流水之前都已导入（跳过 {skipped} 行），没有写入任何新数据',
    matched: '  已匹配入账：{matched}',
    exceptions: '  交给财务处理的异常：{exceptions}（其中 {suggested} 条有待确认的建议，{bare} 条没有）',
    bad_file: '{file}：{count} 行有误，未导入任何数据',
    unreadable: '无法读取 {file}：{reason}',
  },
};

export interface StatementImportCounts {
  total: number;
  imported: number;
  skipped: number;
  matched: number;
  suggested: number;
  exceptions: number;
}

// The per-file report, one line for the file and, when anything was new, one each for matches and exceptions.
export function statementImportReport(file: string, r: StatementImportCounts, locale: Locale): string[] {
  const t = translator(texts, locale);
  if (r.imported === 0 && r.total > 0) return [t('all_known', { file, skipped: r.skipped })];
  return [
    t('summary', { file, total: r.total, imported: r.imported, skipped: r.skipped }),
    t('matched', { matched: r.matched }),
    t('exceptions', {
      exceptions: r.exceptions,
      suggested: r.suggested,
      bare: r.exceptions - r.suggested,
    }),
  ];
}

export function statementBadFileText(file: string, count: number, locale: Locale): string {
  return translator(texts, locale)('bad_file', { file, count });
}

export function statementUnreadableText(file: string, reason: string, locale: Locale): string {
  return translator(texts, locale)('unreadable', { file, reason });
}

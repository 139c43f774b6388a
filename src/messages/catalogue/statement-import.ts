// Catalogue: a bank statement import — what the CLI reports of it, and the errors of a file that is refused — zh-CN and en.

import type { RepeatedLine } from '../../domain/reconcile/statement-repeats.ts';
import { type Texts, translator } from '../i18n.ts';
import type { Locale } from '../model.ts';

type Key =
  | 'summary'
  | 'all_known'
  | 'matched'
  | 'exceptions'
  | 'outgoing'
  | 'repeated'
  | 'repeatedLine'
  | 'repeatedLineId'
  | 'repeatedMore'
  | 'bad_file'
  | 'unreadable';

const texts: Texts<Key> = {
  en: {
    summary: '{file}: {total} line(s) — {imported} new, {skipped} skipped as already imported',
    all_known: '{file}: every line was imported before ({skipped} skipped); nothing new was written',
    matched: '  matched and posted: {matched}',
    exceptions:
      '  exceptions for finance: {exceptions} ({suggested} with suggestions to confirm, {bare} with none)',
    outgoing: '  money going out (fees, refunds, payments), kept for the record and not matched: {outgoing}',
    repeated: 'repeated in the file and skipped: {count} — {list}',
    repeatedLine: 'line {line} repeats line {firstLine}',
    repeatedLineId: 'line {line} repeats line {firstLine} ({id})',
    repeatedMore: '… and {more} more',
    bad_file: '{file}: {count} bad line(s); nothing was imported',
    unreadable: 'cannot read {file}: {reason}',
  },
  'zh-CN': {
    summary: '{file}：共 {total} 行 — 新增 {imported} 行，已导入过而跳过 {skipped} 行',
    all_known: '{file}：所有流水之前都已导入（跳过 {skipped} 行），没有写入任何新数据',
    matched: '  已匹配入账：{matched}',
    exceptions: '  交给财务处理的异常：{exceptions}（其中 {suggested} 条有待确认的建议，{bare} 条没有）',
    outgoing: '  支出（手续费、退款、付款），仅留存记录、不参与对账：{outgoing}',
    repeated: '文件内重复而跳过：{count} 行 — {list}',
    repeatedLine: '第 {line} 行与第 {firstLine} 行相同',
    repeatedLineId: '第 {line} 行与第 {firstLine} 行相同（{id}）',
    repeatedMore: '… 另有 {more} 行',
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
  outgoing: number;
  repeated: readonly RepeatedLine[];
}

const repeatsListed = 5;

// "repeated in the file and skipped: 2 — line 3 repeats line 2 (T1), …", or null when the file repeats nothing.
export function statementRepeatsText(repeated: readonly RepeatedLine[], locale: Locale): string | null {
  if (repeated.length === 0) return null;
  const t = translator(texts, locale);
  const list = repeated
    .slice(0, repeatsListed)
    .map((r) =>
      r.bankTxnId
        ? t('repeatedLineId', { line: r.line, firstLine: r.firstLine, id: r.bankTxnId })
        : t('repeatedLine', { line: r.line, firstLine: r.firstLine }),
    );
  if (repeated.length > repeatsListed)
    list.push(t('repeatedMore', { more: repeated.length - repeatsListed }));
  return t('repeated', { count: repeated.length, list: list.join(locale === 'zh-CN' ? '；' : '; ') });
}

// The per-file report, one line for the file, one for what the file repeats (if it does) and, when anything was
// new, one each for matches and exceptions.
export function statementImportReport(file: string, r: StatementImportCounts, locale: Locale): string[] {
  const t = translator(texts, locale);
  // `skipped` counts the repeats as well; the summary's "already imported" is the rest.
  const known = r.skipped - r.repeated.length;
  const repeats = statementRepeatsText(r.repeated, locale);
  const repeatLines = repeats ? [`  ${repeats}`] : [];
  if (r.imported === 0 && r.total > 0) return [t('all_known', { file, skipped: r.skipped }), ...repeatLines];
  return [
    t('summary', { file, total: r.total, imported: r.imported, skipped: known }),
    ...repeatLines,
    t('matched', { matched: r.matched }),
    t('exceptions', {
      exceptions: r.exceptions,
      suggested: r.suggested,
      bare: r.exceptions - r.suggested,
    }),
    ...(r.outgoing > 0 ? [t('outgoing', { outgoing: r.outgoing })] : []),
  ];
}

export function statementBadFileText(file: string, count: number, locale: Locale): string {
  return translator(texts, locale)('bad_file', { file, count });
}

export function statementUnreadableText(file: string, reason: string, locale: Locale): string {
  return translator(texts, locale)('unreadable', { file, reason });
}

// DomainError codes of a statement file that is refused (see errors.ts), each naming the line or element.
export const statementErrors: Record<Locale, Record<string, string>> = {
  en: {
    statement_rejected: 'Nothing was imported ({count} bad line(s)); fix them and send the file again.',
    statement_camt053_rejected:
      'Nothing was imported ({count} bad entry/entries); fix them and send the file again.',
    statement_more: '… and {more} more problem(s); `closeloop import statement <file>` lists every one.',
    statement_empty:
      'The statement has no lines. Send a CSV with the header date,amount,currency,payer,memo,bank_txn_id and one line per transaction.',
    statement_missing_column:
      'The header has no "{value}" column. Use the header date,amount,currency,payer,memo,bank_txn_id (any order). Nothing was imported.',
    statement_duplicate_column: 'The header names the "{value}" column twice. Nothing was imported.',
    statement_unclosed_quote: 'Line {line}: a quoted field is never closed; add the closing ".',
    statement_field_count:
      'Line {line} has {value} fields but the header has {detail}; quote values that contain commas.',
    statement_required: 'Line {line}: {column} is empty.',
    statement_date: 'Line {line}: date "{value}" is not a date; write YYYY-MM-DD, e.g. 2026-11-02.',
    statement_amount:
      'Line {line}: amount "{value}" is not an amount; write digits with at most {detail} decimals, e.g. 1234.50, no currency sign.',
    statement_amount_zero: 'Line {line}: amount is zero.',
    statement_currency: 'Line {line}: currency "{value}" is not an ISO 4217 code such as CNY or USD.',
    statement_duplicate_txn:
      'Line {line}: bank_txn_id "{value}" is already used on line {detail} for a different booking (date, amount, currency, payer or memo differ); each transaction has its own id. A line repeated exactly is skipped, not refused.',
    statement_camt053_doctype:
      'The camt.053 file carries a {value} declaration at line {line}; statements must not declare a DTD or entities. Export the file again without one. Nothing was imported.',
    statement_camt053_depth:
      'The camt.053 file nests elements {value} deep; a statement needs far fewer than 64. Nothing was imported.',
    statement_camt053_xml:
      'The camt.053 file is not well-formed XML at line {line}: {detail}. Nothing was imported.',
    statement_camt053_not_camt:
      'This XML is not a camt.053 statement: no Document/BkToCstmrStmt/Stmt element. Nothing was imported.',
    statement_camt053_amount: 'Element {column}: "{value}" is not a positive amount.',
    statement_camt053_currency: 'Element {column}: "{value}" is not an ISO 4217 currency code such as CNY.',
    statement_camt053_date: 'Element {column}: "{value}" is not a date (YYYY-MM-DD).',
    statement_camt053_required: 'Element {column} is missing or not CRDT/DBIT.',
    statement_camt053_duplicate_txn:
      'Element {column}: reference "{value}" is already used at {detail} for a different booking; each entry has its own reference. An entry repeated exactly is skipped, not refused.',
    statement_mt940_not_mt940:
      'This is not an MT940 statement: it needs :20: and :60F: fields. Nothing was imported.',
    statement_mt940_mt940_line:
      'Line {line}: "{value}" is not a valid :61: statement line (YYMMDD[MMDD]C|D amount with a decimal comma, N + type code).',
    statement_mt940_date: 'Line {line}: :61: value date "{value}" is not a date (YYMMDD).',
    statement_mt940_amount: 'Line {line}: :61: amount "{value}" is not an amount.',
    statement_mt940_currency:
      'Line {line}: opening balance "{value}" names no currency (C|D, YYMMDD, then e.g. CNY).',
    statement_mt940_duplicate_txn:
      'Line {line}: bank reference "{value}" is already used on line {detail} for a different booking; each :61: line has its own reference. A line repeated exactly is skipped, not refused.',
  },
  'zh-CN': {
    statement_rejected: '未导入任何数据（共 {count} 行有误），请改正后重新发送。',
    statement_camt053_rejected: '未导入任何数据（共 {count} 笔交易有误），请改正后重新发送。',
    statement_more: '… 另有 {more} 处问题；`closeloop import statement <文件>` 会全部列出。',
    statement_empty:
      '流水文件中没有交易行。请发送表头为 date,amount,currency,payer,memo,bank_txn_id、每行一笔交易的 CSV。',
    statement_missing_column:
      '表头缺少「{value}」列。请使用表头 date,amount,currency,payer,memo,bank_txn_id（顺序不限）。未导入任何数据。',
    statement_duplicate_column: '表头中「{value}」列出现了两次。未导入任何数据。',
    statement_unclosed_quote: '第 {line} 行：引号没有闭合，请补上 "。',
    statement_field_count: '第 {line} 行有 {value} 个字段，但表头有 {detail} 个；含逗号的值请加引号。',
    statement_required: '第 {line} 行：{column} 为空。',
    statement_date: '第 {line} 行：日期「{value}」无效，请写作 YYYY-MM-DD，如 2026-11-02。',
    statement_amount:
      '第 {line} 行：金额「{value}」无效，请只写数字，最多 {detail} 位小数，如 1234.50，不带货币符号。',
    statement_amount_zero: '第 {line} 行：金额为零。',
    statement_currency: '第 {line} 行：币种「{value}」不是 ISO 4217 代码，如 CNY 或 USD。',
    statement_duplicate_txn:
      '第 {line} 行：流水号「{value}」已在第 {detail} 行用于另一笔不同的交易（日期、金额、币种、付款人或摘要不同），每笔交易的流水号应唯一。完全相同的重复行会被跳过，不会被拒绝。',
    statement_camt053_doctype:
      'camt.053 文件第 {line} 行含有 {value} 声明；对账单不得声明 DTD 或实体。请重新导出不含该声明的文件。未导入任何数据。',
    statement_camt053_depth: 'camt.053 文件的元素嵌套深度为 {value}；对账单远用不到 64 层。未导入任何数据。',
    statement_camt053_xml: 'camt.053 文件第 {line} 行不是合法的 XML：{detail}。未导入任何数据。',
    statement_camt053_not_camt:
      '该 XML 不是 camt.053 对账单：缺少 Document/BkToCstmrStmt/Stmt 元素。未导入任何数据。',
    statement_camt053_amount: '元素 {column}：「{value}」不是正的金额。',
    statement_camt053_currency: '元素 {column}：「{value}」不是 ISO 4217 币种代码，如 CNY。',
    statement_camt053_date: '元素 {column}：「{value}」不是日期（YYYY-MM-DD）。',
    statement_camt053_required: '元素 {column} 缺失或不是 CRDT/DBIT。',
    statement_camt053_duplicate_txn:
      '元素 {column}：参考号「{value}」已在 {detail} 用于另一笔不同的交易，每笔交易的参考号应唯一。完全相同的重复交易会被跳过，不会被拒绝。',
    statement_mt940_not_mt940: '这不是 MT940 对账单：需要 :20: 和 :60F: 字段。未导入任何数据。',
    statement_mt940_mt940_line:
      '第 {line} 行：「{value}」不是有效的 :61: 交易行（YYMMDD[MMDD]C|D、逗号小数金额、N 加类型代码）。',
    statement_mt940_date: '第 {line} 行：:61: 起息日「{value}」不是日期（YYMMDD）。',
    statement_mt940_amount: '第 {line} 行：:61: 金额「{value}」无效。',
    statement_mt940_currency: '第 {line} 行：期初余额「{value}」中没有币种（C|D、YYMMDD，然后如 CNY）。',
    statement_mt940_duplicate_txn:
      '第 {line} 行：银行参考号「{value}」已在第 {detail} 行用于另一笔不同的交易，每个 :61: 行的参考号应唯一。完全相同的重复行会被跳过，不会被拒绝。',
  },
};

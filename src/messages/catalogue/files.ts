// Catalogue: what the bot says about a file sent to it in chat (lead lists, bank statements, order attachments) and thread replies.
import { type Texts, translator } from '../i18n.ts';
import type { Locale } from '../model.ts';

type Key =
  | 'help'
  | 'helpLark'
  | 'captionWithoutFile'
  | 'captionWithoutFileLark'
  | 'leadsImported'
  | 'leadsBadRow'
  | 'leadsMoreBad'
  | 'leadsIgnoredColumns'
  | 'leadsUnreadable'
  | 'statementImported'
  | 'statementOutgoing'
  | 'statementAgain'
  | 'attached';

const texts: Texts<Key> = {
  en: {
    help: 'I got {file}. Tell me what it is by sending it again with one of these captions:\n• `lead import` — a lead list (CSV or XLSX with a header row: name, company, email, phone…)\n• `customer import` / `product import` — customers or products (CSV or XLSX; columns as in `closeloop import customers --help`)\n• `bank import` (or `statement import`) — a bank statement (CSV, camt.053 XML or MT940; finance only)\n• `order attach SO-…` — attach it to an order',
    helpLark:
      'I got {file}. Reply to the file (not to this card) with one of these:\n• `lead import` — a lead list (CSV or XLSX with a header row: name, company, email, phone…)\n• `customer import` / `product import` — customers or products (CSV or XLSX; columns as in `closeloop import customers --help`)\n• `bank import` (or `statement import`) — a bank statement (CSV, camt.053 XML or MT940; finance only)\n• `order attach SO-…` — attach it to an order',
    captionWithoutFile:
      'There is no file with that message. Send the file with the caption `{caption}` in the same message.',
    captionWithoutFileLark:
      'There is no file to read. Send the file first, then reply to the file with `{caption}`.',
    leadsImported:
      '{file}: rows read {rows} — new leads {created}, duplicates attached to existing leads {duplicates}, not imported {problems}.',
    leadsBadRow: '• {reason}',
    leadsMoreBad: '… and {count} more rows not imported (run `closeloop import leads` for the full report).',
    leadsIgnoredColumns: 'Columns not imported: {columns}',
    leadsUnreadable: '{file} cannot be read as a lead list: {reason}. Nothing was imported.',
    statementImported:
      '{file}: {total} lines — {imported} new, {skipped} already imported, {matched} matched automatically, {exceptions} exceptions sent to finance.',
    statementOutgoing:
      '{outgoing} of the new lines are money going out (fees, refunds, payments): kept for the record, not matched.',
    statementAgain: '{file}: all {total} lines were imported before; nothing changed.',
    attached: 'Attached {file} ({size}) to order {number}.',
  },
  'zh-CN': {
    help: '收到 {file}。请重新发送此文件，并在同一条消息里写上以下说明之一：\n• `线索 导入` — 线索名单（CSV 或 XLSX，首行为列名：姓名、公司、邮箱、电话…）\n• `客户 导入` / `产品 导入` — 客户或产品主数据（CSV 或 XLSX，列名见 README）\n• `流水 导入`（或 `对账单 导入`）— 银行流水（CSV、camt.053 XML 或 MT940；仅限财务）\n• `订单 上传 SO-…` — 作为订单附件',
    helpLark:
      '收到 {file}。请回复这个文件（不是这张卡片），内容为以下之一：\n• `线索 导入` — 线索名单（CSV 或 XLSX，首行为列名：姓名、公司、邮箱、电话…）\n• `客户 导入` / `产品 导入` — 客户或产品主数据（CSV 或 XLSX，列名见 README）\n• `流水 导入`（或 `对账单 导入`）— 银行流水（CSV、camt.053 XML 或 MT940；仅限财务）\n• `订单 上传 SO-…` — 作为订单附件',
    captionWithoutFile: '这条消息没有附带文件。请在同一条消息里发送文件并写上说明 `{caption}`。',
    captionWithoutFileLark: '没有可读取的文件。请先发送文件，再回复该文件：`{caption}`。',
    leadsImported:
      '{file}：共 {rows} 行 — 新建线索 {created} 条，与已有线索重复 {duplicates} 条（已并入原线索），未导入 {problems} 行。',
    leadsBadRow: '• {reason}',
    leadsMoreBad: '… 另有 {count} 行未导入（完整报告请用 `closeloop import leads`）。',
    leadsIgnoredColumns: '未导入的列：{columns}',
    leadsUnreadable: '{file} 无法作为线索名单读取：{reason}。未导入任何内容。',
    statementImported:
      '{file}：共 {total} 笔 — 新增 {imported} 笔，已导入过 {skipped} 笔，自动匹配 {matched} 笔，{exceptions} 笔异常已交财务处理。',
    statementOutgoing: '新增中有 {outgoing} 笔为支出（手续费、退款、付款）：仅留存记录，不参与对账。',
    statementAgain: '{file}：全部 {total} 笔此前已导入，没有变化。',
    attached: '已将 {file}（{size}）添加为订单 {number} 的附件。',
  },
};

export const filesTexts = (locale: Locale) => translator(texts, locale);

// A size as people read it: 1.5 MB, 820 KB, 96 B.
export function sizeText(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} B`;
}

// A refusal of a file or body that has no name to quote says which it is in the reader's language (`whole`).
const wholeNames = new Map([
  ['file', { en: 'The file', 'zh-CN': '文件' }],
  ['body', { en: 'The body', 'zh-CN': '请求正文' }],
]);

export function fileErrorVars(vars: Record<string, string | number>, locale: Locale) {
  const whole = typeof vars.whole === 'string' ? wholeNames.get(vars.whole) : undefined;
  return whole && vars.file === undefined ? { ...vars, file: whole[locale] } : vars;
}

export const fileErrors: Record<Locale, Record<string, string>> = {
  en: {
    file_too_large: '{file} is larger than {maxMb} MB; split it or send a smaller file.',
    file_empty: '{file} is empty.',
    file_download_failed: 'I could not download {file} from the chat ({detail}); please send it again.',
    file_statement_not_finance:
      'Only finance imports bank statements; ask someone in finance to send this file.',
    file_statement_encoding:
      '{file} is not UTF-8 text; export the statement as UTF-8 CSV, camt.053 XML or MT940.',
    body_not_utf8:
      'The body is not UTF-8 text (line {line} is not); send JSON as UTF-8. Nothing was written.',
    body_not_json: 'The body is not valid JSON ({detail}); fix it and send it again. Nothing was written.',
    body_forbidden_key:
      'The body may not use the key "{key}" (it would reach an object\'s prototype); remove it. Nothing was written.',
    file_not_utf8:
      '{file} is not UTF-8 text (line {line} is not): save it as UTF-8 — in Excel "CSV UTF-8"; a GBK or UTF-16 file converted first — and send it again. Nothing was imported.',
  },
  'zh-CN': {
    file_too_large: '{file} 超过 {maxMb} MB 上限；请拆分或发送更小的文件。',
    file_empty: '{file} 是空文件。',
    file_download_failed: '无法从聊天中下载 {file}（{detail}）；请重新发送。',
    file_statement_not_finance: '只有财务可以导入银行流水；请让财务同事发送此文件。',
    file_statement_encoding: '{file} 不是 UTF-8 文本；请将流水导出为 UTF-8 CSV、camt.053 XML 或 MT940。',
    body_not_utf8: '请求正文不是 UTF-8 文本（第 {line} 行不是）；JSON 须以 UTF-8 发送。未写入任何内容。',
    body_not_json: '请求正文不是有效的 JSON；请改正后重新发送。未写入任何内容。',
    body_forbidden_key: '请求正文不能使用键「{key}」（它会触及对象原型）；请删除。未写入任何内容。',
    file_not_utf8:
      '{file} 不是 UTF-8 文本（第 {line} 行不是）：请另存为 UTF-8（Excel 中选「CSV UTF-8」；GBK 或 UTF-16 文件先转换）后重新发送。未导入任何内容。',
  },
};

// Catalogue (leads): what an import says about its rows, and the owner's card of imported duplicates.
import type { LabelBook } from '../../../domain/labels.ts';
import { format, type Texts, translator } from '../../i18n.ts';
import { literal } from '../../literal.ts';
import type { Card, Locale } from '../../model.ts';
import { nameText } from '../names.ts';
import { labelled } from '../punctuation.ts';
import { leadTexts } from './texts.ts';

// Why an imported row (or the whole file) was not taken, per problem code; {line} and {value} fill in.
export const importTexts: Texts<
  | 'import_empty_file'
  | 'import_unterminated_quote'
  | 'import_missing_column'
  | 'import_unknown_mapping'
  | 'import_unreadable_xlsx'
  | 'import_xlsx_too_large'
  | 'import_not_utf8'
  | 'lead_text_too_long'
  | 'import_xlsx_too_many_rows'
  | 'import_formula_without_value'
  | 'lead_name_required'
  | 'lead_contact_required'
  | 'lead_email_invalid'
  | 'lead_phone_invalid'
  | 'lead_company_size_invalid'
  | 'lead_deal_size_invalid'
  | 'lead_deal_currency_invalid'
  | 'import_summary'
> = {
  en: {
    import_empty_file:
      'the file is empty; the first line must name the columns, e.g. name,company,email,phone',
    import_unterminated_quote: 'a quoted cell starting on line {line} never closes; add the missing "',
    import_missing_column:
      'no {column} column; name it in the first line (e.g. name,email,phone) or map yours with --map "Your header=name"',
    import_unknown_mapping: '--map {column}={field}: {field} is not a lead field; use one of {known}',
    import_unreadable_xlsx:
      'the file is not a readable .xlsx workbook; save it again as .xlsx or export it as CSV',
    import_xlsx_too_large:
      'the workbook unpacks to more than {limit} MB (or is packed far tighter than typed data); send the list as CSV, or split it into smaller workbooks',
    import_not_utf8:
      'line {line} is not UTF-8 text; save the file as UTF-8 (in Excel "CSV UTF-8"; convert a GBK or UTF-16 file first)',
    lead_text_too_long: '{field} is {length} characters long; at most {max}',
    import_xlsx_too_many_rows:
      'the workbook has more than {limit} rows below the header; split it into workbooks of {limit} rows or fewer, or send it as CSV',
    import_formula_without_value:
      'cell {cell} holds a formula with no saved result; open the file in Excel and save it again, or paste the values in place of the formula',
    lead_name_required: 'name is empty; every row needs the person’s name',
    lead_contact_required: 'no email and no phone; a row needs one of them (or both)',
    lead_email_invalid: 'email "{value}" is not an email address; write it like li.lei@example.com',
    lead_phone_invalid:
      'phone "{value}" is not a phone number; write it like 138 0013 8000 or +86 138 0013 8000',
    lead_company_size_invalid:
      'company size "{value}" is not a number of employees; write it like 200, 1,200, 500+ or 50-200',
    lead_deal_size_invalid: 'deal size "{value}" is not an amount; write it like 500000, 50万 or USD 20000',
    lead_deal_currency_invalid: 'currency "{value}" is not an ISO 4217 code; write it like CNY or USD',
    import_summary:
      'rows read {rows}: new leads {created}, duplicates of existing leads {duplicates}, not imported {problems}',
  },
  'zh-CN': {
    import_empty_file: '文件是空的；第一行应为列名，如 姓名,公司,邮箱,电话',
    import_unterminated_quote: '第 {line} 行开始的引号没有闭合，请补上缺少的 "',
    import_missing_column:
      '缺少 {column} 列；请在第一行写上列名（如 姓名,邮箱,电话），或用 --map "你的列名=name" 对应',
    import_unknown_mapping: '--map {column}={field}：{field} 不是线索字段，可用 {known}',
    import_unreadable_xlsx: '文件不是可读取的 .xlsx 工作簿；请重新另存为 .xlsx 或导出为 CSV',
    import_xlsx_too_large:
      '工作簿解压后超过 {limit} MB（或压缩比远超正常表格数据）；请改用 CSV 发送，或拆分成多个较小的工作簿',
    import_not_utf8:
      '第 {line} 行不是 UTF-8 文本；请将文件另存为 UTF-8（Excel 中选「CSV UTF-8」；GBK 或 UTF-16 文件先转换）',
    lead_text_too_long: '{field} 长 {length} 个字符，最多 {max} 个',
    import_xlsx_too_many_rows:
      '工作簿表头以下超过 {limit} 行；请拆分成每个不超过 {limit} 行的工作簿，或改用 CSV 发送',
    import_formula_without_value:
      '单元格 {cell} 是没有保存计算结果的公式；请在 Excel 中打开后重新保存，或把公式粘贴为数值',
    lead_name_required: '姓名为空；每行都需要联系人姓名',
    lead_contact_required: '没有邮箱也没有电话；每行至少需要其中一项',
    lead_email_invalid: '邮箱「{value}」格式不正确，应形如 li.lei@example.com',
    lead_phone_invalid: '电话「{value}」不是有效号码，应形如 138 0013 8000 或 +86 138 0013 8000',
    lead_company_size_invalid: '公司规模「{value}」不是员工人数，应形如 200、1,200、500+ 或 50-200',
    lead_deal_size_invalid: '预计金额「{value}」不是金额，应形如 500000、50万 或 USD 20000',
    lead_deal_currency_invalid: '币种「{value}」不是 ISO 4217 代码，应形如 CNY 或 USD',
    import_summary:
      '共 {rows} 行：新建线索 {created} 条，与已有线索重复 {duplicates} 条，未导入 {problems} 行',
  },
};

export interface ImportProblemData {
  line: number;
  code: string;
  vars: Record<string, string>;
}

// "line 17 · email: email "li@" is not an email address; …"
export function importProblemText(problem: ImportProblemData & { field: string }, locale: Locale): string {
  const t = translator(importTexts, locale);
  const known = Object.hasOwn(importTexts.en, problem.code);
  const reason = known
    ? format(t(problem.code as keyof (typeof importTexts)['en']), { line: problem.line, ...problem.vars })
    : problem.code;
  const where = locale === 'zh-CN' ? `第 ${problem.line} 行` : `line ${problem.line}`;
  return labelled(problem.field === '(file)' ? where : `${where} · ${problem.field}`, reason, locale);
}

export function importSummaryText(
  counts: { rows: number; created: number; duplicates: number; problems: number },
  locale: Locale,
): string {
  return format(translator(importTexts, locale)('import_summary'), counts);
}

// ——— Import: one card per owner listing the rows of an imported list that repeated their open leads. ———

// One imported row that turned out to be a lead the reader already holds.
export interface ImportedDuplicateLine {
  number: string;
  name: string;
  company: string | null;
  // Where the row came from (its source column, or the import's --source) and its campaign.
  source: string;
  campaign: string | null;
  matchedOn: 'email' | 'phone' | 'company';
  // Its line in the imported file.
  line: number;
}

// Lines the card lists before it only counts the rest: a 5,000-row purchased list must not become a wall of text.
export const importDuplicateLines = 10;

export const importDuplicateTexts: Texts<
  'title' | 'intro' | 'line' | 'line_campaign' | 'more' | 'by_email' | 'by_phone' | 'by_company'
> = {
  en: {
    title: '{count} of your leads came in again in an imported list',
    intro:
      'Each is recorded on your lead as a new touch with its source; nobody else was given them. Check whether they need a call.',
    line: '**{number}** {name} · {company} — from {source}, {matchedOn} (line {line})',
    line_campaign: '**{number}** {name} · {company} — from {source} / {campaign}, {matchedOn} (line {line})',
    more: '…and {more} more; each lead’s history lists them.',
    by_email: 'same email',
    by_phone: 'same phone',
    by_company: 'same contact at an alike company',
  },
  'zh-CN': {
    title: '导入的名单中有 {count} 条是您已有的线索',
    intro: '每条都已作为一次新接触（含来源）记在您的线索上，没有分给其他人。请看看是否需要跟进。',
    line: '**{number}** {name} · {company} —— 来源 {source}，{matchedOn}（第 {line} 行）',
    line_campaign:
      '**{number}** {name} · {company} —— 来源 {source} / {campaign}，{matchedOn}（第 {line} 行）',
    more: '……另有 {more} 条，见各线索的跟进记录。',
    by_email: '邮箱相同',
    by_phone: '电话相同',
    by_company: '相似公司的同一联系人',
  },
};

// The summary an owner gets once per import instead of one notice per duplicate row.
export function importDuplicatesCard(
  lines: readonly ImportedDuplicateLine[],
  locale: Locale,
  book: LabelBook,
): Card {
  const t = translator(importDuplicateTexts, locale);
  const none = leadTexts(locale)('none');
  const shown = lines.slice(0, importDuplicateLines).map((d) => {
    const vars = {
      number: d.number,
      name: literal(d.name),
      company: d.company ? literal(d.company) : none,
      source: nameText('sources', d.source, locale, book),
      campaign: d.campaign ?? '',
      matchedOn: t(
        d.matchedOn === 'email' ? 'by_email' : d.matchedOn === 'phone' ? 'by_phone' : 'by_company',
      ),
      line: d.line,
    };
    return `- ${t(d.campaign ? 'line_campaign' : 'line', vars)}`;
  });
  const more = lines.length - shown.length;
  return {
    title: t('title', { count: lines.length }),
    body: [t('intro'), shown.join('\n'), ...(more > 0 ? [t('more', { more })] : [])].join('\n\n'),
    fields: [],
    actions: [],
    tone: 'info',
  };
}

// Catalogue: what a roster import says about each problem in the file, and the import's summary, in zh-CN and en.
import type { RosterProblem, RosterProblemCode } from '../../domain/roster/roster-csv.ts';
import { type Texts, translator } from '../i18n.ts';
import type { Locale } from '../model.ts';

const problemTexts: Texts<RosterProblemCode | 'where'> = {
  en: {
    where: 'line {line}, {field}: {reason}',
    empty_file: 'the file is empty; the first line must name the columns (name,email,roles,…)',
    unterminated_quote: 'a quoted value starting here is never closed; add the closing "',
    missing_column: 'the required column "{column}" is missing from the first line',
    unknown_column: 'unknown column "{column}"; the columns are: {known}',
    duplicate_column: 'the column "{column}" appears twice',
    column_count:
      'the row has {found} values but the first line names {expected} columns; quote values that contain commas',
    required: '"{column}" is required',
    email: '"{value}" is not an email address',
    role: 'unknown role "{value}"; roles are {known}, separated by ; or |',
    timezone: '"{value}" is not an IANA time zone; use e.g. Asia/Shanghai',
    integer: '"{value}" is not a whole number from {min} to {max}',
    working_hours:
      '"{value}" is not working hours; write e.g. "Mon-Fri 09:00-18:00" or "09:00-18:00 Sun-Thu" (empty: the org\'s hours)',
    date: '"{value}" is not a date; write the last day away as 2026-12-01 (empty: in the office)',
    locale: '"{value}" is not a supported language; use zh-CN or en',
    amount:
      '"{value}" is not an amount; write the monthly target in the org currency, e.g. 500000 or 500,000.00 (empty: the default)',
    slack_id: '"{value}" is not a Slack user id (U… or W…, capital letters and digits)',
    lark_id: '"{value}" is not a Lark open_id (ou_…)',
    duplicate_email: '{value} is already on line {other}',
    duplicate_id: '{value} is already on line {other}',
    self_manager: 'a person cannot be their own manager',
    manager_unknown: 'manager {value} is neither in this file nor on the roster; add them or fix the address',
    manager_cycle: 'the manager chain of {value} comes back to them; someone must be at the top',
    id_taken: '{value} already belongs to {other} on the roster',
  },
  'zh-CN': {
    where: '第 {line} 行，{field}：{reason}',
    empty_file: '文件为空；第一行须列出列名（name,email,roles,…）',
    unterminated_quote: '从此处开始的引号值没有闭合；请补上结尾的 "',
    missing_column: '第一行缺少必填列「{column}」',
    unknown_column: '未知列「{column}」；可用列为：{known}',
    duplicate_column: '列「{column}」出现了两次',
    column_count: '该行有 {found} 个值，但第一行只有 {expected} 列；含逗号的值请加引号',
    required: '「{column}」为必填项',
    email: '「{value}」不是有效的邮箱地址',
    role: '未知角色「{value}」；可用角色为 {known}，以 ; 或 | 分隔',
    timezone: '「{value}」不是 IANA 时区；请使用如 Asia/Shanghai',
    integer: '「{value}」不是 {min} 到 {max} 之间的整数',
    working_hours:
      '「{value}」不是工作时间，应形如 "Mon-Fri 09:00-18:00" 或 "09:00-18:00 Sun-Thu"（留空：公司工作时间）',
    date: '「{value}」不是日期，请写最后一天休假日，如 2026-12-01（留空：在岗）',
    locale: '「{value}」不是支持的语言；请使用 zh-CN 或 en',
    amount: '「{value}」不是金额；请用公司币种写月度目标，如 500000 或 500,000.00（留空：默认值）',
    slack_id: '「{value}」不是 Slack 用户 ID（U… 或 W…，大写字母和数字）',
    lark_id: '「{value}」不是飞书 open_id（ou_…）',
    duplicate_email: '{value} 已在第 {other} 行出现',
    duplicate_id: '{value} 已在第 {other} 行出现',
    self_manager: '不能将本人设为自己的主管',
    manager_unknown: '主管 {value} 既不在此文件中也不在花名册中；请添加或更正邮箱',
    manager_cycle: '{value} 的主管链条回到了本人；必须有人位于最上层',
    id_taken: '{value} 已属于花名册中的 {other}',
  },
};

export function rosterProblemText(problem: RosterProblem, locale: Locale): string {
  const t = translator(problemTexts, locale);
  return t('where', { line: problem.line, field: problem.field, reason: t(problem.code, problem.vars) });
}

export const rosterErrors: Record<Locale, Record<string, string>> = {
  en: {
    roster_invalid: 'The roster file has {count} problem(s) and nothing was imported. First: {first}',
    roster_edit_not_allowed:
      'Only a manager or an admin can change a rep’s capacity, weight, skills or hours.',
    roster_number_invalid:
      '{field} "{value}" is not a whole number from {min} to {max}; write e.g. 5, or none for no limit.',
    roster_hours_invalid:
      'hours "{value}" are not working hours; write e.g. Mon-Fri 09:00-18:00, or none for the org’s hours.',
    roster_timezone_invalid: 'tz "{value}" is not an IANA time zone; write e.g. tz:Asia/Shanghai.',
    roster_nothing_to_change: 'Say what to change. Example: {example}',
  },
  'zh-CN': {
    roster_invalid: '花名册文件有 {count} 处问题，未导入任何内容。第一处：{first}',
    roster_edit_not_allowed: '只有主管或管理员可以修改销售的容量、权重、技能或工作时间。',
    roster_number_invalid:
      '{field}「{value}」不是 {min} 到 {max} 之间的整数；请写如 5，或 不限 表示不设上限。',
    roster_hours_invalid: '工作时间「{value}」无法识别，应形如 Mon-Fri 09:00-18:00，或 不限 表示按公司时间。',
    roster_timezone_invalid: '时区「{value}」不是 IANA 时区，应形如 时区:Asia/Shanghai。',
    roster_nothing_to_change: '请说明要修改什么。示例：{example}',
  },
};

// What a manager's roster change from chat says back: each field with its new and old value.
const chatTexts: Texts<
  | 'changed'
  | 'unchanged'
  | 'change'
  | 'no_limit'
  | 'org_hours'
  | 'org_timezone'
  | 'empty'
  | 'capacity'
  | 'dailyCapacity'
  | 'weight'
  | 'skills'
  | 'industries'
  | 'workingHours'
  | 'timezone'
  | 'sep'
> = {
  en: {
    changed: '{name}: {changes}.',
    unchanged: '{name} already has that; nothing changed.',
    change: '{field} {value} (was {was})',
    no_limit: 'no limit',
    org_hours: 'the org’s hours',
    org_timezone: 'the org’s time zone',
    empty: 'none',
    capacity: 'open-lead cap',
    dailyCapacity: 'daily cap',
    weight: 'weight',
    skills: 'skills',
    industries: 'industries',
    workingHours: 'working hours',
    timezone: 'time zone',
    sep: '; ',
  },
  'zh-CN': {
    changed: '{name}：{changes}。',
    unchanged: '{name} 已是该设置，未做更改。',
    change: '{field} {value}（原为 {was}）',
    no_limit: '不限',
    org_hours: '公司工作时间',
    org_timezone: '公司时区',
    empty: '无',
    capacity: '未结线索上限',
    dailyCapacity: '每日上限',
    weight: '权重',
    skills: '技能',
    industries: '行业',
    workingHours: '工作时间',
    timezone: '时区',
    sep: '；',
  },
};

export type RosterChatField =
  | 'capacity'
  | 'dailyCapacity'
  | 'weight'
  | 'skills'
  | 'industries'
  | 'workingHours'
  | 'timezone';

// "Amy: open-lead cap 5 (was no limit); daily cap 3 (was no limit)."
export function rosterChangeText(
  name: string,
  before: Partial<Record<RosterChatField, unknown>>,
  after: Partial<Record<RosterChatField, unknown>>,
  locale: Locale,
): string {
  const t = translator(chatTexts, locale);
  const keys = Object.keys(after) as RosterChatField[];
  if (keys.length === 0) return t('unchanged', { name });
  const shown = (key: RosterChatField, v: unknown) =>
    v === null || v === undefined
      ? key === 'workingHours'
        ? t('org_hours')
        : key === 'timezone'
          ? t('org_timezone')
          : t('no_limit')
      : Array.isArray(v)
        ? v.length === 0
          ? t('empty')
          : v.join(', ')
        : String(v);
  return t('changed', {
    name,
    changes: keys
      .map((k) => t('change', { field: t(k), value: shown(k, after[k]), was: shown(k, before[k]) }))
      .join(t('sep')),
  });
}

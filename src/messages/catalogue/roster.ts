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
    locale: '"{value}" is not a supported language; use zh-CN or en',
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
    locale: '「{value}」不是支持的语言；请使用 zh-CN 或 en',
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
  },
  'zh-CN': {
    roster_invalid: '花名册文件有 {count} 处问题，未导入任何内容。第一处：{first}',
  },
};

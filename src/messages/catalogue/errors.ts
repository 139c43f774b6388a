// Catalogue: what every DomainError code says to a person, in zh-CN and en. Each slice adds its own table here.
import type { DomainError } from '../../domain/errors.ts';
import { format, plainFormat } from '../i18n.ts';
import type { Locale } from '../model.ts';
import { asTyped } from '../plain-text.ts';
import { accessErrors } from './access.ts';
import { auditErrors } from './audit.ts';
import { taskErrors } from './collections-tasks.ts';
import { customerErrors } from './customers.ts';
import { exportErrors, exportErrorVars } from './exports.ts';
import { fieldName } from './field-names.ts';
import { fileErrors, fileErrorVars } from './files.ts';
import { fxErrors } from './fx.ts';
import { leadConditionErrors } from './lead-conditions.ts';
import { leadMergeErrors } from './lead-merge.ts';
import { leadErrors } from './leads.ts';
import { masterImportErrors } from './master-import-errors.ts';
import { orderErrorVars } from './orders/errors.ts';
import { productPickErrors } from './orders/product-picks.ts';
import { orderErrors } from './orders.ts';
import { productErrors } from './products.ts';
import { reconcileErrors } from './reconcile-errors.ts';
import { recordErrors } from './records.ts';
import { reportErrors } from './report-errors.ts';
import { rosterErrors } from './roster.ts';
import { sealedCardErrors } from './sealed-cards.ts';
import { signInErrors } from './sign-in.ts';
import { statementErrors } from './statement-import.ts';
import { syncErrors, webhookErrors } from './webhooks.ts';

type ErrorTexts = Record<Locale, Record<string, string>>;

const common: ErrorTexts = {
  en: {
    apikey_name: 'An API key name is 1–64 letters, digits, dots, dashes or underscores.',
    unknown_action: 'Unknown action "{action}". Refresh the card; if it persists, tell an admin.',
    not_on_roster: 'You are not on the roster yet. Ask an admin to add you, then try again.',
    unknown_user: 'No roster user "{user}".',
    unknown_command: 'I do not know "{text}". Type help to see what I can do.',
    missing_argument: '"{command}" needs {argument}. Example: {example}',
    unexpected_words: '"{command}" does not take "{words}". Usage: {example}',
    invalid_argument: '{argument} is not valid: {reason}',
  },
  'zh-CN': {
    apikey_name: 'API 密钥名称为 1–64 个字母、数字、点、横线或下划线。',
    unknown_action: '未知操作「{action}」。请刷新卡片；如仍出现请联系管理员。',
    not_on_roster: '你还不在花名册中。请联系管理员添加后再试。',
    unknown_user: '花名册中没有用户「{user}」。',
    unknown_command: '无法识别「{text}」。输入 帮助 查看可用命令。',
    missing_argument: '「{command}」需要 {argument}。示例：{example}',
    unexpected_words: '「{command}」不接受「{words}」。用法：{example}',
    invalid_argument: '{argument} 无效：{reason}',
  },
};

// Each slice's error table is listed here once; later tables may not reuse a code.
const tables: ErrorTexts[] = [
  common,
  rosterErrors,
  leadErrors,
  leadConditionErrors,
  leadMergeErrors,
  reconcileErrors,
  statementErrors,
  orderErrors,
  fileErrors,
  auditErrors,
  reportErrors,
  accessErrors,
  webhookErrors,
  syncErrors,
  recordErrors,
  exportErrors,
  signInErrors,
  customerErrors,
  productErrors,
  masterImportErrors,
  fxErrors,
  productPickErrors,
  taskErrors,
  sealedCardErrors,
];

type Vars = Record<string, string | number>;

// Tables whose texts name built-in keys (an export's kind, filters and statuses): said in the reader's language.
const namedVars = new Map<ErrorTexts, (code: string, vars: Vars, locale: Locale) => Vars>([
  [exportErrors, (_, vars, locale) => exportErrorVars(vars, locale)],
  [orderErrors, orderErrorVars],
  [fileErrors, (_, vars, locale) => fileErrorVars(vars, locale)],
]);

// The error, then each of its details on a line of its own, for chat: the input it echoes reads as typed.
export function errorText(error: DomainError, locale: Locale): string {
  return errorLines(error, locale).join('\n');
}

// One text per problem: the error's own, then each detail's.
export function errorLines(error: DomainError, locale: Locale): string[] {
  return [error, ...error.details].map((e) => oneErrorText(e, locale, format));
}

// The same for a surface with no markdown (an API answer, a CLI line): the input it echoes exactly as given.
export function plainErrorText(error: DomainError, locale: Locale): string {
  return plainErrorLines(error, locale).join('\n');
}

// A var may itself be a text made for chat (a roster import's first problem): its marks go too, so the line is as typed.
export function plainErrorLines(error: DomainError, locale: Locale): string[] {
  return [error, ...error.details].map((e) => asTyped(oneErrorText(e, locale, plainFormat)));
}

function oneErrorText(error: DomainError, locale: Locale, fill: typeof format): string {
  for (const table of tables) {
    const template = table[locale][error.code];
    if (!template) continue;
    const own = readersVars(error.vars, locale);
    const vars = namedVars.get(table)?.(error.code, own, locale) ?? own;
    // A field or argument named in the text reads in the reader's language ("信用额度", not "creditLimit").
    return fill(template, { ...vars, ...fieldVars(vars, locale) });
  }
  return `${error.code}${error.field ? ` (${error.field})` : ''}`;
}

function fieldVars(vars: Vars, locale: Locale): Vars {
  const named: Vars = {};
  for (const key of ['field', 'argument'])
    if (typeof vars[key] === 'string') named[key] = fieldName(vars[key], locale);
  return named;
}

// The vars as the reader's language fills them: `key@<locale>` (domain/errors.ts inEachLanguage) stands for `key`.
function readersVars(vars: Vars, locale: Locale): Vars {
  const own: Vars = {};
  for (const [key, value] of Object.entries(vars)) if (!key.includes('@')) own[key] = value;
  for (const [key, value] of Object.entries(vars)) {
    const at = key.lastIndexOf('@');
    if (at > 0 && key.slice(at + 1) === locale) own[key.slice(0, at)] = value;
  }
  return own;
}

// Catalogue: exports — the column headers of each file, the chat reply that carries the file, and the errors.
import { type Texts, translator } from '../i18n.ts';
import type { Locale } from '../model.ts';

type Column =
  | 'no'
  | 'created'
  | 'name'
  | 'company'
  | 'phone'
  | 'email'
  | 'source'
  | 'campaign'
  | 'region'
  | 'industry'
  | 'status'
  | 'stage'
  | 'owner'
  | 'number'
  | 'customer'
  | 'currency'
  | 'total'
  | 'tax'
  | 'plan'
  | 'submitted'
  | 'decided'
  | 'order'
  | 'position'
  | 'label'
  | 'due'
  | 'amount'
  | 'paid'
  | 'owed'
  | 'days_overdue'
  | 'invoice'
  | 'id'
  | 'at'
  | 'actor'
  | 'platform'
  | 'action'
  | 'entity'
  | 'entity_id'
  | 'before'
  | 'after';

const columns: Texts<Column> = {
  en: {
    no: 'Lead no.',
    created: 'Created',
    name: 'Name',
    company: 'Company',
    phone: 'Phone',
    email: 'Email',
    source: 'Source',
    campaign: 'Campaign',
    region: 'Region',
    industry: 'Industry',
    status: 'Status',
    stage: 'Stage',
    owner: 'Owner',
    number: 'Order no.',
    customer: 'Customer',
    currency: 'Currency',
    total: 'Total',
    tax: 'Tax',
    plan: 'Payment plan',
    submitted: 'Submitted',
    decided: 'Decided',
    order: 'Order no.',
    position: 'Installment',
    label: 'Label',
    due: 'Due on',
    amount: 'Amount',
    paid: 'Paid',
    owed: 'Owed',
    days_overdue: 'Days overdue',
    invoice: 'Invoice no.',
    id: 'ID',
    at: 'At',
    actor: 'Who',
    platform: 'Platform',
    action: 'Action',
    entity: 'Record',
    entity_id: 'Record ID',
    before: 'Before',
    after: 'After',
  },
  'zh-CN': {
    no: '线索编号',
    created: '创建时间',
    name: '姓名',
    company: '公司',
    phone: '电话',
    email: '邮箱',
    source: '来源',
    campaign: '活动',
    region: '区域',
    industry: '行业',
    status: '状态',
    stage: '阶段',
    owner: '负责人',
    number: '订单号',
    customer: '客户',
    currency: '币种',
    total: '总额',
    tax: '税额',
    plan: '付款计划',
    submitted: '提交时间',
    decided: '审批时间',
    order: '订单号',
    position: '期数',
    label: '说明',
    due: '到期日',
    amount: '金额',
    paid: '已付',
    owed: '未付',
    days_overdue: '逾期天数',
    invoice: '发票号',
    id: '编号',
    at: '时间',
    actor: '操作人',
    platform: '平台',
    action: '操作',
    entity: '对象',
    entity_id: '对象编号',
    before: '修改前',
    after: '修改后',
  },
};

export function columnLabel(key: string, locale: Locale): string {
  return Object.hasOwn(columns[locale], key) ? columns[locale][key as Column] : key;
}

type Key = 'ready' | 'link' | 'done' | 'usage' | 'all' | 'kind' | 'spanCreated' | 'spanDue' | 'spanAt';

const texts: Texts<Key> = {
  en: {
    ready: 'Your export of {kind} ({span}, {format}) is attached below.',
    link: 'Download {file} with the link below (it works for {minutes} minutes).',
    done: 'Exported {rows} rows of {kind}: {file}',
    usage:
      'export leads|orders|installments|receivables|audit [period] [csv|xlsx] [owner:@rep status: source: region:] — a file of what you may see',
    all: 'everything',
    kind: '{kind}',
    spanCreated: 'created {from} – {to}',
    spanDue: 'due {from} – {to}',
    spanAt: 'recorded {from} – {to}',
  },
  'zh-CN': {
    ready: '你导出的{kind}（{span}，{format}）见下方附件。',
    link: '用下方链接下载 {file}（链接 {minutes} 分钟内有效）。',
    done: '已导出 {rows} 行{kind}：{file}',
    usage:
      '导出 线索|订单|分期|应收|审计 [期间] [csv|xlsx] [销售:@销售 状态: 来源: 区域:] — 导出你可查看的数据',
    all: '全部',
    kind: '{kind}',
    spanCreated: '创建于 {from} – {to}',
    spanDue: '到期日 {from} – {to}',
    spanAt: '记录于 {from} – {to}',
  },
};

const kindNames: Texts<'leads' | 'orders' | 'installments' | 'receivables' | 'audit'> = {
  en: {
    leads: 'leads',
    orders: 'orders',
    installments: 'installments',
    receivables: 'receivables',
    audit: 'the audit log',
  },
  'zh-CN': { leads: '线索', orders: '订单', installments: '分期', receivables: '应收', audit: '审计日志' },
};

export function exportText(
  key: Exclude<Key, 'kind'>,
  locale: Locale,
  vars: Record<string, string | number> = {},
) {
  const kind =
    typeof vars.kind === 'string' && Object.hasOwn(kindNames[locale], vars.kind)
      ? kindNames[locale][vars.kind as keyof (typeof kindNames)['en']]
      : vars.kind;
  return translator(texts, locale)(key, { ...vars, ...(kind === undefined ? {} : { kind }) });
}

export const exportUsage: Record<Locale, string> = { en: texts.en.usage, 'zh-CN': texts['zh-CN'].usage };

// A filter's key as the reader types it (the words `导出` reads: src/domain/exports/export-request.ts), for the answer
// that names the filters applied.
const filterKeyNames: Texts<'owner' | 'status' | 'source' | 'region'> = {
  en: { owner: 'owner', status: 'status', source: 'source', region: 'region' },
  'zh-CN': { owner: '销售', status: '状态', source: '来源', region: '区域' },
};

export function exportFilterKey(key: string, locale: Locale): string {
  const names = filterKeyNames[locale];
  return Object.hasOwn(names, key) ? names[key as keyof typeof names] : key;
}

export const exportErrors: Texts<
  | 'export_bad_kind'
  | 'export_bad_word'
  | 'export_bad_filter'
  | 'export_filter_not_for_kind'
  | 'export_unknown_status'
  | 'export_period_only'
  | 'export_forbidden'
  | 'export_link_expired'
> = {
  en: {
    export_bad_kind: '"{word}" is not something to export: write export {kinds}.',
    export_bad_word:
      '"{word}" is not a period or a format: use today, week, month, quarter, 2026-10-01..2026-10-31, csv or xlsx.',
    export_bad_filter: '"{key}" is not an export filter: use one of {keys}, e.g. status:accepted.',
    export_filter_not_for_kind: '{key}: cannot narrow an export of {kind}; the filters it takes: {keys}.',
    export_period_only:
      '{key}: an export of {kind} is narrowed by its period only (e.g. export {kind} month); drop {key}:.',
    export_unknown_status: 'status: "{value}" is not a status of {kind}; use one of {valid}.',
    export_forbidden: 'You may not export "{kind}": your role does not read those records.',
    export_link_expired: 'This download link has expired or was altered: run the export command again.',
  },
  'zh-CN': {
    export_bad_kind: '「{word}」不能导出：请写 导出 {kinds}。',
    export_bad_word:
      '「{word}」不是期间或格式：请用 今天、本周、本月、本季度、2026-10-01..2026-10-31、csv 或 xlsx。',
    export_bad_filter: '「{key}」不是导出筛选条件：请用 {keys} 之一，如 状态:已接受。',
    export_filter_not_for_kind: '{key} 不能用于筛选{kind}导出；可用的筛选条件：{keys}。',
    export_period_only: '{key}：{kind}导出只能按期间筛选（如 导出 审计 本月）；请去掉 {key}:。',
    export_unknown_status: '状态：没有处于「{value}」的{kind}；请用 {valid} 之一。',
    export_forbidden: '你无权导出「{kind}」：你的角色不能查看这些数据。',
    export_link_expired: '下载链接已过期或被修改：请重新执行导出命令。',
  },
};

// The words an export refusal names — its kind, its filters, the statuses a filter takes — as the reader reads and
// types them: zh-CN shows the Chinese words the export command takes (src/domain/exports), never the stored keys.
const kindWords: Record<Locale, Record<string, string>> = {
  en: {},
  'zh-CN': { leads: '线索', orders: '订单', installments: '分期', receivables: '应收', audit: '审计' },
};
const filterWords: Record<Locale, Record<string, string>> = {
  en: {},
  'zh-CN': { owner: '销售', status: '状态', source: '来源', region: '区域' },
};
const statusWords: Record<Locale, Record<string, string>> = {
  en: {},
  'zh-CN': {
    new: '新建',
    offered: '待接受',
    accepted: '已接受',
    converted: '已转化',
    lost: '已流失',
    merged: '已合并',
    draft: '草稿',
    pending_approval: '待审批',
    on_hold: '信用冻结',
    approved: '已批准',
    rejected: '已驳回',
    cancelled: '已取消',
    superseded: '已替换',
  },
};

const wordOf = (book: Record<string, string>, key: string) =>
  Object.hasOwn(book, key) ? (book[key] ?? key) : key;
const wordsOf = (book: Record<string, string>, list: string, sep: RegExp, join: string) =>
  list
    .split(sep)
    .map((k) => wordOf(book, k.trim()))
    .join(join);

// An export error's variables with every built-in key said in the reader's language; in English the keys are the
// very words the export command takes, so they stay as they are.
export function exportErrorVars(
  vars: Record<string, string | number>,
  locale: Locale,
): Record<string, string | number> {
  if (locale === 'en') return vars;
  const named = { ...vars };
  const { kind, key, keys, kinds, valid } = vars;
  if (typeof kind === 'string')
    named.kind = Object.hasOwn(kindNames[locale], kind)
      ? kindNames[locale][kind as keyof (typeof kindNames)['en']]
      : kind;
  if (typeof key === 'string') named.key = wordOf(filterWords[locale], key);
  if (typeof keys === 'string') named.keys = wordsOf(filterWords[locale], keys, / +/, ' ');
  if (typeof kinds === 'string') named.kinds = wordsOf(kindWords[locale], kinds, /\|/, ' | ');
  if (typeof valid === 'string') named.valid = wordsOf(statusWords[locale], valid, /,/, ', ');
  return named;
}

// Catalogue (collections): the `ar` receivables reply (mine, team, one customer) and its usage.
import type { AgingBucket, CollectionRate, Totals } from '../../domain/collections/aging.ts';
import type { LabelBook } from '../../domain/labels.ts';
import { formatMoney } from '../../domain/money.ts';
import { listPageSize } from '../../domain/records/list-page.ts';
import { type Texts, translator } from '../i18n.ts';
import type { Action, Card, Locale } from '../model.ts';
import { withCollectionsWords } from './collections-words.ts';
import { nameText } from './names.ts';

type Key =
  | 'arTitle'
  | 'arOverdue'
  | 'arDueSoon'
  | 'arNone'
  | 'arNoneMineOrg'
  | 'arNoneMineTeam'
  | 'arLine'
  | 'arLineOverdue'
  | 'arTotal'
  | 'arUsage'
  | 'arTeamTitle'
  | 'arCustomerTitle'
  | 'arAging'
  | 'arRate'
  | 'arRateItem'
  | 'arNoCustomer'
  | 'arTeamForbidden'
  | 'arTeamUsage';

const own: Texts<Key> = {
  en: {
    arTitle: 'My receivables',
    arOverdue: '**Overdue** ({count}, {total})',
    arDueSoon: '**Due in the next 7 days** ({count}, {total})',
    arNone: 'Nothing overdue and nothing due in the next 7 days.',
    arNoneMineOrg:
      "Nothing overdue and nothing due in the next 7 days on your own orders. `ar` lists only yours: everyone's is in `ar dashboard` (aging, top overdue customers), one customer's in `ar <customer>`.",
    arNoneMineTeam:
      "Nothing overdue and nothing due in the next 7 days on your own orders. `ar` lists only yours: your team's is in `ar team`, one customer's in `ar <customer>`.",
    arLine: '{order} · {customer} · {label} · due {due} · {amount}',
    arLineOverdue: '{order} · {customer} · {label} · due {due} · {amount} · {days} days overdue',
    arTotal: 'Total',
    arUsage: 'ar — my receivables: overdue and due in the next 7 days',
    arTeamTitle: "My team's receivables",
    arCustomerTitle: 'Receivables of {customer}',
    arAging: '**Overdue by age** · 0–30 days: {a} · 31–60: {b} · 61–90: {c} · 90+: {d}',
    arRate: '**Collection rate**, last 30 days: {rates}',
    arRateItem: '{percent}% of {due}',
    arNoCustomer: 'No customer of yours matches "{q}".',
    arTeamForbidden: '"ar team" is for managers: it lists the receivables of the people who report to you.',
    arTeamUsage: "ar team — my team's receivables (managers); ar <customer> — one customer's",
  },
  'zh-CN': {
    arTitle: '我的应收',
    arOverdue: '**已逾期**（{count} 笔，{total}）',
    arDueSoon: '**7 天内到期**（{count} 笔，{total}）',
    arNone: '没有逾期款项，7 天内也没有到期款项。',
    arNoneMineOrg:
      '你自己的订单没有逾期款项，7 天内也没有到期款项。「应收」只列你自己的：全公司的见 `应收 看板`（账龄、逾期客户），某个客户的见 `应收 <客户>`。',
    arNoneMineTeam:
      '你自己的订单没有逾期款项，7 天内也没有到期款项。「应收」只列你自己的：团队的见 `应收 团队`，某个客户的见 `应收 <客户>`。',
    arLine: '{order} · {customer} · {label} · {due} 到期 · {amount}',
    arLineOverdue: '{order} · {customer} · {label} · {due} 到期 · {amount} · 逾期 {days} 天',
    arTotal: '合计',
    arUsage: '应收 — 我的应收：已逾期和 7 天内到期的款项',
    arTeamTitle: '团队应收',
    arCustomerTitle: '{customer} 的应收',
    arAging: '**逾期账龄** · 0–30 天：{a} · 31–60：{b} · 61–90：{c} · 90+：{d}',
    arRate: '**回款率**（近 30 天）：{rates}',
    arRateItem: '{due} 中的 {percent}%',
    arNoCustomer: '没有与「{q}」匹配的你的客户。',
    arTeamForbidden: '「应收 团队」仅供主管使用：列出向你汇报的销售的应收。',
    arTeamUsage: '应收 团队 — 团队应收（主管）；应收 <客户> — 某个客户的应收',
  },
};

const texts = withCollectionsWords(own);

export interface ReceivableItem {
  // Set where rows carry buttons: the order they act on and its owner (whom can() asks about).
  orderId?: string;
  ownerId?: string;
  orderNumber: string;
  customerName: string;
  label: string;
  dueOn: string;
  outstandingMinor: number;
  currency: string;
  // Positive when overdue.
  daysOverdue: number;
  invoiceNo?: string | null;
}

function totalText(items: readonly ReceivableItem[], locale: Locale): string {
  const totals = new Map<string, number>();
  for (const i of items) totals.set(i.currency, (totals.get(i.currency) ?? 0) + i.outstandingMinor);
  return [...totals].map(([currency, minor]) => formatMoney(minor, currency, locale)).join(' + ');
}

export interface ReceivablesExtra {
  // Whose receivables: the actor's own (default), the team's, or one customer's.
  scope?: { kind: 'mine' } | { kind: 'team' } | { kind: 'customer'; name: string };
  // Whose receivables beyond their own the asker may read: an empty list of their own then says it is only theirs
  // and where the rest is, instead of "nothing overdue" to finance while customers are weeks late.
  widerView?: 'org' | 'team';
  // Rows with their own buttons (the `ar` command), ten a page, instead of lines in the body (App Home).
  rows?: {
    offset: number;
    moreValue: string | null;
    moreLabel: string;
    buttons: (i: ReceivableItem) => Action[];
  };
  // The asker's open follow-up tasks, as a line, with its buttons.
  tasks?: { line: string; actions: Action[] };
  aging?: Record<AgingBucket, Totals>;
  rates?: readonly CollectionRate[];
  // closeloop.yaml labels: installment steps are named as the reader's language has them.
  labels?: LabelBook;
}

function totalsText(totals: Totals, locale: Locale): string {
  const parts = Object.entries(totals).map(([currency, minor]) => formatMoney(minor, currency, locale));
  return parts.length > 0 ? parts.join(' + ') : '0';
}

export function receivablesCard(
  overdue: readonly ReceivableItem[],
  dueSoon: readonly ReceivableItem[],
  locale: Locale,
  extra: ReceivablesExtra = {},
): Card {
  const t = translator(texts, locale);
  const line = (i: ReceivableItem) =>
    `- ${t(i.daysOverdue > 0 ? 'arLineOverdue' : 'arLine', {
      order: i.orderNumber,
      customer: i.customerName,
      label: nameText('steps', i.label, locale, extra.labels),
      due: i.dueOn,
      amount: formatMoney(i.outstandingMinor, i.currency, locale),
      days: i.daysOverdue,
    })}${i.invoiceNo ? t('invoiceSuffix', { invoice: i.invoiceNo }) : ''}`;
  const body: string[] = [];
  if (overdue.length > 0) {
    body.push(
      t('arOverdue', { count: overdue.length, total: totalText(overdue, locale) }),
      ...(extra.rows ? [] : overdue.map(line)),
    );
  }
  if (dueSoon.length > 0) {
    if (body.length > 0) body.push('');
    body.push(
      t('arDueSoon', { count: dueSoon.length, total: totalText(dueSoon, locale) }),
      ...(extra.rows ? [] : dueSoon.map(line)),
    );
  }
  if (body.length === 0)
    body.push(
      t(
        extra.widerView === 'org'
          ? 'arNoneMineOrg'
          : extra.widerView === 'team'
            ? 'arNoneMineTeam'
            : 'arNone',
      ),
    );
  if (extra.tasks) body.push('', extra.tasks.line);
  const rows = extra.rows;
  const shown = rows ? [...overdue, ...dueSoon].slice(rows.offset, rows.offset + listPageSize) : [];
  if (extra.aging && overdue.length > 0) {
    const a = extra.aging;
    body.push(
      '',
      t('arAging', {
        a: totalsText(a['0-30'], locale),
        b: totalsText(a['31-60'], locale),
        c: totalsText(a['61-90'], locale),
        d: totalsText(a['90+'], locale),
      }),
    );
  }
  const rates = (extra.rates ?? []).filter((r) => r.percent !== null);
  if (rates.length > 0) {
    body.push(
      '',
      t('arRate', {
        rates: rates
          .map((r) =>
            t('arRateItem', { percent: r.percent ?? 0, due: formatMoney(r.dueMinor, r.currency, locale) }),
          )
          .join(' · '),
      }),
    );
  }
  const scope = extra.scope ?? { kind: 'mine' };
  return {
    title:
      scope.kind === 'team'
        ? t('arTeamTitle')
        : scope.kind === 'customer'
          ? t('arCustomerTitle', { customer: scope.name })
          : t('arTitle'),
    body: body.join('\n'),
    fields: [],
    ...(rows ? { items: shown.map((i) => ({ text: line(i).slice(2), actions: rows.buttons(i) })) } : {}),
    actions: [
      ...(extra.tasks?.actions ?? []),
      ...(rows?.moreValue ? [{ id: 'report.more', label: rows.moreLabel, value: rows.moreValue }] : []),
    ],
    tone: overdue.length > 0 ? 'warning' : 'info',
  };
}

export const arUsage: Record<Locale, string> = {
  en: `${texts.en.arUsage}; ${texts.en.arTeamUsage}`,
  'zh-CN': `${texts['zh-CN'].arUsage}；${texts['zh-CN'].arTeamUsage}`,
};

export type ArReplyKey = 'arNoCustomer' | 'arTeamForbidden';

export function arReply(key: ArReplyKey, locale: Locale, vars: Record<string, string> = {}): string {
  return translator(texts, locale)(key, vars);
}

// Catalogue: the quick KPI card a person asks for (bare kpi / 绩效); the team digest is in digest.ts.
import type { Digest, Totals } from '../../domain/kpi/digest.ts';
import { formatMoney } from '../../domain/money.ts';
import { type Texts, translator } from '../i18n.ts';
import type { Card, Locale } from '../model.ts';

// Shared by the team KPI card when nobody reports to the asker yet.
const texts: Texts<'noTeam'> = {
  en: { noTeam: 'Nobody on the roster reports to you yet, so these numbers are empty.' },
  'zh-CN': { noTeam: '花名册中还没有人向你汇报，因此数据为空。' },
};

function money(totals: Totals, currency: string, locale: Locale): string {
  const entries = Object.entries(totals).filter(([, minor]) => minor !== 0);
  if (entries.length === 0) return formatMoney(0, currency, locale);
  return entries
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([c, minor]) => formatMoney(minor, c, locale))
    .join(' + ');
}

type KpiKey =
  | 'teamTitle'
  | 'ownTitle'
  | 'teamBody'
  | 'ownBody'
  | 'newLeads'
  | 'offered'
  | 'accepted'
  | 'acceptedValue'
  | 'ordersApproved'
  | 'ordersValue'
  | 'collected'
  | 'overdue'
  | 'overdueValue'
  | 'pair'
  | 'context'
  | 'usage';

const kpiTexts: Texts<KpiKey> = {
  en: {
    teamTitle: 'Team KPI · {day}',
    ownTitle: 'My KPI · {day}',
    teamBody: 'Your team of {size}: today · last 7 days.',
    ownBody: 'Your own numbers: today · last 7 days.',
    newLeads: 'New leads',
    offered: 'New leads offered to you',
    accepted: 'Accepted within SLA ({sla} min)',
    acceptedValue: '{within}/{accepted}',
    ordersApproved: 'Orders approved',
    ordersValue: '{count} ({amount})',
    collected: 'Collected',
    overdue: 'Overdue now',
    overdueValue: '{amount} ({count} installments)',
    pair: '{today} · {week}',
    context: 'Today counts from local midnight; the 7 days end now.',
    usage:
      'kpi [period] [@rep|team:|region:] — your numbers (a manager sees the team’s) today and the last 7 days; with a period or a person, the KPI table of your tree.',
  },
  'zh-CN': {
    teamTitle: '团队绩效 · {day}',
    ownTitle: '我的绩效 · {day}',
    teamBody: '你的团队（{size} 人）：今天 · 最近 7 天。',
    ownBody: '你本人的数据：今天 · 最近 7 天。',
    newLeads: '新线索',
    offered: '分配给你的新线索',
    accepted: 'SLA 内接单（{sla} 分钟）',
    acceptedValue: '{within}/{accepted}',
    ordersApproved: '审批通过的订单',
    ordersValue: '{count} 单（{amount}）',
    collected: '回款',
    overdue: '当前逾期',
    overdueValue: '{amount}（{count} 期）',
    pair: '{today} · {week}',
    context: '今天从当地零点算起；7 天截至此刻。',
    usage:
      '绩效 [期间] [@销售|团队:|区域:] — 我的数据（经理看团队），今天和最近 7 天；带期间或人员时为团队绩效排名表。',
  },
};

export const kpiUsage: Record<Locale, string> = {
  en: kpiTexts.en.usage,
  'zh-CN': kpiTexts['zh-CN'].usage,
};

export interface KpiCardData {
  scope: 'team' | 'own';
  teamSize: number;
  day: string;
  today: Digest;
  week: Digest;
  acceptSlaMinutes: number;
  currency: string;
}

export function kpiCard(data: KpiCardData, locale: Locale): Card {
  const t = translator(kpiTexts, locale);
  const pair = (of: (d: Digest) => string) => t('pair', { today: of(data.today), week: of(data.week) });
  const team = data.scope === 'team';
  return {
    title: t(team ? 'teamTitle' : 'ownTitle', { day: data.day }),
    body: team
      ? data.teamSize > 0
        ? t('teamBody', { size: data.teamSize })
        : translator(texts, locale)('noTeam')
      : t('ownBody'),
    fields: [
      { label: t(team ? 'newLeads' : 'offered'), value: pair((d) => String(d.newLeads)) },
      {
        label: t('accepted', { sla: data.acceptSlaMinutes }),
        value: pair((d) => t('acceptedValue', { within: d.acceptedWithinSla, accepted: d.accepted })),
      },
      {
        label: t('ordersApproved'),
        value: pair((d) =>
          t('ordersValue', {
            count: d.ordersApproved,
            amount: money(d.approvedAmount, data.currency, locale),
          }),
        ),
      },
      { label: t('collected'), value: pair((d) => money(d.collected, data.currency, locale)) },
      {
        label: t('overdue'),
        value: t('overdueValue', {
          amount: money(data.week.overdue, data.currency, locale),
          count: data.week.overdueCount,
        }),
      },
    ],
    actions: [],
    context: t('context'),
    tone: data.week.overdueCount > 0 ? 'warning' : 'info',
  };
}

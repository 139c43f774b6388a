// Catalogue: the team digest card (daily and weekly, sent at digestAt or asked for with `digest` / `日报` / `周报`) and
// the digest command's usage.
import type { DigestView } from '../../app/reports/read-digest.ts';
import type { LabelBook } from '../../domain/labels.ts';
import { formatMoney } from '../../domain/money.ts';
import type { Movement } from '../../domain/reports/digest.ts';
import { type Texts, translator } from '../i18n.ts';
import type { Card, Field, Locale } from '../model.ts';
import { nameText } from './names.ts';
import { attainmentChart, trendChart } from './report-charts.ts';
import { bottleneckSentence, percent } from './reports.ts';

type Key =
  | 'dailyTitle'
  | 'weeklyTitle'
  | 'scopeOrg'
  | 'scopeTree'
  | 'scopeRep'
  | 'scopeRegion'
  | 'intro'
  | 'vsDay'
  | 'vsWeek'
  | 'newLeads'
  | 'accepted'
  | 'ordersApproved'
  | 'approvedValue'
  | 'collected'
  | 'same'
  | 'up'
  | 'down'
  | 'attainment'
  | 'attainmentValue'
  | 'noTarget'
  | 'bottleneck'
  | 'behind'
  | 'ahead'
  | 'repLine'
  | 'nobody'
  | 'actionToday'
  | 'actionValue'
  | 'actionNone'
  | 'exceptions'
  | 'openTasks'
  | 'openTasksValue'
  | 'exceptionsValue'
  | 'context'
  | 'contextAsked'
  | 'usage';

const texts: Texts<Key> = {
  en: {
    dailyTitle: 'Daily digest · {scope} · {day}',
    weeklyTitle: 'Weekly digest · {scope} · {from} – {to}',
    scopeOrg: 'whole org',
    scopeTree: '{name}’s team',
    scopeRep: '{name}',
    scopeRegion: 'region {region}',
    intro: '{size} people. {versus}',
    vsDay: 'Yesterday ({day}) against the same weekday last week ({before}).',
    vsWeek: 'Last week against the week before ({from} – {to}).',
    newLeads: 'New leads',
    accepted: 'Leads accepted',
    ordersApproved: 'Orders approved',
    approvedValue: 'Approved value',
    collected: 'Collected',
    same: '{now} (same as {before})',
    up: '{now} (▲ {delta} from {before})',
    down: '{now} (▼ {delta} from {before})',
    attainment: 'Month to date vs target',
    attainmentValue: '{attainment} · {approved} of {target}',
    noTarget: '{approved} (no target set)',
    bottleneck: '**Bottleneck:** {sentence}',
    behind: '**Furthest behind target**',
    ahead: '**Furthest ahead**',
    repLine: '- {name}: {attainment}',
    nobody: '- nobody',
    actionToday: 'Needs action today',
    actionValue: '{count} installments, {owed} ({overdue} overdue, the rest due today)',
    actionNone: 'nothing due or overdue without a promise',
    exceptions: 'Bank exceptions > 1 day',
    openTasks: 'Follow-up tasks open',
    openTasksValue: '{open} ({past} past due)',
    exceptionsValue: '{count}',
    context: 'Sent at {at} your time · `digest` for today’s, `digest week` for the weekly one',
    contextAsked: '`digest week` for the weekly one · `kpi month` for the whole table',
    usage: 'digest [week] — your team’s daily (or weekly) digest now',
  },
  'zh-CN': {
    dailyTitle: '日报 · {scope} · {day}',
    weeklyTitle: '周报 · {scope} · {from} – {to}',
    scopeOrg: '全公司',
    scopeTree: '{name} 的团队',
    scopeRep: '{name}',
    scopeRegion: '区域 {region}',
    intro: '共 {size} 人。{versus}',
    vsDay: '昨天（{day}）对比上周同日（{before}）。',
    vsWeek: '上周对比前一周（{from} – {to}）。',
    newLeads: '新线索',
    accepted: '接单',
    ordersApproved: '审批通过订单',
    approvedValue: '审批通过金额',
    collected: '回款',
    same: '{now}（与 {before} 持平）',
    up: '{now}（▲ {delta}，之前 {before}）',
    down: '{now}（▼ {delta}，之前 {before}）',
    attainment: '本月至今目标完成',
    attainmentValue: '{attainment} · {approved} / {target}',
    noTarget: '{approved}（未设目标）',
    bottleneck: '**瓶颈：**{sentence}',
    behind: '**离目标最远**',
    ahead: '**超额最多**',
    repLine: '- {name}：{attainment}',
    nobody: '- 无',
    actionToday: '今天需处理',
    actionValue: '{count} 期，{owed}（其中逾期 {overdue} 期，其余今天到期）',
    actionNone: '没有未承诺付款的到期或逾期款项',
    exceptions: '超过 1 天的银行异常',
    openTasks: '待办跟进任务',
    openTasksValue: '{open} 个（{past} 个已过截止日）',
    exceptionsValue: '{count}',
    context: '每天 {at}（你的当地时间）发送 · 发送 `日报` 查看当天，`周报` 查看周报',
    contextAsked: '`周报` 查看周报 · `绩效 本月` 查看完整表格',
    usage: '日报 / 周报 — 立即查看团队日报（或周报）',
  },
};

export const digestUsage: Record<Locale, string> = { en: texts.en.usage, 'zh-CN': texts['zh-CN'].usage };

// A "tree" with nobody below (a rep asking for their own digest) is just the person.
function scopeName(view: DigestView['scope'], teamSize: number, locale: Locale, book?: LabelBook): string {
  const t = translator(texts, locale);
  if (view.kind === 'org') return t('scopeOrg');
  if (view.kind === 'region')
    return t('scopeRegion', { region: nameText('regions', view.region, locale, book) });
  return t(view.kind === 'tree' && teamSize > 0 ? 'scopeTree' : 'scopeRep', { name: view.name });
}

function moved(m: Movement, show: (n: number) => string, locale: Locale): string {
  const t = translator(texts, locale);
  const vars = { now: show(m.current), before: show(m.previous), delta: show(Math.abs(m.delta)) };
  return m.delta === 0 ? t('same', vars) : t(m.delta > 0 ? 'up' : 'down', vars);
}

export interface DigestCardOptions {
  // The reader's digest time when the job sent it; left out when they asked for it.
  at?: string;
  // closeloop.yaml labels: a region scope reads as the reader's language names the region ("华东", not "east").
  labels?: LabelBook;
}

export function digestCard(view: DigestView, locale: Locale, options: DigestCardOptions = {}): Card {
  const t = translator(texts, locale);
  const c = view.currency;
  const count = (n: number) => String(n);
  const cash = (n: number) => formatMoney(n, c, locale);
  const { current, previous } = view.periods;
  const title =
    view.kind === 'daily'
      ? t('dailyTitle', {
          scope: scopeName(view.scope, view.teamSize, locale, options.labels),
          day: current.from,
        })
      : t('weeklyTitle', {
          scope: scopeName(view.scope, view.teamSize, locale, options.labels),
          from: current.from,
          to: current.to,
        });
  const versus =
    view.kind === 'daily'
      ? t('vsDay', { day: current.from, before: previous.from })
      : t('vsWeek', { from: previous.from, to: previous.to });
  const f = view.figures;
  const fields: Field[] = [
    { label: t('newLeads'), value: moved(f.newLeads, count, locale) },
    { label: t('accepted'), value: moved(f.accepted, count, locale) },
    { label: t('ordersApproved'), value: moved(f.ordersApproved, count, locale) },
    { label: t('approvedValue'), value: moved(f.approvedValue, cash, locale) },
    { label: t('collected'), value: moved(f.collected, cash, locale) },
    {
      label: t('attainment'),
      value:
        view.month.target > 0
          ? t('attainmentValue', {
              attainment: percent(view.month.attainment, locale),
              approved: cash(view.month.approved),
              target: cash(view.month.target),
            })
          : t('noTarget', { approved: cash(view.month.approved) }),
    },
  ];
  const owed = view.actionToday.filter((a) => a.count > 0);
  fields.push({
    label: t('actionToday'),
    value:
      owed.length === 0
        ? t('actionNone')
        : owed
            .map((a) =>
              t('actionValue', {
                count: a.count,
                owed: formatMoney(a.owed, a.currency, locale),
                overdue: a.overdueCount,
              }),
            )
            .join('; '),
  });
  if (view.openTasks) fields.push({ label: t('openTasks'), value: t('openTasksValue', view.openTasks) });
  if (view.staleExceptions !== null)
    fields.push({ label: t('exceptions'), value: t('exceptionsValue', { count: view.staleExceptions }) });
  const repLines = (reps: DigestView['standings']['behind']) =>
    reps.length === 0
      ? [t('nobody')]
      : reps.map((r) => t('repLine', { name: r.name, attainment: percent(r.attainment, locale) }));
  // A reader with nobody below them (a rep asking for their own) gets no head count and no ranking of others.
  const team = view.teamSize > 0;
  const body = [
    team ? t('intro', { size: view.teamSize, versus }) : versus,
    '',
    t('bottleneck', { sentence: bottleneckSentence(view.bottleneck, view.idle, locale) }),
    ...(team
      ? ['', t('behind'), ...repLines(view.standings.behind), t('ahead'), ...repLines(view.standings.ahead)]
      : []),
  ].join('\n');
  const chart =
    view.chart.kind === 'attainment'
      ? attainmentChart(view.chart.report, locale)
      : trendChart(view.chart.weeks, c, locale);
  const anyOverdue = owed.some((a) => a.overdueCount > 0);
  return {
    title,
    body,
    fields,
    actions: [],
    context: options.at ? t('context', { at: options.at }) : t('contextAsked'),
    tone: anyOverdue ? 'warning' : 'info',
    charts: [chart],
  };
}

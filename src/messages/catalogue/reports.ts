// Catalogue: report cards in chat — the ranked KPI table, the funnel with its bottleneck sentence, the receivables
// dashboard — their usage lines and errors, in zh-CN and en. Charts are added beside these cards by src/charts.

import type { LabelBook } from '../../domain/labels.ts';
import { formatMoney } from '../../domain/money.ts';
import type { Bottleneck, IdleInStage } from '../../domain/reports/bottleneck.ts';
import type { DsoTrend } from '../../domain/reports/dso-trend.ts';
import type { FunnelGroupBy, FunnelStage, StageFigures } from '../../domain/reports/funnel.ts';
import type { Kpi } from '../../domain/reports/kpi.ts';
import type { Period } from '../../domain/reports/period.ts';
import type { LeadFilter } from '../../domain/reports/scope.ts';
import type { Totals } from '../../domain/reports/stats.ts';
import type { FlatRow } from '../../domain/reports/tree.ts';
import { translator } from '../i18n.ts';
import { literal } from '../literal.ts';
import type { Action, Card, Locale } from '../model.ts';
import { nameText } from './names.ts';
import { labelled } from './punctuation.ts';
import { stageNames, reportTexts as texts } from './report-texts.ts';

export const reportUsage = (
  key: 'kpiUsage' | 'funnelUsage' | 'arUsage' | 'targetUsage',
): Record<Locale, string> => ({
  en: texts.en[key],
  'zh-CN': texts['zh-CN'][key],
});

export function reportText(
  key:
    | 'targetDone'
    | 'targetCleared'
    | 'targetDefault'
    | 'none'
    | 'badPeriod'
    | 'badGroup'
    | 'leadOrdersOnly'
    | 'exceptionsUnscopedOnly',
  locale: Locale,
  vars: Record<string, string | number> = {},
): string {
  return translator(texts, locale)(key, vars);
}

export function stageName(stage: FunnelStage, locale: Locale): string {
  return stageNames[locale][stage];
}

export const percent = (r: number | null, locale: Locale) =>
  r === null ? translator(texts, locale)('dash') : `${Math.round(r * 1000) / 10}%`;

export function duration(seconds: number | null, locale: Locale): string {
  if (seconds === null) return translator(texts, locale)('dash');
  const hours = seconds / 3600;
  if (hours < 1)
    return locale === 'zh-CN' ? `${Math.round(seconds / 60)} 分钟` : `${Math.round(seconds / 60)}m`;
  if (hours < 48)
    return locale === 'zh-CN' ? `${Math.round(hours * 10) / 10} 小时` : `${Math.round(hours * 10) / 10}h`;
  const days = Math.round((hours / 24) * 10) / 10;
  return locale === 'zh-CN' ? `${days} 天` : `${days}d`;
}

export function money(totals: Totals, locale: Locale, zeroCurrency?: string): string {
  const entries = Object.entries(totals).filter(([, minor]) => minor !== 0);
  if (entries.length === 0)
    return zeroCurrency ? formatMoney(0, zeroCurrency, locale) : translator(texts, locale)('dash');
  return entries
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([c, minor]) => formatMoney(minor, c, locale))
    .join(' + ');
}

export type ScopeLabel = (
  | { kind: 'org' }
  | { kind: 'tree'; name: string }
  | { kind: 'rep'; name: string }
  | { kind: 'region'; region: string }
) & { leads?: LeadFilter };

// closeloop.yaml labels a report card names regions (and, grouped by them, sources) by.
interface Labelled {
  labels?: LabelBook;
}

export function scopeText(scope: ScopeLabel, locale: Locale, book?: LabelBook): string {
  const t = translator(texts, locale);
  const people =
    scope.kind === 'org'
      ? t('scopeOrg')
      : scope.kind === 'region'
        ? t('scopeRegion', { region: nameText('regions', scope.region, locale, book) })
        : t(scope.kind === 'tree' ? 'scopeTree' : 'scopeRep', { name: scope.name });
  const leads = scope.leads;
  if (!leads) return people;
  return leads.kind === 'source'
    ? t('scopeSource', { scope: people, source: nameText('sources', leads.value, locale, book) })
    : t('scopeRule', { scope: people, rule: nameText('rules', leads.value, locale, book) });
}

export const periodText = (p: Period, locale: Locale) =>
  p.from === p.to ? p.from : translator(texts, locale)('period', { from: p.from, to: p.to });

// Rows per page of a ranked table in chat; "Show more" asks for the next page.
export const pageSize = 10;

export interface KpiCardData extends Labelled {
  period: Period;
  scope: ScopeLabel;
  currency: string;
  root: Kpi;
  // The ranked rows below the root (depth ≥ 1), already in order.
  rows: FlatRow<Kpi>[];
  offset: number;
  // The value a "Show more" click carries back (the command to run for the next page); null on the last page.
  moreValue: string | null;
}

export function kpiTableCard(data: KpiCardData, locale: Locale): Card {
  const t = translator(texts, locale);
  const k = data.root;
  const page = data.rows.slice(data.offset, data.offset + pageSize);
  const lines = page.map((row, i) =>
    t('kpiRow', {
      rank: data.offset + i + 1,
      name: `${'  '.repeat(Math.max(0, row.depth - 1))}${row.former ? t('formerRow', { name: row.name }) : row.name}`,
      approved: money(row.figures.approvedValue, locale, data.currency),
      attainment: row.figures.attainment === null ? t('noTarget') : percent(row.figures.attainment, locale),
      newLeads: row.figures.newLeads,
      acceptSla: percent(row.figures.acceptSla, locale),
      winRate: percent(row.figures.winRate, locale),
      overdue: money(row.figures.overdue, locale, data.currency),
    }),
  );
  if (data.rows.length > pageSize)
    lines.push(
      `_${t('page', { from: data.offset + 1, to: data.offset + page.length, total: data.rows.length })}_`,
    );
  const actions: Action[] = data.moreValue
    ? [{ id: 'report.more', label: t('more'), value: data.moreValue }]
    : [];
  return {
    title: t('kpiTitle', {
      scope: scopeText(data.scope, locale, data.labels),
      period: periodText(data.period, locale),
    }),
    body: lines.join('\n'),
    fields: [
      {
        label: t('attainment'),
        value:
          k.attainment === null
            ? t('noTarget')
            : `${percent(k.attainment, locale)} (${t('target', {
                value: formatMoney(k.approvedValue[data.currency] ?? 0, data.currency, locale),
                target: formatMoney(k.targetMinor, data.currency, locale),
              })})`,
      },
      {
        label: t('approved'),
        value: `${k.ordersApproved} · ${money(k.approvedValue, locale, data.currency)}`,
      },
      { label: t('aov'), value: money(k.averageOrderValue, locale) },
      { label: t('newLeads'), value: String(k.newLeads) },
      { label: t('acceptSla'), value: percent(k.acceptSla, locale) },
      { label: t('firstContactSla'), value: percent(k.firstContactSla, locale) },
      { label: t('winRate'), value: percent(k.winRate, locale) },
      {
        label: t('approvalTime'),
        value: duration(k.approvalHours === null ? null : k.approvalHours * 3600, locale),
      },
      { label: t('collected'), value: money(k.collected, locale, data.currency) },
      { label: t('overdue'), value: money(k.overdue, locale, data.currency) },
    ],
    actions,
    context: t('kpiContext', { currency: data.currency }),
    tone: k.overdueCount > 0 ? 'warning' : 'info',
  };
}

// "contacted → qualified fell to 31% from 48%; 12 leads idle > 5 days, most with 张伟"
export function bottleneckSentence(b: Bottleneck | null, idle: IdleInStage | null, locale: Locale): string {
  const t = translator(texts, locale);
  if (!b) return t('noBottleneck');
  const main =
    b.kind === 'conversion'
      ? t('bottleneckConversion', {
          from: stageName(b.stage, locale),
          to: stageName(b.next, locale),
          current: percent(b.current, locale),
          baseline: percent(b.baseline, locale),
        })
      : t('bottleneckTime', {
          from: stageName(b.stage, locale),
          current: duration(b.current * 3600, locale),
          baseline: duration(b.baseline * 3600, locale),
        });
  if (!idle || idle.count === 0) return main;
  return (
    main +
    (idle.topOwner
      ? t('bottleneckIdleWith', { count: idle.count, days: idle.days, name: idle.topOwner.name })
      : t('bottleneckIdle', { count: idle.count, days: idle.days }))
  );
}

export interface FunnelCardData extends Labelled {
  period: Period;
  scope: ScopeLabel;
  total: StageFigures[];
  bottleneck: Bottleneck | null;
  idle: IdleInStage | null;
  groups: { label: string; stages: StageFigures[] }[];
  // What the groups are: sources and regions read by their labels.
  groupBy?: FunnelGroupBy;
  offset: number;
  moreValue: string | null;
  lostReasonName: (reason: string) => string;
}

// Funnel groups whose names closeloop.yaml may label, and the label kind each reads.
const groupLabelKinds = new Map<FunnelGroupBy, 'sources' | 'regions' | 'rules'>([
  ['source', 'sources'],
  ['region', 'regions'],
  ['rule', 'rules'],
]);

// A funnel group as its reader names it: a source, region or rule by its closeloop.yaml label; leads with none as such.
export function funnelGroupName(
  groupBy: FunnelGroupBy | undefined,
  name: string | null,
  locale: Locale,
  book?: LabelBook,
): string {
  if (name === null || name === '') return translator(texts, locale)('none');
  const kind = groupBy ? (groupLabelKinds.get(groupBy) ?? null) : null;
  return kind ? nameText(kind, name, locale, book) : name;
}

export function funnelCard(data: FunnelCardData, locale: Locale): Card {
  const t = translator(texts, locale);
  const lines = [`**${bottleneckSentence(data.bottleneck, data.idle, locale)}**`, ''];
  for (const s of data.total) {
    lines.push(
      `- ${t('stageLine', {
        stage: stageName(s.stage, locale),
        entered: s.entered,
        moved: s.movedOn,
        conversion: percent(s.conversion, locale),
        lost: s.lost,
        still: s.stillThere,
        median: duration(s.medianSeconds, locale),
        p90: duration(s.p90Seconds, locale),
      })}`,
    );
    const reasons = Object.entries(s.lostReasons).sort(([, a], [, b]) => b - a);
    if (reasons.length > 0)
      lines.push(
        t('lostReasons', {
          reasons: reasons.map(([r, n]) => `${data.lostReasonName(r)} ${n}`).join(', '),
        }),
      );
  }
  const page = data.groups.slice(data.offset, data.offset + pageSize);
  if (page.length > 0) lines.push('');
  page.forEach((g, i) => {
    const of = (stage: FunnelStage) => g.stages.find((s) => s.stage === stage)?.entered ?? 0;
    lines.push(
      t('groupLine', {
        rank: data.offset + i + 1,
        name: funnelGroupName(data.groupBy, g.label, locale, data.labels),
        entered: of('new'),
        converted: of('converted'),
        approved: of('approved'),
      }),
    );
  });
  if (data.groups.length > pageSize)
    lines.push(
      `_${t('page', { from: data.offset + 1, to: data.offset + page.length, total: data.groups.length })}_`,
    );
  return {
    title: t('funnelTitle', {
      scope: scopeText(data.scope, locale, data.labels),
      period: periodText(data.period, locale),
    }),
    body: lines.join('\n'),
    fields: [],
    actions: data.moreValue ? [{ id: 'report.more', label: t('more'), value: data.moreValue }] : [],
    context: t('funnelContext'),
    tone: data.bottleneck ? 'warning' : 'info',
  };
}

export interface ArDashboardData extends Labelled {
  scope: ScopeLabel;
  today: string;
  currency: string;
  open: Totals;
  overdue: Totals;
  overdueCount: number;
  aging: Record<string, Totals>;
  collection: { currency: string; percent: number | null }[];
  dso: { currency: string; days: number; capped: boolean }[];
  dsoTrend: DsoTrend[];
  expectedCash: { from: string; expected: Totals }[];
  topOverdueCustomers: { name: string; currency: string; overdue: number }[];
  promises: { kept: number; broken: number; open: number };
  exceptions: { count: number; olderThanDay: number; oldestHours: number | null }[] | null;
  exceptionsUnscopedOnly: boolean;
}

export function arDashboardCard(d: ArDashboardData, locale: Locale): Card {
  const t = translator(texts, locale);
  const lines = [
    `**${t('aging')}**`,
    ...Object.entries(d.aging).map(([bucket, totals]) => `- ${bucket}: ${money(totals, locale, d.currency)}`),
    `**${t('cashWeeks')}**`,
    ...d.expectedCash.map((w) => `- ${w.from}: ${money(w.expected, locale, d.currency)}`),
    ...(d.dsoTrend.length === 0
      ? []
      : [
          `**${t('dsoTrend')}**`,
          ...d.dsoTrend.map((x) =>
            t('dsoTrendLine', {
              currency: x.currency,
              points: x.points.map((p) => `${p.day.slice(5)} ${p.capped ? '≥' : ''}${p.days}`).join(' → '),
            }),
          ),
        ]),
    `**${t('topOverdue')}**`,
    ...(d.topOverdueCustomers.length === 0
      ? [`- ${t('none')}`]
      : d.topOverdueCustomers
          .slice(0, 5)
          .map((c) => `- ${labelled(literal(c.name), formatMoney(c.overdue, c.currency, locale), locale)}`)),
  ];
  const fields = [
    { label: t('open'), value: money(d.open, locale, d.currency) },
    { label: t('overdue'), value: `${money(d.overdue, locale, d.currency)} (${d.overdueCount})` },
    {
      label: t('dso'),
      value:
        d.dso.length === 0
          ? t('dash')
          : d.dso.map((x) => `${x.currency} ${x.capped ? '≥' : ''}${x.days}`).join(' · '),
    },
    {
      label: t('collection'),
      value:
        d.collection.length === 0
          ? t('dash')
          : d.collection
              .map((c) => `${c.currency} ${c.percent === null ? t('dash') : `${c.percent}%`}`)
              .join(' · '),
    },
    { label: t('promises'), value: t('promisesValue', d.promises) },
  ];
  if (d.exceptions) {
    const count = d.exceptions.reduce((s, e) => s + e.count, 0);
    const old = d.exceptions.reduce((s, e) => s + e.olderThanDay, 0);
    const oldest = Math.max(0, ...d.exceptions.map((e) => e.oldestHours ?? 0));
    fields.push({
      label: t('exceptions'),
      value: t('exceptionsValue', {
        count,
        old,
        oldest: count === 0 ? t('dash') : duration(oldest * 3600, locale),
      }),
    });
  }
  if (d.exceptionsUnscopedOnly) fields.push({ label: t('exceptions'), value: t('exceptionsUnscopedOnly') });
  return {
    title: t('arTitle', { scope: scopeText(d.scope, locale, d.labels), today: d.today }),
    body: lines.join('\n'),
    fields,
    actions: [],
    context: d.scope.leads ? `${t('arContext')} ${t('leadOrdersOnly')}` : t('arContext'),
    tone: d.overdueCount > 0 ? 'warning' : 'info',
  };
}

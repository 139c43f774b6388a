// Catalogue: the process-health card in chat — lead SLA breaches and re-routes, leads escalated, approval cycle time
// per level and approver, stuck approvals, finance's open exceptions — and its usage line, in zh-CN and en.
import type { LabelBook } from '../../domain/labels.ts';
import type { Period } from '../../domain/reports/period.ts';
import { type Texts, translator } from '../i18n.ts';
import type { Card, Locale } from '../model.ts';
import { nameText } from './names.ts';
import { periodText, reportText, type ScopeLabel, scopeText } from './reports.ts';

type ProcessKey =
  | 'title'
  | 'breaches'
  | 'breachesValue'
  | 'reroutes'
  | 'reroutesValue'
  | 'stuck'
  | 'stuckValue'
  | 'stuckLine'
  | 'cycles'
  | 'cycleLine'
  | 'none'
  | 'exceptions'
  | 'exceptionsValue'
  | 'usage';

const texts: Texts<ProcessKey> = {
  en: {
    title: 'Process health · {scope} · {period}',
    breaches: 'Lead SLA breaches',
    breachesValue: '{accept} accept · {firstContact} first contact',
    reroutes: 'Re-routes',
    reroutesValue: '{reroutes} · {escalated} escalated to a manager',
    stuck: 'Stuck approvals',
    stuckValue: '{count} waiting longer than {hours} h',
    stuckLine: '- {order} · {level} · {approver}: {hours} h',
    cycles: 'Approval cycle time (median · p90 hours)',
    cycleLine: '- {level} · {approver}: {decided} decided · {median} · {p90}',
    none: 'none',
    exceptions: 'Reconciliation exceptions',
    exceptionsValue: '{count} open',
    usage:
      'process [today|week|month|quarter|YYYY-MM-DD..YYYY-MM-DD] [@rep|team:@manager|region:east|source:web|rule:name] — process health',
  },
  'zh-CN': {
    title: '流程健康 · {scope} · {period}',
    breaches: '线索 SLA 超时',
    breachesValue: '接受 {accept} · 首次联系 {firstContact}',
    reroutes: '改派',
    reroutesValue: '{reroutes} · 升级给经理 {escalated}',
    stuck: '卡住的审批',
    stuckValue: '{count} 个等待超过 {hours} 小时',
    stuckLine: '- {order} · {level} · {approver}：{hours} 小时',
    cycles: '审批周期（中位数 · p90，小时）',
    cycleLine: '- {level} · {approver}：已决 {decided} · {median} · {p90}',
    none: '无',
    exceptions: '对账异常',
    exceptionsValue: '未处理 {count}',
    usage:
      '流程 健康 [今天|本周|本月|本季度|YYYY-MM-DD..YYYY-MM-DD] [@销售|团队:@经理|区域:华东|来源:官网|规则:名称] — 流程健康',
  },
};

export const processUsage: Record<Locale, string> = { en: texts.en.usage, 'zh-CN': texts['zh-CN'].usage };

export interface ProcessCardData {
  period: Period;
  scope: ScopeLabel;
  labels?: LabelBook;
  breaches: { accept: number; firstContact: number };
  reroutes: number;
  escalated: number;
  approvalCycles: {
    levelName: string;
    approverName: string;
    decided: number;
    medianHours: number | null;
    p90Hours: number | null;
  }[];
  stuckApprovals: {
    count: number;
    slaHours: number;
    oldest: { orderNumber: string; levelName: string; approverName: string; waitingHours: number }[];
  };
  exceptions: { count: number }[] | null;
  exceptionsUnscopedOnly: boolean;
}

export function processCard(d: ProcessCardData, locale: Locale): Card {
  const t = translator(texts, locale);
  const hours = (h: number | null) => (h === null ? '—' : String(h));
  // An approval level as the reader's language names it ("销售主管"), not its closeloop.yaml key.
  const level = (name: string) => nameText('levels', name, locale, d.labels);
  const lines = [
    `**${t('cycles')}**`,
    ...(d.approvalCycles.length === 0
      ? [`- ${t('none')}`]
      : d.approvalCycles.map((c) =>
          t('cycleLine', {
            level: level(c.levelName),
            approver: c.approverName,
            decided: c.decided,
            median: hours(c.medianHours),
            p90: hours(c.p90Hours),
          }),
        )),
    ...(d.stuckApprovals.oldest.length === 0 ? [] : [`**${t('stuck')}**`]),
    ...d.stuckApprovals.oldest.map((s) =>
      t('stuckLine', {
        order: s.orderNumber,
        level: level(s.levelName),
        approver: s.approverName,
        hours: s.waitingHours,
      }),
    ),
  ];
  const fields = [
    { label: t('breaches'), value: t('breachesValue', d.breaches) },
    { label: t('reroutes'), value: t('reroutesValue', { reroutes: d.reroutes, escalated: d.escalated }) },
    {
      label: t('stuck'),
      value: t('stuckValue', { count: d.stuckApprovals.count, hours: d.stuckApprovals.slaHours }),
    },
  ];
  if (d.exceptions)
    fields.push({
      label: t('exceptions'),
      value: t('exceptionsValue', { count: d.exceptions.reduce((s, e) => s + e.count, 0) }),
    });
  if (d.exceptionsUnscopedOnly)
    fields.push({ label: t('exceptions'), value: reportText('exceptionsUnscopedOnly', locale) });
  return {
    title: t('title', { scope: scopeText(d.scope, locale, d.labels), period: periodText(d.period, locale) }),
    body: lines.join('\n'),
    fields,
    actions: [],
    ...(d.scope.leads ? { context: reportText('leadOrdersOnly', locale) } : {}),
    tone: d.stuckApprovals.count > 0 || d.breaches.accept + d.breaches.firstContact > 0 ? 'warning' : 'info',
  };
}

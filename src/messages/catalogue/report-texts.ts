// Catalogue: the words of the report cards (KPI table, funnel, receivables dashboard) and the funnel's stage names,
// in English and Chinese.
import type { FunnelStage } from '../../domain/reports/funnel.ts';
import type { Texts } from '../i18n.ts';
import type { Locale } from '../model.ts';

export type ReportKey =
  | 'kpiTitle'
  | 'funnelTitle'
  | 'arTitle'
  | 'scopeOrg'
  | 'scopeTree'
  | 'scopeRep'
  | 'scopeRegion'
  | 'scopeSource'
  | 'scopeRule'
  | 'period'
  | 'kpiRow'
  | 'formerRow'
  | 'noTarget'
  | 'newLeads'
  | 'acceptSla'
  | 'firstContactSla'
  | 'winRate'
  | 'approved'
  | 'aov'
  | 'approvalTime'
  | 'collected'
  | 'overdue'
  | 'attainment'
  | 'target'
  | 'dso'
  | 'more'
  | 'page'
  | 'stageLine'
  | 'lostReasons'
  | 'groupLine'
  | 'bottleneckConversion'
  | 'bottleneckTime'
  | 'bottleneckIdle'
  | 'bottleneckIdleWith'
  | 'noBottleneck'
  | 'open'
  | 'aging'
  | 'collection'
  | 'cashWeeks'
  | 'dsoTrend'
  | 'dsoTrendLine'
  | 'topOverdue'
  | 'promises'
  | 'promisesValue'
  | 'exceptions'
  | 'exceptionsValue'
  | 'exceptionsUnscopedOnly'
  | 'leadOrdersOnly'
  | 'none'
  | 'dash'
  | 'kpiContext'
  | 'funnelContext'
  | 'arContext'
  | 'kpiUsage'
  | 'funnelUsage'
  | 'arUsage'
  | 'targetUsage'
  | 'targetDone'
  | 'targetCleared'
  | 'targetDefault'
  | 'badPeriod'
  | 'badGroup';

export const reportTexts: Texts<ReportKey> = {
  en: {
    kpiTitle: 'KPI · {scope} · {period}',
    funnelTitle: 'Funnel · {scope} · {period}',
    arTitle: 'Receivables dashboard · {scope} · {today}',
    scopeOrg: 'whole org',
    scopeTree: '{name} and team',
    scopeRep: '{name}',
    scopeRegion: 'region {region}',
    scopeSource: '{scope}, leads from {source}',
    scopeRule: '{scope}, leads of rule {rule}',
    period: '{from} – {to}',
    kpiRow:
      '{rank}. **{name}** — approved {approved} · attainment {attainment} · new {newLeads} · accept SLA {acceptSla} · win {winRate} · overdue {overdue}',
    formerRow: '{name} (before moving teams)',
    noTarget: 'no target',
    newLeads: 'New leads',
    acceptSla: 'Accept SLA',
    firstContactSla: 'First-contact SLA',
    winRate: 'Win rate',
    approved: 'Orders approved',
    aov: 'Average order value',
    approvalTime: 'Approval cycle time',
    collected: 'Collected',
    overdue: 'Overdue now',
    attainment: 'Attainment',
    target: '{value} of {target}',
    dso: 'DSO (count-back)',
    more: 'Show more',
    page: 'Rows {from}–{to} of {total}',
    stageLine:
      '**{stage}** {entered} in → {moved} on ({conversion}) · lost {lost} · still {still} · median {median} · p90 {p90}',
    lostReasons: '  lost: {reasons}',
    groupLine: '{rank}. **{name}** — {entered} new · {converted} converted · {approved} approved',
    bottleneckConversion: '{from} → {to} fell to {current} from {baseline} (trailing 90 days).',
    bottleneckTime: 'Time in {from} rose to {current} from {baseline} (median, trailing 90 days).',
    bottleneckIdle: ' {count} leads idle > {days} days.',
    bottleneckIdleWith: ' {count} leads idle > {days} days, most with {name}.',
    noBottleneck: 'No stage is below its trailing-90-day rate.',
    open: 'Open',
    aging: 'Aging (days overdue)',
    collection: 'Collection rate (due in period)',
    cashWeeks: 'Expected cash, next 8 weeks',
    dsoTrend: 'DSO trend, days at each month-end and today',
    dsoTrendLine: '- {currency}: {points}',
    topOverdue: 'Top overdue customers',
    promises: 'Promises to pay (period)',
    promisesValue: '{kept} kept · {broken} broken · {open} open',
    exceptions: 'Reconciliation exceptions',
    exceptionsValue: '{count} open · {old} older than a day · oldest {oldest}',
    exceptionsUnscopedOnly: 'shown without a source or rule only: a bank statement line belongs to no lead',
    leadOrdersOnly:
      'Only orders made from these leads count; an order entered without a lead is in no source or rule.',
    none: 'none',
    dash: '—',
    kpiContext:
      'Facts count for the team the rep was in when they happened; balances are as of now. Targets in {currency}.',
    funnelContext: 'Leads that entered each stage in the period; moved on / lost as of the period’s end.',
    arContext:
      'DSO by the count-back method over a year of approved orders; cash weeks from installment due dates.',
    kpiUsage:
      'kpi [today|week|month|quarter|YYYY-MM-DD..YYYY-MM-DD] [@rep|team:@manager|region:east|source:web|rule:name] — KPI table of your tree',
    funnelUsage:
      'funnel [period] [by rep|team|source|campaign|region|rule] [source:web|rule:name] — stage conversion and the bottleneck',
    arUsage: 'ar dashboard — open, overdue, aging, DSO, expected cash, top overdue',
    targetUsage: 'kpi target @rep 500000 — set a rep’s monthly target in the org currency',
    targetDone: 'Monthly target of {name} is now {amount} (was {before}).',
    targetCleared:
      '{name} has no monthly target now (was {before}); closeloop.yaml sets no default for them.',
    targetDefault: 'the default {amount}',
    badPeriod:
      '"{value}" is not a period: write today, week, month, quarter or 2026-10-01..2026-10-31 (at most two years).',
    badGroup: '"{value}" cannot group a funnel: use rep, team, source, campaign, region or rule.',
  },
  'zh-CN': {
    kpiTitle: '绩效 · {scope} · {period}',
    funnelTitle: '漏斗 · {scope} · {period}',
    arTitle: '应收看板 · {scope} · {today}',
    scopeOrg: '全公司',
    scopeTree: '{name} 及团队',
    scopeRep: '{name}',
    scopeRegion: '区域 {region}',
    scopeSource: '{scope}，来源 {source} 的线索',
    scopeRule: '{scope}，规则 {rule} 的线索',
    period: '{from} 至 {to}',
    kpiRow:
      '{rank}. **{name}** — 审批通过 {approved} · 目标完成 {attainment} · 新线索 {newLeads} · 接单 SLA {acceptSla} · 赢单率 {winRate} · 逾期 {overdue}',
    formerRow: '{name}（调岗前）',
    noTarget: '无目标',
    newLeads: '新线索',
    acceptSla: '接单 SLA',
    firstContactSla: '首次联系 SLA',
    winRate: '赢单率',
    approved: '审批通过的订单',
    aov: '平均订单金额',
    approvalTime: '审批周期',
    collected: '回款',
    overdue: '当前逾期',
    attainment: '目标完成率',
    target: '{value} / {target}',
    dso: 'DSO（倒推法）',
    more: '显示更多',
    page: '第 {from}–{to} 行，共 {total} 行',
    stageLine:
      '**{stage}** 进入 {entered} → 推进 {moved}（{conversion}）· 流失 {lost} · 停留 {still} · 中位 {median} · p90 {p90}',
    lostReasons: '  流失原因：{reasons}',
    groupLine: '{rank}. **{name}** — 新 {entered} · 转化 {converted} · 审批通过 {approved}',
    bottleneckConversion: '{from} → {to} 转化率降至 {current}（近 90 天为 {baseline}）。',
    bottleneckTime: '{from} 阶段停留时间升至 {current}（近 90 天中位数 {baseline}）。',
    bottleneckIdle: '{count} 条线索超过 {days} 天未跟进。',
    bottleneckIdleWith: '{count} 条线索超过 {days} 天未跟进，大多在 {name} 名下。',
    noBottleneck: '各阶段转化率均不低于近 90 天水平。',
    open: '未收',
    aging: '账龄（逾期天数）',
    collection: '回款率（期内到期）',
    cashWeeks: '未来 8 周预计回款',
    dsoTrend: 'DSO 趋势（各月末及今天，天）',
    dsoTrendLine: '- {currency}：{points}',
    topOverdue: '逾期最多的客户',
    promises: '承诺付款（期内）',
    promisesValue: '兑现 {kept} · 违约 {broken} · 进行中 {open}',
    exceptions: '对账异常',
    exceptionsValue: '未处理 {count} · 超过一天 {old} · 最久 {oldest}',
    exceptionsUnscopedOnly: '仅在不按来源或规则查看时显示：银行流水不属于任何线索',
    leadOrdersOnly: '只计入由这些线索转成的订单；没有关联线索的订单不属于任何来源或规则。',
    none: '无',
    dash: '—',
    kpiContext: '事实按发生时销售所在团队计入；余额为当前数。目标币种 {currency}。',
    funnelContext: '统计期内进入各阶段的线索；推进 / 流失截至期末。',
    arContext: 'DSO 采用倒推法（一年内审批通过的订单）；每周预计回款按分期到期日。',
    kpiUsage:
      '绩效 [今天|本周|本月|本季度|YYYY-MM-DD..YYYY-MM-DD] [@销售|团队:@经理|区域:华东|来源:官网|规则:名称] — 团队绩效排名表',
    funnelUsage: '漏斗 [期间] [按 销售|团队|来源|活动|区域|规则] [来源:官网|规则:名称] — 各阶段转化与瓶颈',
    arUsage: '应收 看板 — 未收、逾期、账龄、DSO、预计回款、逾期客户',
    targetUsage: '绩效 目标 @销售 500000 — 设置销售的月度目标（公司币种）',
    targetDone: '{name} 的月度目标已设为 {amount}（原为 {before}）。',
    targetCleared: '{name} 现在没有月度目标（原为 {before}）；closeloop.yaml 未为其设默认目标。',
    targetDefault: '默认目标 {amount}',
    badPeriod: '「{value}」不是期间：请写 今天、本周、本月、本季度 或 2026-10-01..2026-10-31（最长两年）。',
    badGroup: '「{value}」不能用于漏斗分组：请用 销售、团队、来源、活动、区域 或 规则。',
  },
};

export const stageNames: Record<Locale, Record<FunnelStage, string>> = {
  en: {
    new: 'new',
    accepted: 'accepted',
    contacted: 'contacted',
    qualified: 'qualified',
    converted: 'converted',
    approved: 'order approved',
    paid: 'paid in full',
  },
  'zh-CN': {
    new: '新线索',
    accepted: '已接单',
    contacted: '已联系',
    qualified: '已确认',
    converted: '已转订单',
    approved: '订单已审批',
    paid: '已全额回款',
  },
};

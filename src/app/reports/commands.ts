// Text commands of reports: `kpi <period|@rep|team:|region:|source:|rule:>` (the ranked KPI table), `kpi target @rep
// 500000`, `funnel [period] [by …] [source:|rule:]`, `ar dashboard` / `应收 看板`, `process` / `流程 健康` (each with the
// same scope words); and the "Show more" button that pages a ranked table.

import { formatMoney } from '../../domain/money.ts';
import type { FunnelGroupBy } from '../../domain/reports/funnel.ts';
import { fxText, orgTotalText } from '../../messages/catalogue/fx.ts';
import { processCard, processUsage } from '../../messages/catalogue/process-card.ts';
import {
  arReplyCharts,
  funnelReplyCharts,
  kpiReplyCharts,
  processReplyCharts,
} from '../../messages/catalogue/report-reply-charts.ts';
import {
  arDashboardCard,
  funnelCard,
  kpiTableCard,
  pageSize,
  reportText,
  reportUsage,
} from '../../messages/catalogue/reports.ts';
import type { Card, Chart, Locale, PrivateReply } from '../../messages/model.ts';
import { runTextCommand } from '../commands/run-text-command.ts';
import {
  type ActionHandler,
  localeOf,
  type ParsedArgs,
  type TextCommand,
  type UserActor,
} from '../commands/types.ts';
import type { AppDeps } from '../deps.ts';
import { readFunnelReport } from './read-funnel-report.ts';
import { readKpiReport } from './read-kpi-report.ts';
import { readProcessReport } from './read-process-report.ts';
import { readReceivablesReport } from './read-receivables-report.ts';
import { pageCommand, type ReportArgs, readReportArgs, reportKeyAliases } from './report-args.ts';
import { orgToday } from './report-window.ts';
import { setRepTarget } from './set-rep-target.ts';

// The card with its charts (drawn by each adapter: an uploaded picture in Slack and Lark, inline SVG in the console).
// An empty body (one person's KPI card is all fields) falls back to the title, so a notification preview says something.
const reply = (card: Card, charts: Chart[]): PrivateReply => ({
  text: card.body || card.title,
  tone: card.tone,
  card: charts.length > 0 ? { ...card, charts } : card,
});

export async function kpiTableReply(
  deps: AppDeps,
  actor: UserActor,
  args: ParsedArgs,
): Promise<PrivateReply> {
  const locale = localeOf(deps, actor);
  const a = readReportArgs(args, orgToday(deps));
  const report = await readKpiReport(deps, actor, { period: a.period, scope: a.scope });
  const rows = report.rows.filter((r) => r.depth > 0);
  const card = kpiTableCard(
    {
      period: report.period,
      scope: report.scope,
      currency: report.currency,
      root: report.tree.figures,
      rows,
      offset: a.offset,
      moreValue: a.offset + pageSize < rows.length ? pageCommand('kpi', a, a.offset + pageSize) : null,
      labels: deps.policy.labels.book,
    },
    locale,
  );
  return reply(
    withOrgTotals(card, locale, [
      fxText('orgApproved', locale, { text: orgTotalText(report.approvedInOrgCurrency, locale) }),
      fxText('orgCollected', locale, { text: orgTotalText(report.collectedInOrgCurrency, locale) }),
    ]),
    kpiReplyCharts(report, a.offset, locale),
  );
}

// Beside the per-currency figures: one org-currency total with the rate dates used, or the rates missing (issue 14).
function withOrgTotals(card: Card, locale: Locale, lines: string[]): Card {
  return {
    ...card,
    fields: [...card.fields, { label: fxText('orgTotalLabel', locale), value: lines.join('\n') }],
  };
}

async function funnelReply(deps: AppDeps, actor: UserActor, args: ParsedArgs): Promise<PrivateReply> {
  const locale = localeOf(deps, actor);
  const a: ReportArgs = readReportArgs(args, orgToday(deps));
  const groupBy: FunnelGroupBy = a.groupBy;
  const report = await readFunnelReport(deps, actor, { period: a.period, scope: a.scope, groupBy });
  const groups = groupBy === 'none' ? [] : report.groups;
  const reasons = deps.policy.followUp.lostReasons;
  return reply(
    funnelCard(
      {
        period: report.period,
        scope: report.scope,
        total: report.total,
        bottleneck: report.bottleneck,
        idle: report.idle,
        groups,
        offset: a.offset,
        moreValue: a.offset + pageSize < groups.length ? pageCommand('funnel', a, a.offset + pageSize) : null,
        groupBy,
        labels: deps.policy.labels.book,
        lostReasonName: (r) => (Object.hasOwn(reasons, r) ? (reasons[r]?.[locale] ?? r) : r),
      },
      locale,
    ),
    funnelReplyCharts(report, a.offset, locale),
  );
}

export async function arDashboardReply(
  deps: AppDeps,
  actor: UserActor,
  args: ParsedArgs,
): Promise<PrivateReply> {
  const locale: Locale = localeOf(deps, actor);
  const a = readReportArgs(args, orgToday(deps));
  const r = await readReceivablesReport(deps, actor, { period: a.period, scope: a.scope });
  const card = arDashboardCard(
    { ...r, currency: deps.policy.org.currency, labels: deps.policy.labels.book },
    locale,
  );
  return reply(
    withOrgTotals(card, locale, [
      fxText('orgOpen', locale, { text: orgTotalText(r.openInOrgCurrency, locale) }),
      fxText('orgOverdue', locale, { text: orgTotalText(r.overdueInOrgCurrency, locale) }),
    ]),
    arReplyCharts(r, deps.policy.org.currency, locale),
  );
}

export async function processReply(deps: AppDeps, actor: UserActor, args: ParsedArgs): Promise<PrivateReply> {
  const a = readReportArgs(args, orgToday(deps));
  const r = await readProcessReport(deps, actor, { period: a.period, scope: a.scope });
  const locale = localeOf(deps, actor);
  return reply(processCard({ ...r, labels: deps.policy.labels.book }, locale), processReplyCharts(r, locale));
}

export const reportCommands: TextCommand[] = [
  {
    words: ['kpi target', '绩效 目标'],
    usage: reportUsage('targetUsage'),
    needs: 'target.set',
    run: async (deps, actor, args) => {
      const locale = localeOf(deps, actor);
      const [who, amount] = args.positional;
      if (!who || !amount) return { text: reportUsage('targetUsage')[locale], tone: 'info' };
      const set = await setRepTarget(deps, actor, who, amount);
      const currency = deps.policy.org.currency;
      // No own target means the default applies: named as such, so clearing never reads as "no target"; with no
      // default either, the reply says there is no target rather than showing a dash as the new amount.
      const show = (minor: number | null) =>
        minor !== null
          ? formatMoney(minor, currency, locale)
          : set.fallback !== null
            ? reportText('targetDefault', locale, { amount: formatMoney(set.fallback, currency, locale) })
            : reportText('none', locale);
      const cleared = set.minor === null && set.fallback === null;
      return {
        text: reportText(cleared ? 'targetCleared' : 'targetDone', locale, {
          name: set.name,
          amount: show(set.minor),
          before: show(set.before),
        }),
        tone: 'success',
      };
    },
  },
  {
    words: ['funnel', '漏斗'],
    usage: reportUsage('funnelUsage'),
    needs: 'report.read',
    keyAliases: reportKeyAliases,
    run: funnelReply,
  },
  {
    words: ['ar dashboard', '应收 看板', 'ar board', '应收看板'],
    usage: reportUsage('arUsage'),
    needs: 'report.read',
    keyAliases: reportKeyAliases,
    run: arDashboardReply,
  },
  {
    words: ['process health', 'process', '流程 健康', '流程健康'],
    usage: processUsage,
    needs: 'report.read',
    keyAliases: reportKeyAliases,
    run: processReply,
  },
];

// "Show more" carries the command for the next page; it runs as whoever clicks, with their own permissions.
export const reportActions: Record<string, ActionHandler> = {
  'report.more': async (deps, actor, command) => {
    return runTextCommand(deps, actor, command.entityId);
  },
};

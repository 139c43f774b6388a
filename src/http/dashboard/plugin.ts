// Owns /dashboard: read-only report pages for managers, directors and finance (funnel, KPI per rep, receivables,
// process health), drawn in the browser with ECharts served from our own origin, fed by the same report use cases
// as chat. Sign-in (src/http/auth) guards it: the signed-in user only, or in trial mode the roster user picked.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { localeOf } from '../../app/commands/types.ts';
import type { AppDeps } from '../../app/deps.ts';
import { readFunnelReport } from '../../app/reports/read-funnel-report.ts';
import { readKpiReport } from '../../app/reports/read-kpi-report.ts';
import { readProcessReport } from '../../app/reports/read-process-report.ts';
import { readReceivablesReport } from '../../app/reports/read-receivables-report.ts';
import { readWeeklyTrend } from '../../app/reports/read-weekly-trend.ts';
import { withLeads } from '../../app/reports/report-args.ts';
import { orgToday } from '../../app/reports/report-window.ts';
import { listLeadFilterNames } from '../../app/reports/resolve-lead-filter.ts';
import { requireUser } from '../../app/roster/find-user.ts';
import { listRoster } from '../../app/roster/list-roster.ts';
import { DomainError, invalid } from '../../domain/errors.ts';
import { type FunnelGroupBy, funnelGroupings, funnelStages } from '../../domain/reports/funnel.ts';
import {
  inPeriodCalendar,
  isIsoDate,
  namedPeriod,
  type Period,
  periodError,
  rangePeriod,
} from '../../domain/reports/period.ts';
import type { ScopeRequest } from '../../domain/reports/scope.ts';
import { plainErrorText } from '../../messages/catalogue/errors.ts';
import { nameTexts } from '../../messages/catalogue/names.ts';
import {
  agingChart,
  attainmentChart,
  breachesChart,
  dsoTrendChart,
  expectedCashChart,
  funnelChart,
  stageLabel,
  trendChart,
} from '../../messages/catalogue/report-charts.ts';
import { funnelGroupName, reportText } from '../../messages/catalogue/reports.ts';
import type { Locale } from '../../messages/model.ts';
import { pagePolicy } from '../page-policy.ts';
import type { DepsPlugin } from '../server.ts';

const pageFile = new URL('./dashboard.html', import.meta.url);

const reportQuery = z.object({
  as: z.string().trim().min(1, 'pick a roster user (their id)'),
  period: z
    .string()
    .trim()
    .max(20)
    .default('month')
    .describe('today, yesterday, week, lastweek, month, quarter — or give from and to'),
  from: z.string().trim().max(10).optional(),
  to: z.string().trim().max(10).optional(),
  team: z.string().trim().max(200).optional(),
  // The leads of one source or routing rule (and the orders made from them) in every report and the weekly trend.
  source: z.string().trim().max(100).optional(),
  rule: z.string().trim().max(200).optional(),
  groupBy: z
    .enum(funnelGroupings as [FunnelGroupBy, ...FunnelGroupBy[]], {
      message: `groupBy is one of ${funnelGroupings.join(', ')}`,
    })
    .default('source'),
});
type ReportQuery = z.infer<typeof reportQuery>;

function periodOf(deps: AppDeps, query: ReportQuery): Period {
  if (query.from || query.to) {
    // One end alone is that one day, as in GET /api/exports.
    const from = query.from || query.to || '';
    const to = query.to || from;
    const range = rangePeriod(from, to);
    if (typeof range === 'string')
      throw periodError(
        range,
        `${from}..${to}`,
        (range === 'bad_date' && !isIsoDate(from)) || (range === 'out_of_range' && !inPeriodCalendar(from))
          ? 'from'
          : 'to',
      );
    return range;
  }
  const named = namedPeriod(query.period, orgToday(deps));
  if (!named) throw invalid('report_bad_period', 'period', { value: query.period });
  return named;
}

// Everything one dashboard view shows, from the four report use cases and the weekly trend.
async function dashboardData(deps: AppDeps, query: ReportQuery) {
  const user = await requireUser(deps, { by: 'id', id: query.as });
  const actor = { kind: 'user' as const, user };
  const locale: Locale = localeOf(deps, actor);
  const period = periodOf(deps, query);
  const scope: ScopeRequest | undefined = query.team ? { kind: 'team', ref: query.team } : undefined;
  const request = {
    period,
    scope: withLeads(scope ?? { kind: 'mine' }, query.source || undefined, query.rule || undefined),
  };
  const funnel = await readFunnelReport(deps, actor, { ...request, groupBy: query.groupBy });
  const kpi = await readKpiReport(deps, actor, request);
  const receivables = await readReceivablesReport(deps, actor, request);
  const process = await readProcessReport(deps, actor, request);
  // Under a source or rule: whose orders count, and why finance's queue is not shown.
  const notes = [
    ...(receivables.scope.leads ? [reportText('leadOrdersOnly', locale)] : []),
    ...(receivables.exceptionsUnscopedOnly ? [reportText('exceptionsUnscopedOnly', locale)] : []),
  ];
  const trend = await readWeeklyTrend(deps, actor, { scope: request.scope });
  const currency = kpi.currency;
  return {
    viewer: { id: user.id, name: user.name, locale },
    period,
    currency,
    stages: funnelStages.map((stage) => ({ stage, label: stageLabel(stage, locale) })),
    // Groups by source, region or rule read as the viewer's labels, as the chat card reads them.
    funnel: {
      ...funnel,
      groups: funnel.groups.map((g) => ({
        ...g,
        label: funnelGroupName(query.groupBy, g.label, locale, deps.policy.labels.book),
      })),
    },
    kpi: { scope: kpi.scope, rows: kpi.rows },
    receivables,
    process,
    notes,
    trend: trend.weeks,
    charts: {
      funnel: funnelChart(funnel, locale),
      attainment: attainmentChart(kpi, locale, Number.POSITIVE_INFINITY),
      aging: agingChart(receivables, currency, locale),
      cash: expectedCashChart(receivables, currency, locale),
      dso: dsoTrendChart(receivables.dsoTrend, locale),
      trend: trendChart(trend.weeks, currency, locale),
      breaches: breachesChart(process, locale, Number.POSITIVE_INFINITY),
    },
  };
}

function refusal(reply: FastifyReply, error: DomainError, locale: Locale) {
  const status = error.kind === 'invalid' ? 400 : error.kind === 'not_found' ? 404 : 403;
  return reply.code(status).send({
    error: error.code,
    message: plainErrorText(error, locale),
    ...(error.field ? { field: error.field } : {}),
  });
}

export const dashboardPlugin: DepsPlugin = async (app, { deps }) => {
  const page = readFileSync(pageFile, 'utf8');
  // Its own inline script and style by hash plus ECharts from this origin: an injected script or style runs nowhere.
  const contentSecurityPolicy = pagePolicy(page, { ownScripts: true });
  const echartsFile = createRequire(import.meta.url).resolve('echarts/dist/echarts.min.js');
  const echarts = readFileSync(echartsFile);
  const typed = app.withTypeProvider<ZodTypeProvider>();

  for (const url of ['/dashboard', '/dashboard/']) {
    typed.get(url, { schema: { hide: true } }, async (_request, reply) =>
      reply
        .header('content-type', 'text/html; charset=utf-8')
        .header('content-security-policy', contentSecurityPolicy)
        .header('cache-control', 'no-store')
        .send(page),
    );
  }

  // The ECharts build the npm package ships, from our own origin: no CDN, works offline.
  typed.get('/dashboard/echarts.min.js', { schema: { hide: true } }, async (_request, reply) =>
    reply
      .header('content-type', 'text/javascript; charset=utf-8')
      .header('cache-control', 'public, max-age=86400')
      .send(echarts),
  );

  typed.get('/dashboard/api/users', { schema: { hide: true } }, async () => {
    const { sources, rules } = await listLeadFilterNames(deps);
    // The name is what the filter sends; the page shows its label in the language of the person viewed as.
    const labelled = (kind: 'sources' | 'rules', names: string[]) =>
      names.map((name) => ({ name, text: nameTexts(kind, name, deps.policy.labels.book) }));
    return {
      org: { name: deps.policy.org.name, locale: deps.policy.org.locale, currency: deps.policy.org.currency },
      users: await listRoster(deps),
      sources: labelled('sources', sources),
      rules: labelled('rules', rules),
    };
  });

  typed.get(
    '/dashboard/api/report',
    { schema: { hide: true, querystring: reportQuery } },
    async (request, reply) => {
      try {
        return await dashboardData(deps, request.query);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        return refusal(reply, error, deps.policy.org.locale);
      }
    },
  );
};

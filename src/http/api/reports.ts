// Owns /api/reports/funnel|kpi|receivables|process: the same report use cases as chat, as JSON, CSV (one table, chosen
// with ?table= where a report has more than one) or XLSX (every table, a sheet each).
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Actor } from '../../app/deps.ts';
import { type FunnelReport, readFunnelReport } from '../../app/reports/read-funnel-report.ts';
import { type KpiReport, readKpiReport } from '../../app/reports/read-kpi-report.ts';
import { type ProcessReport, readProcessReport } from '../../app/reports/read-process-report.ts';
import { type ReceivablesReport, readReceivablesReport } from '../../app/reports/read-receivables-report.ts';
import { groupingOf, withLeads } from '../../app/reports/report-args.ts';
import {
  agingTable,
  breachesByRepTable,
  dsoTrendTable,
  expectedCashTable,
  funnelTable,
  kpiTable,
  processSummaryTable,
  processTable,
  receivablesSummaryTable,
  receivablesTable,
  stuckApprovalsTable,
  type Table,
  topOverdueTable,
} from '../../app/reports/report-tables.ts';
import { orgToday } from '../../app/reports/report-window.ts';
import { funnelGroupings } from '../../domain/reports/funnel.ts';
import { namedPeriod, type Period, rangePeriod } from '../../domain/reports/period.ts';
import type { ScopeRequest } from '../../domain/reports/scope.ts';
import { apiActorOf } from '../api-auth.ts';
import { type PeriodRefusal, periodRefusal } from '../query-period.ts';
import { tableCsv, tableXlsx } from '../report-files.ts';
import type { DepsPlugin } from '../server.ts';

// A report's tables, in sheet order: `key` picks one for CSV (?table=), `sheet` names its XLSX sheet by content
// (Excel allows 31 characters; the period is in the file name).
interface NamedTable<R> {
  key: string;
  sheet: string;
  table: (report: R) => Table;
}
interface ReportTables<R> {
  tables: NamedTable<R>[];
  // What CSV gives without ?table=.
  csvDefault: string;
}

const funnelTables: ReportTables<FunnelReport> = {
  tables: [{ key: 'funnel', sheet: 'Funnel', table: funnelTable }],
  csvDefault: 'funnel',
};
const kpiTables: ReportTables<KpiReport> = {
  tables: [{ key: 'kpi', sheet: 'KPI', table: kpiTable }],
  csvDefault: 'kpi',
};
const receivablesTables: ReportTables<ReceivablesReport> = {
  tables: [
    { key: 'summary', sheet: 'Summary', table: receivablesSummaryTable },
    { key: 'aging', sheet: 'Aging', table: agingTable },
    { key: 'expectedCash', sheet: 'Expected cash', table: expectedCashTable },
    { key: 'topOverdue', sheet: 'Top overdue', table: topOverdueTable },
    { key: 'ranking', sheet: 'Ranking', table: receivablesTable },
    { key: 'dsoTrend', sheet: 'DSO trend', table: dsoTrendTable },
  ],
  csvDefault: 'ranking',
};
const processTables: ReportTables<ProcessReport> = {
  tables: [
    { key: 'summary', sheet: 'Summary', table: processSummaryTable },
    { key: 'breachesByRep', sheet: 'SLA breaches by rep', table: breachesByRepTable },
    { key: 'approvalCycles', sheet: 'Approval cycles', table: processTable },
    { key: 'stuckApprovals', sheet: 'Stuck approvals', table: stuckApprovalsTable },
  ],
  csvDefault: 'approvalCycles',
};
const tablesOf = {
  funnel: funnelTables,
  kpi: kpiTables,
  receivables: receivablesTables,
  process: processTables,
};

const keysOf = (t: ReportTables<never>) => t.tables.map((x) => x.key);
const tableDescription = `format=csv: which table. ${Object.entries(tablesOf)
  .map(([kind, t]) => `${kind}: ${keysOf(t).join(', ')} (default ${t.csvDefault})`)
  .join('; ')}. XLSX has every table, a sheet each.`;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'write the date as YYYY-MM-DD, e.g. 2026-10-01');

const query = z
  .object({
    from: isoDate.optional().describe('First day (org calendar); defaults to the first of this month'),
    to: isoDate.optional().describe('Last day, inclusive; defaults to today'),
    groupBy: z
      .enum(funnelGroupings as [string, ...string[]])
      .optional()
      .describe('funnel only: rep, team, source, campaign, region or rule'),
    rep: z.string().max(200).optional().describe('One rep: email, name or id'),
    team: z.string().max(200).optional().describe("A manager's whole tree: email, name or id"),
    region: z.string().max(100).optional(),
    source: z
      .string()
      .max(100)
      .optional()
      .describe(
        'only leads of this source and the orders made from them (an order without a lead is in no source), within your reach or rep/team/region',
      ),
    rule: z
      .string()
      .max(200)
      .optional()
      .describe(
        'only leads routed by this rule (its name or label) and the orders made from them, within your reach',
      ),
    format: z.enum(['json', 'csv', 'xlsx']).default('json'),
    table: z.string().max(40).optional().describe(tableDescription),
  })
  .strict();
type Query = z.infer<typeof query>;

const stage = z.object({
  stage: z.string(),
  entered: z.number(),
  movedOn: z.number(),
  lost: z.number(),
  stillThere: z.number(),
  conversion: z.number().nullable(),
  medianSeconds: z.number().nullable(),
  p90Seconds: z.number().nullable(),
  lostReasons: z.record(z.string(), z.number()),
});
const period = z.object({ kind: z.string(), from: z.string(), to: z.string() });
const totals = z.record(z.string(), z.number()).describe('minor units per ISO currency');
const responses = {
  funnel: z
    .object({
      period,
      groupBy: z.string(),
      total: z.array(stage),
      groups: z.array(z.object({ key: z.string().nullable(), label: z.string(), stages: z.array(stage) })),
      baseline: z.array(stage),
      bottleneck: z
        .object({
          stage: z.string(),
          next: z.string(),
          kind: z.string(),
          current: z.number(),
          baseline: z.number(),
        })
        .nullable(),
    })
    .passthrough(),
  kpi: z
    .object({
      period,
      currency: z.string(),
      rows: z.array(
        z
          .object({
            id: z.string(),
            name: z.string(),
            depth: z.number(),
            parentId: z.string().nullable(),
            former: z.boolean(),
            figures: z
              .object({
                newLeads: z.number(),
                approvedValue: totals,
                targetMinor: z.number(),
                attainment: z.number().nullable(),
              })
              .passthrough(),
          })
          .passthrough(),
      ),
    })
    .passthrough(),
  receivables: z
    .object({
      period,
      open: totals,
      overdue: totals,
      aging: z.record(z.string(), totals),
      dso: z.array(z.object({ currency: z.string(), days: z.number(), capped: z.boolean() })),
      dsoTrend: z
        .array(
          z.object({
            currency: z.string(),
            points: z.array(
              z.object({
                day: z.string().describe('a month-end (org calendar), the last point today'),
                openMinor: z.number().describe('what was still owed when that day ended'),
                days: z.number(),
                capped: z.boolean().describe('the balance is older than the year of sales counted back'),
                salesMinor: z
                  .number()
                  .describe("credit sales of the point's month (month to date for today)"),
              }),
            ),
          }),
        )
        .describe('count-back DSO at each of the last 6 month-ends and today, per currency'),
      expectedCash: z.array(z.object({ from: z.string(), to: z.string(), expected: totals })),
      exceptions: z.array(z.object({ status: z.string(), count: z.number() }).passthrough()).nullable(),
      exceptionsUnscopedOnly: z
        .boolean()
        .describe('exceptions are left out because of source/rule: a statement line belongs to no lead'),
    })
    .passthrough(),
  process: z
    .object({
      period,
      breaches: z.object({ accept: z.number(), firstContact: z.number() }),
      reroutes: z.number(),
      escalated: z.number(),
      exceptions: z.array(z.object({ status: z.string(), count: z.number() }).passthrough()).nullable(),
      exceptionsUnscopedOnly: z.boolean(),
    })
    .passthrough(),
};
const errorBody = z.object({ error: z.string(), message: z.string() }).passthrough();

function periodOf(q: Query, today: string): Period | PeriodRefusal {
  if (!q.from && !q.to) return namedPeriod('month', today) as Period;
  const from = q.from ?? q.to ?? today;
  const to = q.to ?? today;
  const p = rangePeriod(from, to);
  return typeof p === 'string'
    ? periodRefusal(p, from, to, 'a report covers at most two years: narrow from/to')
    : p;
}

function scopeOf(q: Query): ScopeRequest {
  const people: ScopeRequest = q.rep
    ? { kind: 'rep', ref: q.rep }
    : q.team
      ? { kind: 'team', ref: q.team }
      : q.region
        ? { kind: 'region', region: q.region }
        : { kind: 'mine' };
  return withLeads(people, q.source, q.rule);
}

async function send<R>(
  reply: FastifyReply,
  q: Query,
  name: string,
  json: unknown,
  report: R,
  t: ReportTables<R>,
) {
  if (q.format === 'csv') {
    const key = q.table ?? t.csvDefault;
    const chosen = t.tables.find((x) => x.key === key);
    if (!chosen) return reply.code(400).send(unknownTable(t));
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${name}-${chosen.key}.csv"`)
      .send(tableCsv(chosen.table(report)));
  }
  if (q.format === 'xlsx')
    return reply
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="${name}.xlsx"`)
      .send(await tableXlsx(t.tables.map((x) => ({ name: x.sheet, table: x.table(report) }))));
  return reply.send(json);
}

const unknownTable = (t: ReportTables<never>) => ({
  error: 'invalid',
  message: `table is one of ${keysOf(t).join(', ')}`,
});

export const reportsApi: DepsPlugin = async (app, { deps }) => {
  const route = <R>(
    kind: keyof typeof responses,
    summary: string,
    tables: ReportTables<R>,
    run: (q: Query, p: Period, actor: Actor) => Promise<{ json: unknown; report: R }>,
  ) =>
    app.get(
      `/reports/${kind}`,
      {
        config: { scope: 'reports:read' },
        schema: {
          tags: ['reports'],
          summary,
          description: `An API key sees the whole org; rep, team or region narrow it, and source or rule narrow it to those leads and the orders made from them (an unknown one answers 404 naming the valid ones; receivables and process then leave out reconciliation exceptions, which belong to no lead). from/to are org-calendar dates, both inclusive. format=csv or xlsx returns a file named for the report and period (CSV cells that would run as formulas get a leading apostrophe; XLSX text cells never run); XLSX has a sheet per table (${tables.tables.map((t) => t.sheet).join(', ')}), CSV one: table= is one of ${keysOf(tables).join(', ')} (default ${tables.csvDefault}; an unknown one answers 400 naming the valid ones).`,
          querystring: query,
          response: { 200: responses[kind], 400: errorBody, 403: errorBody, 404: errorBody },
        },
      },
      async (request, reply) => {
        // The zod validator compiler has checked the query string against `query` already.
        const q = request.query as Query;
        if (q.table !== undefined && !keysOf(tables).includes(q.table))
          return reply.code(400).send(unknownTable(tables));
        const p = periodOf(q, orgToday(deps));
        if ('field' in p) return reply.code(400).send({ error: 'invalid', ...p });
        const out = await run(q, p, apiActorOf(request));
        return send(reply, q, `${kind}-${p.from}-${p.to}`, out.json, out.report, tables);
      },
    );
  route(
    'funnel',
    'Funnel per stage: entered, moved on, lost (reasons), still there, time in stage, bottleneck',
    funnelTables,
    async (q, p, actor) => {
      const groupBy = q.groupBy ? (groupingOf(q.groupBy) ?? 'none') : 'none';
      const report = await readFunnelReport(deps, actor, { period: p, scope: scopeOf(q), groupBy });
      return { json: report, report };
    },
  );
  route(
    'kpi',
    'KPI per person of the tree, each level the sum of its children, with attainment',
    kpiTables,
    async (q, p, actor) => {
      const report = await readKpiReport(deps, actor, { period: p, scope: scopeOf(q) });
      const { tree: _tree, ...json } = report;
      return { json, report };
    },
  );
  route(
    'receivables',
    'Open, overdue, aging, collection rate, count-back DSO, expected cash, top overdue customers, rankings',
    receivablesTables,
    async (q, p, actor) => {
      const report = await readReceivablesReport(deps, actor, { period: p, scope: scopeOf(q) });
      return { json: report, report };
    },
  );
  route(
    'process',
    'Lead SLA breaches and re-routes, approval cycle time, stuck approvals, open exceptions',
    processTables,
    async (q, p, actor) => {
      const report = await readProcessReport(deps, actor, { period: p, scope: scopeOf(q) });
      return { json: report, report };
    },
  );
};

// Owns POST /api/leads/import: a lead list as the body (CSV text, an XLSX workbook, or JSON { csv, … }), the per-row
// report.
import { errorCodes, type FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app/deps.ts';
import { importLeads } from '../../app/leads/import-leads.ts';
import { tableFromXlsx } from '../../app/leads/read-lead-file.ts';
import { isImportProblem, tableFromCsv } from '../../domain/leads/lead-import.ts';
import { importProblemText } from '../../messages/catalogue/leads.ts';
import { asTyped } from '../../messages/plain-text.ts';
import { apiActorOf } from '../api-auth.ts';

const optionalText = (max: number) => z.string().trim().max(max).optional();
const errorBody = z.object({ error: z.string(), message: z.string() }).passthrough();

const importOptions = {
  source: optionalText(60),
  campaign: optionalText(200),
};

const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

// A CSV (text/csv) or XLSX workbook as the body, options in the query; or JSON { csv, source?, campaign?, mapping? }.
const importBody = z.union([
  z.string().min(1, 'the body is empty; send the CSV text with a header line'),
  z
    .custom<Buffer>((v) => Buffer.isBuffer(v), 'send the .xlsx workbook as the body')
    .meta({ type: 'string', format: 'binary' }),
  z.object({
    csv: z.string().min(1, 'csv is empty; send the CSV text with a header line'),
    ...importOptions,
    // Your column name → lead field, e.g. { "Mobile No.": "phone" }.
    mapping: z.record(z.string(), z.string()).optional(),
  }),
]);

const importProblem = z.object({
  line: z.number(),
  field: z.string(),
  code: z.string(),
  message: z.string(),
});

const importReport = z.object({
  rows: z.number(),
  created: z.number(),
  routed: z.object({ offered: z.number(), posted: z.number(), unrouted: z.number() }),
  duplicates: z.array(
    z.object({
      line: z.number(),
      number: z.string(),
      matchedOn: z.enum(['email', 'phone', 'company', 'file']),
      ofLine: z.number().optional(),
    }),
  ),
  problems: z.array(importProblem),
  ignoredColumns: z.array(z.string()),
  // Holders of open leads the list repeated, each sent one summary card.
  ownersNotified: z.number(),
});

// A trade-show list is far larger than a form post.
const importBodyLimit = 32 * 1024 * 1024;
// A workbook is read whole (as the CLI reads it) and unzips to several times its size: a smaller cap.
const xlsxBodyLimit = 8 * 1024 * 1024;

// text/csv arrives as a string through the server-wide parser; the route's bodyLimit lifts the size cap. A workbook
// arrives as bytes through a parser of this route's own scope.
export async function leadImportRoute(app: FastifyInstance, deps: AppDeps): Promise<void> {
  await app.register(async (scope) => importRoute(scope, deps));
}

async function importRoute(app: FastifyInstance, deps: AppDeps): Promise<void> {
  // The route's bodyLimit (for CSV) overrides a parser's own, so the workbook's smaller cap is checked here.
  app.addContentTypeParser(xlsxType, { parseAs: 'buffer' }, (_req, body, done) =>
    body.length > xlsxBodyLimit
      ? done(new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE(), undefined)
      : done(null, body),
  );
  app.withTypeProvider<ZodTypeProvider>().post(
    '/leads/import',
    {
      config: { scope: 'leads:write' },
      bodyLimit: importBodyLimit,
      schema: {
        tags: ['leads'],
        summary:
          'Import a lead list (CSV or XLSX): good rows become routed leads, duplicates are attached to the open lead, every bad row is reported with its line and reason',
        description: `Send the list as the body: text/csv (UTF-8, header line), ${xlsxType} (the first visible tab, as Excel shows the tabs, header row; at most 8 MB) — source and campaign in the query — or JSON { csv, source?, campaign?, mapping? }. Headers in English or Chinese (姓名 公司 邮箱 电话 …), as the CLI's \`closeloop import leads\` reads them. A file that cannot be read at all (empty, no name column, not a workbook) is 400 naming the fix and imports nothing.`,
        consumes: ['application/json', 'text/csv', xlsxType],
        body: importBody,
        querystring: z.object(importOptions),
        response: { 201: importReport, 400: errorBody },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const file = typeof body === 'string' || Buffer.isBuffer(body);
      const options = file ? request.query : { ...request.query, ...body };
      const table = Buffer.isBuffer(body)
        ? await tableFromXlsx(body, deps.policy.imports)
        : tableFromCsv(typeof body === 'string' ? body : body.csv);
      const report = isImportProblem(table)
        ? null
        : await importLeads(deps, apiActorOf(request), table, {
            source: options.source ?? 'import',
            campaign: options.campaign ?? null,
            ...(!file && body.mapping ? { mapping: body.mapping } : {}),
          });
      const problems = isImportProblem(table) ? [table] : (report?.problems ?? []);
      const withText = problems.map((p) => ({
        line: p.line,
        field: p.field,
        code: p.code,
        // An API answer is read with no markdown: the value echoed as it was sent.
        message: asTyped(importProblemText(p, 'en')),
      }));
      const whole = withText.filter((p) => p.field === '(file)');
      if (!report || whole.length > 0) {
        return reply.code(400).send({
          error: whole[0]?.code ?? 'import_empty_file',
          message: `${whole.map((p) => p.message).join('; ')}; nothing was imported`,
          problems: whole,
        });
      }
      return reply.code(201).send({ ...report, problems: withText });
    },
  );
}

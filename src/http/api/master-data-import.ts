// Owns POST /api/customers/import and POST /api/products/import: a CSV (text/csv) or XLSX body, the per-row report.
import type { FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { importCustomers } from '../../app/customers/import-customers.ts';
import { type SheetReading, sheetRowsOf } from '../../app/files/read-sheet-rows.ts';
import type { SheetImportReport } from '../../app/imports/import-sheet-rows.ts';
import { importProducts } from '../../app/products/import-products.ts';
import { invalid } from '../../domain/errors.ts';
import { refusedRowText } from '../../messages/catalogue/master-import.ts';
import { asTyped } from '../../messages/plain-text.ts';
import { apiActorOf } from '../api-auth.ts';
import type { DepsPlugin } from '../server.ts';
import { errorBody } from './customer-json.ts';

const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
// A customer or product master is far larger than a form post.
const importBodyLimit = 32 * 1024 * 1024;

const reportJson = z.object({
  rows: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  refused: z.number().int(),
  lines: z.array(
    z.object({
      line: z.number().int(),
      outcome: z.enum(['created', 'updated', 'unchanged', 'refused']),
      key: z.string(),
      column: z.string().optional(),
      error: z.string().optional(),
      message: z.string().optional(),
    }),
  ),
});

function reportOut(report: SheetImportReport): z.infer<typeof reportJson> {
  const { lines, ...counts } = report;
  return {
    ...counts,
    lines: lines.map(({ error, ...line }) => ({
      ...line,
      // An API answer is read with no markdown: the row's own text as it was sent.
      ...(error ? { error: error.code, message: asTyped(refusedRowText({ ...line, error }, 'en')) } : {}),
    })),
  };
}

// The body as rows: CSV text as it came, bytes of an XLSX workbook (or of a CSV sent as octet-stream).
function rowsOf(request: FastifyRequest, reading: SheetReading) {
  const body = request.body;
  const type = request.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  if (typeof body === 'string' && body.length > 0) return sheetRowsOf('body.csv', body, reading);
  if (Buffer.isBuffer(body) && body.length > 0)
    return sheetRowsOf(type === xlsxType ? 'body.xlsx' : 'body.csv', body, reading);
  throw invalid('sheet_empty', '(body)');
}

const description = (what: string, key: string) =>
  `Import ${what} from the body: text/csv (UTF-8, header line) or ${xlsxType} (its first visible tab, as Excel shows the tabs). Each row is created or brought up to date (${key}) through the same checks, permissions, audit and webhooks as a single save; the answer lists every row as created, updated, unchanged or refused with the column at fault. A wrong header (unknown, repeated or missing column) refuses the whole file with 400 and changes nothing. Sending the same file again changes nothing. Columns: see the README.`;

export const masterDataImportApi: DepsPlugin = async (app, { deps }) => {
  // Workbooks arrive as bytes; CSV text goes through the server-wide text parser.
  app.addContentTypeParser(
    [xlsxType, 'application/octet-stream'],
    { parseAs: 'buffer' },
    (_req, body, done) => done(null, body),
  );
  const api = app.withTypeProvider<ZodTypeProvider>();
  const response = { 200: reportJson, 400: errorBody };

  api.post(
    '/customers/import',
    {
      config: { scope: 'customers:write' },
      bodyLimit: importBodyLimit,
      schema: {
        tags: ['customers'],
        summary: description('customers (and a contact each)', 'by erp, else by the folded name'),
        response,
      },
    },
    async (request) =>
      reportOut(await importCustomers(deps, apiActorOf(request), rowsOf(request, deps.policy.imports))),
  );

  api.post(
    '/products/import',
    {
      config: { scope: 'products:write' },
      bodyLimit: importBodyLimit,
      schema: {
        tags: ['products'],
        summary: description('products with their price on each list', 'by SKU'),
        response,
      },
    },
    async (request) =>
      reportOut(await importProducts(deps, apiActorOf(request), rowsOf(request, deps.policy.imports))),
  );
};

// Owns GET /api/exports/<kind>: leads, orders, installments, receivables or the audit log as a CSV or XLSX file for
// systems, streamed from a database cursor (100,000 rows never sit in memory), with the same use case as chat.
import { PassThrough } from 'node:stream';
import { z } from 'zod';
import { prepareExport } from '../../app/exports/prepare-export.ts';
import type { ApiScope } from '../../domain/access/actions.ts';
import { type ExportKind, exportKinds } from '../../domain/exports/export-request.ts';
import { type Period, rangePeriod } from '../../domain/reports/period.ts';
import { apiActorOf } from '../api-auth.ts';
import { type PeriodRefusal, periodRefusal } from '../query-period.ts';
import type { DepsPlugin } from '../server.ts';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'write the date as YYYY-MM-DD, e.g. 2026-10-01');

const query = z
  .object({
    format: z.enum(['csv', 'xlsx']).default('csv'),
    from: isoDate.optional().describe('First day (org calendar), inclusive; left out with to: everything'),
    to: isoDate.optional().describe('Last day, inclusive; defaults to from'),
    owner: z.string().max(200).optional().describe("Only this person's records: email, name or id"),
    status: z
      .string()
      .max(50)
      .optional()
      .describe("The lead's or order's status; not for receivables or audit"),
    source: z
      .string()
      .max(100)
      .optional()
      .describe(
        "The lead's source (for orders, installments and receivables: of the order's lead); not for audit",
      ),
    region: z.string().max(100).optional().describe("The lead's or customer's region; not for audit"),
  })
  .strict();
type Query = z.infer<typeof query>;

const errorBody = z.object({ error: z.string(), message: z.string() }).passthrough();

// The key scope each file needs: the one its records are read under.
const scopeOf: Record<ExportKind, ApiScope> = {
  leads: 'leads:read',
  orders: 'orders:read',
  installments: 'orders:read',
  receivables: 'orders:read',
  audit: 'audit:read',
};

function periodOf(q: Query): Period | PeriodRefusal | null {
  if (!q.from && !q.to) return null;
  const from = q.from ?? q.to ?? '';
  const to = q.to ?? q.from ?? '';
  const p = rangePeriod(from, to);
  return typeof p === 'string'
    ? periodRefusal(
        p,
        from,
        to,
        'an export covers at most two years: narrow from/to, or leave both out for everything',
      )
    : p;
}

export const exportsApi: DepsPlugin = async (app, { deps }) => {
  for (const kind of exportKinds)
    app.get(
      `/exports/${kind}`,
      {
        config: { scope: scopeOf[kind] },
        schema: {
          tags: ['exports'],
          summary: `${kind} as a CSV or XLSX file`,
          description:
            'Streams every matching row (no paging). from/to are org-calendar dates, both inclusive, on the creation date (leads, orders, audit) or the due date (installments, receivables); receivables are the open installments as of today. Money is in the currency’s units; CSV cells that would run as formulas get a leading apostrophe (XLSX holds text as text cells, which never run).',
          querystring: query,
          response: { 400: errorBody, 403: errorBody, 404: errorBody },
        },
      },
      async (request, reply) => {
        // The zod validator compiler has checked the query string against `query` already.
        const q = request.query as Query;
        const period = periodOf(q);
        if (period && 'field' in period) return reply.code(400).send({ error: 'invalid', ...period });
        const prepared = await prepareExport(
          deps,
          apiActorOf(request),
          {
            kind,
            format: q.format,
            period,
            filters: {
              ...(q.owner ? { owner: q.owner } : {}),
              ...(q.status ? { status: q.status } : {}),
              ...(q.source ? { source: q.source } : {}),
              ...(q.region ? { region: q.region } : {}),
            },
          },
          deps.policy.org.locale,
        );
        const body = new PassThrough();
        // A failure after the first byte can only cut the download short: the client sees a broken transfer.
        prepared.writeTo(body).catch((error: unknown) => {
          request.log.error({ err: error }, 'export failed while streaming');
          body.destroy(error instanceof Error ? error : new Error(String(error)));
        });
        return reply
          .type(prepared.mime)
          .header('content-disposition', `attachment; filename="${prepared.fileName}"`)
          .send(body);
      },
    );
};

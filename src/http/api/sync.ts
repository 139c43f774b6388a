// Owns the sync routes an ERP polls: GET /api/leads|customers|orders|installments|payments|products with
// updatedSince and a cursor, keyset-paged so concurrent and late-committing writes are never skipped.
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { readChanges } from '../../app/sync/read-changes.ts';
import type { SyncEntity } from '../../db/sync/changes-query.ts';
import type { ApiScope } from '../../domain/access/actions.ts';
import { apiActorOf } from '../api-auth.ts';
import type { DepsPlugin } from '../server.ts';
import { paymentsPage } from './payment-json.ts';

// `page`: the answer's schema where the item's shape is spelled out for /docs (and kept to it).
const routes: { entity: SyncEntity; scope: ApiScope; tag: string; what: string; page?: z.ZodType }[] = [
  { entity: 'leads', scope: 'leads:read', tag: 'leads', what: 'leads' },
  { entity: 'customers', scope: 'customers:read', tag: 'customers', what: 'customers' },
  {
    entity: 'orders',
    scope: 'orders:read',
    tag: 'orders',
    what: 'orders (header; lines via GET /api/orders/:number)',
  },
  { entity: 'installments', scope: 'orders:read', tag: 'collections', what: 'installments (receivables)' },
  {
    entity: 'payments',
    scope: 'payments:read',
    tag: 'reconciliation',
    what: 'payments (bank lines and receipts) with their allocations',
    page: paymentsPage,
  },
  { entity: 'products', scope: 'products:read', tag: 'products', what: 'products' },
];

// The polling parameters, also taken by the customer and product lists, which answer a poll when given one.
export const syncFields = {
  updatedSince: z.iso
    .datetime({ offset: true, error: 'write updatedSince as an ISO time, e.g. 2026-11-02T00:00:00Z' })
    .optional()
    .describe('Only records changed at or after this time (for the first poll; keep the cursor afterwards)'),
  cursor: z
    .string()
    .max(200)
    .optional()
    .describe('nextCursor of the previous page; left out, from the beginning'),
};
const query = z.object({ ...syncFields, limit: z.coerce.number().int().min(1).max(1000).default(200) });

export const syncPage = z.object({
  items: z.array(z.record(z.string(), z.unknown())),
  nextCursor: z.string().nullable(),
  hasMore: z.boolean(),
});

const errorBody = z.object({ error: z.string(), message: z.string() }).passthrough();

// `except`: entities whose own list route answers the poll (GET /api/customers and /api/products search too).
export const syncApiExcept =
  (except: readonly SyncEntity[]): DepsPlugin =>
  async (app, { deps }) => {
    const api = app.withTypeProvider<ZodTypeProvider>();
    for (const r of routes.filter((x) => !except.includes(x.entity)))
      api.get(
        `/${r.entity}`,
        {
          config: { scope: r.scope },
          schema: {
            tags: [r.tag, 'sync'],
            summary: `Poll ${r.what} changed since a cursor or time, oldest change first`,
            description:
              'Keep nextCursor and send it back on the next poll (also when items is empty). A page never shows a change while an older transaction is still running, so no change is skipped; a record changed again appears again, later.',
            querystring: query,
            response: { 200: r.page ?? syncPage, 400: errorBody, 403: errorBody },
          },
        },
        async (request) =>
          readChanges(deps, apiActorOf(request), r.entity, {
            cursor: request.query.cursor,
            updatedSince: request.query.updatedSince ? new Date(request.query.updatedSince) : undefined,
            limit: request.query.limit,
          }),
      );
  };

export const syncApi: DepsPlugin = syncApiExcept([]);

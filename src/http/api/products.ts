// Owns /api/products: the live catalogue — find products with their prices per list, add and change them by SKU.
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { findProducts } from '../../app/products/find-products.ts';
import { saveProduct } from '../../app/products/save-product.ts';
import { readChanges } from '../../app/sync/read-changes.ts';
import { apiActorOf } from '../api-auth.ts';
import type { DepsPlugin } from '../server.ts';
import { amountIn, errorBody, productJson, productOut } from './customer-json.ts';
import { syncFields, syncPage } from './sync.ts';

const productBody = z
  .object({
    sku: z.string().max(64),
    name: z.string().max(200),
    nameZh: z.string().max(200).nullable(),
    nameEn: z.string().max(200).nullable(),
    unit: z.string().max(32).nullable(),
    currency: z.string().max(3),
    price: amountIn('price'),
    taxRatePercent: z.number().nullable(),
    active: z.boolean(),
    prices: z.record(z.string().max(64), amountIn('prices')),
    // The ids an ERP knows the product by; POST finds the product by them first.
    externalIds: z.record(z.string().max(32), z.string().max(128)),
  })
  .partial()
  .strict();

export const productsApi: DepsPlugin = async (app, { deps }) => {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/products',
    {
      config: { scope: 'products:read' },
      schema: {
        tags: ['products'],
        summary: 'Find products by SKU or name (zh-CN or en) with their price on each list, ordered by SKU',
        querystring: z
          .object({
            q: z.string().max(200).optional(),
            includeInactive: z.enum(['true', 'false']).optional(),
            limit: z.coerce.number().int().min(1).max(200).default(50),
            offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
            // An ERP polling for changes: the answer is a sync page (items, nextCursor, hasMore) instead.
            ...syncFields,
          })
          .strict(),
        response: {
          200: z.union([z.object({ items: z.array(productJson), total: z.number().int() }), syncPage]),
        },
      },
    },
    async (request) => {
      const q = request.query;
      if (q.updatedSince !== undefined || q.cursor !== undefined)
        return readChanges(deps, apiActorOf(request), 'products', {
          cursor: q.cursor,
          updatedSince: q.updatedSince ? new Date(q.updatedSince) : undefined,
          limit: q.limit,
        });
      const found = await findProducts(deps, apiActorOf(request), {
        ...(q.q !== undefined ? { text: q.q } : {}),
        includeInactive: q.includeInactive === 'true',
        limit: q.limit,
        offset: q.offset,
      });
      return { total: found.total, items: found.items.map((p) => productOut(p, p.prices)) };
    },
  );

  api.post(
    '/products',
    {
      config: { scope: 'products:write' },
      schema: {
        tags: ['products'],
        summary:
          'Add a product (201), or bring up to date (200) the product of these externalIds, else of that SKU (an ERP as master may change the SKU)',
        body: productBody.required({ sku: true, name: true, currency: true, price: true }),
        response: { 200: productJson, 201: productJson, 400: errorBody, 403: errorBody },
      },
    },
    async (request, reply) => {
      const saved = await saveProduct(deps, apiActorOf(request), request.body);
      return reply
        .code(saved.outcome === 'created' ? 201 : 200)
        .send(productOut(saved.product, saved.prices));
    },
  );

  api.patch(
    '/products/:sku',
    {
      config: { scope: 'products:write' },
      schema: {
        tags: ['products'],
        summary: "Change a product's names, unit, price, tax rate, active flag or its price on a list",
        params: z.object({ sku: z.string().min(1).max(64) }),
        body: productBody,
        response: { 200: productJson, 400: errorBody, 403: errorBody, 404: errorBody },
      },
    },
    async (request) => {
      const saved = await saveProduct(deps, apiActorOf(request), request.body, request.params.sku);
      return productOut(saved.product, saved.prices);
    },
  );
};

// Owns the /api/customers resource: list and search, create or upsert by external id, read, edit and merge.
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { upsertCustomer } from '../../app/customers/create-customer.ts';
import { type CustomerInput, editCustomer } from '../../app/customers/edit-customer.ts';
import { findCustomers } from '../../app/customers/find-customers.ts';
import { getCustomer } from '../../app/customers/get-customer.ts';
import { mergeCustomers } from '../../app/customers/merge-customers.ts';
import { readChanges } from '../../app/sync/read-changes.ts';
import { apiActorOf } from '../api-auth.ts';
import type { DepsPlugin } from '../server.ts';
import { customerBody, customerJson, customerOut, decimal, errorBody } from './customer-json.ts';
import { syncFields, syncPage } from './sync.ts';

// The REST body → the use case's input (ownerEmail apart: it is a roster lookup).
export function customerInput(body: z.infer<typeof customerBody>): CustomerInput {
  const { ownerEmail, ...fields } = body;
  return { fields, ...(ownerEmail !== undefined ? { ownerEmail } : {}) };
}

const ref = z.object({
  id: z.string().min(1).max(200).describe('The customer id, or an external id such as erp:C-1001'),
});

const summary = z.object({
  id: z.uuid(),
  name: z.string(),
  legalName: z.string().nullable(),
  owner: z.object({ name: z.string(), email: z.string() }).nullable(),
  region: z.string().nullable(),
  tier: z.string().nullable(),
  currency: z.string(),
  creditLimit: z.string().nullable(),
  externalIds: z.record(z.string(), z.string()),
});

export const customersApi: DepsPlugin = async (app, { deps }) => {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/customers',
    {
      config: { scope: 'customers:read' },
      schema: {
        tags: ['customers'],
        summary:
          'List customers by name, or search by any form of the name, alias, tax ID, contact, owner or external id',
        querystring: z
          .object({
            q: z.string().max(200).optional(),
            owner: z.string().max(254).optional(),
            limit: z.coerce.number().int().min(1).max(200).default(50),
            offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
            // An ERP polling for changes: the answer is a sync page (items, nextCursor, hasMore) instead.
            ...syncFields,
          })
          .strict(),
        response: {
          200: z.union([z.object({ items: z.array(summary), total: z.number().int() }), syncPage]),
          400: errorBody,
        },
      },
    },
    async (request) => {
      const q = request.query;
      if (q.updatedSince !== undefined || q.cursor !== undefined)
        return readChanges(deps, apiActorOf(request), 'customers', {
          cursor: q.cursor,
          updatedSince: q.updatedSince ? new Date(q.updatedSince) : undefined,
          limit: q.limit,
        });
      const found = await findCustomers(deps, apiActorOf(request), {
        ...(q.q !== undefined ? { text: q.q } : {}),
        ...(q.owner !== undefined ? { ownerEmail: q.owner } : {}),
        limit: q.limit,
        offset: q.offset,
      });
      return {
        total: found.total,
        items: found.items.map(({ creditLimitMinor, ...c }) => ({
          ...c,
          creditLimit: creditLimitMinor === null ? null : decimal(creditLimitMinor, c.currency),
        })),
      };
    },
  );

  api.post(
    '/customers',
    {
      config: { scope: 'customers:write' },
      schema: {
        tags: ['customers'],
        summary:
          'Create a customer; with externalIds naming one already sent, bring it up to date instead (200). A credit limit or tier is a credit decision',
        body: customerBody.required({ name: true }),
        response: { 200: customerJson, 201: customerJson, 400: errorBody, 403: errorBody, 409: errorBody },
      },
    },
    async (request, reply) => {
      const actor = apiActorOf(request);
      const saved = await upsertCustomer(deps, actor, customerInput(request.body));
      const view = await getCustomer(deps, actor, saved.customer.id);
      return reply.code(saved.outcome === 'created' ? 201 : 200).send(customerOut(view));
    },
  );

  api.get(
    '/customers/:id',
    {
      config: { scope: 'customers:read' },
      schema: {
        tags: ['customers'],
        summary: 'One customer with its contacts (by id or external id, e.g. erp:C-1001)',
        params: ref,
        response: { 200: customerJson, 404: errorBody },
      },
    },
    async (request) => customerOut(await getCustomer(deps, apiActorOf(request), request.params.id)),
  );

  api.patch(
    '/customers/:id',
    {
      config: { scope: 'customers:write' },
      schema: {
        tags: ['customers'],
        summary: 'Change a customer; what is sent replaces what it has, null clears a field',
        params: ref,
        body: customerBody,
        response: { 200: customerJson, 400: errorBody, 403: errorBody, 404: errorBody, 409: errorBody },
      },
    },
    async (request) => {
      const actor = apiActorOf(request);
      const edited = await editCustomer(deps, actor, request.params.id, customerInput(request.body));
      return customerOut(await getCustomer(deps, actor, edited.customer.id));
    },
  );

  api.post(
    '/customers/:id/merge',
    {
      config: { scope: 'customers:write' },
      schema: {
        tags: ['customers'],
        summary:
          'Merge this (duplicate) customer into another: orders, contacts, leads, bank lines and payer names move; it stays, pointing at the other',
        params: ref,
        body: z.object({ into: z.string().min(1).max(200) }).strict(),
        response: {
          200: z.object({
            customer: customerJson,
            merged: z.object({ id: z.uuid(), name: z.string() }),
            moved: z.record(z.string(), z.number().int()),
          }),
          400: errorBody,
          403: errorBody,
          404: errorBody,
          409: errorBody,
        },
      },
    },
    async (request) => {
      const actor = apiActorOf(request);
      const out = await mergeCustomers(deps, actor, request.params.id, request.body.into);
      return {
        customer: customerOut(await getCustomer(deps, actor, out.winner.id)),
        merged: { id: out.loser.id, name: out.loser.name },
        moved: out.moved,
      };
    },
  );
};

// Owns /api/leads/:id/merge and /api/leads/:id/unmerge: a CRM or an admin tool merges a duplicate lead and undoes it.
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { mergeLeads } from '../../app/leads/merge-leads.ts';
import { unmergeLead } from '../../app/leads/unmerge-lead.ts';
import { apiActorOf } from '../api-auth.ts';
import type { DepsPlugin } from '../server.ts';

const leadRef = (what: string) =>
  z.string().trim().min(1, `${what} is required: a lead id or number such as L-000042`).max(64);

const ref = z.object({ id: z.string(), number: z.string() });
const errorBody = z.object({ error: z.string(), message: z.string() }).passthrough();

export const leadMergeApi: DepsPlugin = async (app, { deps }) => {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.post(
    '/leads/:id/merge',
    {
      config: { scope: 'leads:write' },
      schema: {
        tags: ['leads'],
        summary:
          'Merge the lead named in the body (drop) into this one: its activities move here, it is closed as merged (not deleted) and can be unmerged',
        params: z.object({ id: leadRef('id') }),
        body: z.object({ drop: leadRef('drop') }).strict(),
        response: { 200: z.object({ keep: ref, drop: ref, moved: z.number() }), 400: errorBody },
      },
    },
    async (request) => mergeLeads(deps, apiActorOf(request), request.params.id, request.body.drop),
  );

  api.post(
    '/leads/:id/unmerge',
    {
      config: { scope: 'leads:write' },
      schema: {
        tags: ['leads'],
        summary: 'Undo a merge of this (dropped) lead: its prior state and its activities come back',
        params: z.object({ id: leadRef('id') }),
        response: {
          200: z.object({ drop: ref.extend({ status: z.string() }), keep: ref, moved: z.number() }),
          400: errorBody,
        },
      },
    },
    async (request) => unmergeLead(deps, apiActorOf(request), request.params.id),
  );
};

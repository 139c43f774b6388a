// Owns GET /api/audit: the audit log for systems and auditors, newest first, filtered, with cursor paging.
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listAudit } from '../../app/audit/list-audit.ts';
import { mayReadAudit } from '../../app/audit/may-read-audit.ts';
import { apiActorOf } from '../api-auth.ts';
import type { DepsPlugin } from '../server.ts';

const instant = (what: string) =>
  z
    .string()
    .trim()
    .refine(
      (v) => /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(v) && !Number.isNaN(Date.parse(v)),
      {
        message: `write ${what} as an ISO date or time, e.g. 2026-12-01 or 2026-12-01T08:00:00Z`,
      },
    )
    .transform((v) => new Date(v));

const querystring = z
  .object({
    entity: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .optional()
      .describe('L-000042, SO-2026-00012, a customer name, a UUID, or type:uuid'),
    actor: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .optional()
      .describe('an email, a user id, api:<key name> or system:<job>'),
    action: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .optional()
      .describe('an action (order.approve) or a prefix (order.)'),
    from: instant('from').optional(),
    to: instant('to').optional(),
    cursor: z.coerce
      .number()
      .int('give the nextCursor of the previous page')
      .min(1, 'give the nextCursor of the previous page')
      .max(Number.MAX_SAFE_INTEGER, 'give the nextCursor of the previous page')
      .optional(),
    limit: z.coerce.number().int().min(1, 'limit is 1 to 500').max(500, 'limit is 1 to 500').default(100),
  })
  .strict();

const entry = z.object({
  id: z.number().int(),
  at: z.string(),
  actor: z.object({ id: z.string().nullable(), label: z.string(), name: z.string().nullable() }),
  platform: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  before: z.unknown(),
  after: z.unknown(),
  sealed: z.boolean(),
});

const page = z.object({
  entries: z.array(entry),
  nextCursor: z.number().int().nullable(),
  entity: z.object({ type: z.string().nullable(), id: z.string(), label: z.string() }).nullable(),
});

const errorBody = z.object({ error: z.string(), message: z.string() }).passthrough();

export const auditApi: DepsPlugin = async (app, { deps }) => {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/audit',
    {
      config: { scope: 'audit:read' },
      schema: {
        tags: ['audit'],
        summary: 'Read the audit log: who did what, where, before and after, newest first',
        description:
          'Pass nextCursor back as cursor for the next page. Rows are hash-chained shortly after they are written (sealed: true); `closeloop audit verify` checks the chain.',
        querystring,
        response: { 200: page, 400: errorBody, 403: errorBody, 404: errorBody },
      },
    },
    async (request, reply) => {
      if (!mayReadAudit(deps, apiActorOf(request)))
        return reply.code(403).send({ error: 'forbidden', message: 'This key may not read the audit log.' });
      const q = request.query;
      const result = await listAudit(deps, {
        ...(q.entity !== undefined ? { entity: q.entity } : {}),
        ...(q.actor !== undefined ? { actor: q.actor } : {}),
        ...(q.action !== undefined ? { action: q.action } : {}),
        ...(q.from !== undefined ? { from: q.from } : {}),
        ...(q.to !== undefined ? { to: q.to } : {}),
        ...(q.cursor !== undefined ? { cursor: q.cursor } : {}),
        limit: q.limit,
      });
      return reply.send({
        ...result,
        entries: result.entries.map((e) => ({ ...e, at: e.at.toISOString() })),
      });
    },
  );
};

// Owns the /api/webhooks resource: subscribe a system's URL to events, list and remove endpoints, read an endpoint's
// delivery log and redeliver one delivery. Every route needs the webhooks:manage scope.
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type ResolveHost, resolveWithDns } from '../../app/webhooks/check-webhook-host.ts';
import { createWebhookEndpoint } from '../../app/webhooks/create-webhook-endpoint.ts';
import { listWebhookDeliveries } from '../../app/webhooks/list-webhook-deliveries.ts';
import {
  enableWebhookEndpoint,
  listWebhookEndpoints,
  removeWebhookEndpoint,
} from '../../app/webhooks/manage-webhook-endpoints.ts';
import { redeliverWebhook } from '../../app/webhooks/redeliver-webhook.ts';
import { webhookEvents } from '../../domain/webhooks/events.ts';
import { apiActorOf } from '../api-auth.ts';
import type { DepsPlugin } from '../server.ts';

const errorBody = z.object({ error: z.string(), message: z.string() }).passthrough();

const endpointView = z.object({
  id: z.uuid(),
  name: z
    .string()
    .nullable()
    .describe("closeloop.yaml's endpoint name; null for endpoints made over the API"),
  source: z.enum(['api', 'config']),
  url: z.string(),
  events: z.array(z.string()),
  enabled: z.boolean(),
  disabledAt: z.string().nullable(),
  disabledReason: z.string().nullable(),
  failureStreak: z.number().int(),
  createdAt: z.string(),
});

const subscribeBody = z
  .object({
    url: z.string().trim().min(1, 'give the URL to POST events to, e.g. https://erp.example.com/closeloop'),
    events: z
      .array(z.string().trim())
      .min(1, `list at least one event: ${webhookEvents.join(', ')} (or * for all)`)
      .describe(`Any of: ${webhookEvents.join(', ')}, or * for all`),
    secret: z
      .string()
      .min(16, 'use a secret of at least 16 characters, or leave it out and one is made')
      .max(200)
      .optional()
      .describe('The HMAC-SHA256 signing secret; left out, one is made. Shown only in this answer.'),
  })
  .strict();

const idParams = z.object({ id: z.string().min(1).max(60) });

const attemptView = z.object({
  attempt: z.number().int(),
  at: z.string(),
  statusCode: z.number().int().nullable(),
  error: z.string().nullable(),
  durationMs: z.number().int(),
});

const deliveryView = z.object({
  deliveryId: z.string(),
  eventId: z.string(),
  event: z.string(),
  status: z.string().describe('pending (waiting for its next attempt), sent or dead (given up)'),
  attempts: z.number().int(),
  nextAttemptAt: z.string().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
  log: z.array(attemptView),
});

// `resolve` is how host names are looked up for the SSRF check (tests give a fixed table).
export function webhooksApi(options: { resolve?: ResolveHost } = {}): DepsPlugin {
  const resolve = options.resolve ?? resolveWithDns;
  return async (app, { deps }) => {
    const api = app.withTypeProvider<ZodTypeProvider>();
    const config = { scope: 'webhooks:manage' as const };
    const tags = ['webhooks'];

    api.post(
      '/webhooks',
      {
        config,
        schema: {
          tags,
          summary: 'Subscribe a URL to events; deliveries are signed with the secret (shown only here)',
          description:
            'The host may not be or resolve to a loopback/private/link-local address unless closeloop.yaml sets webhooks.allowPrivate: true; it is checked again before every delivery.',
          body: subscribeBody,
          response: { 201: endpointView.extend({ secret: z.string() }), 400: errorBody, 403: errorBody },
        },
      },
      async (request, reply) => {
        const created = await createWebhookEndpoint(deps, apiActorOf(request), request.body, resolve);
        return reply.code(201).send(created);
      },
    );

    api.get(
      '/webhooks',
      {
        config,
        schema: {
          tags,
          summary: 'List the webhook endpoints (from closeloop.yaml and the API), never their secrets',
          response: { 200: z.object({ endpoints: z.array(endpointView) }) },
        },
      },
      async (request) => ({ endpoints: await listWebhookEndpoints(deps, apiActorOf(request)) }),
    );

    api.delete(
      '/webhooks/:id',
      {
        config,
        schema: {
          tags,
          summary: 'Remove an endpoint made over the API; deliveries still waiting are given up',
          params: idParams,
          response: { 204: z.null(), 404: errorBody, 409: errorBody },
        },
      },
      async (request, reply) => {
        await removeWebhookEndpoint(deps, apiActorOf(request), request.params.id);
        return reply.code(204).send(null);
      },
    );

    api.post(
      '/webhooks/:id/enable',
      {
        config,
        schema: {
          tags,
          summary:
            'Switch an endpoint back on after it was disabled for failing; its failure streak restarts',
          params: idParams,
          response: { 200: endpointView, 404: errorBody },
        },
      },
      async (request) => enableWebhookEndpoint(deps, apiActorOf(request), request.params.id),
    );

    api.get(
      '/webhooks/:id/deliveries',
      {
        config,
        schema: {
          tags,
          summary: "An endpoint's delivery log, newest first, with every attempt's status code and error",
          params: idParams,
          querystring: z.object({
            limit: z.coerce.number().int().min(1).max(200).default(50),
            before: z
              .string()
              .regex(/^\d{1,18}$/, 'before is the nextBefore of the previous page')
              .optional(),
          }),
          response: {
            200: z.object({ deliveries: z.array(deliveryView), nextBefore: z.string().nullable() }),
            404: errorBody,
          },
        },
      },
      async (request) =>
        listWebhookDeliveries(deps, apiActorOf(request), request.params.id, {
          limit: request.query.limit,
          before: request.query.before,
        }),
    );

    api.post(
      '/webhooks/:id/deliveries/:deliveryId/redeliver',
      {
        config,
        schema: {
          tags,
          summary: 'Send one delivery again with the same event id (receivers dedupe on it)',
          description:
            'Asking again while the redelivery still waits answers the waiting one (queued: false).',
          params: idParams.extend({ deliveryId: z.string().min(1).max(20) }),
          response: {
            202: z.object({ deliveryId: z.string(), eventId: z.string(), queued: z.boolean() }),
            404: errorBody,
            409: errorBody,
          },
        },
      },
      async (request, reply) =>
        reply
          .code(202)
          .send(
            await redeliverWebhook(deps, apiActorOf(request), request.params.id, request.params.deliveryId),
          ),
    );
  };
}

// Owns the `webhooks` part of closeloop.yaml: endpoints that receive closeloop's events, and the SSRF and
// auto-disable rules every endpoint (configured or created over the API) is held to.
import { z } from 'zod';
import { literalPrivateHost } from '../domain/webhooks/address.ts';
import { isWebhookEvent, webhookEvents } from '../domain/webhooks/events.ts';
import { nearest } from './access-policy.ts';

const eventName = z.string().superRefine((name, ctx) => {
  if (name === '*' || isWebhookEvent(name)) return;
  const near = nearest(name, webhookEvents);
  ctx.addIssue({
    code: 'custom',
    message: `"${name}" is not an event${near ? `; did you mean ${near}?` : ''} (events: ${webhookEvents.join(', ')}, or * for all)`,
  });
});

export const webhookUrl = z
  .url({ protocol: /^https?$/, error: 'give an http(s) URL, e.g. https://erp.example.com/closeloop' })
  .refine((u) => !new URL(u).username && !new URL(u).password, {
    message: 'leave user:password out of the URL; deliveries are signed with the secret instead',
  });

const endpoint = z
  .object({
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]*$/, 'endpoint names are lower-case-with-dashes, e.g. erp')
      .max(60),
    url: webhookUrl,
    events: z.array(eventName).min(1, 'list at least one event, e.g. [order.approved, payment.received]'),
    // The environment variable holding the signing secret, e.g. WEBHOOK_ERP_SECRET (never the secret itself).
    secretEnv: z
      .string()
      .regex(/^[A-Z_][A-Z0-9_]*$/, 'name an environment variable, e.g. WEBHOOK_ERP_SECRET'),
  })
  .strict();

export const webhooksSchema = z
  .object({
    // Lets endpoints resolve to loopback, private or link-local addresses (a receiver on the same host or LAN).
    allowPrivate: z.boolean().default(false),
    // Failed attempts in a row (over all its deliveries) after which an endpoint is switched off and admins told.
    disableAfterFailures: z.number().int().min(1).max(10_000).default(20),
    // Seconds a receiver has to answer a delivery.
    timeoutSeconds: z.number().int().min(1).max(60).default(10),
    endpoints: z.array(endpoint).default([]),
  })
  .strict()
  .superRefine((w, ctx) => {
    const seen = new Set<string>();
    w.endpoints.forEach((e, i) => {
      if (seen.has(e.name))
        ctx.addIssue({
          code: 'custom',
          path: ['endpoints', i, 'name'],
          message: `"${e.name}" is named twice`,
        });
      seen.add(e.name);
      if (!w.allowPrivate && literalPrivateHost(new URL(e.url).hostname))
        ctx.addIssue({
          code: 'custom',
          path: ['endpoints', i, 'url'],
          message: `${new URL(e.url).hostname} is a loopback/private address; use a public host or set webhooks.allowPrivate: true`,
        });
    });
  });

export type WebhooksPolicy = z.infer<typeof webhooksSchema>;

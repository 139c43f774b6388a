// Use case: subscribe a system's URL to events (POST /api/webhooks); the URL must pass the SSRF check now, and is
// checked again on every send because DNS can change.
import { randomBytes } from 'node:crypto';
import { webhookEndpoints } from '../../db/schema.ts';
import { invalid } from '../../domain/errors.ts';
import { isWebhookEvent, webhookEvents } from '../../domain/webhooks/events.ts';
import { demand } from '../access/ask.ts';
import { type Actor, type AppDeps, actorLabel } from '../deps.ts';
import { inTransaction } from '../unit-of-work.ts';
import { checkWebhookHost, type ResolveHost } from './check-webhook-host.ts';
import { type WebhookEndpointView, webhookEndpointView } from './webhook-endpoint-view.ts';

export interface NewWebhookEndpoint {
  url: string;
  events: readonly string[];
  // Left out, one is made; either way it is shown only in this answer.
  secret?: string | undefined;
}

export const MIN_SECRET_LENGTH = 16;

// The URL's host may not be (or resolve to) a private address unless closeloop.yaml allows it.
export async function refuseUnsafeUrl(deps: AppDeps, url: string, resolve: ResolveHost): Promise<void> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalid('webhook_url_invalid', 'url', { url });
  }
  if (!/^https?:$/.test(parsed.protocol) || parsed.username || parsed.password)
    throw invalid('webhook_url_invalid', 'url', { url });
  const verdict = await checkWebhookHost(parsed.hostname, deps.policy.webhooks.allowPrivate, resolve);
  if (verdict.ok) return;
  if (verdict.why === 'private')
    throw invalid('webhook_url_private', 'url', { host: parsed.hostname, address: verdict.address });
  throw invalid('webhook_url_unresolvable', 'url', { host: parsed.hostname, detail: verdict.detail });
}

export async function createWebhookEndpoint(
  deps: AppDeps,
  actor: Actor,
  input: NewWebhookEndpoint,
  resolve: ResolveHost,
): Promise<WebhookEndpointView & { secret: string }> {
  demand(deps, actor, 'webhook.manage', {}, 'webhook_not_allowed');
  const events = [...new Set(input.events.map((e) => e.trim()))];
  if (events.length === 0)
    throw invalid('webhook_events_missing', 'events', { known: webhookEvents.join(', ') });
  const unknown = events.find((e) => e !== '*' && !isWebhookEvent(e));
  if (unknown !== undefined)
    throw invalid('webhook_event_unknown', 'events', { event: unknown, known: webhookEvents.join(', ') });
  const secret = input.secret ?? `whsec_${randomBytes(24).toString('base64url')}`;
  if (secret.length < MIN_SECRET_LENGTH)
    throw invalid('webhook_secret_short', 'secret', { min: MIN_SECRET_LENGTH });
  await refuseUnsafeUrl(deps, input.url, resolve);
  return inTransaction(deps, actor, async (uow) => {
    const [row] = await uow.tx
      .insert(webhookEndpoints)
      .values({
        url: input.url,
        events,
        secret,
        createdBy: actorLabel(actor),
        createdAt: uow.now,
        updatedAt: uow.now,
      })
      .returning();
    if (!row) throw new Error('insert returned no row');
    // The secret stays out of the audit log.
    await uow.audit({
      action: 'webhook.subscribe',
      entityType: 'webhook_endpoint',
      entityId: row.id,
      after: { url: row.url, events: row.events },
    });
    return { ...webhookEndpointView(row), secret };
  });
}

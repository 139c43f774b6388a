// Use case: an endpoint's delivery log, newest first — each delivery (outbox row) with every attempt's answer.
import { and, asc, desc, eq, inArray, lt } from 'drizzle-orm';
import { outbox, webhookAttempts, webhookEndpoints } from '../../db/schema.ts';
import { notFound } from '../../domain/errors.ts';
import { isUuid } from '../../domain/ids.ts';
import type { WebhookEnvelope } from '../../domain/webhooks/events.ts';
import { demand } from '../access/ask.ts';
import type { Actor, AppDeps } from '../deps.ts';
import { WEBHOOK_PLATFORM } from './publish-event.ts';

export interface WebhookAttemptView {
  attempt: number;
  at: string;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

export interface WebhookDeliveryView {
  deliveryId: string;
  eventId: string;
  event: string;
  // pending (waiting for its next attempt) → sent | dead (given up, or the endpoint was removed or disabled)
  status: string;
  attempts: number;
  nextAttemptAt: string | null;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
  log: WebhookAttemptView[];
}

export interface WebhookDeliveryPage {
  deliveries: WebhookDeliveryView[];
  // Pass as `before` for older deliveries; null when there are none.
  nextBefore: string | null;
}

export async function listWebhookDeliveries(
  deps: AppDeps,
  actor: Actor,
  endpointId: string,
  page: { limit: number; before?: string | undefined },
): Promise<WebhookDeliveryPage> {
  demand(deps, actor, 'webhook.manage', {}, 'webhook_not_allowed');
  const [endpoint] = isUuid(endpointId)
    ? await deps.db
        .select({ id: webhookEndpoints.id })
        .from(webhookEndpoints)
        .where(eq(webhookEndpoints.id, endpointId))
    : [];
  if (!endpoint) throw notFound('webhook_not_found', { id: endpointId });
  const before = page.before !== undefined && /^\d{1,18}$/.test(page.before) ? Number(page.before) : null;
  const rows = await deps.db
    .select()
    .from(outbox)
    .where(
      and(
        eq(outbox.platform, WEBHOOK_PLATFORM),
        eq(outbox.destination, endpointId),
        ...(before !== null ? [lt(outbox.id, before)] : []),
      ),
    )
    .orderBy(desc(outbox.id))
    .limit(page.limit + 1);
  const shown = rows.slice(0, page.limit);
  const attempts =
    shown.length > 0
      ? await deps.db
          .select()
          .from(webhookAttempts)
          .where(
            inArray(
              webhookAttempts.outboxId,
              shown.map((r) => r.id),
            ),
          )
          .orderBy(asc(webhookAttempts.outboxId), asc(webhookAttempts.attempt), asc(webhookAttempts.id))
      : [];
  const logOf = new Map<number, WebhookAttemptView[]>();
  for (const a of attempts)
    logOf.set(a.outboxId, [
      ...(logOf.get(a.outboxId) ?? []),
      {
        attempt: a.attempt,
        at: a.at.toISOString(),
        statusCode: a.statusCode,
        error: a.error,
        durationMs: a.durationMs,
      },
    ]);
  return {
    deliveries: shown.map((r) => {
      const envelope = r.card as WebhookEnvelope;
      return {
        deliveryId: String(r.id),
        eventId: envelope.id,
        event: envelope.type,
        status: r.status,
        attempts: r.attempts + (r.status === 'sent' ? 1 : 0),
        nextAttemptAt: r.status === 'pending' ? r.nextAttemptAt.toISOString() : null,
        lastError: r.lastError,
        createdAt: r.createdAt.toISOString(),
        sentAt: r.sentAt?.toISOString() ?? null,
        log: logOf.get(r.id) ?? [],
      };
    }),
    nextBefore: rows.length > page.limit ? String(shown.at(-1)?.id) : null,
  };
}

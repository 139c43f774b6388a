// Use case: send one delivery of an endpoint again, by hand (the receiver lost it, or it was given up). The same
// event id goes out, so a receiver that did get it dedupes it; asking twice while it waits queues it once.
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { wakeOutbox } from '../../db/outbox-wake.ts';
import { outbox } from '../../db/schema.ts';
import { conflict, notFound } from '../../domain/errors.ts';
import type { WebhookEnvelope } from '../../domain/webhooks/events.ts';
import { demand } from '../access/ask.ts';
import type { Actor, AppDeps } from '../deps.ts';
import { inTransaction } from '../unit-of-work.ts';
import { lockEndpoint } from './manage-webhook-endpoints.ts';
import { WEBHOOK_PLATFORM } from './publish-event.ts';

export interface Redelivery {
  deliveryId: string;
  eventId: string;
  // False when a delivery of this event to this endpoint was already waiting: that one is the answer.
  queued: boolean;
}

export async function redeliverWebhook(
  deps: AppDeps,
  actor: Actor,
  endpointId: string,
  deliveryId: string,
): Promise<Redelivery> {
  demand(deps, actor, 'webhook.manage', {}, 'webhook_not_allowed');
  return inTransaction(deps, actor, async (uow) => {
    const endpoint = await lockEndpoint(uow, endpointId);
    if (endpoint.disabledAt !== null) throw conflict('webhook_disabled_redeliver', { id: endpointId });
    const [original] = /^\d{1,18}$/.test(deliveryId)
      ? await uow.tx
          .select()
          .from(outbox)
          .where(
            and(
              eq(outbox.id, Number(deliveryId)),
              eq(outbox.platform, WEBHOOK_PLATFORM),
              eq(outbox.destination, endpointId),
            ),
          )
      : [];
    if (!original) throw notFound('webhook_delivery_not_found', { id: deliveryId, endpoint: endpointId });
    if (original.purgedAt) throw conflict('webhook_delivery_purged', { id: deliveryId });
    const envelope = original.card as WebhookEnvelope;
    const [waiting] = await uow.tx
      .select({ id: outbox.id })
      .from(outbox)
      .where(
        and(
          eq(outbox.platform, WEBHOOK_PLATFORM),
          eq(outbox.destination, endpointId),
          eq(outbox.refKey, original.refKey),
          eq(outbox.status, 'pending'),
        ),
      )
      .limit(1);
    if (waiting) return { deliveryId: String(waiting.id), eventId: envelope.id, queued: false };
    const [row] = await uow.tx
      .insert(outbox)
      .values({
        idempotencyKey: `${original.idempotencyKey}|redeliver|${randomUUID()}`,
        platform: WEBHOOK_PLATFORM,
        destination: endpointId,
        op: 'post',
        refKey: original.refKey,
        locale: original.locale,
        // Copied sealed as it is: only the worker opens it.
        card: envelope,
        cardKid: original.cardKid,
        nextAttemptAt: uow.now,
        createdAt: uow.now,
      })
      .returning({ id: outbox.id });
    if (!row) throw new Error('insert returned no row');
    await uow.audit({
      action: 'webhook.redeliver',
      entityType: 'webhook_endpoint',
      entityId: endpointId,
      after: { eventId: envelope.id, from: String(original.id), delivery: String(row.id) },
    });
    await wakeOutbox(uow.tx);
    return { deliveryId: String(row.id), eventId: envelope.id, queued: true };
  });
}

// Use case step: an event for subscribed systems, queued as one outbox row per listening endpoint in the caller's
// transaction, so the event goes out exactly when (and only if) the state change it reports commits.
import { createHash } from 'node:crypto';
import { and, arrayOverlaps, isNull } from 'drizzle-orm';
import { insertMany } from '../../db/bulk-insert.ts';
import { wakeOutbox } from '../../db/outbox-wake.ts';
import { outbox, webhookEndpoints } from '../../db/schema.ts';
import type { WebhookEnvelope, WebhookEvent } from '../../domain/webhooks/events.ts';
import { sealCard } from '../crypto/seal-card.ts';
import type { UnitOfWork } from '../unit-of-work.ts';
import { sealEventData } from './sealed-event-data.ts';

export const WEBHOOK_PLATFORM = 'webhook';

// The event id is derived from what happened (`key`: the entity and the occurrence), not drawn at random: a use case
// or job that runs twice for one occurrence queues nothing new, and a receiver dedupes retries on it.
export function eventIdOf(type: WebhookEvent, key: string): string {
  return `evt_${createHash('sha256').update(`${type}|${key}`).digest('hex').slice(0, 32)}`;
}

export interface EventOccurrence {
  key: string;
  // Read only when some endpoint listens, so a use case pays one indexed query when nobody does.
  data: () => Promise<Record<string, unknown>>;
}

export async function publishEvent(
  uow: UnitOfWork,
  type: WebhookEvent,
  key: string,
  data: EventOccurrence['data'],
  listening?: Listening,
): Promise<void> {
  await publishEvents(uow, type, [{ key, data }], listening);
}

// The endpoints listening for an event, for a use case that looks them up before it takes a lock (lead intake), so
// no round trip for them is made while other transactions queue behind it.
export type Listening = readonly { id: string }[];
export async function listeningEndpoints(uow: UnitOfWork, type: WebhookEvent): Promise<Listening> {
  return uow.tx
    .select({ id: webhookEndpoints.id })
    .from(webhookEndpoints)
    .where(
      and(
        isNull(webhookEndpoints.deletedAt),
        isNull(webhookEndpoints.disabledAt),
        arrayOverlaps(webhookEndpoints.events, [type, '*']),
      ),
    );
}

// Several occurrences of one event type (an import's leads): the listening endpoints are looked up once.
export async function publishEvents(
  uow: UnitOfWork,
  type: WebhookEvent,
  occurrences: readonly EventOccurrence[],
  listening?: Listening,
): Promise<void> {
  if (occurrences.length === 0) return;
  const endpoints = listening ?? (await listeningEndpoints(uow, type));
  if (endpoints.length === 0) return;
  const rows = [];
  for (const occurrence of occurrences) {
    const id = eventIdOf(type, occurrence.key);
    const envelope: WebhookEnvelope = {
      id,
      type,
      occurredAt: uow.now.toISOString(),
      // Personal data stays sealed in the outbox row; the webhook transport opens it to send.
      data: sealEventData(uow.deps.keyring, await occurrence.data()),
    };
    // Whatever else in the data looks personal (a contact's phone in a list) is sealed in place; id and type stay
    // readable for the delivery log and redelivery.
    const data = sealCard(uow.deps.keyring, envelope.data);
    for (const e of endpoints)
      rows.push({
        idempotencyKey: `webhook|${e.id}|${id}`,
        platform: WEBHOOK_PLATFORM,
        destination: e.id,
        op: 'post',
        refKey: `webhook:${id}`,
        locale: 'en',
        card: { ...envelope, data: data.card },
        cardKid: data.cardKid,
        nextAttemptAt: uow.now,
        createdAt: uow.now,
      });
  }
  const inserted = await insertMany(uow.tx, outbox, rows, { onConflictDoNothing: true });
  // Transactional like the rows themselves: the worker wakes at commit.
  if (inserted.length > 0) await wakeOutbox(uow.tx);
}

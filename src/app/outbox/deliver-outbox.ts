// Use case: send what the outbox holds — each row once, in order per card copy, retried with backoff, never lost.
import { and, eq, gt, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import { messageRefs, outbox } from '../../db/schema.ts';
import { isLocale } from '../../messages/i18n.ts';
import type { Card } from '../../messages/model.ts';
import type { AppDeps, Platform } from '../deps.ts';
import { RetryableSendError, type Transport, type UploadCache } from '../transport.ts';

export type Transports = Partial<Record<Platform, Transport>>;

export interface DeliveryOptions {
  batchSize?: number;
  // How long a claimed row stays invisible to other workers; longer than any send may take.
  leaseMs?: number;
  maxAttempts?: number;
}

export interface DeliveryReport {
  claimed: number;
  sent: number;
  retried: number;
  deferred: number;
  dead: number;
  superseded: number;
}

type OutboxRow = typeof outbox.$inferSelect;
type Outcome = 'sent' | 'retried' | 'deferred' | 'dead' | 'superseded';

const DEFER_MS = 1_000;

export function backoffMs(attempts: number): number {
  return Math.min(2 ** attempts * 1_000, 10 * 60_000);
}

export async function deliverDue(
  deps: AppDeps,
  transports: Transports,
  options: DeliveryOptions = {},
): Promise<DeliveryReport> {
  const now = deps.clock.now();
  const batchSize = options.batchSize ?? 50;
  const leaseMs = options.leaseMs ?? 60_000;
  const due = deps.db
    .select({ id: outbox.id })
    .from(outbox)
    .where(
      and(
        eq(outbox.status, 'pending'),
        lte(outbox.nextAttemptAt, now),
        or(isNull(outbox.lockedUntil), lt(outbox.lockedUntil, now)),
      ),
    )
    .orderBy(outbox.id)
    .limit(batchSize)
    .for('update', { skipLocked: true });
  // One statement claims the batch: SKIP LOCKED keeps two workers off the same rows.
  const claimed = await deps.db
    .update(outbox)
    .set({ lockedUntil: new Date(now.getTime() + leaseMs) })
    .where(inArray(outbox.id, due))
    .returning();

  // Rows of one card copy go in id order (post before its edits); different copies go in parallel.
  const groups = new Map<string, OutboxRow[]>();
  for (const row of claimed.sort((a, b) => a.id - b.id)) {
    const key = `${row.refKey}|${row.platform}|${row.destination}`;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  const report: DeliveryReport = {
    claimed: claimed.length,
    sent: 0,
    retried: 0,
    deferred: 0,
    dead: 0,
    superseded: 0,
  };
  await Promise.all(
    [...groups.values()].map(async (rows) => {
      for (const row of rows) {
        const outcome = await deliverOne(deps, transports, row, options.maxAttempts ?? 8);
        report[outcome] += 1;
      }
    }),
  );
  return report;
}

async function deliverOne(
  deps: AppDeps,
  transports: Transports,
  row: OutboxRow,
  maxAttempts: number,
): Promise<Outcome> {
  const transport = transports[row.platform as Platform];
  if (!transport) return finish(deps, row, 'dead', `no transport for platform ${row.platform}`);
  const request = {
    destination: row.destination,
    card: row.card as Card,
    locale: isLocale(row.locale) ? row.locale : 'en',
    idempotencyKey: row.idempotencyKey,
    uploads: uploadCacheOf(deps, row),
  };
  try {
    if (row.op === 'post') {
      const { messageId } = await transport.post(request);
      await deps.db.transaction(async (tx) => {
        await tx
          .insert(messageRefs)
          .values({
            refKey: row.refKey,
            platform: row.platform,
            destination: row.destination,
            messageId,
            locale: request.locale,
          })
          .onConflictDoUpdate({
            target: [messageRefs.refKey, messageRefs.platform, messageRefs.destination],
            set: { messageId, updatedAt: deps.clock.now() },
          });
        await tx
          .update(outbox)
          .set({ status: 'sent', sentAt: deps.clock.now(), lockedUntil: null, lastError: null })
          .where(eq(outbox.id, row.id));
      });
      return 'sent';
    }
    return await deliverUpdate(deps, transport, row, request);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const attempts =
      error instanceof RetryableSendError && error.deferredByPacing ? row.attempts : row.attempts + 1;
    if (!(error instanceof RetryableSendError) || attempts >= maxAttempts) {
      return finish(deps, row, 'dead', message, attempts);
    }
    const wait = error.deferredByPacing
      ? (error.retryAfterMs ?? 0)
      : Math.max(error.retryAfterMs ?? 0, backoffMs(row.attempts));
    await deps.db
      .update(outbox)
      .set({
        attempts,
        nextAttemptAt: new Date(deps.clock.now().getTime() + wait),
        lockedUntil: null,
        lastError: message,
      })
      .where(eq(outbox.id, row.id));
    return 'retried';
  }
}

async function deliverUpdate(
  deps: AppDeps,
  transport: Transport,
  row: OutboxRow,
  request: Parameters<Transport['post']>[0],
): Promise<Outcome> {
  const sameCopy = and(
    eq(outbox.refKey, row.refKey),
    eq(outbox.platform, row.platform),
    eq(outbox.destination, row.destination),
  );
  // Only the newest edit of a card matters; older pending edits are skipped, not sent.
  const [newer] = await deps.db
    .select({ id: outbox.id })
    .from(outbox)
    .where(
      and(
        sameCopy,
        eq(outbox.op, 'update'),
        gt(outbox.id, row.id),
        inArray(outbox.status, ['pending', 'sent']),
      ),
    )
    .limit(1);
  if (newer) return finish(deps, row, 'superseded', null);
  const [ref] = await deps.db
    .select({ messageId: messageRefs.messageId })
    .from(messageRefs)
    .where(
      and(
        eq(messageRefs.refKey, row.refKey),
        eq(messageRefs.platform, row.platform),
        eq(messageRefs.destination, row.destination),
      ),
    );
  if (!ref) {
    const [post] = await deps.db
      .select({ status: outbox.status })
      .from(outbox)
      .where(and(sameCopy, eq(outbox.op, 'post')));
    if (post?.status === 'pending') {
      await deps.db
        .update(outbox)
        .set({ nextAttemptAt: new Date(deps.clock.now().getTime() + DEFER_MS), lockedUntil: null })
        .where(eq(outbox.id, row.id));
      return 'deferred';
    }
    return finish(deps, row, 'dead', 'the card to edit was never posted');
  }
  await transport.update({ ...request, messageId: ref.messageId });
  await deps.db.transaction(async (tx) => {
    await tx
      .update(messageRefs)
      .set({ updatedAt: deps.clock.now() })
      .where(
        and(
          eq(messageRefs.refKey, row.refKey),
          eq(messageRefs.platform, row.platform),
          eq(messageRefs.destination, row.destination),
        ),
      );
    await tx
      .update(outbox)
      .set({ status: 'sent', sentAt: deps.clock.now(), lockedUntil: null, lastError: null })
      .where(eq(outbox.id, row.id));
  });
  return 'sent';
}

// The row's uploads as a Map (a key like "__proto__" stays data); each new one is merged into the row at once.
function uploadCacheOf(deps: AppDeps, row: OutboxRow): UploadCache {
  const known = new Map(Object.entries(row.uploads ?? {}));
  return {
    get: (key) => known.get(key),
    remember: async (key, id) => {
      known.set(key, id);
      await deps.db
        .update(outbox)
        .set({ uploads: sql`${outbox.uploads} || jsonb_build_object(${key}::text, ${id}::text)` })
        .where(eq(outbox.id, row.id));
    },
  };
}

async function finish(
  deps: AppDeps,
  row: OutboxRow,
  status: 'dead' | 'superseded',
  error: string | null,
  attempts = row.attempts,
): Promise<Outcome> {
  await deps.db
    .update(outbox)
    .set({ status, lastError: error, lockedUntil: null, attempts })
    .where(eq(outbox.id, row.id));
  return status;
}

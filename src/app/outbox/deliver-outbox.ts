// Use case: send what the outbox holds — each row once, in order per card copy, retried with backoff, never lost.
import { and, eq, gt, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import { messageRefs, outbox } from '../../db/schema.ts';
import { isLocale } from '../../messages/i18n.ts';
import type { Card } from '../../messages/model.ts';
import { openCard } from '../crypto/seal-card.ts';
import type { AppDeps } from '../deps.ts';
import {
  CredentialsRefusedError,
  type OutboxPlatform,
  RetryableSendError,
  type Transport,
  type UploadCache,
} from '../transport.ts';

export type Transports = Partial<Record<OutboxPlatform, Transport>>;

export interface DeliveryOptions {
  batchSize?: number;
  // How long a claimed row stays invisible to other workers; longer than any send may take.
  leaseMs?: number;
  maxAttempts?: number;
}

// How far before its in-flight mark a lost post is looked for: our clock and the platform's may disagree.
export const IN_FLIGHT_LOOKBACK_MS = 5 * 60_000;

export interface DeliveryReport {
  claimed: number;
  sent: number;
  retried: number;
  deferred: number;
  dead: number;
  superseded: number;
  // In-flight posts an earlier attempt had made after all: found on the platform and recorded, not posted again.
  recovered: number;
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
    recovered: 0,
  };
  const settled = await recoverInFlight(deps, transports, claimed, report);
  await Promise.all(
    [...groups.values()].map(async (rows) => {
      for (const row of rows) {
        if (settled.has(row.id)) continue;
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
  const transport = transports[row.platform as OutboxPlatform];
  if (!transport) return finish(deps, row, 'dead', `no transport for platform ${row.platform}`);
  const request = requestOf(deps, row);
  try {
    if (row.op === 'post') {
      // Committed before the call: if we die before recording the answer, the next worker looks before it posts.
      // A platform that dedupes posts itself (Lark's uuid, the console's key) needs no look, so no mark.
      if (!row.sendingSince && transport.findPosted) {
        await deps.db.update(outbox).set({ sendingSince: deps.clock.now() }).where(eq(outbox.id, row.id));
      }
      const { messageId } = await transport.post(request);
      await recordPosted(deps, row, messageId);
      return 'sent';
    }
    return await deliverUpdate(deps, transport, row, request);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const attempts =
      error instanceof RetryableSendError && error.deferredByPacing ? row.attempts : row.attempts + 1;
    const exhausted =
      !(error instanceof CredentialsRefusedError) &&
      attempts >= (transport.retry?.maxAttempts ?? maxAttempts);
    if (!(error instanceof RetryableSendError) || exhausted) {
      return finish(deps, row, 'dead', message, attempts);
    }
    const backoff = transport.retry ? transport.retry.delayMs(attempts) : backoffMs(row.attempts);
    const wait = error.deferredByPacing
      ? (error.retryAfterMs ?? 0)
      : Math.max(error.retryAfterMs ?? 0, backoff);
    await deps.db
      .update(outbox)
      .set({
        attempts,
        nextAttemptAt: new Date(deps.clock.now().getTime() + wait),
        lockedUntil: null,
        lastError: message,
        // A refusal (paced, 429) certainly posted nothing; a timeout or 5xx may have, so the mark stays.
        ...(error.notSent ? { sendingSince: row.sendingSince } : {}),
      })
      .where(eq(outbox.id, row.id));
    return 'retried';
  }
}

function requestOf(deps: AppDeps, row: OutboxRow) {
  return {
    destination: row.destination,
    // Opened here only, for the transport about to send it; the row keeps it sealed.
    card: openCard(deps.keyring, row.card) as Card,
    locale: isLocale(row.locale) ? row.locale : ('en' as const),
    idempotencyKey: row.idempotencyKey,
    deliveryId: String(row.id),
    uploads: uploadCacheOf(deps, row),
    attempt: row.attempts + 1,
  };
}

// The post is on the platform: remember where, so edits find it, and mark the row sent.
async function recordPosted(deps: AppDeps, row: OutboxRow, messageId: string): Promise<void> {
  const locale = isLocale(row.locale) ? row.locale : 'en';
  await deps.db.transaction(async (tx) => {
    await tx
      .insert(messageRefs)
      .values({ refKey: row.refKey, platform: row.platform, destination: row.destination, messageId, locale })
      .onConflictDoUpdate({
        target: [messageRefs.refKey, messageRefs.platform, messageRefs.destination],
        set: { messageId, updatedAt: deps.clock.now() },
      });
    await tx
      .update(outbox)
      .set({
        status: 'sent',
        sentAt: deps.clock.now(),
        lockedUntil: null,
        lastError: null,
        sendingSince: null,
      })
      .where(eq(outbox.id, row.id));
  });
}

// Claimed posts marked in flight (a worker died or timed out mid-call) are looked for first, one lookup per
// destination; those found are recorded as sent. Answers the ids settled here, which must not be posted again.
async function recoverInFlight(
  deps: AppDeps,
  transports: Transports,
  claimed: OutboxRow[],
  report: DeliveryReport,
): Promise<Set<number>> {
  const settled = new Set<number>();
  const byDestination = new Map<string, OutboxRow[]>();
  for (const row of claimed) {
    if (row.op !== 'post' || !row.sendingSince || !transports[row.platform as OutboxPlatform]?.findPosted)
      continue;
    const key = `${row.platform}|${row.destination}`;
    byDestination.set(key, [...(byDestination.get(key) ?? []), row]);
  }
  await Promise.all(
    [...byDestination.values()].map(async (rows) => {
      const first = rows[0] as OutboxRow;
      const transport = transports[first.platform as OutboxPlatform] as Transport;
      const since = Math.min(...rows.map((r) => (r.sendingSince as Date).getTime()));
      let found: Map<string, string>;
      try {
        found = await (transport.findPosted as NonNullable<Transport['findPosted']>)({
          destination: first.destination,
          since: new Date(since - IN_FLIGHT_LOOKBACK_MS),
          deliveryIds: rows.map((r) => String(r.id)),
        });
      } catch (error) {
        // Not knowing is no licence to post again: try the look later, unless it can never work (then post).
        if (!(error instanceof RetryableSendError)) return;
        const message = error instanceof Error ? error.message : String(error);
        for (const row of rows) {
          settled.add(row.id);
          await deps.db
            .update(outbox)
            .set({
              nextAttemptAt: new Date(deps.clock.now().getTime() + (error.retryAfterMs ?? backoffMs(0))),
              lockedUntil: null,
              lastError: `looking for an in-flight post: ${message}`,
            })
            .where(eq(outbox.id, row.id));
          report.retried += 1;
        }
        return;
      }
      for (const row of rows) {
        const messageId = found.get(String(row.id));
        if (!messageId) continue;
        await recordPosted(deps, row, messageId);
        settled.add(row.id);
        report.recovered += 1;
      }
    }),
  );
  return settled;
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

// Use cases: the Idempotency-Key contract of REST writes — claim a key, keep its first answer, replay it on a re-send.
import { and, eq, isNull, lt } from 'drizzle-orm';
import { apiIdempotency } from '../../db/schema.ts';
import type { AppDeps } from '../deps.ts';

export type IdempotencyClaim =
  | { kind: 'new' }
  | { kind: 'replay'; statusCode: number; response: unknown }
  // Same key, different body: the caller reused a key by mistake.
  | { kind: 'mismatch' }
  // The first request with this key has not answered yet.
  | { kind: 'in_progress' };

// An unanswered claim older than this belongs to a crashed request and may be taken over.
const STALE_MS = 60_000;

export async function claimIdempotencyKey(
  deps: AppDeps,
  keyName: string,
  idempotencyKey: string,
  requestHash: string,
): Promise<IdempotencyClaim> {
  const now = deps.clock.now();
  const inserted = await deps.db
    .insert(apiIdempotency)
    .values({ keyName, idempotencyKey, requestHash, createdAt: now })
    .onConflictDoNothing()
    .returning({ keyName: apiIdempotency.keyName });
  if (inserted.length > 0) return { kind: 'new' };
  const same = and(eq(apiIdempotency.keyName, keyName), eq(apiIdempotency.idempotencyKey, idempotencyKey));
  const [row] = await deps.db.select().from(apiIdempotency).where(same);
  if (!row) return claimIdempotencyKey(deps, keyName, idempotencyKey, requestHash);
  if (row.requestHash !== requestHash) return { kind: 'mismatch' };
  if (row.statusCode !== null) return { kind: 'replay', statusCode: row.statusCode, response: row.response };
  const takenOver = await deps.db
    .update(apiIdempotency)
    .set({ createdAt: now })
    .where(
      and(
        same,
        isNull(apiIdempotency.statusCode),
        lt(apiIdempotency.createdAt, new Date(now.getTime() - STALE_MS)),
      ),
    )
    .returning({ keyName: apiIdempotency.keyName });
  return takenOver.length > 0 ? { kind: 'new' } : { kind: 'in_progress' };
}

export async function recordIdempotentAnswer(
  deps: AppDeps,
  keyName: string,
  idempotencyKey: string,
  statusCode: number,
  response: unknown,
): Promise<void> {
  const same = and(eq(apiIdempotency.keyName, keyName), eq(apiIdempotency.idempotencyKey, idempotencyKey));
  // A caller's mistake (4xx) changed nothing: forget the key so the corrected request can reuse it.
  if (statusCode >= 400) {
    await deps.db.delete(apiIdempotency).where(same);
    return;
  }
  await deps.db.update(apiIdempotency).set({ statusCode, response }).where(same);
}

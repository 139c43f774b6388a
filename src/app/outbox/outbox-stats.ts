// Use case: how the outbox is doing — messages by state and how long the oldest waiting one has waited.
import { and, count, eq, min, ne } from 'drizzle-orm';
import { outbox } from '../../db/schema.ts';
import type { AppDeps } from '../deps.ts';

export interface OutboxStats {
  byStatus: Record<string, number>;
  oldestPendingSeconds: number;
}

export async function outboxStats(deps: AppDeps): Promise<OutboxStats> {
  const rows = await deps.db
    .select({ status: outbox.status, n: count() })
    .from(outbox)
    .groupBy(outbox.status);
  const [oldest] = await deps.db
    .select({ at: min(outbox.createdAt) })
    .from(outbox)
    // A webhook may wait hours on its retry ladder while its receiver is down; that is not the worker being stuck.
    .where(and(eq(outbox.status, 'pending'), ne(outbox.platform, 'webhook')));
  const byStatus: Record<string, number> = { pending: 0, sent: 0, superseded: 0, dead: 0 };
  for (const r of rows) byStatus[r.status] = r.n;
  const since = oldest?.at ? (deps.clock.now().getTime() - oldest.at.getTime()) / 1000 : 0;
  return { byStatus, oldestPendingSeconds: Math.max(0, Math.round(since)) };
}

// Use case: remember an inbound delivery id (Slack event_id or trigger_id, Lark header.event_id) exactly once.
import { and, lt } from 'drizzle-orm';
import { inboundEvents } from '../../db/schema.ts';
import type { AppDeps } from '../deps.ts';

// True the first time this (source, id) is seen; false for a retry or a duplicate, which must then change nothing.
export async function rememberInboundEvent(deps: AppDeps, source: string, eventId: string): Promise<boolean> {
  const inserted = await deps.db
    .insert(inboundEvents)
    .values({ source, eventId, receivedAt: deps.clock.now() })
    .onConflictDoNothing()
    .returning({ eventId: inboundEvents.eventId });
  return inserted.length > 0;
}

// Platforms retry for hours (Lark's last retry comes after 6 h); ids older than `keepMs` can no longer come back.
export async function forgetInboundEventsBefore(deps: AppDeps, keepMs: number): Promise<number> {
  const cutoff = new Date(deps.clock.now().getTime() - keepMs);
  const removed = await deps.db
    .delete(inboundEvents)
    .where(and(lt(inboundEvents.receivedAt, cutoff)))
    .returning({ eventId: inboundEvents.eventId });
  return removed.length;
}

// Use case: the order a chat message is a card of (refKey order:<id>:…), so a reply under that card belongs to the order.
import { eq } from 'drizzle-orm';
import { orders } from '../../db/schema.ts';
import { isUuid } from '../../domain/ids.ts';
import type { AppDeps, Platform } from '../deps.ts';
import { findCardByMessage } from '../outbox/find-card-by-message.ts';

export interface CardOrder {
  id: string;
  number: string;
}

export async function findOrderByCard(
  deps: AppDeps,
  platform: Platform,
  messageId: string,
): Promise<CardOrder | null> {
  const refKey = await findCardByMessage(deps, platform, messageId);
  const id = refKey?.startsWith('order:') ? refKey.split(':')[1] : undefined;
  if (!id || !isUuid(id)) return null;
  const [order] = await deps.db
    .select({ id: orders.id, number: orders.number })
    .from(orders)
    .where(eq(orders.id, id));
  return order ?? null;
}

// Use case: which card a chat message is, by the platform's message id — the refKey it was posted under, or null.
import { and, eq } from 'drizzle-orm';
import { messageRefs } from '../../db/schema.ts';
import type { AppDeps, Platform } from '../deps.ts';

export async function findCardByMessage(
  deps: AppDeps,
  platform: Platform,
  messageId: string,
): Promise<string | null> {
  const [ref] = await deps.db
    .select({ refKey: messageRefs.refKey })
    .from(messageRefs)
    .where(and(eq(messageRefs.platform, platform), eq(messageRefs.messageId, messageId)))
    .limit(1);
  return ref?.refKey ?? null;
}

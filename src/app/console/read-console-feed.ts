// Use case: what one console user sees — every named channel and their direct messages, in full or changed since a cursor.
import { and, desc, eq, gt, inArray, sql } from 'drizzle-orm';
import { consoleMessages } from '../../db/schema.ts';
import type { Labels } from '../../domain/labels.ts';
import { own } from '../../domain/own.ts';
import type { Card } from '../../messages/model.ts';
import { openCard } from '../crypto/seal-card.ts';
import type { AppDeps, UserRow } from '../deps.ts';

export interface ConsoleMessage {
  id: number;
  destination: string;
  revision: number;
  card: Card;
  createdAt: string;
  updatedAt: string;
}

export interface Conversation {
  destination: string;
  kind: 'channel' | 'dm';
  name: string;
  // A channel's labels per language (closeloop.yaml labels.channels): the sidebar shows the reader's.
  labels?: Labels;
}

export interface ConsoleFeed {
  conversations: Conversation[];
  messages: ConsoleMessage[];
  // Pass back as `since` to get only what changed; it is the database's clock at read time.
  cursor: string;
}

// A write stamped just before a read may commit just after it; re-reading this much history catches it.
const OVERLAP_MS = 3_000;
const HISTORY_PER_CONVERSATION = 100;

export async function readConsoleFeed(
  deps: Pick<AppDeps, 'db' | 'policy' | 'keyring'>,
  user: Pick<UserRow, 'id'>,
  since?: Date,
): Promise<ConsoleFeed> {
  const conversations: Conversation[] = [
    ...Object.keys(deps.policy.channels).map((name) => {
      const labels = own(deps.policy.labels.channels ?? {}, name);
      return {
        destination: `channel:${name}`,
        kind: 'channel' as const,
        name,
        ...(labels ? { labels } : {}),
      };
    }),
    { destination: `user:${user.id}`, kind: 'dm', name: user.id },
  ];
  const destinations = conversations.map((c) => c.destination);
  const clock = await deps.db.execute<{ now: string }>(sql`select clock_timestamp()::text as now`);
  const cursor = new Date(String(clock.rows[0]?.now ?? new Date().toISOString())).toISOString();
  const columns = {
    id: consoleMessages.id,
    destination: consoleMessages.destination,
    revision: consoleMessages.revision,
    card: consoleMessages.card,
    createdAt: consoleMessages.createdAt,
    updatedAt: consoleMessages.updatedAt,
  };
  const rows = since
    ? await deps.db
        .select(columns)
        .from(consoleMessages)
        .where(
          and(
            inArray(consoleMessages.destination, destinations),
            gt(consoleMessages.updatedAt, new Date(since.getTime() - OVERLAP_MS)),
          ),
        )
        .orderBy(consoleMessages.id)
    : (
        await Promise.all(
          destinations.map((d) =>
            deps.db
              .select(columns)
              .from(consoleMessages)
              .where(eq(consoleMessages.destination, d))
              .orderBy(desc(consoleMessages.id))
              .limit(HISTORY_PER_CONVERSATION),
          ),
        )
      )
        .flat()
        .sort((a, b) => a.id - b.id);
  return {
    conversations,
    cursor,
    messages: rows.map((r) => ({
      id: r.id,
      destination: r.destination,
      revision: r.revision,
      // Opened for the person whose conversation this is; the table keeps it sealed.
      card: openCard(deps.keyring, r.card) as Card,
      createdAt: r.createdAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
    })),
  };
}

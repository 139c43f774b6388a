// Owns the delivery tables: the outbox of cards to send, the posted messages' refs, and the console's messages.
import { sql } from 'drizzle-orm';
import { bigserial, index, integer, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, id, ts } from './schema-columns.ts';

export const outbox = pgTable(
  'outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    // Unique per logical message and destination: a retried use case cannot enqueue it twice.
    idempotencyKey: text('idempotency_key').notNull().unique(),
    platform: text('platform').notNull(),
    destination: text('destination').notNull(),
    op: text('op').notNull(),
    refKey: text('ref_key').notNull(),
    locale: text('locale').notNull(),
    card: jsonb('card').notNull(),
    // What a send of this row already uploaded (upload key → platform file id / image key), reused on a retry.
    uploads: jsonb('uploads').$type<Record<string, string>>().notNull().default({}),
    // pending → sent | superseded | dead
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: ts('next_attempt_at').notNull().defaultNow(),
    lockedUntil: ts('locked_until'),
    // Set (and committed) before a post's HTTP call, cleared only once its outcome is known: a worker that finds it
    // set looks for the message on the platform before posting again.
    sendingSince: ts('sending_since'),
    lastError: text('last_error'),
    createdAt: createdAt(),
    sentAt: ts('sent_at'),
    // Key id of the personal data sealed inside card ('' none, null written before sealing; src/app/crypto).
    cardKid: text('card_kid'),
    // When the retention job emptied the card of this delivered row.
    purgedAt: ts('purged_at'),
  },
  (t) => [
    index('outbox_due_idx').on(t.nextAttemptAt).where(sql`status = 'pending'`),
    index('outbox_ref_idx').on(t.refKey, t.platform, t.destination),
  ],
);

export const messageRefs = pgTable(
  'message_refs',
  {
    id: id(),
    refKey: text('ref_key').notNull(),
    platform: text('platform').notNull(),
    destination: text('destination').notNull(),
    messageId: text('message_id').notNull(),
    locale: text('locale').notNull(),
    createdAt: createdAt(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('message_refs_uq').on(t.refKey, t.platform, t.destination)],
);

export const consoleMessages = pgTable(
  'console_messages',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    // "channel:<name>" or "user:<uuid>"
    destination: text('destination').notNull(),
    idempotencyKey: text('idempotency_key').notNull().unique(),
    card: jsonb('card').notNull(),
    // Key id of the personal data sealed inside card ('' none, null written before sealing; src/app/crypto).
    cardKid: text('card_kid'),
    revision: integer('revision').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [index('console_messages_dest_idx').on(t.destination, t.updatedAt)],
);

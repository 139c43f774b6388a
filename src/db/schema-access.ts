// Owns the access tables: API keys, inbound event ids seen, and REST idempotency keys.
import { index, integer, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, id, ts } from './schema-columns.ts';

export const apiKeys = pgTable(
  'api_keys',
  {
    id: id(),
    name: text('name').notNull(),
    // The key's first characters, shown so people can tell keys apart; not secret, not enough to use the key.
    prefix: text('prefix').notNull(),
    // HMAC-SHA-256 of the key under `salt` (hex); a key from before salts (salt null) is plain SHA-256 until first used.
    hash: text('hash').notNull().unique(),
    salt: text('salt'),
    // What the key may do (src/domain/access/actions.ts apiScopes); keys from before scopes have every one.
    scopes: text('scopes').array().notNull(),
    expiresAt: ts('expires_at'),
    createdBy: text('created_by'),
    createdAt: createdAt(),
    // Written at most once a minute, not per request.
    lastUsedAt: ts('last_used_at'),
    revokedAt: ts('revoked_at'),
  },
  (t) => [index('api_keys_prefix_idx').on(t.prefix)],
);

export const inboundEvents = pgTable(
  'inbound_events',
  {
    source: text('source').notNull(),
    eventId: text('event_id').notNull(),
    receivedAt: createdAt(),
  },
  (t) => [uniqueIndex('inbound_events_uq').on(t.source, t.eventId)],
);

// Idempotency-Key on REST writes: the first answer is kept and replayed for a re-sent request.
export const apiIdempotency = pgTable(
  'api_idempotency',
  {
    keyName: text('key_name').notNull(),
    idempotencyKey: text('idempotency_key').notNull(),
    requestHash: text('request_hash').notNull(),
    statusCode: integer('status_code'),
    response: jsonb('response'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('api_idempotency_uq').on(t.keyName, t.idempotencyKey)],
);

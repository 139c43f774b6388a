// Owns the tables of outbound webhooks: the endpoints events go to and the log of every delivery attempt.
import { bigint, bigserial, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const webhookEndpoints = pgTable('webhook_endpoints', {
  id: uuid('id').primaryKey().defaultRandom(),
  // closeloop.yaml's endpoint name; null for endpoints made over the API.
  configName: text('config_name').unique(),
  url: text('url').notNull(),
  events: text('events').array().notNull(),
  secret: text('secret'),
  secretEnv: text('secret_env'),
  failureStreak: integer('failure_streak').notNull().default(0),
  disabledAt: ts('disabled_at'),
  disabledReason: text('disabled_reason'),
  deletedAt: ts('deleted_at'),
  createdBy: text('created_by').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export const webhookAttempts = pgTable('webhook_attempts', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  endpointId: uuid('endpoint_id').notNull(),
  outboxId: bigint('outbox_id', { mode: 'number' }).notNull(),
  eventId: text('event_id').notNull(),
  attempt: integer('attempt').notNull(),
  at: ts('at').notNull(),
  statusCode: integer('status_code'),
  error: text('error'),
  durationMs: integer('duration_ms').notNull(),
});

// Owns the audit tables: the hash-chained audit log and its archives.
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt } from './schema-columns.ts';

export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: createdAt(),
    actorId: uuid('actor_id'),
    actorLabel: text('actor_label').notNull(),
    // Where the actor acted: slack, lark, console, api or system (null on rows written before it was recorded).
    platform: text('platform'),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    before: jsonb('before'),
    after: jsonb('after'),
    // Set once by the sealer (src/app/audit/seal-audit-log.ts): the row's place in the hash chain and its hash.
    sealSeq: bigint('seal_seq', { mode: 'number' }),
    hash: text('hash'),
  },
  (t) => [
    index('audit_entity_idx').on(t.entityType, t.entityId),
    // Partial (migration 0130): a row has no seal_seq until sealed, and every seal_seq query asks for one.
    uniqueIndex('audit_seal_seq_uq').on(t.sealSeq).where(sql`seal_seq is not null`),
    index('audit_at_idx').on(t.at),
    index('audit_actor_idx').on(t.actorLabel, t.id),
  ],
);

// Rows moved out of audit_log by `closeloop audit archive`: where they went and the chain link verification resumes from.
export const auditArchives = pgTable('audit_archives', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  at: createdAt(),
  firstSeq: bigint('first_seq', { mode: 'number' }).notNull(),
  lastSeq: bigint('last_seq', { mode: 'number' }).notNull(),
  lastHash: text('last_hash').notNull(),
  rows: integer('rows').notNull(),
  file: text('file').notNull(),
  fileSha256: text('file_sha256').notNull(),
});

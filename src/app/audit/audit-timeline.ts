// Use case part: the audit rows of one record as timeline entries, named by the person where the actor is on the roster.
import { and, eq, inArray, notInArray, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { auditLog, users } from '../../db/schema.ts';
import { groupedBy } from '../../domain/grouped.ts';
import type { TimelineEntry } from '../../messages/catalogue/records.ts';

export type KeyedEntry = TimelineEntry & { key: string };

// `only` keeps just those actions; `except` leaves those out (a comment whose own row tells it better).
export interface AuditFilter {
  only?: readonly string[];
  except?: readonly string[];
}

export async function auditTimeline(
  db: Executor,
  entity: { type: string; id: string },
  filter: AuditFilter = {},
): Promise<KeyedEntry[]> {
  return (await auditTimelines(db, entity.type, [entity.id], filter)).get(entity.id) ?? [];
}

// The audit timelines of several records of one type in one read, by record id (a record with none is absent).
export async function auditTimelines(
  db: Executor,
  type: string,
  ids: readonly string[],
  filter: AuditFilter = {},
): Promise<Map<string, KeyedEntry[]>> {
  if (ids.length === 0) return new Map();
  const where: SQL[] = [eq(auditLog.entityType, type), inArray(auditLog.entityId, [...ids])];
  if (filter.only) where.push(inArray(auditLog.action, [...filter.only]));
  if (filter.except) where.push(notInArray(auditLog.action, [...filter.except]));
  const rows = await db
    .select({
      id: auditLog.id,
      entityId: auditLog.entityId,
      at: auditLog.at,
      label: auditLog.actorLabel,
      by: users.name,
      action: auditLog.action,
    })
    .from(auditLog)
    // The label the row was written with (api:…, system) where the actor is nobody on the roster.
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(and(...where));
  return groupedBy(
    rows,
    (a) => a.entityId,
    (a): KeyedEntry => ({ kind: 'audit', key: `a${a.id}`, at: a.at, by: a.by ?? a.label, action: a.action }),
  );
}

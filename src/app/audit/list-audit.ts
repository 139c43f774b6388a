// Use case (query): read the audit log newest first, filtered by entity, actor, action and time, a page at a time.
import { and, desc, eq, gte, like, lt, lte, type SQL, sql } from 'drizzle-orm';
import { auditLog, customers, leads, orders, users } from '../../db/schema.ts';
import { notFound } from '../../domain/errors.ts';
import { isUuid } from '../../domain/ids.ts';
import { foldCompanyName, leadNumber } from '../../domain/leads/normalise.ts';
import type { AppDeps } from '../deps.ts';
import { leadWhere } from '../leads/load-lead.ts';

export interface AuditQuery {
  // L-000042, SO-2026-00012, a customer's name, a UUID, or type:id (order:<uuid>).
  entity?: string;
  // An email, a user id, or api:<key name> / system:<job>.
  actor?: string;
  // An exact action (order.approve) or a prefix ending in a dot (order.).
  action?: string;
  from?: Date;
  to?: Date;
  // The id of the last row of the previous page.
  cursor?: number;
  limit?: number;
}

export interface AuditEntryView {
  id: number;
  at: Date;
  actor: { id: string | null; label: string; name: string | null };
  platform: string | null;
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
  sealed: boolean;
}

export interface AuditPage {
  entries: AuditEntryView[];
  nextCursor: number | null;
  // What `entity` named, resolved (so a reply can say "order SO-2026-00012").
  entity: { type: string | null; id: string; label: string } | null;
}

type Resolved = { type: string | null; id: string; label: string };

// A person names a record the way they see it; the log keeps its type and UUID.
async function resolveEntity(deps: AppDeps, ref: string): Promise<Resolved> {
  const text = ref.trim();
  const typed = /^([a-z_]+):(.+)$/.exec(text);
  if (typed?.[1] && typed[2] && isUuid(typed[2])) return { type: typed[1], id: typed[2], label: text };
  if (isUuid(text)) return { type: null, id: text, label: text };
  const byLead = leadWhere(text);
  if (byLead) {
    const [lead] = await deps.db.select({ id: leads.id, seq: leads.seq }).from(leads).where(byLead).limit(1);
    if (lead) return { type: 'lead', id: lead.id, label: leadNumber(lead.seq) };
  }
  const compact = text.replace(/[^A-Za-z0-9]/g, '').toUpperCase();
  if (compact.length > 0) {
    const [order] = await deps.db
      .select({ id: orders.id, number: orders.number })
      .from(orders)
      .where(sql`upper(regexp_replace(${orders.number}, '[^A-Za-z0-9]', '', 'g')) = ${compact}`)
      .limit(1);
    if (order) return { type: 'order', id: order.id, label: order.number };
  }
  const folded = foldCompanyName(text);
  if (folded) {
    const [customer] = await deps.db
      .select({ id: customers.id, name: customers.name })
      .from(customers)
      .where(eq(customers.normalizedName, folded))
      .limit(1);
    if (customer) return { type: 'customer', id: customer.id, label: customer.name };
  }
  throw notFound('audit_entity_unknown', { entity: text });
}

function actorFilter(actor: string): SQL {
  const text = actor.trim();
  if (isUuid(text)) return eq(auditLog.actorId, text);
  if (/^(api|system|user):/.test(text)) return eq(auditLog.actorLabel, text);
  return eq(auditLog.actorLabel, `user:${text.toLowerCase()}`);
}

export async function listAudit(deps: AppDeps, query: AuditQuery): Promise<AuditPage> {
  const limit = Math.min(Math.max(query.limit ?? 50, 1), 500);
  const entity = query.entity ? await resolveEntity(deps, query.entity) : null;
  const where: SQL[] = [];
  if (entity) {
    where.push(eq(auditLog.entityId, entity.id));
    if (entity.type) where.push(eq(auditLog.entityType, entity.type));
  }
  if (query.actor) where.push(actorFilter(query.actor));
  if (query.action) {
    const a = query.action.trim();
    const prefix = a.endsWith('.') ? like(auditLog.action, `${a.replace(/[\\%_]/g, '\\$&')}%`) : undefined;
    where.push(prefix ?? eq(auditLog.action, a));
  }
  if (query.from) where.push(gte(auditLog.at, query.from));
  if (query.to) where.push(lte(auditLog.at, query.to));
  if (query.cursor !== undefined) where.push(lt(auditLog.id, query.cursor));
  const rows = await deps.db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      actorId: auditLog.actorId,
      actorLabel: auditLog.actorLabel,
      actorName: users.name,
      platform: auditLog.platform,
      action: auditLog.action,
      entityType: auditLog.entityType,
      entityId: auditLog.entityId,
      before: auditLog.before,
      after: auditLog.after,
      sealSeq: auditLog.sealSeq,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(and(...where))
    .orderBy(desc(auditLog.id))
    .limit(limit + 1);
  const entries = rows.slice(0, limit).map((r) => ({
    id: r.id,
    at: r.at,
    actor: { id: r.actorId, label: r.actorLabel, name: r.actorName },
    platform: r.platform,
    action: r.action,
    entityType: r.entityType,
    entityId: r.entityId,
    before: r.before,
    after: r.after,
    sealed: r.sealSeq !== null,
  }));
  const last = entries[entries.length - 1];
  return { entries, nextCursor: rows.length > limit && last ? last.id : null, entity };
}

// Owns reading one lead with the names of the people holding it, for replies and the REST API.
import { eq, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Executor } from '../../db/client.ts';
import { leads, users } from '../../db/schema.ts';
import { leadRefOf } from '../../domain/ids.ts';
import type { LeadRow } from './route-lead.ts';

export interface LoadedLead {
  lead: LeadRow;
  owner: { id: string; name: string } | null;
  offeredTo: { id: string; name: string } | null;
}

// The one reading of a lead reference (id, L-000042, #42, 42) as a condition; undefined when it names no lead.
export function leadWhere(ref: string): SQL | undefined {
  const r = leadRefOf(ref);
  return r === null ? undefined : 'id' in r ? eq(leads.id, r.id) : eq(leads.seq, r.seq);
}

// `ref` is the lead's id or its number.
export async function loadLead(db: Executor, ref: string): Promise<LoadedLead | null> {
  const where = leadWhere(ref);
  if (!where) return null;
  const owner = alias(users, 'owner');
  const offered = alias(users, 'offered');
  const [row] = await db
    .select({
      lead: leads,
      ownerId: owner.id,
      ownerName: owner.name,
      offeredId: offered.id,
      offeredName: offered.name,
    })
    .from(leads)
    .leftJoin(owner, eq(owner.id, leads.ownerId))
    .leftJoin(offered, eq(offered.id, leads.offeredToId))
    .where(where);
  if (!row) return null;
  return {
    lead: row.lead,
    owner: row.ownerId && row.ownerName ? { id: row.ownerId, name: row.ownerName } : null,
    offeredTo: row.offeredId && row.offeredName ? { id: row.offeredId, name: row.offeredName } : null,
  };
}

// Owns reading one lead with the names of the people holding it, for replies and the REST API.
import { eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Executor } from '../../db/client.ts';
import { leads, users } from '../../db/schema.ts';
import { isUuid } from '../../domain/ids.ts';
import type { LeadRow } from './route-lead.ts';

export interface LoadedLead {
  lead: LeadRow;
  owner: { id: string; name: string } | null;
  offeredTo: { id: string; name: string } | null;
}

export async function loadLead(db: Executor, id: string): Promise<LoadedLead | null> {
  if (!isUuid(id)) return null;
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
    .where(eq(leads.id, id));
  if (!row) return null;
  return {
    lead: row.lead,
    owner: row.ownerId && row.ownerName ? { id: row.ownerId, name: row.ownerName } : null,
    offeredTo: row.offeredId && row.offeredName ? { id: row.offeredId, name: row.offeredName } : null,
  };
}

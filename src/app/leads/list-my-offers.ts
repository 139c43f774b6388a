// Use case: the leads offered to one person and waiting for their Accept or Decline, oldest first.
import { and, asc, eq, isNull } from 'drizzle-orm';
import { leads } from '../../db/schema.ts';
import type { LeadCardData } from '../../messages/catalogue/leads.ts';
import type { AppDeps } from '../deps.ts';
import { cardDataOf } from './route-lead.ts';

export async function listMyOffers(deps: AppDeps, userId: string, limit = 20): Promise<LeadCardData[]> {
  const rows = await deps.db
    .select()
    .from(leads)
    .where(and(eq(leads.status, 'offered'), eq(leads.offeredToId, userId), isNull(leads.closedAt)))
    .orderBy(asc(leads.seq))
    .limit(limit);
  return rows.map((r) => cardDataOf(r, deps));
}

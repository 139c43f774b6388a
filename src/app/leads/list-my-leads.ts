// Use case: "lead mine" — the open leads a person holds (at the follow-up stage they are at now) or is being offered,
// newest first.
import { and, desc, eq, isNull, or } from 'drizzle-orm';
import { leads } from '../../db/schema.ts';
import { leadNumber } from '../../domain/leads/normalise.ts';
import { stageOf } from '../../domain/leads/stages.ts';
import type { MyLead } from '../../messages/catalogue/leads.ts';
import type { AppDeps } from '../deps.ts';

export async function listMyLeads(deps: AppDeps, userId: string, limit = 50): Promise<MyLead[]> {
  const rows = await deps.db
    .select({
      id: leads.id,
      seq: leads.seq,
      name: leads.name,
      company: leads.company,
      status: leads.status,
      stage: leads.stage,
    })
    .from(leads)
    .where(
      and(
        isNull(leads.closedAt),
        or(
          and(eq(leads.status, 'accepted'), eq(leads.ownerId, userId)),
          and(eq(leads.status, 'offered'), eq(leads.offeredToId, userId)),
        ),
      ),
    )
    .orderBy(desc(leads.seq))
    .limit(limit);
  return rows.map((r) => ({
    id: r.id,
    number: leadNumber(r.seq),
    name: r.name,
    company: r.company,
    status: r.status,
    stage: stageOf(r),
  }));
}

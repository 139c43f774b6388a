// Use case: the owner (or a manager) moves an accepted lead to contacted or qualified, from a command or a card
// button; logging a first conversation moves it to contacted by itself.
import { and, eq, inArray, isNull, or } from 'drizzle-orm';
import { leadActivities, leads } from '../../db/schema.ts';
import { leadNumber } from '../../domain/leads/normalise.ts';
import { canMove, type Stage, stageOf } from '../../domain/leads/stages.ts';
import type { UserActor } from '../commands/types.ts';
import type { AppDeps } from '../deps.ts';
import { inTransaction, type UnitOfWork } from '../unit-of-work.ts';
import { ownedLead } from './log-lead-activity.ts';
import { showOwnerCard } from './owner-card.ts';
import type { LeadRow } from './route-lead.ts';

export type StageOutcome =
  | { changed: true; number: string; stage: 'contacted' | 'qualified' }
  | { changed: false; number: string; stage: Stage | null };

export async function changeLeadStage(
  deps: AppDeps,
  actor: UserActor,
  ref: string,
  to: 'contacted' | 'qualified',
): Promise<StageOutcome> {
  const lead = await ownedLead(deps, actor, ref);
  const number = leadNumber(lead.seq);
  return inTransaction(deps, actor, async (uow) => {
    const moved = await moveStage(uow, lead, to, false);
    if (moved) return { changed: true, number, stage: to };
    const [now] = await uow.tx.select().from(leads).where(eq(leads.id, lead.id));
    return { changed: false, number, stage: now ? stageOf(now) : null };
  });
}

// Moves the lead forward from whatever open stage it is in now (a conditional update: a concurrent move or close
// wins once); audits it, records it as a touch and edits the owner's card. False when it could not move.
export async function moveStage(
  uow: UnitOfWork,
  lead: LeadRow,
  to: 'contacted' | 'qualified',
  auto: boolean,
): Promise<boolean> {
  const from = stageOf(lead);
  if (!canMove(from, to)) return false;
  const allowedFrom = to === 'contacted' ? [] : ['contacted'];
  const [moved] = await uow.tx
    .update(leads)
    .set({ stage: to, updatedAt: uow.now })
    .where(
      and(
        eq(leads.id, lead.id),
        eq(leads.status, 'accepted'),
        isNull(leads.closedAt),
        allowedFrom.length > 0
          ? or(isNull(leads.stage), inArray(leads.stage, allowedFrom))
          : isNull(leads.stage),
      ),
    )
    .returning();
  if (!moved) return false;
  const actorId = uow.actor.kind === 'user' ? uow.actor.user.id : null;
  await uow.tx.insert(leadActivities).values({
    leadId: lead.id,
    actorId,
    kind: 'stage',
    data: { from: from ?? 'accepted', to, ...(auto ? { auto: true } : {}) },
    at: uow.now,
  });
  await uow.audit({
    action: 'lead.stage',
    entityType: 'lead',
    entityId: lead.id,
    before: { stage: from },
    after: { stage: to, ...(auto ? { auto: true } : {}) },
  });
  await showOwnerCard(uow, moved);
  return true;
}

// Use case: the lead's owner (or a manager) logs a call, visit, message or note (the first conversation makes the
// lead contacted), or marks the lead lost with a reason.
import { and, eq, isNull } from 'drizzle-orm';
import { leadActivities, leads } from '../../db/schema.ts';
import { notFound } from '../../domain/errors.ts';
import type { ActivityKind, LostReason } from '../../domain/leads/follow-up.ts';
import { leadNumber } from '../../domain/leads/normalise.ts';
import { contactKinds } from '../../domain/leads/stages.ts';
import { demand } from '../access/ask.ts';
import type { UserActor } from '../commands/types.ts';
import type { AppDeps } from '../deps.ts';
import { inTransaction } from '../unit-of-work.ts';
import { moveStage } from './change-lead-stage.ts';
import { leadResource } from './lead-resource.ts';
import { leadWhere } from './load-lead.ts';
import { showOwnerCard } from './owner-card.ts';
import type { LeadRow } from './route-lead.ts';

// A lead by number (typed) or id (a card button) that the actor owns or manages.
export async function ownedLead(deps: AppDeps, actor: UserActor, number: string): Promise<LeadRow> {
  const where = leadWhere(number);
  const [lead] = where ? await deps.db.select().from(leads).where(where) : [];
  if (!lead) throw notFound('lead_not_found', { id: number });
  const resource = await leadResource(deps.db, lead);
  demand(deps, actor, 'lead.work', resource, 'lead_not_yours', { number: leadNumber(lead.seq) });
  return lead;
}

export type LogOutcome =
  // firstContact: this conversation moved the lead to contacted.
  { logged: true; number: string; firstContact: boolean } | { logged: false; number: string; status: string };

export async function logLeadActivity(
  deps: AppDeps,
  actor: UserActor,
  number: string,
  kind: ActivityKind,
  note: string,
  // The date (YYYY-MM-DD) the rep means to follow up next, kept with the activity.
  nextStep: string | null = null,
): Promise<LogOutcome> {
  const lead = await ownedLead(deps, actor, number);
  const num = leadNumber(lead.seq);
  if (lead.closedAt) return { logged: false, number: num, status: lead.status };
  return inTransaction(deps, actor, async (uow) => {
    const [activity] = await uow.tx
      .insert(leadActivities)
      .values({
        leadId: lead.id,
        actorId: actor.user.id,
        kind,
        note,
        ...(nextStep ? { data: { nextStep } } : {}),
        at: uow.now,
      })
      .returning({ id: leadActivities.id });
    await uow.tx.update(leads).set({ updatedAt: uow.now }).where(eq(leads.id, lead.id));
    await uow.audit({
      action: 'lead.log',
      entityType: 'lead',
      entityId: lead.id,
      after: { activityId: activity?.id, kind, note, ...(nextStep ? { nextStep } : {}) },
    });
    const conversation = (contactKinds as readonly string[]).includes(kind);
    const firstContact =
      conversation && lead.stage === null && (await moveStage(uow, lead, 'contacted', true));
    return { logged: true, number: num, firstContact };
  });
}

export type LostOutcome = { lost: true; number: string } | { lost: false; number: string; status: string };

// Closing frees the owner's capacity at once: routing counts only open leads.
export async function markLeadLost(
  deps: AppDeps,
  actor: UserActor,
  number: string,
  reason: LostReason,
  note: string | null,
): Promise<LostOutcome> {
  const lead = await ownedLead(deps, actor, number);
  const num = leadNumber(lead.seq);
  return inTransaction(deps, actor, async (uow) => {
    const [closed] = await uow.tx
      .update(leads)
      .set({ status: 'lost', closedAt: uow.now, updatedAt: uow.now })
      .where(and(eq(leads.id, lead.id), isNull(leads.closedAt)))
      .returning();
    if (!closed) return { lost: false, number: num, status: lead.status };
    await uow.tx
      .insert(leadActivities)
      .values({ leadId: lead.id, actorId: actor.user.id, kind: 'lost', note, data: { reason }, at: uow.now });
    await uow.audit({
      action: 'lead.lost',
      entityType: 'lead',
      entityId: lead.id,
      before: { status: lead.status, closedAt: null },
      after: { status: 'lost', closedAt: uow.now, reason, note },
    });
    await showOwnerCard(uow, closed);
    return { lost: true, number: num };
  });
}

// Use case: merge a duplicate lead into the one kept — its activities move over, it is closed as merged with a
// pointer and an undo record (not deleted), both leads' cards are edited in place, every change audited.
import { eq, inArray } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { leadActivities, leads } from '../../db/schema.ts';
import { conflict, DomainError, invalid, notFound } from '../../domain/errors.ts';
import { leadNumber } from '../../domain/leads/normalise.ts';
import { type MergedLeadData, mergedCard, withMergeNote } from '../../messages/catalogue/lead-merge.ts';
import { claimCard, offerCard } from '../../messages/catalogue/leads.ts';
import type { Card, Locale } from '../../messages/model.ts';
import { allowed } from '../access/ask.ts';
import type { Actor, AppDeps } from '../deps.ts';
import { inTransaction, type UnitOfWork } from '../unit-of-work.ts';
import { leadResource } from './lead-resource.ts';
import { leadWhere } from './load-lead.ts';
import { ownerCardOf } from './owner-card.ts';
import { cardDataOf, claimRef, type LeadRow, offerRef } from './route-lead.ts';

// What unmerge needs to put the dropped lead back exactly as it was.
export interface MergeUndo {
  before: {
    status: string;
    offeredToId: string | null;
    claimChannel: string | null;
    closedAt: string | null;
    updatedAt: string;
  };
  // The activities that moved to the kept lead, to move back (activities logged on the kept lead later stay).
  moved: string[];
}

export interface MergeOutcome {
  keep: { id: string; number: string };
  drop: { id: string; number: string };
  moved: number;
}

// "L-000042", "42" or a lead id.
export async function findLeadByRef(tx: Tx, ref: string): Promise<LeadRow | null> {
  const where = leadWhere(ref);
  const [row] = where ? await tx.select().from(leads).where(where) : [];
  return row ?? null;
}

// Locks the leads in id order (two merges naming the same pair either way round cannot deadlock) and rereads them.
export async function lockLeads(tx: Tx, ids: string[]): Promise<Map<string, LeadRow>> {
  const rows = await tx.select().from(leads).where(inArray(leads.id, ids)).orderBy(leads.id).for('update');
  return new Map(rows.map((r) => [r.id, r]));
}

export const actorName = (actor: Actor) =>
  actor.kind === 'user' ? actor.user.name : actor.kind === 'api' ? actor.keyName : actor.name;

// lead.merge must reach both leads: by default a rep two leads they own, a manager their tree's, the API anything.
export async function mayMerge(
  deps: AppDeps,
  tx: Tx,
  actor: Actor,
  both: readonly LeadRow[],
): Promise<boolean> {
  for (const lead of both)
    if (!allowed(deps, actor, 'lead.merge', await leadResource(tx, lead))) return false;
  return true;
}

// The cards a lead shows in its current state, by refKey: the offer or claim card while it waits, the owner's lead
// card (stage and checklist) once someone took it. Keys that were never posted are skipped by uow.update.
export async function liveCards(
  uow: UnitOfWork,
  lead: LeadRow,
): Promise<{ refKey: string; build: (locale: Locale) => Card }[]> {
  const data = cardDataOf(lead, uow.deps);
  if (lead.status === 'offered' && lead.offeredToId)
    return [{ refKey: offerRef(lead.id, lead.offeredToId), build: (l) => offerCard(data, l) }];
  if (lead.status === 'offered' && lead.claimChannel)
    return [{ refKey: claimRef(lead.id), build: (l) => claimCard(data, l) }];
  const owner = await ownerCardOf(uow, lead);
  return owner ? [owner] : [];
}

// Every key the dropped lead's cards may sit under: whoever it was offered to, its owner, its claim channel.
function everyCardOf(lead: LeadRow): string[] {
  return [
    ...new Set([
      ...(lead.offeredToId ? [offerRef(lead.id, lead.offeredToId)] : []),
      ...(lead.ownerId ? [offerRef(lead.id, lead.ownerId)] : []),
      claimRef(lead.id),
    ]),
  ];
}

export async function mergeLeads(
  deps: AppDeps,
  actor: Actor,
  keepRef: string,
  dropRef: string,
): Promise<MergeOutcome> {
  return inTransaction(deps, actor, async (uow) => {
    const { tx, now } = uow;
    const keepFound = await findLeadByRef(tx, keepRef);
    if (!keepFound) throw notFound('lead_not_found', { id: keepRef });
    const dropFound = await findLeadByRef(tx, dropRef);
    if (!dropFound) throw notFound('lead_not_found', { id: dropRef });
    const locked = await lockLeads(tx, [keepFound.id, dropFound.id]);
    const keep = locked.get(keepFound.id);
    const drop = locked.get(dropFound.id);
    if (!keep || !drop) throw notFound('lead_not_found', { id: keep ? dropRef : keepRef });
    const keepNo = leadNumber(keep.seq);
    const dropNo = leadNumber(drop.seq);
    if (keep.id === drop.id) throw invalid('lead_merge_same', 'drop', { number: dropNo });
    for (const [field, lead] of [
      ['keep', keep],
      ['drop', drop],
    ] as const) {
      if (lead.mergedIntoId) {
        const [into] = await tx.select({ seq: leads.seq }).from(leads).where(eq(leads.id, lead.mergedIntoId));
        throw new DomainError(
          'conflict',
          'lead_merge_already_merged',
          { field, number: leadNumber(lead.seq), into: into ? leadNumber(into.seq) : '' },
          field,
        );
      }
    }
    if (!(await mayMerge(deps, tx, actor, [keep, drop])))
      throw new DomainError('forbidden', 'lead_merge_not_allowed', { keep: keepNo, drop: dropNo }, 'drop');

    const moved = await tx
      .update(leadActivities)
      .set({ leadId: keep.id })
      .where(eq(leadActivities.leadId, drop.id))
      .returning({ id: leadActivities.id });
    const undo: MergeUndo = {
      before: {
        status: drop.status,
        offeredToId: drop.offeredToId,
        claimChannel: drop.claimChannel,
        closedAt: drop.closedAt?.toISOString() ?? null,
        updatedAt: drop.updatedAt.toISOString(),
      },
      moved: moved.map((m) => m.id),
    };
    const [merged] = await tx
      .update(leads)
      .set({
        status: 'merged',
        offeredToId: null,
        claimChannel: null,
        closedAt: drop.closedAt ?? now,
        mergedIntoId: keep.id,
        mergedAt: now,
        mergeUndo: undo,
        updatedAt: now,
      })
      .where(eq(leads.id, drop.id))
      .returning();
    const [kept] = await tx.update(leads).set({ updatedAt: now }).where(eq(leads.id, keep.id)).returning();
    if (!merged || !kept) throw conflict('lead_not_found', { id: dropNo });

    await uow.audit({
      action: 'lead.merge',
      entityType: 'lead',
      entityId: drop.id,
      before: { ...undo.before, mergedIntoId: null },
      after: {
        status: merged.status,
        offeredToId: null,
        claimChannel: null,
        closedAt: merged.closedAt,
        mergedIntoId: keep.id,
        keep: keepNo,
        movedActivities: undo.moved.length,
      },
    });
    await uow.audit({
      action: 'lead.merge_into',
      entityType: 'lead',
      entityId: keep.id,
      after: { mergedFrom: dropNo, movedActivities: undo.moved },
    });

    const note: MergedLeadData = {
      drop: dropNo,
      keep: keepNo,
      name: drop.name,
      by: actorName(actor),
      moved: undo.moved.length,
    };
    for (const refKey of everyCardOf(drop)) await uow.update(refKey, (l) => mergedCard(note, l));
    for (const card of await liveCards(uow, kept))
      await uow.update(card.refKey, (l) => withMergeNote(card.build(l), note, l));
    return {
      keep: { id: keep.id, number: keepNo },
      drop: { id: drop.id, number: dropNo },
      moved: undo.moved.length,
    };
  });
}

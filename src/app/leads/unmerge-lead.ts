// Use case: undo a manual merge — the dropped lead gets back its exact prior state and the activities that moved,
// both leads' cards are edited back, every change audited.

import { and, eq, inArray, isNull, ne } from 'drizzle-orm';
import { leadActivities, leads } from '../../db/schema.ts';
import { DomainError, notFound } from '../../domain/errors.ts';
import { leadNumber } from '../../domain/leads/normalise.ts';
import { shownLeadStatus } from '../../domain/leads/shown-status.ts';
import type { Actor, AppDeps } from '../deps.ts';
import { inTransaction } from '../unit-of-work.ts';
import { contactKeysOf, sameContact, sameEmail } from './contact-keys.ts';
import { findLeadByRef, liveCards, lockLeads, type MergeUndo, mayMerge } from './merge-leads.ts';

export interface UnmergeOutcome {
  drop: { id: string; number: string; status: string };
  keep: { id: string; number: string };
  moved: number;
}

export async function unmergeLead(deps: AppDeps, actor: Actor, dropRef: string): Promise<UnmergeOutcome> {
  return inTransaction(deps, actor, async (uow) => {
    const { tx, now } = uow;
    const found = await findLeadByRef(tx, dropRef);
    if (!found) throw notFound('lead_not_found', { id: dropRef });
    const number = leadNumber(found.seq);
    if (!found.mergedIntoId) throw new DomainError('conflict', 'lead_unmerge_not_merged', { number }, 'drop');
    const locked = await lockLeads(tx, [found.id, found.mergedIntoId]);
    const drop = locked.get(found.id);
    const keep = found.mergedIntoId ? locked.get(found.mergedIntoId) : undefined;
    const undo = drop?.mergeUndo as MergeUndo | null | undefined;
    if (!drop || !keep || !drop.mergedIntoId || !undo)
      throw new DomainError('conflict', 'lead_unmerge_not_merged', { number }, 'drop');
    // The dropped lead is judged as it was before the merge (whom it was offered to).
    if (!(await mayMerge(deps, tx, actor, [keep, { ...drop, offeredToId: undo.before.offeredToId }])))
      throw new DomainError(
        'forbidden',
        'lead_merge_not_allowed',
        { keep: leadNumber(keep.seq), drop: number },
        'drop',
      );

    // Reopening must not put two open leads on one e-mail or phone: that is what the unique indexes forbid.
    const keys = contactKeysOf(drop);
    if (
      undo.before.closedAt === null &&
      (keys.emailBidx || keys.phoneBidx || keys.emailNorm || keys.phoneNorm)
    ) {
      const [clash] = await tx
        .select()
        .from(leads)
        .where(and(isNull(leads.closedAt), ne(leads.id, drop.id), sameContact(keys)));
      if (clash) {
        const field = sameEmail(clash, keys) ? 'email' : 'phone';
        throw new DomainError(
          'conflict',
          'lead_unmerge_conflict',
          { number, other: leadNumber(clash.seq), field },
          field,
        );
      }
    }

    const back =
      undo.moved.length > 0
        ? await tx
            .update(leadActivities)
            .set({ leadId: drop.id })
            .where(and(eq(leadActivities.leadId, keep.id), inArray(leadActivities.id, undo.moved)))
            .returning({ id: leadActivities.id })
        : [];
    const [restored] = await tx
      .update(leads)
      .set({
        status: undo.before.status,
        offeredToId: undo.before.offeredToId,
        claimChannel: undo.before.claimChannel,
        closedAt: undo.before.closedAt === null ? null : new Date(undo.before.closedAt),
        updatedAt: new Date(undo.before.updatedAt),
        mergedIntoId: null,
        mergedAt: null,
        mergeUndo: null,
      })
      .where(eq(leads.id, drop.id))
      .returning();
    const [kept] = await tx.update(leads).set({ updatedAt: now }).where(eq(leads.id, keep.id)).returning();
    if (!restored || !kept) throw new Error(`lead ${drop.id} or ${keep.id} vanished while unmerging`);

    await uow.audit({
      action: 'lead.unmerge',
      entityType: 'lead',
      entityId: drop.id,
      before: { status: drop.status, closedAt: drop.closedAt, mergedIntoId: drop.mergedIntoId },
      after: { ...undo.before, mergedIntoId: null, movedBack: back.length },
    });
    await uow.audit({
      action: 'lead.unmerge_from',
      entityType: 'lead',
      entityId: keep.id,
      after: { unmerged: number, movedBack: back.map((b) => b.id) },
    });
    for (const card of await liveCards(uow, restored)) await uow.update(card.refKey, card.build);
    for (const card of await liveCards(uow, kept)) await uow.update(card.refKey, card.build);
    return {
      drop: { id: drop.id, number, status: shownLeadStatus(restored) },
      keep: { id: keep.id, number: leadNumber(keep.seq) },
      moved: back.length,
    };
  });
}

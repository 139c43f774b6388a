// Use case: the rep a lead was offered to accepts it; the offer card turns into their lead card ("accepted by …",
// the stage's next steps and buttons); the cards of reps who passed it on say who has it now.
import { and, eq, isNull } from 'drizzle-orm';
import { leadActivities, leads } from '../../db/schema.ts';
import { notFound } from '../../domain/errors.ts';
import { isUuid } from '../../domain/ids.ts';
import { leadNumber } from '../../domain/leads/normalise.ts';
import { wentToCard } from '../../messages/catalogue/leads.ts';
import type { UserActor } from '../commands/types.ts';
import type { AppDeps } from '../deps.ts';
import { inTransaction } from '../unit-of-work.ts';
import { loadLead } from './load-lead.ts';
import { showOwnerCard } from './owner-card.ts';
import { cardDataOf, offerRef, passedOver } from './route-lead.ts';

export type AcceptOutcome =
  | { accepted: true; id: string; number: string; name: string }
  | { accepted: false; reason: 'already_accepted' | 'not_offered_to_you'; number: string };

export async function acceptLead(deps: AppDeps, actor: UserActor, leadId: string): Promise<AcceptOutcome> {
  // A malformed id can match nothing; say so without asking the database.
  if (!isUuid(leadId)) throw notFound('lead_not_found', { id: leadId });
  return inTransaction(deps, actor, async (uow) => {
    const { tx, now } = uow;
    const [won] = await tx
      .update(leads)
      .set({ status: 'accepted', ownerId: actor.user.id, acceptedAt: now, updatedAt: now })
      .where(
        and(
          eq(leads.id, leadId),
          eq(leads.status, 'offered'),
          eq(leads.offeredToId, actor.user.id),
          isNull(leads.closedAt),
        ),
      )
      .returning();
    if (!won) {
      const current = await loadLead(tx, leadId);
      if (!current) throw notFound('lead_not_found', { id: leadId });
      const number = leadNumber(current.lead.seq);
      return current.lead.ownerId === actor.user.id
        ? { accepted: false, reason: 'already_accepted', number }
        : { accepted: false, reason: 'not_offered_to_you', number };
    }
    await tx.insert(leadActivities).values({ leadId, actorId: actor.user.id, kind: 'accepted', at: now });
    await uow.audit({
      action: 'lead.accept',
      entityType: 'lead',
      entityId: leadId,
      before: { status: 'offered', offeredToId: actor.user.id, ownerId: null },
      after: { status: won.status, ownerId: won.ownerId },
    });
    await showOwnerCard(uow, won);
    // Whoever declined it or let the offer lapse still holds its card: it now says who has the lead.
    const { exclude } = await passedOver(tx, leadId);
    const data = cardDataOf(won, uow.deps);
    for (const userId of exclude.filter((id) => id !== actor.user.id)) {
      await uow.update(offerRef(leadId, userId), (locale) => wentToCard(data, actor.user.name, locale));
    }
    return { accepted: true, id: leadId, number: leadNumber(won.seq), name: won.name };
  });
}

// Use case: the offered rep declines; the lead goes to the next eligible rep of the same rule, else a manager.
import { and, eq, isNull } from 'drizzle-orm';
import { leadActivities, leads } from '../../db/schema.ts';
import { notFound } from '../../domain/errors.ts';
import { isUuid } from '../../domain/ids.ts';
import { leadNumber } from '../../domain/leads/normalise.ts';
import { rerouteAfterDecline } from '../../domain/leads/routing.ts';
import { declinedCard } from '../../messages/catalogue/leads.ts';
import type { UserActor } from '../commands/types.ts';
import type { AppDeps } from '../deps.ts';
import { inTransaction } from '../unit-of-work.ts';
import { loadLead } from './load-lead.ts';
import { applyDecision, cardDataOf, factsOf, offerRef, passedOver, takeTurn } from './route-lead.ts';

export type DeclineOutcome =
  | { declined: true; number: string; next: { id: string; name: string } | null }
  | { declined: false; reason: 'not_offered_to_you'; number: string };

export async function declineLead(deps: AppDeps, actor: UserActor, leadId: string): Promise<DeclineOutcome> {
  // A malformed id can match nothing; say so without asking the database.
  if (!isUuid(leadId)) throw notFound('lead_not_found', { id: leadId });
  return inTransaction(deps, actor, async (uow) => {
    const { tx, now } = uow;
    // Taking the offer back first makes a double click (or a race with Accept) count once.
    const [released] = await tx
      .update(leads)
      .set({ status: 'new', offeredToId: null, updatedAt: now })
      .where(
        and(
          eq(leads.id, leadId),
          eq(leads.status, 'offered'),
          eq(leads.offeredToId, actor.user.id),
          isNull(leads.closedAt),
        ),
      )
      .returning();
    if (!released) {
      const current = await loadLead(tx, leadId);
      if (!current) throw notFound('lead_not_found', { id: leadId });
      return { declined: false, reason: 'not_offered_to_you', number: leadNumber(current.lead.seq) };
    }
    await tx.insert(leadActivities).values({
      leadId,
      actorId: actor.user.id,
      kind: 'declined',
      data: { rule: released.routingRule },
      at: now,
    });
    await uow.audit({
      action: 'lead.decline',
      entityType: 'lead',
      entityId: leadId,
      before: { status: 'offered', offeredToId: actor.user.id },
      after: { status: released.status, offeredToId: null },
    });
    const oldCard = cardDataOf(released, uow.deps);
    await uow.update(offerRef(leadId, actor.user.id), (locale) =>
      declinedCard(oldCard, actor.user.name, locale),
    );

    const { exclude, timedOut } = await passedOver(tx, leadId);
    const { cursors, weighted, candidates } = await takeTurn(uow);
    const decision = rerouteAfterDecline({
      lead: await factsOf(tx, released),
      rules: deps.policy.routing.rules,
      candidates,
      cursors,
      weighted,
      now,
      exclude,
      timedOut,
      rule: released.routingRule,
    });
    const routed = await applyDecision(uow, released, decision);
    return { declined: true, number: leadNumber(released.seq), next: routed.offeredTo };
  });
}

// Use case: a rep clicks Claim on a pooled lead; exactly one of any number of simultaneous clicks wins and gets the
// lead card in their own chat.
import { and, eq, isNotNull, isNull } from 'drizzle-orm';
import type { RoutingRule } from '../../config/policy.ts';
import { leadActivities, leads } from '../../db/schema.ts';
import { type ClaimPool, claimPoolOf } from '../../domain/access/can.ts';
import { notFound } from '../../domain/errors.ts';
import { isUuid } from '../../domain/ids.ts';
import { leadNumber } from '../../domain/leads/normalise.ts';
import { claimedCard } from '../../messages/catalogue/leads.ts';
import { demand } from '../access/ask.ts';
import type { UserActor } from '../commands/types.ts';
import type { AppDeps } from '../deps.ts';
import { inTransaction } from '../unit-of-work.ts';
import { loadLead } from './load-lead.ts';
import { postOwnerCard } from './owner-card.ts';
import { cardDataOf, claimRef } from './route-lead.ts';

export type ClaimOutcome =
  | { claimed: true; id: string; number: string; name: string }
  // Someone already holds it (possibly the clicker, from an earlier click).
  | { claimed: false; by: string; byId: string; number: string }
  // Offered to a person, unrouted or closed: not in a claim pool.
  | { claimed: false; by: null; number: string };

// The pool of the claim rule that put the lead in its channel (also asked by the lead record view) (by name, else the first claim rule of that channel).
export function poolOfLead(
  rules: readonly RoutingRule[],
  ruleName: string | null,
  channel: string | null,
): ClaimPool | null {
  const claimRules = rules.filter((r) => r.assign.strategy === 'claim');
  const rule =
    claimRules.find((r) => r.name === ruleName) ??
    claimRules.find((r) => r.assign.strategy === 'claim' && r.assign.channel === channel);
  return rule ? claimPoolOf(rule) : null;
}

export async function claimLead(deps: AppDeps, actor: UserActor, leadId: string): Promise<ClaimOutcome> {
  // A malformed id can match nothing; say so without asking the database.
  if (!isUuid(leadId)) throw notFound('lead_not_found', { id: leadId });
  const [pooled] = await deps.db
    .select({ seq: leads.seq, region: leads.region, rule: leads.routingRule, channel: leads.claimChannel })
    .from(leads)
    .where(eq(leads.id, leadId));
  if (!pooled) throw notFound('lead_not_found', { id: leadId });
  const pool = poolOfLead(deps.policy.routing.rules, pooled.rule, pooled.channel);
  demand(
    deps,
    actor,
    'lead.claim',
    { ownerId: null, region: pooled.region, ...(pool ? { pool } : {}) },
    'lead_claim_not_in_pool',
    {
      number: leadNumber(pooled.seq),
      pool: [...(pool?.regions ?? []), ...(pool?.skill ? [pool.skill] : [])].join(', '),
    },
  );
  return inTransaction(deps, actor, async (uow) => {
    const { tx, now } = uow;
    const [won] = await tx
      .update(leads)
      .set({ status: 'accepted', ownerId: actor.user.id, acceptedAt: now, updatedAt: now })
      // Concurrent claimers queue on the row lock; once the winner commits, the rest no longer match.
      .where(
        and(
          eq(leads.id, leadId),
          eq(leads.status, 'offered'),
          isNull(leads.ownerId),
          isNotNull(leads.claimChannel),
          isNull(leads.closedAt),
        ),
      )
      .returning();
    if (!won) {
      const current = await loadLead(tx, leadId);
      if (!current) throw notFound('lead_not_found', { id: leadId });
      const number = leadNumber(current.lead.seq);
      return current.owner
        ? { claimed: false, by: current.owner.name, byId: current.owner.id, number }
        : { claimed: false, by: null, number };
    }
    await tx.insert(leadActivities).values({
      leadId,
      actorId: actor.user.id,
      kind: 'claimed',
      data: { channel: won.claimChannel },
      at: now,
    });
    await uow.audit({
      action: 'lead.claim',
      entityType: 'lead',
      entityId: leadId,
      before: { status: 'offered', ownerId: null, claimChannel: won.claimChannel },
      after: { status: won.status, ownerId: won.ownerId },
    });
    const card = cardDataOf(won, uow.deps);
    await uow.update(claimRef(leadId), (locale) => claimedCard(card, actor.user.name, locale));
    await postOwnerCard(uow, won);
    return { claimed: true, id: leadId, number: leadNumber(won.seq), name: won.name };
  });
}

// Use case (job): offers not accepted within the SLA pass to the next eligible rep, then to a manager; claim-pool
// leads nobody claimed in time are assigned directly. Each lead moves in its own transaction, exactly once.
import { and, eq, isNotNull, isNull, lte } from 'drizzle-orm';
import { leadActivities, leads, users } from '../../db/schema.ts';
import { assignUnclaimed } from '../../domain/leads/routing.ts';
import { orgClock, personalClock, workingMinutesBetween } from '../../domain/roster/working-hours.ts';
import { timedOutCard, unclaimedCard } from '../../messages/catalogue/leads.ts';
import type { Actor, AppDeps } from '../deps.ts';
import { inTransaction } from '../unit-of-work.ts';
import {
  applyDecision,
  cardDataOf,
  claimRef,
  factsOf,
  type LeadRow,
  offerRef,
  passedOver,
  takeTurn,
} from './route-lead.ts';
import { routeOn } from './route-on.ts';

const slaActor: Actor = { kind: 'system', name: 'lead-sla' };

export interface SlaRun {
  // Passed to the next rep after the accept SLA.
  rerouted: number;
  // Given to a manager after escalateAfterReroutes re-routes.
  escalated: number;
  // Claim-pool leads nobody claimed in time, assigned directly.
  assigned: number;
}

export async function enforceLeadSla(deps: AppDeps): Promise<SlaRun> {
  const now = deps.clock.now();
  const run: SlaRun = { rerouted: 0, escalated: 0, assigned: 0 };
  const { accept } = deps.policy.routing.sla;
  const org = orgClock(deps.policy.org);

  // Working time never runs faster than the wall clock, so only offers this old can be late.
  const offered = await deps.db
    .select({ lead: leads, timezone: users.timezone, workingHours: users.workingHours })
    .from(leads)
    .innerJoin(users, eq(users.id, leads.offeredToId))
    .where(
      and(
        eq(leads.status, 'offered'),
        isNull(leads.closedAt),
        lte(leads.offeredAt, new Date(now.getTime() - accept * 60_000)),
      ),
    );
  for (const row of offered) {
    const { hours, timeZone } = personalClock(org, row);
    if (!row.lead.offeredAt) continue;
    // The clock only runs while the rep is on shift: an offer made at 17:55 is not late at 08:00 the next day.
    if (workingMinutesBetween(hours, timeZone, row.lead.offeredAt, now) < accept) continue;
    const outcome = await passOn(deps, row.lead);
    if (outcome) run[outcome]++;
  }

  const claimRules = new Map(
    deps.policy.routing.rules.flatMap((r) =>
      r.assign.strategy === 'claim' && r.assign.fallbackAfter !== undefined
        ? [[r.name, r.assign.fallbackAfter] as const]
        : [],
    ),
  );
  if (claimRules.size === 0) return run;
  const shortest = Math.min(...claimRules.values());
  const pooled = await deps.db
    .select()
    .from(leads)
    .where(
      and(
        eq(leads.status, 'offered'),
        isNotNull(leads.claimChannel),
        isNull(leads.ownerId),
        isNull(leads.closedAt),
        lte(leads.offeredAt, new Date(now.getTime() - shortest * 60_000)),
      ),
    );
  for (const lead of pooled) {
    const after = lead.routingRule ? claimRules.get(lead.routingRule) : undefined;
    if (after === undefined || !lead.offeredAt) continue;
    // A channel has no one person's hours: the org's working hours count.
    if (workingMinutesBetween(org.hours, org.timeZone, lead.offeredAt, now) < after) continue;
    if (await assignFromPool(deps, lead, after)) run.assigned++;
  }
  return run;
}

// Takes the offer back from the late rep and offers the lead on; null when another worker (or an accept) got there first.
async function passOn(deps: AppDeps, seen: LeadRow): Promise<'rerouted' | 'escalated' | null> {
  const { accept } = deps.policy.routing.sla;
  return inTransaction(deps, slaActor, async (uow) => {
    const { tx, now } = uow;
    const lateRep = seen.offeredToId;
    if (!lateRep || !seen.offeredAt) return null;
    const [released] = await tx
      .update(leads)
      .set({ status: 'new', offeredToId: null, reroutes: seen.reroutes + 1, updatedAt: now })
      .where(
        and(
          eq(leads.id, seen.id),
          eq(leads.status, 'offered'),
          eq(leads.offeredToId, lateRep),
          eq(leads.offeredAt, seen.offeredAt),
          eq(leads.reroutes, seen.reroutes),
          isNull(leads.closedAt),
        ),
      )
      .returning();
    if (!released) return null;
    await tx.insert(leadActivities).values({
      leadId: seen.id,
      kind: 'sla_timeout',
      data: { to: lateRep, rule: released.routingRule, minutes: accept },
      at: now,
    });
    await uow.audit({
      action: 'lead.sla_timeout',
      entityType: 'lead',
      entityId: seen.id,
      before: { status: 'offered', offeredToId: lateRep, reroutes: seen.reroutes },
      after: { status: released.status, offeredToId: null, reroutes: released.reroutes },
    });
    const oldCard = cardDataOf(released, uow.deps);
    await uow.update(offerRef(seen.id, lateRep), (locale) => timedOutCard(oldCard, accept, locale));

    return routeOn(uow, released);
  });
}

// Nobody claimed the lead in its channel: assign it directly and turn the claim card into "assigned to X".
async function assignFromPool(deps: AppDeps, seen: LeadRow, after: number): Promise<boolean> {
  return inTransaction(deps, slaActor, async (uow) => {
    const { tx, now } = uow;
    if (!seen.offeredAt) return false;
    const [released] = await tx
      .update(leads)
      .set({ status: 'new', claimChannel: null, updatedAt: now })
      .where(
        and(
          eq(leads.id, seen.id),
          eq(leads.status, 'offered'),
          isNull(leads.ownerId),
          eq(leads.offeredAt, seen.offeredAt),
          isNotNull(leads.claimChannel),
          isNull(leads.closedAt),
        ),
      )
      .returning();
    if (!released) return false;
    await tx.insert(leadActivities).values({
      leadId: seen.id,
      kind: 'unclaimed',
      data: { channel: seen.claimChannel, minutes: after },
      at: now,
    });
    await uow.audit({
      action: 'lead.unclaimed',
      entityType: 'lead',
      entityId: seen.id,
      before: { status: 'offered', claimChannel: seen.claimChannel },
      after: { status: released.status, claimChannel: null },
    });
    const { exclude, timedOut } = await passedOver(tx, seen.id);
    const { cursors, weighted, candidates } = await takeTurn(uow);
    const decision = assignUnclaimed({
      lead: await factsOf(tx, released),
      rules: deps.policy.routing.rules,
      candidates,
      cursors,
      weighted,
      now,
      exclude,
      timedOut,
      rule: released.routingRule,
      unclaimedAfter: after,
    });
    const routed = await applyDecision(uow, released, decision);
    const oldCard = cardDataOf(seen, uow.deps);
    const to = routed.offeredTo?.name;
    if (to) await uow.update(claimRef(seen.id), (locale) => unclaimedCard(oldCard, to, after, locale));
    return true;
  });
}

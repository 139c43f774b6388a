// Use case (job): an accepted lead with no call, visit or message logged reminds its owner once after
// firstContactReminder working time, and after firstContact passes to the next eligible rep — counting toward the
// same re-route limit as the accept SLA, after which a manager gets it. Each step is a conditional update: once.
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { leadActivities, leads, users } from '../../db/schema.ts';
import { orgClock, personalClock, workingMinutesBetween } from '../../domain/roster/working-hours.ts';
import { firstContactReminderCard, notContactedCard } from '../../messages/catalogue/leads.ts';
import type { Actor, AppDeps } from '../deps.ts';
import { inTransaction } from '../unit-of-work.ts';
import { ownerCardRef } from './owner-card.ts';
import { cardDataOf, type LeadRow } from './route-lead.ts';
import { routeOn } from './route-on.ts';

const slaActor: Actor = { kind: 'system', name: 'lead-first-contact' };

export interface FirstContactRun {
  reminded: number;
  rerouted: number;
  escalated: number;
}

export async function enforceFirstContact(deps: AppDeps): Promise<FirstContactRun> {
  const now = deps.clock.now();
  const run: FirstContactRun = { reminded: 0, rerouted: 0, escalated: 0 };
  const { firstContact } = deps.policy.routing.sla;
  const reminderAt = deps.policy.routing.sla.firstContactReminder ?? Math.floor(firstContact / 2);
  const org = orgClock(deps.policy.org);

  const waiting = await deps.db
    .select({ lead: leads, timezone: users.timezone, workingHours: users.workingHours })
    .from(leads)
    .innerJoin(users, eq(users.id, leads.ownerId))
    .where(and(eq(leads.status, 'accepted'), isNull(leads.stage), isNull(leads.closedAt)));
  for (const row of waiting) {
    const { lead } = row;
    if (!lead.acceptedAt) continue;
    const { hours, timeZone } = personalClock(org, row);
    // The clock runs in the owner's working hours only, in their time zone.
    const elapsed = workingMinutesBetween(hours, timeZone, lead.acceptedAt, now);
    if (elapsed >= firstContact) {
      const outcome = await passOn(deps, lead);
      if (outcome) run[outcome]++;
    } else if (elapsed >= reminderAt && !lead.firstContactRemindedAt) {
      if (await remind(deps, lead, elapsed)) run.reminded++;
    }
  }
  return run;
}

async function remind(deps: AppDeps, seen: LeadRow, elapsed: number): Promise<boolean> {
  return inTransaction(deps, slaActor, async (uow) => {
    const { tx, now } = uow;
    if (!seen.ownerId || !seen.acceptedAt) return false;
    const [marked] = await tx
      .update(leads)
      .set({ firstContactRemindedAt: now })
      .where(
        and(
          eq(leads.id, seen.id),
          eq(leads.status, 'accepted'),
          eq(leads.ownerId, seen.ownerId),
          eq(leads.acceptedAt, seen.acceptedAt),
          isNull(leads.stage),
          isNull(leads.firstContactRemindedAt),
        ),
      )
      .returning();
    if (!marked) return false;
    await uow.audit({
      action: 'lead.first_contact_reminder',
      entityType: 'lead',
      entityId: seen.id,
      after: { ownerId: seen.ownerId, workingMinutes: Math.round(elapsed) },
    });
    const card = cardDataOf(marked, uow.deps);
    const limit = deps.policy.routing.sla.firstContact / 60;
    await uow.post(
      { kind: 'user', userId: seen.ownerId },
      `lead:${seen.id}:first-contact:${seen.acceptedAt.toISOString()}`,
      (locale) =>
        firstContactReminderCard(card, elapsed / 60, limit, locale, deps.policy.followUp.lostReasons),
    );
    return true;
  });
}

// Takes the lead back from the owner who never made contact and routes it on; null when another worker (or a
// logged conversation) got there first.
async function passOn(deps: AppDeps, seen: LeadRow): Promise<'rerouted' | 'escalated' | null> {
  const { firstContact } = deps.policy.routing.sla;
  return inTransaction(deps, slaActor, async (uow) => {
    const { tx, now } = uow;
    const late = seen.ownerId;
    if (!late || !seen.acceptedAt) return null;
    const [released] = await tx
      .update(leads)
      .set({
        status: 'new',
        ownerId: null,
        offeredToId: null,
        acceptedAt: null,
        firstContactRemindedAt: null,
        reroutes: seen.reroutes + 1,
        updatedAt: now,
      })
      .where(
        and(
          eq(leads.id, seen.id),
          eq(leads.status, 'accepted'),
          eq(leads.ownerId, late),
          eq(leads.acceptedAt, seen.acceptedAt),
          eq(leads.reroutes, seen.reroutes),
          isNull(leads.stage),
          isNull(leads.closedAt),
        ),
      )
      .returning();
    if (!released) return null;
    await tx.insert(leadActivities).values({
      leadId: seen.id,
      kind: 'first_contact_timeout',
      data: { to: late, rule: released.routingRule, minutes: firstContact },
      at: now,
    });
    await uow.audit({
      action: 'lead.first_contact_timeout',
      entityType: 'lead',
      entityId: seen.id,
      before: { status: 'accepted', ownerId: late, reroutes: seen.reroutes },
      after: { status: released.status, ownerId: null, reroutes: released.reroutes },
    });
    const oldCard = cardDataOf(seen, uow.deps);
    await uow.update(ownerCardRef(seen.id, late), (locale) =>
      notContactedCard(oldCard, firstContact / 60, locale),
    );

    // Nobody who declined, let the offer lapse or never made contact gets it again.
    const lapsed = await tx
      .select({ data: leadActivities.data })
      .from(leadActivities)
      .where(
        and(eq(leadActivities.leadId, seen.id), inArray(leadActivities.kind, ['first_contact_timeout'])),
      );
    const neverContacted = lapsed.flatMap((l) => (l.data as { to?: string } | null)?.to ?? []);
    return routeOn(uow, released, neverContacted);
  });
}

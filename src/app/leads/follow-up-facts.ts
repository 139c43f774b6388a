// Owns reading what follow-up reminders need about each open accepted lead: its owner's clock, the last touch, the
// last conversation and the latest promised next step.
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { queryActivityFacts } from '../../db/activity-facts.ts';
import { leads, users } from '../../db/schema.ts';
import { contactKinds, touchKinds } from '../../domain/leads/stages.ts';
import type { WorkingHours } from '../../domain/roster/working-hours.ts';
import { orgClock, personalClock } from '../../domain/roster/working-hours.ts';
import type { AppDeps } from '../deps.ts';
import type { LeadRow } from './route-lead.ts';

export interface FollowUpFacts {
  lead: LeadRow;
  ownerId: string;
  timezone: string;
  hours: WorkingHours;
  lastTouch: Date;
  lastContact: Date | null;
  // The latest next-step date logged (YYYY-MM-DD) and when it was logged.
  nextStep: string | null;
  nextStepAt: Date | null;
}

export async function loadFollowUpFacts(
  deps: AppDeps,
  ownerIds?: readonly string[],
): Promise<FollowUpFacts[]> {
  const org = orgClock(deps.policy.org);
  const open = await deps.db
    .select({ lead: leads, timezone: users.timezone, workingHours: users.workingHours })
    .from(leads)
    .innerJoin(users, eq(users.id, leads.ownerId))
    .where(
      and(
        eq(leads.status, 'accepted'),
        isNull(leads.closedAt),
        ownerIds ? inArray(leads.ownerId, [...ownerIds]) : undefined,
      ),
    );
  if (open.length === 0) return [];
  const facts = await queryActivityFacts(
    deps.db,
    open.map((o) => o.lead.id),
    { touch: touchKinds, contact: contactKinds },
  );
  const byLead = new Map(facts.map((f) => [f.leadId, f]));
  return open.flatMap((o) => {
    if (!o.lead.ownerId) return [];
    const f = byLead.get(o.lead.id);
    const clock = personalClock(org, o);
    return [
      {
        lead: o.lead,
        ownerId: o.lead.ownerId,
        timezone: clock.timeZone,
        hours: clock.hours,
        lastTouch: f?.lastTouch ?? o.lead.acceptedAt ?? o.lead.updatedAt,
        lastContact: f?.lastContact ?? null,
        nextStep: f?.nextStep ?? null,
        nextStepAt: f?.nextStepAt ?? null,
      },
    ];
  });
}

// Use case (job): each rep, at the start of their working day (or followUp.checkIn.at) in their time zone, gets one
// message listing follow-ups due or overdue, leads awaiting first contact and idle leads — nothing when the list is
// empty; once per rep per local day (a unique row in lead_check_ins claims it).
import { eq, inArray } from 'drizzle-orm';
import { leadCheckIns, users } from '../../db/schema.ts';
import { leadNumber } from '../../domain/leads/normalise.ts';
import { checkInDay, followUpDue, idleDays, idleReminderDue, stageOf } from '../../domain/leads/stages.ts';
import { orgClock, personalClock } from '../../domain/roster/working-hours.ts';
import { localDate } from '../../domain/time.ts';
import { type CheckInData, checkInCard } from '../../messages/catalogue/leads.ts';
import type { Actor, AppDeps } from '../deps.ts';
import { inTransaction } from '../unit-of-work.ts';
import { type FollowUpFacts, loadFollowUpFacts } from './follow-up-facts.ts';
import { idleAfterOf } from './remind-idle-leads.ts';

const checkInActor: Actor = { kind: 'system', name: 'lead-check-in' };

export async function sendDailyCheckIns(deps: AppDeps): Promise<{ sent: number }> {
  const { checkIn } = deps.policy.followUp;
  if (!checkIn.enabled) return { sent: 0 };
  const now = deps.clock.now();
  const org = orgClock(deps.policy.org);
  const roster = await deps.db
    .select({ id: users.id, timezone: users.timezone, workingHours: users.workingHours })
    .from(users)
    .where(eq(users.active, true));
  const due = new Map<string, string>();
  for (const u of roster) {
    const { hours, timeZone } = personalClock(org, u);
    const day = checkInDay(hours, timeZone, checkIn.at ?? null, now);
    if (day) due.set(u.id, day);
  }
  if (due.size === 0) return { sent: 0 };
  const already = await deps.db
    .select()
    .from(leadCheckIns)
    .where(inArray(leadCheckIns.day, [...new Set(due.values())]));
  for (const row of already) if (due.get(row.userId) === row.day) due.delete(row.userId);
  if (due.size === 0) return { sent: 0 };

  const byOwner = new Map<string, FollowUpFacts[]>();
  for (const f of await loadFollowUpFacts(deps, [...due.keys()])) {
    byOwner.set(f.ownerId, [...(byOwner.get(f.ownerId) ?? []), f]);
  }
  let sent = 0;
  for (const [userId, day] of due) {
    const data = checkInData(deps, byOwner.get(userId) ?? [], day, now);
    if (await send(deps, userId, day, data)) sent++;
  }
  return { sent };
}

function checkInData(deps: AppDeps, facts: FollowUpFacts[], today: string, now: Date): CheckInData {
  const data: CheckInData = { due: [], idle: [], awaitingContact: [] };
  for (const f of facts) {
    const item = { id: f.lead.id, number: leadNumber(f.lead.seq), name: f.lead.name };
    // A conversation logged after the promise, on or after its date, keeps it.
    const keptOn =
      f.lastContact && f.nextStepAt && f.lastContact > f.nextStepAt
        ? localDate(f.lastContact, f.timezone)
        : null;
    if (f.nextStep && followUpDue(f.nextStep, keptOn, today)) {
      data.due.push({ ...item, date: f.nextStep, overdue: f.nextStep < today });
    }
    const stage = stageOf(f.lead);
    if (stage === 'accepted' && f.lead.acceptedAt) {
      data.awaitingContact.push({ ...item, acceptedOn: localDate(f.lead.acceptedAt, f.timezone) });
    }
    const idleAfter = idleAfterOf(deps, f);
    if (stage && stage !== 'lost' && stage !== 'converted' && idleAfter !== undefined) {
      if (idleReminderDue(f.lastTouch, null, idleAfter, now))
        data.idle.push({ ...item, stage, days: idleDays(f.lastTouch, now) });
    }
  }
  data.due.sort((a, b) => a.date.localeCompare(b.date) || a.number.localeCompare(b.number));
  data.awaitingContact.sort((a, b) => a.acceptedOn.localeCompare(b.acceptedOn));
  data.idle.sort((a, b) => b.days - a.days);
  return data;
}

async function send(deps: AppDeps, userId: string, day: string, data: CheckInData): Promise<boolean> {
  const empty = data.due.length + data.idle.length + data.awaitingContact.length === 0;
  return inTransaction(deps, checkInActor, async (uow) => {
    // The row is claimed even when there is nothing to say, so the rep is not looked at again today.
    const [claimed] = await uow.tx
      .insert(leadCheckIns)
      .values({ userId, day, at: uow.now })
      .onConflictDoNothing()
      .returning();
    if (!claimed || empty) return false;
    await uow.audit({
      action: 'lead.check_in',
      entityType: 'user',
      entityId: userId,
      after: {
        day,
        due: data.due.map((d) => d.number),
        idle: data.idle.map((d) => d.number),
        awaitingContact: data.awaitingContact.map((d) => d.number),
      },
    });
    await uow.post({ kind: 'user', userId }, `lead-check-in:${userId}:${day}`, (locale) =>
      checkInCard(data, locale),
    );
    return true;
  });
}

// Owns the follow-up stages of an accepted lead, which moves are allowed, and when a lead counts as idle or a rep's
// daily check-in is due.

import { onShift, type WorkingHours } from '../roster/working-hours.ts';
import { localDate, localTime } from '../time.ts';

// Open stages after acceptance, in order: awaiting first contact, contacted, qualified.
export const openStages = ['accepted', 'contacted', 'qualified'] as const;
export type OpenStage = (typeof openStages)[number];
export type Stage = OpenStage | 'lost' | 'converted';

// Activity kinds that are a conversation with the person: logging one is the first contact.
export const contactKinds = ['call', 'visit', 'message'] as const;

// Activity kinds that show someone is working the lead: the idle clock restarts at each.
export const touchKinds = ['accepted', 'claimed', 'call', 'visit', 'message', 'note', 'stage'] as const;

// The stage a lead is in, from its status and stage columns; null while it is not yet anybody's.
export function stageOf(lead: { status: string; stage: string | null }): Stage | null {
  if (lead.status === 'lost' || lead.status === 'converted') return lead.status;
  if (lead.status !== 'accepted') return null;
  return lead.stage === 'contacted' || lead.stage === 'qualified' ? lead.stage : 'accepted';
}

// Stages only move forward; qualifying a lead nobody marked contacted is allowed (qualifying needs a conversation).
export function canMove(from: Stage | null, to: 'contacted' | 'qualified'): boolean {
  if (from === null || from === 'lost' || from === 'converted') return false;
  return openStages.indexOf(to) > openStages.indexOf(from);
}

const stageAliases: Record<string, 'contacted' | 'qualified' | 'lost' | 'converted'> = {
  contacted: 'contacted',
  contact: 'contacted',
  已联系: 'contacted',
  联系: 'contacted',
  已沟通: 'contacted',
  qualified: 'qualified',
  qualify: 'qualified',
  已确认: 'qualified',
  合格: 'qualified',
  有效: 'qualified',
  商机: 'qualified',
  lost: 'lost',
  丢单: 'lost',
  流失: 'lost',
  converted: 'converted',
  convert: 'converted',
  转化: 'converted',
  成交: 'converted',
  已转化: 'converted',
};

// "contacted", "已联系", "qualified", "合格", "lost", "converted" → the stage; null when it is none of them.
export function stageWordOf(word: string): 'contacted' | 'qualified' | 'lost' | 'converted' | null {
  return stageAliases[word.normalize('NFKC').trim().toLowerCase()] ?? null;
}

// Idle since the last touch (or the last reminder, so one idle stretch gets one reminder) for at least idleMinutes.
export function idleReminderDue(
  lastTouch: Date,
  remindedAt: Date | null,
  idleMinutes: number,
  now: Date,
): boolean {
  const since = Math.max(lastTouch.getTime(), remindedAt?.getTime() ?? 0);
  return now.getTime() - since >= idleMinutes * 60_000;
}

// Whole days since the last touch, for "idle 4 days" on a card.
export function idleDays(lastTouch: Date, now: Date): number {
  return Math.floor((now.getTime() - lastTouch.getTime()) / 86_400_000);
}

// The rep's local day when the check-in is due now: a configured local time ("08:30"), else the start of their
// shift; only on their working days. Null when it is not due (yet) today.
export function checkInDay(
  hours: WorkingHours,
  timeZone: string,
  at: string | null,
  now: Date,
): string | null {
  const today = localDate(now, timeZone);
  const weekday = new Date(`${today}T00:00:00Z`).getUTCDay();
  if (!hours.days.has(weekday)) return null;
  const [h, m] = localTime(now, timeZone).split(':').map(Number);
  const minutes = (h ?? 0) * 60 + (m ?? 0);
  if (at !== null) {
    const [ah, am] = at.split(':').map(Number);
    return minutes >= (ah ?? 0) * 60 + (am ?? 0) ? today : null;
  }
  // A check-in sent late in the day (an instance was down at shift start) still helps; after the shift it does not.
  return minutes >= hours.start && onShift(hours, timeZone, now) ? today : null;
}

// The follow-up a rep promised (the latest next-step date logged) is due today or overdue, unless a conversation
// was logged on or after that date.
export function followUpDue(nextStep: string | null, lastContactDay: string | null, today: string): boolean {
  if (!nextStep || nextStep > today) return false;
  return lastContactDay === null || lastContactDay < nextStep;
}

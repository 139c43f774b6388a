// Use case (job): an open lead with nothing logged for its stage's idleAfter reminds its owner — once per idle
// stretch (a conditional update of idle_reminded_at claims it), and again only after as long again.
import { and, eq, isNull } from 'drizzle-orm';
import { leads } from '../../db/schema.ts';
import { idleDays, idleReminderDue, stageOf } from '../../domain/leads/stages.ts';
import { idleReminderCard } from '../../messages/catalogue/leads.ts';
import type { Actor, AppDeps } from '../deps.ts';
import { inTransaction } from '../unit-of-work.ts';
import { type FollowUpFacts, loadFollowUpFacts } from './follow-up-facts.ts';
import { checklistOf } from './owner-card.ts';
import { cardDataOf } from './route-lead.ts';

const idleActor: Actor = { kind: 'system', name: 'lead-idle' };

// Minutes of silence after which a lead in its stage counts as idle; undefined when the stage has no reminder.
export function idleAfterOf(deps: AppDeps, f: FollowUpFacts): number | undefined {
  const stage = stageOf(f.lead);
  if (stage === null || stage === 'lost' || stage === 'converted') return undefined;
  return deps.policy.followUp.stages[stage].idleAfter;
}

export async function remindIdleLeads(deps: AppDeps): Promise<{ reminded: number }> {
  const now = deps.clock.now();
  let reminded = 0;
  for (const f of await loadFollowUpFacts(deps)) {
    const idleAfter = idleAfterOf(deps, f);
    if (idleAfter === undefined) continue;
    if (!idleReminderDue(f.lastTouch, f.lead.idleRemindedAt, idleAfter, now)) continue;
    if (await remind(deps, f)) reminded++;
  }
  return { reminded };
}

async function remind(deps: AppDeps, f: FollowUpFacts): Promise<boolean> {
  return inTransaction(deps, idleActor, async (uow) => {
    const seen = f.lead.idleRemindedAt;
    const [marked] = await uow.tx
      .update(leads)
      .set({ idleRemindedAt: uow.now })
      .where(
        and(
          eq(leads.id, f.lead.id),
          eq(leads.status, 'accepted'),
          eq(leads.ownerId, f.ownerId),
          isNull(leads.closedAt),
          seen ? eq(leads.idleRemindedAt, seen) : isNull(leads.idleRemindedAt),
        ),
      )
      .returning();
    if (!marked) return false;
    const stage = stageOf(marked) ?? 'accepted';
    const days = idleDays(f.lastTouch, uow.now);
    await uow.audit({
      action: 'lead.idle_reminder',
      entityType: 'lead',
      entityId: f.lead.id,
      before: { idleRemindedAt: seen },
      after: { idleRemindedAt: uow.now, stage, idleDays: days, lastTouch: f.lastTouch },
    });
    const card = cardDataOf(marked, uow.deps);
    const checklist = checklistOf(deps.policy, stage);
    await uow.post(
      { kind: 'user', userId: f.ownerId },
      `lead:${f.lead.id}:idle:${uow.now.toISOString()}`,
      (locale) => idleReminderCard(card, stage, days, checklist, locale, deps.policy.followUp.lostReasons),
    );
    return true;
  });
}

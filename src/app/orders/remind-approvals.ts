// Use case (job): an approval waiting past the policy's SLA, counted in the approver's working hours and time zone,
// reminds its approver once; past `escalateAfter` SLAs it is escalated once to the approver's manager.
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { approvals, messageRefs, orders, outbox, users } from '../../db/schema.ts';
import {
  addWorkingMinutes,
  orgClock,
  personalClock,
  workingMinutesBetween,
} from '../../domain/roster/working-hours.ts';
import { approvalEscalationCard, approvalReminderCard } from '../../messages/catalogue/orders.ts';
import type { AppDeps } from '../deps.ts';
import { inTransaction } from '../unit-of-work.ts';
import { levelInfo } from './level-info.ts';
import { approvalRefKey, loadOrder } from './load-order.ts';

export interface RemindResult {
  reminded: number;
  escalated: number;
}

const actor = { kind: 'system', name: 'approval-sla' } as const;

export async function remindApprovals(deps: AppDeps): Promise<RemindResult> {
  const now = deps.clock.now();
  const { sla, escalateAfter } = deps.policy.approvals;
  const { org } = deps.policy;
  const orgTime = orgClock(org);
  const open = await deps.db
    .select({
      approval: approvals,
      submittedAt: orders.submittedAt,
      workingHours: users.workingHours,
      timezone: users.timezone,
    })
    .from(approvals)
    .innerJoin(orders, and(eq(orders.id, approvals.orderId), eq(orders.version, approvals.orderVersion)))
    .innerJoin(users, eq(users.id, approvals.approverId))
    .where(and(eq(approvals.status, 'pending'), eq(orders.status, 'pending_approval')));
  if (open.length === 0) return { reminded: 0, escalated: 0 };

  // A level starts waiting when the level before it was settled (the first, when the order was submitted).
  const orderIds = [...new Set(open.map((o) => o.approval.orderId))];
  const decided = await deps.db
    .select({
      orderId: approvals.orderId,
      version: approvals.orderVersion,
      levelIndex: approvals.levelIndex,
      decidedAt: approvals.decidedAt,
    })
    .from(approvals)
    .where(and(inArray(approvals.orderId, orderIds), inArray(approvals.status, ['approved', 'superseded'])));
  const result: RemindResult = { reminded: 0, escalated: 0 };
  for (const { approval, submittedAt, workingHours, timezone } of open) {
    const times = decided
      .filter(
        (d) =>
          d.orderId === approval.orderId &&
          d.version === approval.orderVersion &&
          d.levelIndex < approval.levelIndex &&
          d.decidedAt,
      )
      .map((d) => d.decidedAt?.getTime() ?? 0);
    const since = Math.max(submittedAt?.getTime() ?? approval.createdAt.getTime(), ...times);
    // An unreadable personal entry falls back to the org's week rather than stopping every reminder.
    const { hours, timeZone: zone } = personalClock(orgTime, { workingHours, timezone });
    const remindAt = addWorkingMinutes(hours, zone, new Date(since), sla);
    if (!remindAt || now < remindAt) continue;
    const escalateAt = addWorkingMinutes(hours, zone, new Date(since), escalateAfter * sla);
    const waited = workingMinutesBetween(hours, zone, new Date(since), now);
    const outcome = await nudge(deps, approval.id, waited, escalateAt !== null && now >= escalateAt);
    result.reminded += outcome.reminded;
    result.escalated += outcome.escalated;
  }
  return result;
}

async function alreadySent(tx: Tx, refKey: string): Promise<boolean> {
  const [queued] = await tx.select({ id: outbox.id }).from(outbox).where(eq(outbox.refKey, refKey)).limit(1);
  if (queued) return true;
  const [sent] = await tx
    .select({ refKey: messageRefs.refKey })
    .from(messageRefs)
    .where(eq(messageRefs.refKey, refKey))
    .limit(1);
  return Boolean(sent);
}

// One approval per transaction, its row locked so a second instance skips it rather than nudging twice.
async function nudge(
  deps: AppDeps,
  approvalId: string,
  waitedMinutes: number,
  escalate: boolean,
): Promise<RemindResult> {
  return inTransaction(deps, actor, async (uow) => {
    const { tx } = uow;
    const [approval] = await tx
      .select()
      .from(approvals)
      .where(and(eq(approvals.id, approvalId), eq(approvals.status, 'pending')))
      .for('update', { skipLocked: true });
    if (!approval) return { reminded: 0, escalated: 0 };
    const loaded = await loadOrder(tx, { id: approval.orderId }, deps);
    if (!loaded || loaded.order.version !== approval.orderVersion) return { reminded: 0, escalated: 0 };
    const [count] = await tx
      .select({ n: sql<number>`max(${approvals.levelIndex}) + 1` })
      .from(approvals)
      .where(and(eq(approvals.orderId, approval.orderId), eq(approvals.orderVersion, approval.orderVersion)));
    const level = levelInfo(deps.policy, approval.levelIndex + 1, Number(count?.n ?? 1), approval.levelName);
    const hours = Math.floor(waitedMinutes / 60);
    const base = approvalRefKey(approval.orderId, approval.orderVersion, approval);
    const out: RemindResult = { reminded: 0, escalated: 0 };

    const reminderKey = `${base}:reminder`;
    if (!(await alreadySent(tx, reminderKey))) {
      await uow.post({ kind: 'user', userId: approval.approverId }, reminderKey, (locale) =>
        approvalReminderCard(loaded.summary, level, hours, locale),
      );
      await uow.audit({
        action: 'approval.remind',
        entityType: 'approval',
        entityId: approval.id,
        after: { order: loaded.order.number, level: approval.levelName, hours },
      });
      out.reminded = 1;
    }

    const escalationKey = `${base}:escalation`;
    if (escalate && !(await alreadySent(tx, escalationKey))) {
      const [approver] = await tx
        .select({ name: users.name, managerId: users.managerId })
        .from(users)
        .where(eq(users.id, approval.approverId));
      const managerId = approver?.managerId;
      if (managerId && managerId !== approval.approverId) {
        await uow.post({ kind: 'user', userId: managerId }, escalationKey, (locale) =>
          approvalEscalationCard(loaded.summary, level, approver?.name ?? '?', hours, locale),
        );
        await uow.audit({
          action: 'approval.escalate',
          entityType: 'approval',
          entityId: approval.id,
          after: { order: loaded.order.number, level: approval.levelName, hours, to: managerId },
        });
        out.escalated = 1;
      }
    }
    return out;
  });
}

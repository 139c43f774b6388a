// Use case: an approver approves or rejects their approval of an order; the chain advances or the order is rejected.
import { and, eq } from 'drizzle-orm';
import { approvals, orders, users } from '../../db/schema.ts';
import type { CreditFlag, FlagAction } from '../../domain/credit/risk.ts';
import { conflict, forbidden, invalid, notFound } from '../../domain/errors.ts';
import { isUuid } from '../../domain/ids.ts';
import { approvalDecidedCard, type Decider, type LevelInfo } from '../../messages/catalogue/orders.ts';
import { allowed } from '../access/ask.ts';
import type { UserActor } from '../commands/types.ts';
import type { AppDeps } from '../deps.ts';
import { inTransaction, type UnitOfWork } from '../unit-of-work.ts';
import { namesOf } from './approval-stand-ins.ts';
import { completeApproval } from './complete-approval.ts';
import { checkCredit, creditView, validOverrideOf } from './credit-check.ts';
import { holdMidChain } from './hold-mid-chain.ts';
import { levelInfo } from './level-info.ts';
import { type ApprovalRow, approvalRefKey, approvalsOf, loadOrder } from './load-order.ts';
import { showOrderCard } from './owner-card.ts';
import { rejectOrder } from './reject-order.ts';
import { appendMissingLevels, openNextLevel } from './route-next-level.ts';

export interface DecideInput {
  approvalId: string;
  decision: 'approve' | 'reject';
  reason?: string;
}

export type DecideResult =
  | { decided: true; decision: 'approved'; number: string; level: string; orderApproved: boolean }
  | { decided: true; decision: 'rejected'; number: string; level: string }
  // Approved, but the credit gate held the order at this step instead of letting it advance.
  | {
      decided: true;
      decision: 'held';
      number: string;
      level: string;
      flags: { flag: CreditFlag; action: FlagAction }[];
    }
  | { decided: false; already: string }
  | { decided: false; stale: { number: string; cardVersion: number; currentVersion: number } };

// What the decision did, with the order it was about (for the owner's card).
type Decided =
  | Exclude<DecideResult, { decided: true }>
  | (Extract<DecideResult, { decided: true }> & { orderId: string });

export async function decideApproval(
  deps: AppDeps,
  actor: UserActor,
  input: DecideInput,
): Promise<DecideResult> {
  return inTransaction(deps, actor, async (uow) => {
    const decided = await decideIn(uow, actor, input);
    if (!decided.decided) return decided;
    // Every decision that moved the order shows on its owner's card; one that changed nothing leaves it be.
    await showOrderCard(uow, decided.orderId);
    const { orderId: _shown, ...result } = decided;
    return result;
  });
}

async function decideIn(uow: UnitOfWork, actor: UserActor, input: DecideInput): Promise<Decided> {
  const { tx, deps } = uow;
  const [approval] = isUuid(input.approvalId)
    ? await tx.select().from(approvals).where(eq(approvals.id, input.approvalId))
    : [];
  if (!approval) throw notFound('order_approval_not_found');
  // The approval is its approver's own; only an org-wide grant (admin) decides someone else's.
  const mine = approval.approverId === actor.user.id;
  const standIn = !mine && approval.standingInFor === actor.user.id;
  if (standIn || !allowed(deps, actor, 'order.approve', { involved: [approval.approverId] })) {
    const [assignee] = await tx
      .select({ name: users.name })
      .from(users)
      .where(eq(users.id, approval.approverId));
    // The approver back from leave does not take the approval back: it stays with the stand-in who holds the
    // card, so two people never decide one approval.
    if (standIn) throw forbidden('order_stood_in', { standIn: assignee?.name ?? '?' });
    throw forbidden('order_not_your_approval', { approver: assignee?.name ?? '?' });
  }
  const reason = input.reason?.trim() ?? '';
  if (input.decision === 'reject' && reason === '') throw invalid('order_reject_reason', 'reason');

  // One decision per order at a time: two "any" approvers clicking together cannot both advance the chain.
  await tx.select({ id: orders.id }).from(orders).where(eq(orders.id, approval.orderId)).for('update');
  const loaded = await loadOrder(tx, { id: approval.orderId }, deps);
  if (!loaded) throw notFound('order_approval_not_found');
  const { order } = loaded;
  if (approval.orderVersion !== order.version) {
    return {
      decided: false,
      stale: { number: order.number, cardVersion: approval.orderVersion, currentVersion: order.version },
    };
  }

  const status = input.decision === 'approve' ? 'approved' : 'rejected';
  const [decided] = await tx
    .update(approvals)
    .set({ status, reason: status === 'rejected' ? reason : null, decidedAt: uow.now })
    .where(and(eq(approvals.id, approval.id), eq(approvals.status, 'pending')))
    .returning();
  if (!decided) {
    const [current] = await tx
      .select({ status: approvals.status })
      .from(approvals)
      .where(eq(approvals.id, approval.id));
    if (current?.status === 'waiting') throw conflict('order_approval_not_open');
    return { decided: false, already: current?.status ?? approval.status };
  }
  const standingInFor = approval.standingInFor
    ? ((await namesOf(tx, [approval.standingInFor])).get(approval.standingInFor) ?? '?')
    : null;
  await uow.audit({
    action: `approval.${status === 'approved' ? 'approve' : 'reject'}`,
    entityType: 'approval',
    entityId: approval.id,
    before: { status: 'pending' },
    after: {
      status,
      reason: decided.reason,
      order: order.number,
      level: approval.levelName,
      by: { id: actor.user.id, name: actor.user.name },
      // The policy's approver this decision was made for, when a stand-in or delegate made it.
      standingInFor: approval.standingInFor ? { id: approval.standingInFor, name: standingInFor } : null,
    },
  });

  let all = await approvalsOf(tx, order.id, order.version);
  let count = Math.max(...all.map((a) => a.levelIndex)) + 1;
  const levelOf = (a: ApprovalRow): LevelInfo => levelInfo(deps.policy, a.levelIndex + 1, count, a.levelName);
  const by: Decider = { name: actor.user.name, standingInFor };

  if (status === 'rejected') {
    await rejectOrder(uow, loaded, all, { by, reason, level: levelOf(approval) }, levelOf);
    return {
      decided: true,
      decision: 'rejected',
      number: order.number,
      level: approval.levelName,
      orderId: order.id,
    };
  }

  // Credit is judged again at every approval: the customer may have gone on credit hold (dunning) or its exposure
  // grown since submit. A hold stops the chain here unless an override still covers the order.
  const check = await checkCredit(tx, uow.deps, loaded, uow.now);
  if (check.assessment.action === 'hold' && !(await validOverrideOf(tx, order, uow.now))) {
    const held = { by, level: levelOf(approval), credit: creditView(check) };
    await holdMidChain(uow, loaded, approval, all, held, levelOf);
    return {
      decided: true,
      orderId: order.id,
      decision: 'held',
      number: order.number,
      level: approval.levelName,
      flags: check.assessment.flags,
    };
  }

  const refKey = (a: ApprovalRow) => approvalRefKey(order.id, order.version, a);
  const approvedCard = (a: ApprovalRow) => (locale: 'zh-CN' | 'en') =>
    approvalDecidedCard(loaded.summary, levelOf(a), { kind: 'approved', by }, locale);
  await uow.update(refKey(approval), approvedCard(approval));

  let levelDone: boolean;
  if (approval.mode === 'any') {
    // One approval settles an "any" level; the other approvers' cards say who settled it.
    const others = await tx
      .update(approvals)
      .set({ status: 'superseded', decidedAt: uow.now })
      .where(
        and(
          eq(approvals.orderId, order.id),
          eq(approvals.orderVersion, order.version),
          eq(approvals.levelIndex, approval.levelIndex),
          eq(approvals.status, 'pending'),
        ),
      )
      .returning();
    for (const other of others) await uow.update(refKey(other), approvedCard(other));
    levelDone = true;
  } else {
    levelDone = all.filter((a) => a.levelIndex === approval.levelIndex).every((a) => a.status === 'approved');
  }

  // Exposure may have grown since submit, which can add the credit levels once this level is done.
  if (levelDone && check.assessment.risk !== 'low') {
    const added = await appendMissingLevels(uow, loaded, all, check.assessment.risk);
    if (added > 0) {
      all = await approvalsOf(tx, order.id, order.version);
      count += added;
    }
  }

  const nextIndex = approval.levelIndex + 1;
  if (levelDone && nextIndex >= count) {
    await completeApproval(uow, loaded, by);
    return {
      decided: true,
      orderId: order.id,
      decision: 'approved',
      number: order.number,
      level: approval.levelName,
      orderApproved: true,
    };
  }

  // The owner hears of a level on the way only through their living card (edited by the caller, with who decided and
  // what it waits for now); a separate notice would say the same twice. The final outcome gets its own notice.
  if (levelDone) await openNextLevel(uow, loaded, check, nextIndex, levelOf);
  return {
    decided: true,
    orderId: order.id,
    decision: 'approved',
    number: order.number,
    level: approval.levelName,
    orderApproved: false,
  };
}

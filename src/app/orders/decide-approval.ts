// Use case: an approver approves or rejects their approval of an order; the chain advances or the order is rejected.
import { and, eq, gt, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { approvals, dunningEvents, installments, orders, users } from '../../db/schema.ts';
import { planInstallments } from '../../domain/collections/payment-plan.ts';
import type { CreditFlag, FlagAction } from '../../domain/credit/risk.ts';
import { conflict, forbidden, invalid, notFound } from '../../domain/errors.ts';
import { isUuid } from '../../domain/ids.ts';
import { approvalChain } from '../../domain/orders/approval-policy.ts';
import { own } from '../../domain/own.ts';
import { localDate } from '../../domain/time.ts';
import {
  approvalCard,
  approvalDecidedCard,
  approvalHeldCard,
  approvedNotice,
  type CreditView,
  creditHeldMidChainNotice,
  type Decider,
  type LevelInfo,
  levelDecisionNotice,
  rejectedNotice,
} from '../../messages/catalogue/orders.ts';
import type { UserActor } from '../commands/types.ts';
import type { AppDeps } from '../deps.ts';
import { inTransaction, type UnitOfWork } from '../unit-of-work.ts';
import { publishOrderEvent } from '../webhooks/publish-record-event.ts';
import { checkCredit, creditView, validOverrideOf } from './credit-check.ts';
import { levelInfo } from './level-info.ts';
import { type ApprovalRow, approvalRefKey, approvalsOf, type LoadedOrder, loadOrder } from './load-order.ts';
import { approvalExtras, orderFacts } from './submit-order.ts';

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

export async function decideApproval(
  deps: AppDeps,
  actor: UserActor,
  input: DecideInput,
): Promise<DecideResult> {
  return inTransaction(deps, actor, async (uow) => {
    const { tx } = uow;
    const [approval] = isUuid(input.approvalId)
      ? await tx.select().from(approvals).where(eq(approvals.id, input.approvalId))
      : [];
    if (!approval) throw notFound('order_approval_not_found');
    if (approval.approverId !== actor.user.id) {
      const [assignee] = await tx
        .select({ name: users.name })
        .from(users)
        .where(eq(users.id, approval.approverId));
      // The approver back from leave does not take the approval back: it stays with the stand-in who holds the
      // card, so two people never decide one approval.
      if (approval.standingInFor === actor.user.id)
        throw forbidden('order_stood_in', { standIn: assignee?.name ?? '?' });
      throw forbidden('order_not_your_approval', { approver: assignee?.name ?? '?' });
    }
    const reason = input.reason?.trim() ?? '';
    if (input.decision === 'reject' && reason === '') throw invalid('order_reject_reason', 'reason');

    // One decision per order at a time: two "any" approvers clicking together cannot both advance the chain.
    await tx.select({ id: orders.id }).from(orders).where(eq(orders.id, approval.orderId)).for('update');
    const loaded = await loadOrder(tx, { id: approval.orderId }, deps.keyring);
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
    const levelOf = (a: ApprovalRow): LevelInfo =>
      levelInfo(deps.policy, a.levelIndex + 1, count, a.levelName);
    const by: Decider = { name: actor.user.name, standingInFor };

    if (status === 'rejected') {
      await rejectOrder(uow, loaded, all, { by, reason, level: levelOf(approval) }, levelOf);
      return { decided: true, decision: 'rejected', number: order.number, level: approval.levelName };
    }

    // Credit is judged again at every approval: the customer may have gone on credit hold (dunning) or its exposure
    // grown since submit. A hold stops the chain here unless an override still covers the order.
    const check = await checkCredit(tx, uow.deps, loaded, uow.now);
    if (check.assessment.action === 'hold' && !(await validOverrideOf(tx, order, uow.now))) {
      const held = { by, level: levelOf(approval), credit: creditView(check) };
      await holdMidChain(uow, loaded, approval, all, held, levelOf);
      return {
        decided: true,
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
      levelDone = all
        .filter((a) => a.levelIndex === approval.levelIndex)
        .every((a) => a.status === 'approved');
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
        decision: 'approved',
        number: order.number,
        level: approval.levelName,
        orderApproved: true,
      };
    }

    let nextLevel: string | null = null;
    if (levelDone) {
      const opened = await tx
        .update(approvals)
        .set({ status: 'pending' })
        .where(
          and(
            eq(approvals.orderId, order.id),
            eq(approvals.orderVersion, order.version),
            eq(approvals.levelIndex, nextIndex),
            eq(approvals.status, 'waiting'),
          ),
        )
        .returning();
      const extras = await approvalExtras(uow, loaded, check);
      const standIns = await standInsOf(tx, opened);
      for (const a of opened) {
        const standIn = standIns.get(a.id);
        await uow.post({ kind: 'user', userId: a.approverId }, refKey(a), (locale) =>
          approvalCard(loaded.summary, levelOf(a), a.id, locale, standIn ? { ...extras, standIn } : extras),
        );
      }
      nextLevel = all.find((a) => a.levelIndex === nextIndex)?.levelName ?? null;
    }
    await uow.post(
      { kind: 'user', userId: order.ownerId },
      `order:${order.id}:v${order.version}:notice:${approval.id}`,
      (locale) =>
        levelDecisionNotice(loaded.summary, levelOf(approval), by, { levelDone, nextLevel }, locale),
    );
    return {
      decided: true,
      decision: 'approved',
      number: order.number,
      level: approval.levelName,
      orderApproved: false,
    };
  });
}

// Levels the policy now asks for (with the credit risk as it is today) that the chain of this version lacks
// join it at the end, waiting; a level that resolves to nobody is left to the submit-time check.
async function appendMissingLevels(
  uow: UnitOfWork,
  loaded: LoadedOrder,
  all: ApprovalRow[],
  creditRisk: 'medium' | 'high',
): Promise<number> {
  const { tx, deps } = uow;
  const { order } = loaded;
  const [requester] = await tx.select().from(users).where(eq(users.id, order.ownerId));
  if (!requester) return 0;
  const roster = await tx
    .select({
      id: users.id,
      email: users.email,
      roles: users.roles,
      active: users.active,
      managerId: users.managerId,
      awayUntil: users.outOfOfficeUntil,
    })
    .from(users);
  const result = approvalChain(
    deps.policy.approvals.levels,
    await orderFacts(tx, loaded, creditRisk),
    { id: requester.id, managerId: requester.managerId },
    roster,
    { now: uow.now, delegates: deps.policy.approvals.delegates },
  );
  if (!result.ok) return 0;
  const have = new Set(all.map((a) => a.levelName));
  const missing = result.chain.filter((l) => !have.has(l.name));
  if (missing.length === 0) return 0;
  const base = Math.max(...all.map((a) => a.levelIndex)) + 1;
  await tx.insert(approvals).values(
    missing.flatMap((level, i) =>
      level.approverIds.map((approverId) => ({
        orderId: order.id,
        orderVersion: order.version,
        levelIndex: base + i,
        levelName: level.name,
        mode: level.mode,
        approverId,
        standingInFor: own(level.standIns, approverId) ?? null,
        status: 'waiting',
        createdAt: uow.now,
      })),
    ),
  );
  await uow.audit({
    action: 'order.credit_levels',
    entityType: 'order',
    entityId: order.id,
    before: { levels: [...have] },
    after: { added: missing.map((l) => l.name), creditRisk },
  });
  return missing.length;
}

// The credit gate holds the order mid-chain: it goes on hold as at submit, every approval still open is withdrawn
// and its card (and the one just approved) says so and why, and the owner is told how to go on.
async function holdMidChain(
  uow: UnitOfWork,
  loaded: LoadedOrder,
  approval: ApprovalRow,
  all: ApprovalRow[],
  held: { by: Decider; level: LevelInfo; credit: CreditView },
  levelOf: (a: ApprovalRow) => LevelInfo,
): Promise<void> {
  const { tx } = uow;
  const { order } = loaded;
  const [moved] = await tx
    .update(orders)
    .set({ status: 'on_hold', updatedAt: uow.now })
    .where(and(eq(orders.id, order.id), eq(orders.status, 'pending_approval')))
    .returning({ id: orders.id });
  if (!moved) throw conflict('order_changed_meanwhile', { number: order.number });
  const withdrawn = await closeOpenApprovals(uow, order);
  await uow.audit({
    action: 'order.hold',
    entityType: 'order',
    entityId: order.id,
    before: { status: 'pending_approval' },
    after: {
      status: 'on_hold',
      version: order.version,
      atLevel: approval.levelName,
      approvedBy: typeof held.by === 'string' ? held.by : held.by.name,
      withdrawn: withdrawn.length,
      credit: held.credit.flags,
    },
  });
  // Only the card just approved and the cards still pending were ever posted; waiting levels have no copies.
  const posted = all.filter((a) => a.id === approval.id || a.status === 'pending');
  for (const a of posted) {
    await uow.update(approvalRefKey(order.id, order.version, a), (locale) =>
      approvalHeldCard(loaded.summary, levelOf(a), held, locale),
    );
  }
  await uow.post(
    { kind: 'user', userId: order.ownerId },
    `order:${order.id}:v${order.version}:hold:${uow.now.getTime()}`,
    (locale) => creditHeldMidChainNotice(loaded.summary, held, locale),
  );
}

// The version's approvals nobody decided yet stop here (superseded): a rejection or a hold ends the chain.
async function closeOpenApprovals(uow: UnitOfWork, order: { id: string; version: number }) {
  return uow.tx
    .update(approvals)
    .set({ status: 'superseded', decidedAt: uow.now })
    .where(
      and(
        eq(approvals.orderId, order.id),
        eq(approvals.orderVersion, order.version),
        inArray(approvals.status, ['pending', 'waiting']),
      ),
    )
    .returning({ id: approvals.id });
}

async function rejectOrder(
  uow: UnitOfWork,
  loaded: LoadedOrder,
  all: ApprovalRow[],
  decision: { by: Decider; reason: string; level: LevelInfo },
  levelOf: (a: ApprovalRow) => LevelInfo,
): Promise<void> {
  const { tx } = uow;
  const { order } = loaded;
  await tx
    .update(orders)
    .set({ status: 'rejected', decidedAt: uow.now, updatedAt: uow.now })
    .where(and(eq(orders.id, order.id), eq(orders.status, 'pending_approval')));
  const superseded = await closeOpenApprovals(uow, order);
  await publishOrderEvent(uow, 'order.rejected', order.id);
  await uow.audit({
    action: 'order.reject',
    entityType: 'order',
    entityId: order.id,
    before: { status: order.status },
    after: {
      status: 'rejected',
      by: typeof decision.by === 'string' ? decision.by : decision.by.name,
      ...(typeof decision.by !== 'string' && decision.by.standingInFor
        ? { standingInFor: decision.by.standingInFor }
        : {}),
      reason: decision.reason,
      superseded: superseded.length,
    },
  });
  // Every card of this version, decided or not, now shows the rejection; cards never posted have no copies.
  for (const a of all) {
    await uow.update(approvalRefKey(order.id, order.version, a), (locale) =>
      approvalDecidedCard(
        loaded.summary,
        levelOf(a),
        { kind: 'rejected', by: decision.by, reason: decision.reason },
        locale,
      ),
    );
  }
  await uow.post(
    { kind: 'user', userId: order.ownerId },
    `order:${order.id}:v${order.version}:rejected`,
    (locale) =>
      rejectedNotice(loaded.summary, decision.level, decision.by, decision.reason, locale, loaded.order.id),
  );
}

// The last level is done (or no level applied): the order is approved and its installments fall due.
export async function completeApproval(
  uow: UnitOfWork,
  loaded: LoadedOrder,
  by: Decider | null,
): Promise<void> {
  const { tx, deps } = uow;
  const { order } = loaded;
  const [approved] = await tx
    .update(orders)
    .set({ status: 'approved', decidedAt: uow.now, updatedAt: uow.now })
    .where(and(eq(orders.id, order.id), eq(orders.status, 'pending_approval')))
    .returning({ id: orders.id });
  if (!approved) return;
  const plan = own(deps.policy.paymentPlans, order.paymentPlan);
  if (!plan) {
    throw invalid('order_unknown_plan', 'paymentPlan', {
      plan: order.paymentPlan,
      valid: Object.keys(deps.policy.paymentPlans).join(', '),
    });
  }
  const planned = planInstallments(plan, order.totalMinor, localDate(uow.now, deps.policy.org.timezone));
  // A re-approved version redraws the plan in place (editing was only allowed while nothing was paid): one row
  // per position, never a second set; reminders of the old dates are dropped so the new dates get theirs.
  const old = await tx
    .select({ id: installments.id })
    .from(installments)
    .where(eq(installments.orderId, order.id));
  if (old.length > 0) {
    await tx.delete(dunningEvents).where(
      inArray(
        dunningEvents.installmentId,
        old.map((o) => o.id),
      ),
    );
    await tx
      .delete(installments)
      .where(and(eq(installments.orderId, order.id), gt(installments.position, planned.length)));
  }
  await tx
    .insert(installments)
    .values(planned.map((p) => ({ ...p, orderId: order.id, currency: order.currency, createdAt: uow.now })))
    .onConflictDoUpdate({
      target: [installments.orderId, installments.position],
      set: {
        label: sql`excluded.label`,
        dueOn: sql`excluded.due_on`,
        amountMinor: sql`excluded.amount_minor`,
        currency: sql`excluded.currency`,
      },
    });
  await uow.audit({
    action: 'order.approve',
    entityType: 'order',
    entityId: order.id,
    before: { status: 'pending_approval' },
    after: { status: 'approved', version: order.version, installments: planned, replaced: old.length },
  });
  await publishOrderEvent(uow, 'order.approved', order.id);
  await uow.post(
    { kind: 'user', userId: order.ownerId },
    `order:${order.id}:v${order.version}:approved`,
    (locale) => approvedNotice(loaded.summary, by, planned, locale),
  );
}

async function namesOf(db: Executor, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(inArray(users.id, [...new Set(ids)]));
  return new Map(rows.map((r) => [r.id, r.name]));
}

// The stand-in line of each approval card about to be posted: approval id → its holder and the away approver.
export async function standInsOf(
  db: Executor,
  rows: readonly { id: string; approverId: string; standingInFor: string | null }[],
): Promise<Map<string, { name: string; standingInFor: string }>> {
  const standing = rows.filter((r) => r.standingInFor !== null);
  const names = await namesOf(
    db,
    standing.flatMap((r) => [r.approverId, r.standingInFor ?? r.approverId]),
  );
  return new Map(
    standing.map((r) => [
      r.id,
      { name: names.get(r.approverId) ?? '?', standingInFor: names.get(r.standingInFor ?? '') ?? '?' },
    ]),
  );
}

// Use case: the owner submits a draft order; the policy's approval chain is fixed and level 0 gets its cards.
import { and, eq, sql } from 'drizzle-orm';
import { approvals, installments, orders, users } from '../../db/schema.ts';
import { conflict, type DomainError, forbidden, notFound } from '../../domain/errors.ts';
import { approvalChain, creditRiskOf, type Unresolved } from '../../domain/orders/approval-policy.ts';
import { maxDiscountPercent } from '../../domain/orders/order-lines.ts';
import { approvalCard } from '../../messages/catalogue/orders.ts';
import type { AppDeps, UserRow } from '../deps.ts';
import { inTransaction, type UnitOfWork } from '../unit-of-work.ts';
import { completeApproval } from './decide-approval.ts';
import { approvalRefKey, loadOrder } from './load-order.ts';

export interface SubmitOutcome {
  // approved at once when no level of the policy applies to the order.
  status: 'pending_approval' | 'approved';
  // Level names in order, each with its approvers' names: what the requester is told the order now waits for.
  chain: { name: string; approvers: string[] }[];
}

export async function submitOrder(
  deps: AppDeps,
  actor: { kind: 'user'; user: UserRow },
  orderNumber: string,
): Promise<SubmitOutcome> {
  return inTransaction(deps, actor, async (uow) => {
    const [row] = await uow.tx.select({ id: orders.id }).from(orders).where(eq(orders.number, orderNumber));
    if (!row) throw notFound('order_not_found', { number: orderNumber });
    return submitInTransaction(uow, row.id, actor.user);
  });
}

function unresolvedError(u: Unresolved, requester: UserRow): DomainError {
  switch (u.reason) {
    case 'no_manager':
      return conflict('order_level_no_manager', {
        level: u.level,
        requester: requester.name,
        index: u.index,
      });
    case 'no_role':
      return conflict('order_level_no_role', { level: u.level, role: u.role, index: u.index });
    case 'no_users':
      return conflict('order_level_no_users', {
        level: u.level,
        emails: u.emails.join(', '),
        index: u.index,
      });
  }
}

// Runs inside the caller's transaction so "create and submit" is all or nothing.
export async function submitInTransaction(
  uow: UnitOfWork,
  orderId: string,
  requester: UserRow,
): Promise<SubmitOutcome> {
  const { tx, deps } = uow;
  // Lock the order so a concurrent submit or decision waits for this one to finish.
  await tx.select({ id: orders.id }).from(orders).where(eq(orders.id, orderId)).for('update');
  const loaded = await loadOrder(tx, { id: orderId });
  if (!loaded) throw notFound('order_not_found', { number: orderId });
  const { order, summary } = loaded;
  if (order.ownerId !== requester.id) {
    throw forbidden('order_not_owner', { number: order.number, owner: loaded.owner.name });
  }
  if (order.status !== 'draft')
    throw conflict('order_not_draft', { number: order.number, status: order.status });

  // Exposure = what the customer still owes on approved orders, plus this order.
  const [owed] = await tx
    .select({ minor: sql<string>`coalesce(sum(${installments.amountMinor} - ${installments.paidMinor}), 0)` })
    .from(installments)
    .innerJoin(orders, eq(orders.id, installments.orderId))
    .where(and(eq(orders.customerId, order.customerId), eq(orders.status, 'approved')));
  const exposure = Number(owed?.minor ?? 0) + order.totalMinor;
  const creditRisk = creditRiskOf(exposure, loaded.customer.creditLimitMinor, deps.policy.credit);

  const roster = await tx
    .select({ id: users.id, email: users.email, name: users.name, roles: users.roles, active: users.active })
    .from(users);
  const result = approvalChain(
    deps.policy.approvals.levels,
    {
      totalMinor: order.totalMinor,
      currency: order.currency,
      maxDiscountPercent: maxDiscountPercent(loaded.lines),
      nonStandardTerms: order.nonStandardTerms,
      creditRisk,
    },
    { id: requester.id, managerId: requester.managerId },
    roster,
  );
  if (!result.ok) throw unresolvedError(result.unresolved, requester);
  const chain = result.chain;

  const [moved] = await tx
    .update(orders)
    .set({ status: 'pending_approval', submittedAt: uow.now, updatedAt: uow.now })
    .where(and(eq(orders.id, order.id), eq(orders.status, 'draft')))
    .returning({ id: orders.id });
  if (!moved) throw conflict('order_not_draft', { number: order.number, status: order.status });

  const inserted = await tx
    .insert(approvals)
    .values(
      chain.flatMap((level) =>
        level.approverIds.map((approverId) => ({
          orderId: order.id,
          orderVersion: order.version,
          levelIndex: level.index,
          levelName: level.name,
          mode: level.mode,
          approverId,
          status: level.index === 0 ? 'pending' : 'waiting',
          createdAt: uow.now,
        })),
      ),
    )
    .returning({ id: approvals.id, approverId: approvals.approverId, levelIndex: approvals.levelIndex });

  const first = chain[0];
  if (!first) {
    await completeApproval(uow, loaded, null);
  } else {
    const level = { position: 1, count: chain.length, name: first.name };
    for (const a of inserted.filter((x) => x.levelIndex === 0)) {
      await uow.post(
        { kind: 'user', userId: a.approverId },
        approvalRefKey(order.id, order.version, a),
        (locale) => approvalCard(summary, level, a.id, locale),
      );
    }
  }

  const nameOf = new Map(roster.map((u) => [u.id, u.name]));
  const outcome: SubmitOutcome = {
    status: first ? 'pending_approval' : 'approved',
    chain: chain.map((l) => ({ name: l.name, approvers: l.approverIds.map((id) => nameOf.get(id) ?? id) })),
  };
  await uow.audit({
    action: 'order.submit',
    entityType: 'order',
    entityId: order.id,
    before: { status: 'draft' },
    after: { status: 'pending_approval', version: order.version, creditRisk, chain: outcome.chain },
  });
  return outcome;
}

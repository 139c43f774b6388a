// Use case: the owner submits a draft order; the policy's approval chain is fixed and level 0 gets its cards.
import { and, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { approvals, orders, users } from '../../db/schema.ts';
import type { CreditFlag, FlagAction } from '../../domain/credit/risk.ts';
import { conflict, type DomainError, forbidden, notFound } from '../../domain/errors.ts';
import {
  approvalChain,
  type CreditRisk,
  type OrderFacts,
  type Unresolved,
} from '../../domain/orders/approval-policy.ts';
import { marginPercent, maxDiscountPercent } from '../../domain/orders/order-lines.ts';
import { creditHoldNotice } from '../../messages/catalogue/orders.ts';
import type { AppDeps, UserRow } from '../deps.ts';
import { inTransaction, type UnitOfWork } from '../unit-of-work.ts';
import { publishOrderEvent } from '../webhooks/publish-record-event.ts';
import { approvalRows } from './approval-rows.ts';
import { completeApproval } from './complete-approval.ts';
import { checkCredit, creditView, validOverrideOf } from './credit-check.ts';
import { levelInfo } from './level-info.ts';
import { costOfLine, type LineCosts, lineCosts } from './line-costs.ts';
import { type LoadedOrder, loadOrder } from './load-order.ts';
import { startNewVersion } from './order-versions.ts';
import { showOrderCard } from './owner-card.ts';
import { postApprovalCards } from './post-approval-cards.ts';

export interface SubmitOutcome {
  // approved at once when no level of the policy applies; on_hold when a credit flag's policy says hold.
  status: 'pending_approval' | 'approved' | 'on_hold';
  version: number;
  // Level names in order, each with its approvers' names: what the requester is told the order now waits for.
  chain: { name: string; approvers: string[] }[];
  credit: { flag: CreditFlag; action: FlagAction }[];
}

// Everyone an approval level may resolve to, with what the policy reads of them (role, away, reporting line).
export const approverRoster = (db: Executor) =>
  db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      roles: users.roles,
      active: users.active,
      managerId: users.managerId,
      awayUntil: users.outOfOfficeUntil,
    })
    .from(users);

// The chain the policy asks of this order now (who approves each level, stand-ins for the away), with the roster it
// was resolved against.
export async function policyChain(
  uow: UnitOfWork,
  loaded: LoadedOrder,
  requester: Pick<UserRow, 'id' | 'managerId'>,
  creditRisk: CreditRisk,
  costs: LineCosts,
) {
  const { tx, deps } = uow;
  const roster = await approverRoster(tx);
  const result = approvalChain(
    deps.policy.approvals.levels,
    orderFacts(loaded, creditRisk, costs),
    { id: requester.id, managerId: requester.managerId },
    roster,
    { now: uow.now, delegates: deps.policy.approvals.delegates },
  );
  return { roster, result };
}

// What the approval policy's conditions look at; `costs` are read by the caller as it decides (lineCosts), so margin
// follows today's costs (a cost in another currency at the rate of the order's date).
export function orderFacts(loaded: LoadedOrder, creditRisk: CreditRisk, costs: LineCosts): OrderFacts {
  const { order, lines } = loaded;
  return {
    totalMinor: order.totalMinor,
    currency: order.currency,
    maxDiscountPercent: maxDiscountPercent(lines),
    nonStandardTerms: order.nonStandardTerms,
    creditRisk,
    region: loaded.customer.region,
    customerTier: loaded.customer.tier,
    marginPercent: marginPercent(
      lines.map((l) => ({
        quantity: l.quantity,
        amountMinor: l.amountMinor,
        unitCostMinor: costOfLine(costs, l.productId),
      })),
    ),
  };
}

export async function submitOrder(
  deps: AppDeps,
  actor: { kind: 'user'; user: UserRow },
  orderNumber: string,
): Promise<SubmitOutcome> {
  return inTransaction(deps, actor, async (uow) => {
    const [row] = await uow.tx.select({ id: orders.id }).from(orders).where(eq(orders.number, orderNumber));
    if (!row) throw notFound('order_not_found', { number: orderNumber });
    const outcome = await submitInTransaction(uow, row.id, actor.user);
    await showOrderCard(uow, row.id);
    return outcome;
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
  let loaded = await loadOrder(tx, { id: orderId }, deps);
  if (!loaded) throw notFound('order_not_found', { number: orderId });
  if (loaded.order.ownerId !== requester.id) {
    throw forbidden('order_not_owner', { number: loaded.order.number, owner: loaded.owner.name });
  }
  const from = loaded.order.status;
  if (!['draft', 'rejected', 'on_hold'].includes(from))
    throw conflict('order_not_draft', { number: loaded.order.number, status: from });
  // An approval belongs to one version, so a resubmitted rejection is a new version with a new chain.
  // An order held mid-chain keeps the decisions its version got; going on again is a new version with a new chain.
  const heldMidChain =
    from === 'on_hold' &&
    (
      await tx
        .select({ id: approvals.id })
        .from(approvals)
        .where(and(eq(approvals.orderId, orderId), eq(approvals.orderVersion, loaded.order.version)))
        .limit(1)
    ).length > 0;
  if (from === 'rejected' || heldMidChain)
    loaded = (await startNewVersion(uow, loaded, null, 'resubmit')).loaded;
  const { order, summary } = loaded;

  const check = await checkCredit(tx, deps, loaded, uow.now);
  const { assessment } = check;
  const credit = assessment.flags;
  const override = assessment.action === 'hold' ? await validOverrideOf(tx, order, uow.now) : null;
  if (assessment.action === 'hold' && !override) {
    await tx
      .update(orders)
      .set({ status: 'on_hold', updatedAt: uow.now })
      .where(and(eq(orders.id, order.id), inArray(orders.status, ['draft', 'on_hold'])));
    await uow.audit({
      action: 'order.hold',
      entityType: 'order',
      entityId: order.id,
      before: { status: order.status },
      after: { status: 'on_hold', version: order.version, credit: assessment },
    });
    await uow.post(
      { kind: 'user', userId: order.ownerId },
      `order:${order.id}:v${order.version}:hold:${uow.now.getTime()}`,
      (locale) => creditHoldNotice(summary, creditView(check), locale),
    );
    return { status: 'on_hold', version: order.version, chain: [], credit };
  }

  // Read once: the chain's margin condition and the approvers' cards see the same costs.
  const costs = await lineCosts(tx, deps.policy.org.timezone, loaded);
  const { roster, result } = await policyChain(uow, loaded, requester, assessment.risk, costs);
  if (!result.ok) throw unresolvedError(result.unresolved, requester);
  const chain = result.chain;

  const [moved] = await tx
    .update(orders)
    .set({ status: 'pending_approval', submittedAt: uow.now, updatedAt: uow.now })
    .where(and(eq(orders.id, order.id), inArray(orders.status, ['draft', 'on_hold'])))
    .returning({ id: orders.id });
  if (!moved) throw conflict('order_not_draft', { number: order.number, status: order.status });

  const inserted =
    chain.length === 0
      ? []
      : await tx
          .insert(approvals)
          .values(approvalRows(order, chain, { from: 0, open: true, now: uow.now }))
          .returning({
            id: approvals.id,
            approverId: approvals.approverId,
            standingInFor: approvals.standingInFor,
            levelIndex: approvals.levelIndex,
          });

  const first = chain[0];
  if (!first) {
    await completeApproval(uow, loaded, null);
  } else {
    const level = levelInfo(uow.deps.policy, 1, chain.length, first.name);
    const opened = inserted.filter((x) => x.levelIndex === 0);
    await postApprovalCards(uow, loaded, check, costs, opened, () => level);
  }

  const nameOf = new Map(roster.map((u) => [u.id, u.name]));
  const outcome: SubmitOutcome = {
    status: first ? 'pending_approval' : 'approved',
    version: order.version,
    chain: chain.map((l) => ({ name: l.name, approvers: l.approverIds.map((id) => nameOf.get(id) ?? id) })),
    credit,
  };
  await uow.audit({
    action: 'order.submit',
    entityType: 'order',
    entityId: order.id,
    before: { status: order.status },
    after: {
      status: 'pending_approval',
      version: order.version,
      creditRisk: assessment.risk,
      credit: assessment,
      // The approved override that let a held order through, if one did.
      ...(override ? { creditOverride: override.id } : {}),
      chain: outcome.chain,
      // Who approves in place of whom, because the policy's approver is out of office.
      standIns: chain.flatMap((l) =>
        Object.entries(l.standIns).map(([by, away]) => ({
          level: l.name,
          by: nameOf.get(by),
          for: nameOf.get(away),
        })),
      ),
    },
  });
  await publishOrderEvent(uow, 'order.submitted', order.id);
  return outcome;
}

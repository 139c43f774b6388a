// Use case: the owner (or their manager) of an order the credit gate holds asks for an override: an approval of
// its own, asked of the policy's override approvers with a card each.
import { and, eq } from 'drizzle-orm';
import { creditOverrides, orders } from '../../db/schema.ts';
import { conflict, invalid, notFound } from '../../domain/errors.ts';
import { approvalChain } from '../../domain/orders/approval-policy.ts';
import { creditOverrideCard } from '../../messages/catalogue/orders.ts';
import { demand, ownedBy } from '../access/ask.ts';
import type { AppDeps, UserRow } from '../deps.ts';
import { inTransaction } from '../unit-of-work.ts';
import { checkCredit, creditView } from './credit-check.ts';
import { lineCosts } from './line-costs.ts';
import { loadOrder, orderWhere } from './load-order.ts';
import { showOrderCard } from './owner-card.ts';
import { approverRoster, orderFacts } from './submit-order.ts';

export type OverrideRequest =
  | { requested: true; id: string; number: string; approvers: string[] }
  | { requested: false; number: string; pendingId: string };

export function overrideRefKey(orderId: string, overrideId: string, approverId: string): string {
  return `order:${orderId}:override:${overrideId}:${approverId}`;
}

const maxReason = 1000;

export async function requestCreditOverride(
  deps: AppDeps,
  actor: { kind: 'user'; user: UserRow },
  number: string,
  reasonText: string,
): Promise<OverrideRequest> {
  const wanted = number.trim().toUpperCase();
  const reason = reasonText.trim();
  if (reason === '' || reason.length > maxReason)
    throw invalid('order_override_reason', 'reason', { number: wanted });
  return inTransaction(deps, actor, async (uow) => {
    const { tx } = uow;
    const [row] = await tx.select({ id: orders.id }).from(orders).where(orderWhere(wanted)).for('update');
    if (!row) throw notFound('order_not_found', { number: wanted });
    const loaded = await loadOrder(tx, { id: row.id }, deps);
    if (!loaded) throw notFound('order_not_found', { number: wanted });
    const { order, summary } = loaded;
    const me = actor.user;
    demand(deps, actor, 'order.override', await ownedBy(tx, order.ownerId), 'order_override_not_allowed', {
      number: order.number,
    });
    if (order.status !== 'on_hold')
      throw conflict('order_override_not_held', { number: order.number, status: order.status });

    const check = await checkCredit(tx, deps, loaded, uow.now);
    const roster = await approverRoster(tx);
    // The override is one "any" level of its own; neither the owner nor the asker approves it.
    const resolved = approvalChain(
      [{ name: 'credit override', when: {}, approvers: deps.policy.credit.overrideApprovers, mode: 'any' }],
      orderFacts(loaded, check.assessment.risk, await lineCosts(tx, deps.policy.org.timezone, loaded)),
      { id: order.ownerId, managerId: loaded.owner.managerId },
      roster.filter((u) => u.id !== me.id),
      { now: uow.now, delegates: deps.policy.approvals.delegates },
    );
    const approverIds = resolved.ok ? (resolved.chain[0]?.approverIds ?? []) : [];
    // Stand-in id → the away override approver it acts for; recorded with the request so the decided copies and
    // the owner's notice still name both.
    const standIns = resolved.ok ? (resolved.chain[0]?.standIns ?? {}) : {};
    if (approverIds.length === 0) throw conflict('order_override_no_approver', { number: order.number });

    const [inserted] = await tx
      .insert(creditOverrides)
      .values({
        orderId: order.id,
        orderVersion: order.version,
        totalMinor: order.totalMinor,
        reason,
        requestedBy: me.id,
        approverIds,
        createdAt: uow.now,
      })
      .onConflictDoNothing()
      .returning({ id: creditOverrides.id });
    if (!inserted) {
      const [pending] = await tx
        .select({ id: creditOverrides.id })
        .from(creditOverrides)
        .where(and(eq(creditOverrides.orderId, order.id), eq(creditOverrides.status, 'pending')));
      return { requested: false, number: order.number, pendingId: pending?.id ?? '' };
    }
    await uow.audit({
      action: 'order.credit_override.request',
      entityType: 'order',
      entityId: order.id,
      after: {
        overrideId: inserted.id,
        version: order.version,
        totalMinor: order.totalMinor,
        reason,
        approverIds,
        standIns,
        credit: check.assessment,
      },
    });
    const nameOf = new Map(roster.map((u) => [u.id, u.name]));
    const view = {
      id: inserted.id,
      reason,
      requestedBy: me.name,
      validForDays: Math.round((deps.policy.credit.overrideValidFor / 1440) * 10) / 10,
      timezone: deps.policy.org.timezone,
    };
    const credit = creditView(check);
    for (const approverId of approverIds) {
      const away = standIns[approverId];
      const standIn = away
        ? { name: nameOf.get(approverId) ?? approverId, standingInFor: nameOf.get(away) ?? away }
        : undefined;
      await uow.post(
        { kind: 'user', userId: approverId },
        overrideRefKey(order.id, inserted.id, approverId),
        (locale) => creditOverrideCard(summary, view, credit, locale, standIn),
      );
    }
    await showOrderCard(uow, order.id);
    return {
      requested: true,
      id: inserted.id,
      number: order.number,
      approvers: approverIds.map((id) => nameOf.get(id) ?? id),
    };
  });
}

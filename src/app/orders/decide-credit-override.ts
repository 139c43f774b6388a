// Use case: an override approver approves or rejects a credit override; approval records its expiry and lets the
// held order go on to its approval chain, every copy of the override card shows the decision.
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { auditLog, creditOverrides, orders, users } from '../../db/schema.ts';
import { forbidden, invalid, notFound } from '../../domain/errors.ts';
import { isUuid } from '../../domain/ids.ts';
import {
  creditOverrideDecidedCard,
  creditOverrideNotice,
  type OverrideDecision,
  type OverrideStandIn,
} from '../../messages/catalogue/orders.ts';
import type { AppDeps, UserRow } from '../deps.ts';
import { inTransaction } from '../unit-of-work.ts';
import { checkCredit, creditView } from './credit-check.ts';
import { loadOrder } from './load-order.ts';
import { showOrderCard } from './owner-card.ts';
import { overrideRefKey } from './request-credit-override.ts';
import { submitInTransaction } from './submit-order.ts';

export type OverrideOutcome =
  | { decided: true; decision: 'approved'; number: string; until: Date; status: string }
  | { decided: true; decision: 'rejected'; number: string }
  | { decided: false; number: string; already: string };

export async function decideCreditOverride(
  deps: AppDeps,
  actor: { kind: 'user'; user: UserRow },
  input: { overrideId: string; decision: 'approve' | 'reject'; reason?: string },
): Promise<OverrideOutcome> {
  if (!isUuid(input.overrideId)) throw notFound('order_override_not_found', {});
  const reason = input.reason?.trim() ?? '';
  if (input.decision === 'reject' && reason === '') throw invalid('order_override_reject_reason', 'reason');
  return inTransaction(deps, actor, async (uow) => {
    const { tx } = uow;
    const [found] = await tx.select().from(creditOverrides).where(eq(creditOverrides.id, input.overrideId));
    if (!found) throw notFound('order_override_not_found', {});
    // Lock the order first, as submit and approval decisions do, so the release and a decision cannot interleave.
    await tx.select({ id: orders.id }).from(orders).where(eq(orders.id, found.orderId)).for('update');
    const loaded = await loadOrder(tx, { id: found.orderId }, deps);
    if (!loaded) throw notFound('order_override_not_found', {});
    const { order, summary } = loaded;
    const me = actor.user;
    if (!found.approverIds.includes(me.id)) {
      const names = await tx
        .select({ name: users.name })
        .from(users)
        .where(inArray(users.id, found.approverIds));
      throw forbidden('order_override_not_approver', { approvers: names.map((n) => n.name).join(', ') });
    }

    const until = new Date(uow.now.getTime() + deps.policy.credit.overrideValidFor * 60_000);
    const approved = input.decision === 'approve';
    const [decided] = await tx
      .update(creditOverrides)
      .set({
        status: approved ? 'approved' : 'rejected',
        decidedBy: me.id,
        decisionReason: reason === '' ? null : reason,
        decidedAt: uow.now,
        expiresAt: approved ? until : null,
      })
      .where(and(eq(creditOverrides.id, found.id), eq(creditOverrides.status, 'pending')))
      .returning();
    if (!decided) return { decided: false, number: order.number, already: found.status };

    await uow.audit({
      action: approved ? 'order.credit_override.approve' : 'order.credit_override.reject',
      entityType: 'order',
      entityId: order.id,
      before: { overrideId: found.id, status: 'pending' },
      after: {
        overrideId: found.id,
        status: decided.status,
        reason: decided.decisionReason,
        expiresAt: decided.expiresAt?.toISOString() ?? null,
      },
    });

    const [requester] = found.requestedBy
      ? await tx.select({ name: users.name }).from(users).where(eq(users.id, found.requestedBy))
      : [];
    const check = await checkCredit(tx, deps, loaded, uow.now);
    const credit = creditView(check);
    const view = {
      id: found.id,
      reason: found.reason,
      requestedBy: requester?.name ?? summary.requester,
      validForDays: Math.round((deps.policy.credit.overrideValidFor / 1440) * 10) / 10,
      timezone: deps.policy.org.timezone,
    };
    const standIns = await overrideStandIns(tx, found.orderId, found.id, found.approverIds);
    const by = { name: me.name, standingInFor: standIns.get(me.id)?.standingInFor ?? null };
    const decision: OverrideDecision = approved
      ? { kind: 'approved', by, until }
      : { kind: 'rejected', by, reason };
    for (const approverId of found.approverIds) {
      const standIn = standIns.get(approverId);
      await uow.update(overrideRefKey(order.id, found.id, approverId), (locale) =>
        creditOverrideDecidedCard(summary, view, credit, decision, locale, standIn),
      );
    }
    await uow.post(
      { kind: 'user', userId: order.ownerId },
      `order:${order.id}:override:${found.id}:notice`,
      (locale) => creditOverrideNotice(summary, decision, deps.policy.org.timezone, locale),
    );
    if (!approved) {
      await showOrderCard(uow, order.id);
      return { decided: true, decision: 'rejected', number: order.number };
    }

    // Released: the order goes on as if its owner had submitted it again, now past the hold.
    let status: string = order.status;
    if (order.status === 'on_hold') {
      const [owner] = await tx.select().from(users).where(eq(users.id, order.ownerId));
      if (!owner) throw notFound('order_not_found', { number: order.number });
      status = (await submitInTransaction(uow, order.id, owner)).status;
    }
    await showOrderCard(uow, order.id);
    return { decided: true, decision: 'approved', number: order.number, until, status };
  });
}

// Who stood in for whom when the override was asked: the request's audit row records it (credit_overrides keeps only
// who was asked), so every decided copy names the stand-in beside the away approver, as their card did.
async function overrideStandIns(
  tx: Executor,
  orderId: string,
  overrideId: string,
  approverIds: readonly string[],
): Promise<Map<string, OverrideStandIn>> {
  const [request] = await tx
    .select({ after: auditLog.after })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.entityType, 'order'),
        eq(auditLog.entityId, orderId),
        eq(auditLog.action, 'order.credit_override.request'),
        sql`${auditLog.after}->>'overrideId' = ${overrideId}`,
      ),
    )
    .limit(1);
  const recorded = (request?.after as { standIns?: Record<string, string> } | null)?.standIns ?? {};
  const pairs = Object.entries(recorded).filter(([standIn]) => approverIds.includes(standIn));
  if (pairs.length === 0) return new Map();
  const names = await tx
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(inArray(users.id, pairs.flat()));
  const nameOf = new Map(names.map((u) => [u.id, u.name]));
  return new Map(
    pairs.map(([standIn, away]) => [
      standIn,
      { name: nameOf.get(standIn) ?? standIn, standingInFor: nameOf.get(away) ?? away },
    ]),
  );
}

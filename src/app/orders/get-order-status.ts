// Use case: "order status <number>" and GET /api/orders/:number — the order, its approval chain and installments.
import { asc, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { installments, users } from '../../db/schema.ts';
import { notFound } from '../../domain/errors.ts';
import { orderRefOf } from '../../domain/ids.ts';
import { localDate, localTime } from '../../domain/time.ts';
import type { AttachmentView, StatusStep, StatusView } from '../../messages/catalogue/orders.ts';
import { demand, ownedBy } from '../access/ask.ts';
import type { Actor, AppDeps } from '../deps.ts';
import { approvalsOf, attachmentsOf, type LoadedOrder, loadOrder } from './load-order.ts';

export interface ApprovalView {
  id: string;
  levelIndex: number;
  levelName: string;
  mode: 'any' | 'all';
  approver: { id: string; email: string; name: string };
  status: string;
  reason: string | null;
  decidedAt: Date | null;
}

export interface OrderStatus {
  loaded: LoadedOrder;
  approvals: ApprovalView[];
  installments: (typeof installments.$inferSelect)[];
  attachments: AttachmentView[];
  view: StatusView;
}

// `db` is the caller's transaction when a use case shows the order as its change leaves it (the owner's live card).
export async function getOrderStatus(
  deps: AppDeps,
  actor: Actor,
  number: string,
  db: Executor = deps.db,
): Promise<OrderStatus> {
  const wanted = number.trim().toUpperCase();
  const loaded = await loadOrder(db, orderRefOf(number), deps);
  if (!loaded) throw notFound('order_not_found', { number: wanted });
  const { order } = loaded;
  const rows = await approvalsOf(db, order.id, order.version);
  // The order's approvers (and those they stand in for) see it as their own.
  const involved = rows.flatMap((a) => (a.standingInFor ? [a.approverId, a.standingInFor] : [a.approverId]));
  const resource = await ownedBy(db, order.ownerId, { involved });
  demand(deps, actor, 'order.read', resource, 'order_status_forbidden', { number: order.number });
  const approverIds = [
    ...new Set(rows.flatMap((a) => (a.standingInFor ? [a.approverId, a.standingInFor] : [a.approverId]))),
  ];
  const people =
    approverIds.length === 0
      ? []
      : await db
          .select({ id: users.id, email: users.email, name: users.name })
          .from(users)
          .where(inArray(users.id, approverIds));
  const personOf = new Map(people.map((p) => [p.id, p]));
  const approvals: ApprovalView[] = rows.map((a) => ({
    id: a.id,
    levelIndex: a.levelIndex,
    levelName: a.levelName,
    mode: a.mode === 'all' ? 'all' : 'any',
    approver: personOf.get(a.approverId) ?? { id: a.approverId, email: '', name: a.approverId },
    status: a.status,
    reason: a.reason,
    decidedAt: a.decidedAt,
  }));
  const plan = await db
    .select()
    .from(installments)
    .where(eq(installments.orderId, order.id))
    .orderBy(asc(installments.position));

  const steps: StatusStep[] = [];
  for (const a of approvals) {
    let step = steps[a.levelIndex];
    if (!step) {
      step = { position: a.levelIndex + 1, name: a.levelName, mode: a.mode, approvers: [] };
      steps[a.levelIndex] = step;
    }
    const away = rows.find((r) => r.id === a.id)?.standingInFor;
    step.approvers.push({
      name: a.approver.name,
      standingInFor: away ? (personOf.get(away)?.name ?? null) : null,
      status: a.status,
      reason: a.reason,
      decidedAt: a.decidedAt
        ? `${localDate(a.decidedAt, deps.policy.org.timezone)} ${localTime(a.decidedAt, deps.policy.org.timezone)}`
        : null,
    });
  }
  return {
    loaded,
    approvals,
    installments: plan,
    attachments: await attachmentsOf(db, order.id),
    view: {
      order: loaded.summary,
      status: order.status,
      ...(actor.kind === 'user' && actor.user.id === order.ownerId && order.status !== 'cancelled'
        ? { editable: { orderId: order.id } }
        : {}),
      steps: steps.filter(Boolean),
      installments: plan.map((i) => ({
        label: i.label,
        dueOn: i.dueOn,
        amountMinor: i.amountMinor,
        paidMinor: i.paidMinor,
      })),
    },
  };
}

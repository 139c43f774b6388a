// Use case: "order status <number>" and GET /api/orders/:number — the order, its approval chain and installments.
import { asc, inArray } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { installments, users } from '../../db/schema.ts';
import type { Resource } from '../../domain/access/can.ts';
import { notFound } from '../../domain/errors.ts';
import { groupedBy } from '../../domain/grouped.ts';
import { orderRefOf } from '../../domain/ids.ts';
import { localDate, localTime } from '../../domain/time.ts';
import type { AttachmentView, StatusStep, StatusView } from '../../messages/catalogue/orders.ts';
import { demand, managersOfAll } from '../access/ask.ts';
import type { Actor, AppDeps } from '../deps.ts';
import {
  type ApprovalRow,
  approvalsOfVersions,
  attachmentsOfAll,
  type LoadedOrder,
  loadOrder,
} from './load-order.ts';

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
  return (await readOrderStatus(deps, actor, number, db)).status;
}

// The status with the resource its reading was allowed on (its owner's managers), refusing whoever may not see it.
export async function readOrderStatus(
  deps: AppDeps,
  actor: Actor,
  number: string,
  db: Executor = deps.db,
): Promise<OrderStatusRead> {
  const wanted = number.trim().toUpperCase();
  const loaded = await loadOrder(db, orderRefOf(number), deps);
  if (!loaded) throw notFound('order_not_found', { number: wanted });
  const read = (await orderStatusesOf(deps, db, [{ loaded, actor }])).get(loaded.order.id);
  if (!read) throw notFound('order_not_found', { number: wanted });
  demand(deps, actor, 'order.read', read.resource, 'order_status_forbidden', { number: loaded.order.number });
  return read;
}

export interface OrderStatusRead {
  status: OrderStatus;
  // The order's owner, their managers and its approvers (and those they stand in for), as can() decides on it.
  resource: Resource;
}

// Several loaded orders' statuses in a few reads however many, each as its reader sees it (the owner gets the Edit
// link). Refuses nobody: the caller asks can() with the resource.
export async function orderStatusesOf(
  deps: AppDeps,
  db: Executor,
  reads: readonly { loaded: LoadedOrder; actor: Actor }[],
): Promise<Map<string, OrderStatusRead>> {
  const loadedOrders = reads.map((r) => r.loaded);
  const ids = loadedOrders.map((l) => l.order.id);
  const chains = await approvalsOfVersions(
    db,
    loadedOrders.map((l) => ({ id: l.order.id, version: l.order.version })),
  );
  const managers = await managersOfAll(db, [
    ...new Set(loadedOrders.flatMap((l) => (l.order.ownerId ? [l.order.ownerId] : []))),
  ]);
  // The order's approvers (and those they stand in for) see it as their own.
  const involvedOf = (id: string) =>
    (chains.get(id) ?? []).flatMap((a) =>
      a.standingInFor ? [a.approverId, a.standingInFor] : [a.approverId],
    );
  const approverIds = [...new Set(ids.flatMap(involvedOf))];
  const people =
    approverIds.length === 0
      ? []
      : await db
          .select({ id: users.id, email: users.email, name: users.name })
          .from(users)
          .where(inArray(users.id, approverIds));
  const personOf = new Map(people.map((p) => [p.id, p]));
  const plans = groupedBy(
    ids.length === 0
      ? []
      : await db
          .select()
          .from(installments)
          .where(inArray(installments.orderId, ids))
          .orderBy(asc(installments.position)),
    (i) => i.orderId,
  );
  const files = await attachmentsOfAll(db, ids);
  return new Map(
    reads.map(({ loaded, actor }) => {
      const id = loaded.order.id;
      const resource: Resource = {
        ownerId: loaded.order.ownerId,
        ownerManagers: loaded.order.ownerId ? [...(managers.get(loaded.order.ownerId) ?? [])] : [],
        involved: [...new Set(involvedOf(id))],
      };
      const status = statusOf(deps, actor, {
        loaded,
        rows: chains.get(id) ?? [],
        personOf,
        plan: plans.get(id) ?? [],
        attachments: files.get(id) ?? [],
      });
      return [id, { status, resource }];
    }),
  );
}

// One order's status from what was read for it: its current chain, the people in it, its plan and its files.
function statusOf(
  deps: AppDeps,
  actor: Actor,
  read: {
    loaded: LoadedOrder;
    rows: readonly ApprovalRow[];
    personOf: ReadonlyMap<string, { id: string; email: string; name: string }>;
    plan: (typeof installments.$inferSelect)[];
    attachments: AttachmentView[];
  },
): OrderStatus {
  const { loaded, rows, personOf, plan, attachments } = read;
  const { order } = loaded;
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
    attachments,
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

// Use case: "order show <number>" — an order as one record: its state, its timeline from every table that keeps a
// part of it, and which of its buttons the asker may use right now; several orders at once for the living cards.
import type { Executor } from '../../db/client.ts';
import type { Resource } from '../../domain/access/can.ts';
import { latestPage, timelineStep } from '../../domain/records/timeline.ts';
import type { OrderRecordView } from '../../messages/catalogue/record-cards.ts';
import type { TimelineEntry } from '../../messages/catalogue/records.ts';
import { allowed } from '../access/ask.ts';
import type { KeyedEntry } from '../audit/audit-timeline.ts';
import type { Actor, AppDeps } from '../deps.ts';
import { type OrderStatus, orderStatusesOf, readOrderStatus } from './get-order-status.ts';
import { type LoadedOrder, loadOrders } from './load-order.ts';
import { orderTimelines } from './order-timelines.ts';

export type OrderRecord = Omit<OrderRecordView, 'moreCommand' | 'moreCount' | 'timezone'> & { total: number };

export async function readOrderRecord(
  deps: AppDeps,
  actor: Actor,
  number: string,
  limit = timelineStep,
  db: Executor = deps.db,
): Promise<OrderRecord> {
  // The status read refuses whoever may not see the order, the same refusal as "order status".
  const { status, resource } = await readOrderStatus(deps, actor, number, db);
  const id = status.loaded.order.id;
  const entries = (await orderTimelines(db, [id])).get(id) ?? [];
  return recordOf(deps, actor, status, resource, entries, limit);
}

// Several orders' records in a few reads however many, each as `actorOf` its reader (the owner, for their card)
// asks; an order with no reader, one its reader may not see, or one that is gone is left out.
export async function readOrderRecords(
  deps: AppDeps,
  db: Executor,
  orderIds: readonly string[],
  actorOf: (order: LoadedOrder['order']) => Actor | null,
  limit = timelineStep,
): Promise<Map<string, OrderRecord>> {
  const reads = [...(await loadOrders(db, orderIds, deps)).values()].flatMap((loaded) => {
    const actor = actorOf(loaded.order);
    return actor ? [{ loaded, actor }] : [];
  });
  const actorOfId = new Map(reads.map((r) => [r.loaded.order.id, r.actor]));
  const statuses = await orderStatusesOf(deps, db, reads);
  const readable = [...statuses].flatMap(([id, s]) => {
    const actor = actorOfId.get(id);
    return actor && allowed(deps, actor, 'order.read', s.resource) ? [{ id, actor, ...s }] : [];
  });
  const timelines = await orderTimelines(
    db,
    readable.map((r) => r.id),
  );
  return new Map(
    readable.map((r) => [
      r.id,
      recordOf(deps, r.actor, r.status, r.resource, timelines.get(r.id) ?? [], limit),
    ]),
  );
}

function recordOf(
  deps: AppDeps,
  actor: Actor,
  status: OrderStatus,
  readResource: Resource,
  entries: readonly KeyedEntry[],
  limit: number,
): OrderRecord {
  const { order, customer } = status.loaded;
  // The buttons' resource: the owner, their managers and the approvers themselves (not those they stand in for).
  const resource: Resource = {
    ownerId: readResource.ownerId ?? null,
    ownerManagers: readResource.ownerManagers ?? [],
    involved: status.approvals.map((a) => a.approver.id),
  };
  const me = actor.kind === 'user' ? actor.user.id : null;
  const mine = status.approvals.find((a) => a.approver.id === me && a.status === 'pending') ?? null;
  const open = status.approvals.filter((a) => a.status === 'pending');
  const levels = new Set(status.approvals.map((a) => a.levelIndex)).size;
  const owner = me !== null && me === order.ownerId;
  const live = order.status !== 'cancelled';
  const page = latestPage(entries, limit);
  const next = status.installments.find((i) => i.paidMinor < i.amountMinor) ?? null;
  return {
    orderId: order.id,
    number: order.number,
    view: status.view,
    creditLimitMinor: customer.creditLimitMinor,
    customerCurrency: customer.currency,
    openStep: open[0] ? `${open[0].levelIndex + 1}/${levels} ${open[0].levelName}` : null,
    nextInstallment: next
      ? {
          label: next.label,
          dueOn: next.dueOn,
          owedMinor: next.amountMinor - next.paidMinor,
          currency: next.currency,
        }
      : null,
    timeline: page.shown.map(({ key: _key, ...e }) => e as TimelineEntry),
    earlier: page.earlier,
    total: entries.length,
    buttons: {
      approvalId: mine && allowed(deps, actor, 'order.approve', resource) ? mine.id : null,
      edit: owner && live && allowed(deps, actor, 'order.edit', resource),
      submit:
        owner &&
        ['draft', 'rejected', 'on_hold'].includes(order.status) &&
        allowed(deps, actor, 'order.edit', resource),
      cancel: owner && live && allowed(deps, actor, 'order.cancel', resource),
      comment: live,
    },
  };
}

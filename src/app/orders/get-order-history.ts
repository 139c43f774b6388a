// Use case: "order history <number>" and GET /api/orders/:number/history — every version, who made it and when,
// what changed, and how its approval went.
import { asc, eq } from 'drizzle-orm';
import { approvals, comments, orderVersions, users } from '../../db/schema.ts';
import { diffVersions } from '../../domain/orders/order-diff.ts';
import type { HistoryView } from '../../messages/catalogue/orders.ts';
import type { Actor, AppDeps } from '../deps.ts';
import { getOrderStatus } from './get-order-status.ts';
import { attachmentsOf } from './load-order.ts';
import { asVersionContent } from './order-versions.ts';

export async function getOrderHistory(deps: AppDeps, actor: Actor, number: string): Promise<HistoryView> {
  // The status read checks who may see the order.
  const { loaded } = await getOrderStatus(deps, actor, number);
  const { order } = loaded;
  const versions = await deps.db
    .select({
      version: orderVersions.version,
      snapshot: orderVersions.snapshot,
      at: orderVersions.createdAt,
      by: users.name,
    })
    .from(orderVersions)
    .leftJoin(users, eq(users.id, orderVersions.createdBy))
    .where(eq(orderVersions.orderId, order.id))
    .orderBy(asc(orderVersions.version));
  const decisions = await deps.db
    .select({
      version: approvals.orderVersion,
      level: approvals.levelName,
      status: approvals.status,
      reason: approvals.reason,
      by: users.name,
      at: approvals.decidedAt,
    })
    .from(approvals)
    .innerJoin(users, eq(users.id, approvals.approverId))
    .where(eq(approvals.orderId, order.id))
    .orderBy(asc(approvals.orderVersion), asc(approvals.levelIndex), asc(approvals.decidedAt));
  const thread = await deps.db
    .select({ by: users.name, at: comments.at, body: comments.body })
    .from(comments)
    .leftJoin(users, eq(users.id, comments.authorId))
    .where(eq(comments.orderId, order.id))
    .orderBy(asc(comments.at), asc(comments.id));
  return {
    number: order.number,
    comments: thread,
    attachments: await attachmentsOf(deps.db, order.id),
    currency: order.currency,
    currentVersion: order.version,
    status: order.status,
    timezone: deps.policy.org.timezone,
    versions: versions.map((v, i) => {
      const before = i > 0 ? asVersionContent(versions[i - 1]?.snapshot) : null;
      const after = asVersionContent(v.snapshot);
      return {
        version: v.version,
        by: v.by,
        at: v.at,
        totalMinor: after?.totalMinor ?? 0,
        changes: before && after ? diffVersions(before, after) : [],
        decisions: decisions
          .filter((d) => d.version === v.version && (d.status === 'approved' || d.status === 'rejected'))
          .map((d) => ({ level: d.level, status: d.status, by: d.by, reason: d.reason, at: d.at })),
      };
    }),
  };
}

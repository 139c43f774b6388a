// Use case: the approvals waiting on one approver right now (their cards' data), oldest first — for App Home and reminders.
import { and, asc, eq, inArray } from 'drizzle-orm';
import { approvals, orders } from '../../db/schema.ts';
import type { LevelInfo, OrderSummary } from '../../messages/catalogue/orders.ts';
import type { AppDeps } from '../deps.ts';
import { levelInfo } from './level-info.ts';
import { loadOrders } from './load-order.ts';

export interface PendingApproval {
  approvalId: string;
  summary: OrderSummary;
  level: LevelInfo;
}

export async function listPendingApprovals(
  deps: AppDeps,
  approverId: string,
  limit = 20,
): Promise<PendingApproval[]> {
  const mine = await deps.db
    .select({ approval: approvals })
    .from(approvals)
    .innerJoin(orders, and(eq(orders.id, approvals.orderId), eq(orders.version, approvals.orderVersion)))
    .where(and(eq(approvals.approverId, approverId), eq(approvals.status, 'pending')))
    .orderBy(asc(approvals.createdAt))
    .limit(limit);
  if (mine.length === 0) return [];
  const chains = await deps.db
    .selectDistinct({
      orderId: approvals.orderId,
      version: approvals.orderVersion,
      index: approvals.levelIndex,
    })
    .from(approvals)
    .where(
      inArray(
        approvals.orderId,
        mine.map((m) => m.approval.orderId),
      ),
    );
  const loadedById = await loadOrders(
    deps.db,
    mine.map((m) => m.approval.orderId),
    deps,
  );
  const out: PendingApproval[] = [];
  for (const { approval } of mine) {
    const loaded = loadedById.get(approval.orderId);
    if (!loaded) continue;
    const count = chains.filter(
      (c) => c.orderId === approval.orderId && c.version === approval.orderVersion,
    ).length;
    out.push({
      approvalId: approval.id,
      summary: loaded.summary,
      level: levelInfo(deps.policy, approval.levelIndex + 1, count, approval.levelName),
    });
  }
  return out;
}

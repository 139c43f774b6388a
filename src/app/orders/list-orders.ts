// Use cases: "order mine" (the rep's open orders with where each stands) and "order waiting" (approvals waiting for me).
import { and, asc, desc, eq, inArray, ne, sql } from 'drizzle-orm';
import { approvals, customers, orders, users } from '../../db/schema.ts';
import type { ListStepState, OrderListItem } from '../../messages/catalogue/orders.ts';
import type { AppDeps, UserRow } from '../deps.ts';

// A page of lists in chat is 10 ("show more" pages on); a list reads at most this many.
const limit = 100;

interface Progress {
  // The open level: "2/3 director", or null when none is open.
  step: string | null;
  steps: { name: string; state: ListStepState }[];
}

type LevelRow = { mode: string; status: string };

// A level is rejected where anyone rejected, done once its mode is met (one approval for any-of, every one for
// all-of), open while a card waits for a decision, and otherwise not reached.
function levelState(rows: readonly LevelRow[]): ListStepState {
  if (rows.some((r) => r.status === 'rejected')) return 'rejected';
  const all = rows[0]?.mode === 'all';
  if (all ? rows.every((r) => r.status === 'approved') : rows.some((r) => r.status === 'approved'))
    return 'done';
  return rows.some((r) => r.status === 'pending') ? 'open' : 'waiting';
}

// Where each order's current version stands in its chain.
async function progressOf(deps: AppDeps, rows: { id: string; version: number }[]) {
  if (rows.length === 0) return new Map<string, Progress>();
  const all = await deps.db
    .select({
      orderId: approvals.orderId,
      version: approvals.orderVersion,
      levelIndex: approvals.levelIndex,
      levelName: approvals.levelName,
      mode: approvals.mode,
      status: approvals.status,
    })
    .from(approvals)
    .where(
      inArray(
        approvals.orderId,
        rows.map((r) => r.id),
      ),
    )
    .orderBy(asc(approvals.levelIndex));
  const out = new Map<string, Progress>();
  for (const r of rows) {
    const mine = all.filter((a) => a.orderId === r.id && a.version === r.version);
    if (mine.length === 0) continue;
    const count = Math.max(...mine.map((a) => a.levelIndex)) + 1;
    const open = mine.find((a) => a.status === 'pending');
    const steps = Array.from({ length: count }, (_, i) => {
      const level = mine.filter((a) => a.levelIndex === i);
      return { name: level[0]?.levelName ?? '?', state: levelState(level) };
    });
    out.set(r.id, { step: open ? `${open.levelIndex + 1}/${count} ${open.levelName}` : null, steps });
  }
  return out;
}

export async function listMyOrders(deps: AppDeps, user: UserRow): Promise<OrderListItem[]> {
  const rows = await deps.db
    .select({
      id: orders.id,
      number: orders.number,
      version: orders.version,
      status: orders.status,
      totalMinor: orders.totalMinor,
      currency: orders.currency,
      customer: customers.name,
    })
    .from(orders)
    .innerJoin(customers, eq(customers.id, orders.customerId))
    .where(and(eq(orders.ownerId, user.id), ne(orders.status, 'cancelled')))
    .orderBy(desc(orders.updatedAt), desc(orders.seq))
    .limit(limit);
  const progress = await progressOf(deps, rows);
  return rows.map((r) => ({
    ...r,
    step: progress.get(r.id)?.step ?? null,
    steps: progress.get(r.id)?.steps ?? [],
    requester: null,
  }));
}

export async function listWaitingForMe(deps: AppDeps, user: UserRow): Promise<OrderListItem[]> {
  const rows = await deps.db
    .select({
      id: orders.id,
      number: orders.number,
      version: orders.version,
      status: orders.status,
      totalMinor: orders.totalMinor,
      currency: orders.currency,
      customer: customers.name,
      requester: users.name,
      approvalId: approvals.id,
    })
    .from(approvals)
    .innerJoin(orders, and(eq(orders.id, approvals.orderId), eq(orders.version, approvals.orderVersion)))
    .innerJoin(customers, eq(customers.id, orders.customerId))
    .innerJoin(users, eq(users.id, orders.ownerId))
    .where(
      and(
        eq(approvals.approverId, user.id),
        eq(approvals.status, 'pending'),
        eq(orders.status, 'pending_approval'),
      ),
    )
    .orderBy(sql`${orders.submittedAt} asc nulls last`)
    .limit(limit);
  const progress = await progressOf(deps, rows);
  return rows.map((r) => ({
    ...r,
    step: progress.get(r.id)?.step ?? null,
    steps: progress.get(r.id)?.steps ?? [],
  }));
}

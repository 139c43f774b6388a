// Owns moving an order to its next version: the snapshot, the lines, and retiring every approval of the old version.
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import {
  allocations,
  approvals,
  dunningEvents,
  installments,
  orderLines,
  orders,
  orderVersions,
} from '../../db/schema.ts';
import { conflict } from '../../domain/errors.ts';
import { type Change, diffVersions, type VersionContent } from '../../domain/orders/order-diff.ts';
import { approvalRetiredCard, type LevelInfo } from '../../messages/catalogue/orders.ts';
import { actorId, actorLabel } from '../deps.ts';
import type { UnitOfWork } from '../unit-of-work.ts';
import { levelInfo } from './level-info.ts';
import { type ApprovalRow, approvalRefKey, approvalsOf, type LoadedOrder, loadOrder } from './load-order.ts';

export interface NewLine {
  productId: string | null;
  description: string;
  quantity: number;
  unitPriceMinor: number;
  discountBp: number;
  amountMinor: number;
  taxRateBp: number;
  taxMinor: number;
}

export interface NewContent {
  lines: NewLine[];
  totalMinor: number;
  taxMinor: number;
  paymentPlan: string;
  terms: string | null;
  nonStandardTerms: boolean;
}

export function contentOf(loaded: LoadedOrder): NewContent {
  const { order, lines } = loaded;
  return {
    totalMinor: order.totalMinor,
    taxMinor: order.taxMinor,
    paymentPlan: order.paymentPlan,
    terms: order.terms,
    nonStandardTerms: order.nonStandardTerms,
    lines: lines.map((l) => ({
      productId: l.productId,
      description: l.description,
      quantity: l.quantity,
      unitPriceMinor: l.unitPriceMinor,
      discountBp: l.discountBp,
      amountMinor: l.amountMinor,
      taxRateBp: l.taxRateBp,
      taxMinor: l.taxMinor,
    })),
  };
}

// The snapshot stored per version; the same shape create-order writes for version 1.
export function snapshotOf(loaded: LoadedOrder, version: number, content: NewContent) {
  return {
    number: loaded.order.number,
    version,
    customer: { id: loaded.customer.id, name: loaded.customer.name },
    ownerId: loaded.order.ownerId,
    currency: loaded.order.currency,
    ...content,
    lines: content.lines.map((l, i) => ({ position: i + 1, ...l })),
  };
}

export function asVersionContent(snapshot: unknown): VersionContent | null {
  if (typeof snapshot !== 'object' || snapshot === null) return null;
  const s = snapshot as Partial<VersionContent>;
  if (typeof s.totalMinor !== 'number' || !Array.isArray(s.lines)) return null;
  return {
    totalMinor: s.totalMinor,
    paymentPlan: String(s.paymentPlan ?? ''),
    terms: s.terms ?? null,
    nonStandardTerms: Boolean(s.nonStandardTerms),
    lines: s.lines,
  };
}

// What changed from the previous version to this one; null for version 1 or a missing snapshot.
export async function changesOf(
  db: Executor,
  orderId: string,
  version: number,
): Promise<{ fromVersion: number; items: Change[] } | null> {
  if (version <= 1) return null;
  const rows = await db
    .select({ version: orderVersions.version, snapshot: orderVersions.snapshot })
    .from(orderVersions)
    .where(and(eq(orderVersions.orderId, orderId), inArray(orderVersions.version, [version - 1, version])));
  const before = asVersionContent(rows.find((r) => r.version === version - 1)?.snapshot);
  const after = asVersionContent(rows.find((r) => r.version === version)?.snapshot);
  if (!before || !after) return null;
  return { fromVersion: version - 1, items: diffVersions(before, after) };
}

// An approved order may be changed only while no money has come in against it: a paid plan cannot be redrawn.
// The plan is locked first, before the change writes the order (which takes its lead's turn): a receipt locks the
// installments and then the lead, so both go installments, then lead, and the check sees a receipt that beat it.
export async function assertNothingPaid(db: Executor, loaded: LoadedOrder): Promise<void> {
  await db
    .select({ id: installments.id })
    .from(installments)
    .where(eq(installments.orderId, loaded.order.id))
    .orderBy(asc(installments.id))
    .for('update');
  const [paid] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(installments)
    .leftJoin(allocations, eq(allocations.installmentId, installments.id))
    .where(
      and(
        eq(installments.orderId, loaded.order.id),
        sql`(${installments.paidMinor} > 0 or ${allocations.id} is not null)`,
      ),
    );
  if ((paid?.n ?? 0) > 0) throw conflict('order_paid', { number: loaded.order.number });
}

// Drops an unpaid plan (with the reminders it caused) when the order it belonged to no longer stands.
export async function dropInstallments(uow: UnitOfWork, loaded: LoadedOrder): Promise<number> {
  const ids = (
    await uow.tx
      .select({ id: installments.id })
      .from(installments)
      .where(eq(installments.orderId, loaded.order.id))
      .orderBy(asc(installments.position))
  ).map((r) => r.id);
  if (ids.length === 0) return 0;
  await uow.tx.delete(dunningEvents).where(inArray(dunningEvents.installmentId, ids));
  await uow.tx.delete(installments).where(inArray(installments.id, ids));
  return ids.length;
}

// Every approval of a version that was still open is superseded, and every card of it is edited to say why.
export async function retireApprovals(
  uow: UnitOfWork,
  loaded: LoadedOrder,
  why: { kind: 'superseded'; version: number } | { kind: 'cancelled'; reason: string | null },
): Promise<ApprovalRow[]> {
  const { order } = loaded;
  const all = await approvalsOf(uow.tx, order.id, order.version);
  if (all.length === 0) return [];
  const retired = await uow.tx
    .update(approvals)
    .set({ status: 'superseded', decidedAt: uow.now })
    .where(
      and(
        eq(approvals.orderId, order.id),
        eq(approvals.orderVersion, order.version),
        inArray(approvals.status, ['pending', 'waiting']),
      ),
    )
    .returning();
  const count = Math.max(...all.map((a) => a.levelIndex)) + 1;
  const levelOf = (a: ApprovalRow): LevelInfo =>
    levelInfo(uow.deps.policy, a.levelIndex + 1, count, a.levelName);
  const by = uow.actor.kind === 'user' ? uow.actor.user.name : actorLabel(uow.actor);
  for (const a of all) {
    await uow.update(approvalRefKey(order.id, order.version, a), (locale) =>
      approvalRetiredCard(loaded.summary, levelOf(a), { ...why, by }, locale),
    );
  }
  return retired;
}

// A draft nobody has been asked to approve is changed in place: its version and snapshot are rewritten, since no
// approver ever saw them.
export async function reviseDraft(
  uow: UnitOfWork,
  loaded: LoadedOrder,
  content: NewContent,
): Promise<{ loaded: LoadedOrder; changes: Change[] }> {
  const { tx } = uow;
  const { order } = loaded;
  const before = contentOf(loaded);
  const [moved] = await tx
    .update(orders)
    .set({
      totalMinor: content.totalMinor,
      taxMinor: content.taxMinor,
      paymentPlan: content.paymentPlan,
      terms: content.terms,
      nonStandardTerms: content.nonStandardTerms,
      updatedAt: uow.now,
    })
    .where(and(eq(orders.id, order.id), eq(orders.version, order.version), eq(orders.status, 'draft')))
    .returning({ id: orders.id });
  if (!moved) throw conflict('order_changed_meanwhile', { number: order.number });
  await tx.delete(orderLines).where(eq(orderLines.orderId, order.id));
  await tx
    .insert(orderLines)
    .values(content.lines.map((l, i) => ({ ...l, orderId: order.id, position: i + 1 })));
  await tx
    .update(orderVersions)
    .set({
      snapshot: snapshotOf(loaded, order.version, content),
      createdBy: actorId(uow.actor),
      createdAt: uow.now,
    })
    .where(and(eq(orderVersions.orderId, order.id), eq(orderVersions.version, order.version)));
  const changes = diffVersions(before, content);
  await uow.audit({
    action: 'order.edit',
    entityType: 'order',
    entityId: order.id,
    before: { version: order.version, status: 'draft', content: before },
    after: { version: order.version, status: 'draft', content, changes },
  });
  const reloaded = await loadOrder(tx, { id: order.id }, uow.deps);
  if (!reloaded) throw new Error('order vanished while editing');
  return { loaded: reloaded, changes };
}

// Version N+1 as a draft, with new content or (resubmit, reopen) the same content.
export async function startNewVersion(
  uow: UnitOfWork,
  loaded: LoadedOrder,
  content: NewContent | null,
  cause: 'edit' | 'resubmit' | 'reopen',
): Promise<{ loaded: LoadedOrder; changes: Change[] }> {
  const { tx } = uow;
  const { order } = loaded;
  const next = order.version + 1;
  const before = contentOf(loaded);
  const after = content ?? before;
  const [moved] = await tx
    .update(orders)
    .set({
      version: next,
      status: 'draft',
      totalMinor: after.totalMinor,
      taxMinor: after.taxMinor,
      paymentPlan: after.paymentPlan,
      terms: after.terms,
      nonStandardTerms: after.nonStandardTerms,
      submittedAt: null,
      decidedAt: null,
      updatedAt: uow.now,
    })
    .where(and(eq(orders.id, order.id), eq(orders.version, order.version)))
    .returning({ id: orders.id });
  if (!moved) throw conflict('order_changed_meanwhile', { number: order.number });
  if (content) {
    await tx.delete(orderLines).where(eq(orderLines.orderId, order.id));
    await tx
      .insert(orderLines)
      .values(content.lines.map((l, i) => ({ ...l, orderId: order.id, position: i + 1 })));
  }
  const snapshot = snapshotOf(loaded, next, after);
  await tx.insert(orderVersions).values({
    orderId: order.id,
    version: next,
    snapshot,
    createdBy: actorId(uow.actor),
    createdAt: uow.now,
  });
  const retired = await retireApprovals(uow, loaded, { kind: 'superseded', version: next });
  const changes = diffVersions(before, after);
  await uow.audit({
    action: `order.${cause}`,
    entityType: 'order',
    entityId: order.id,
    before: { version: order.version, status: order.status, content: before },
    after: { version: next, status: 'draft', content: after, changes, superseded: retired.length },
  });
  const reloaded = await loadOrder(tx, { id: order.id }, uow.deps);
  if (!reloaded) throw new Error('order vanished while versioning');
  return { loaded: reloaded, changes };
}

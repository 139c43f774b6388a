// Use case: the owner (or the ERP) changes an order's lines, discount, plan or terms. A draft changes in place; after
// submission a change is a new version whose approval starts again from the first level.

import { eq } from 'drizzle-orm';
import { comments, orders, users } from '../../db/schema.ts';
import { conflict, invalid, notFound } from '../../domain/errors.ts';
import type { Change } from '../../domain/orders/order-diff.ts';
import { lineAmount, lineTax } from '../../domain/orders/order-lines.ts';
import { demand, ownedBy } from '../access/ask.ts';
import { type Actor, type AppDeps, actorId } from '../deps.ts';
import { inTransaction } from '../unit-of-work.ts';
import { amountsOf, type LineRequest, resolveLines } from './create-order.ts';
import { loadOrder, orderWhere } from './load-order.ts';
import {
  assertNothingPaid,
  contentOf,
  type NewContent,
  reviseDraft,
  startNewVersion,
} from './order-versions.ts';
import { showOrderCard } from './owner-card.ts';
import { paymentPlanNamed } from './payment-plan-named.ts';
import { listPricing, pricingFor } from './pricing.ts';
import { type SubmitOutcome, submitInTransaction } from './submit-order.ts';

export interface OrderEdit {
  // Replaces every line.
  lines?: LineRequest[];
  // Sets the discount of every line (after `lines`, when both are given).
  discountBp?: number;
  paymentPlan?: string;
  // null = back to standard terms.
  terms?: string | null;
  nonStandardTerms?: boolean;
  // The version the change was made against (a form filled from it): refused when the order has moved on since.
  expectedVersion?: number;
  // Why the change, kept as a comment on the order in the same transaction.
  note?: string;
}

export interface EditResult {
  number: string;
  version: number;
  status: string;
  changes: Change[];
  // The new chain when the order was already in approval (or approved, rejected, on hold) and so went back to it.
  submitted: SubmitOutcome | null;
}

// Statuses in which the order has been in front of approvers: an edit sends it back to them.
const inProcess = ['pending_approval', 'approved', 'rejected', 'on_hold'];

export async function editOrder(
  deps: AppDeps,
  actor: Actor,
  number: string,
  edit: OrderEdit,
): Promise<EditResult> {
  const paymentPlan = edit.paymentPlan === undefined ? undefined : paymentPlanNamed(deps, edit.paymentPlan);
  if (edit.lines?.length === 0) throw invalid('order_no_lines', 'lines');
  if ((edit.note?.trim().length ?? 0) > 4000) throw invalid('order_comment_length', 'note', { max: 4000 });
  return inTransaction(deps, actor, async (uow) => {
    const { tx } = uow;
    const wanted = number.trim().toUpperCase();
    const [row] = await tx.select({ id: orders.id }).from(orders).where(orderWhere(wanted)).for('update');
    if (!row) throw notFound('order_not_found', { number: wanted });
    const loaded = await loadOrder(tx, { id: row.id }, deps);
    if (!loaded) throw notFound('order_not_found', { number: wanted });
    const { order } = loaded;
    // The policy decides who edits (the owner by default; an org-wide grant anyone's); whoever does, the new
    // version is submitted as its owner's request and the editor is recorded as its author.
    demand(deps, actor, 'order.edit', await ownedBy(tx, order.ownerId), 'order_not_owner', {
      number: order.number,
      owner: loaded.owner.name,
    });
    if (order.status === 'cancelled') throw conflict('order_edit_cancelled', { number: order.number });
    if (edit.expectedVersion !== undefined && edit.expectedVersion !== order.version)
      throw conflict('order_form_stale', {
        number: order.number,
        formVersion: edit.expectedVersion,
        version: order.version,
      });
    if (order.status === 'approved') await assertNothingPaid(tx, loaded);

    const current = contentOf(loaded);
    // New lines are priced from the customer's list only while it is still in the order's currency.
    const listed = await pricingFor(tx, deps.policy, loaded.customer);
    const pricing = listed.currency === order.currency ? listed : listPricing(deps.policy, order.currency);
    let lines = edit.lines ? await resolveLines(uow, edit.lines, pricing) : current.lines;
    if (edit.discountBp !== undefined) {
      const bp = edit.discountBp;
      lines = lines.map((l, i) => {
        const amount = lineAmount({ quantity: l.quantity, unitPriceMinor: l.unitPriceMinor, discountBp: bp });
        if (!amount.ok) throw invalid(`order_line_${amount.error}`, 'discount', { line: i + 1 });
        return {
          ...l,
          discountBp: bp,
          amountMinor: amount.amountMinor,
          taxMinor: lineTax(amount.amountMinor, l.taxRateBp),
        };
      });
    }
    const { totalMinor, taxMinor } = amountsOf(lines);
    const terms = edit.terms === undefined ? current.terms : edit.terms?.trim() ? edit.terms.trim() : null;
    const content: NewContent = {
      lines,
      totalMinor,
      taxMinor,
      paymentPlan: paymentPlan ?? current.paymentPlan,
      terms,
      nonStandardTerms:
        edit.nonStandardTerms ?? (edit.terms === undefined ? current.nonStandardTerms : terms !== null),
    };

    const wasInProcess = inProcess.includes(order.status);
    const { loaded: next, changes } =
      order.status === 'draft'
        ? await reviseDraft(uow, loaded, content)
        : await startNewVersion(uow, loaded, content, 'edit');
    if (changes.length === 0) throw invalid('order_edit_nothing', 'lines', { number: order.number });
    const note = edit.note?.trim();
    if (note) {
      const [comment] = await tx
        .insert(comments)
        .values({ orderId: order.id, authorId: actorId(actor), body: note, at: uow.now })
        .returning({ id: comments.id });
      await uow.audit({
        action: 'order.comment',
        entityType: 'order',
        entityId: order.id,
        after: { commentId: comment?.id, version: next.order.version, body: note },
      });
    }
    let submitted: SubmitOutcome | null = null;
    if (wasInProcess) {
      const [owner] = await tx.select().from(users).where(eq(users.id, order.ownerId));
      if (!owner) throw notFound('order_not_found', { number: order.number });
      submitted = await submitInTransaction(uow, order.id, owner);
    }
    await showOrderCard(uow, order.id);
    return {
      number: order.number,
      version: next.order.version,
      status: submitted?.status ?? 'draft',
      changes,
      submitted,
    };
  });
}

// Use case part: the price facts an order's approval cards show — discount against the customer's list per line and in
// total, and the margin only when every approver the cards go to may see cost (order.margin through can()).
import { and, eq, inArray } from 'drizzle-orm';
import { approvals, products, users } from '../../db/schema.ts';
import { pricingFacts } from '../../domain/orders/discount.ts';
import type { PricingView } from '../../messages/catalogue/orders/pricing-fields.ts';
import { allowed, ownedBy } from '../access/ask.ts';
import type { UnitOfWork } from '../unit-of-work.ts';
import type { LoadedOrder } from './load-order.ts';
import { listPricing, pricingFor } from './pricing.ts';

// The approvers whose cards are open now (the level just opened): a card is one text for all of them, so cost shows
// only when each of them may see it.
async function openApproversMaySeeCost(uow: UnitOfWork, loaded: LoadedOrder): Promise<boolean> {
  const { order } = loaded;
  const open = await uow.tx
    .select({ user: users })
    .from(approvals)
    .innerJoin(users, eq(users.id, approvals.approverId))
    .where(
      and(
        eq(approvals.orderId, order.id),
        eq(approvals.orderVersion, order.version),
        eq(approvals.status, 'pending'),
      ),
    );
  if (open.length === 0) return false;
  for (const { user } of open) {
    const resource = await ownedBy(uow.tx, order.ownerId, { involved: [user.id] });
    if (!allowed(uow.deps, { kind: 'user', user }, 'order.margin', resource)) return false;
  }
  return true;
}

export async function approvalPricing(uow: UnitOfWork, loaded: LoadedOrder): Promise<PricingView> {
  const { tx, deps } = uow;
  const { order, lines } = loaded;
  const ids = [...new Set(lines.flatMap((l) => (l.productId ? [l.productId] : [])))];
  const rows = ids.length === 0 ? [] : await tx.select().from(products).where(inArray(products.id, ids));
  const byId = new Map(rows.map((p) => [p.id, p]));
  const listed = await pricingFor(tx, deps.policy, loaded.customer);
  // An order keeps its currency; a list in another currency says nothing about it.
  const pricing = listed.currency === order.currency ? listed : listPricing(deps.policy, order.currency);
  const facts = pricingFacts(
    lines.map((l) => {
      const p = l.productId ? byId.get(l.productId) : undefined;
      const same = p?.currency === order.currency;
      return {
        quantity: l.quantity,
        amountMinor: l.amountMinor,
        listUnitMinor: p
          ? (pricing.prices.get(p.sku.toLowerCase()) ?? (same ? p.unitPriceMinor : null))
          : null,
        unitCostMinor: p && same ? p.unitCostMinor : null,
      };
    }),
  );
  return {
    lines: lines.map((l, i) => ({ description: l.description, discountBp: facts.lineDiscountBp[i] ?? null })),
    totalDiscountBp: facts.totalDiscountBp,
    ...((await openApproversMaySeeCost(uow, loaded)) ? { marginBp: facts.marginBp } : {}),
  };
}

// Use case part: the price facts an order's approval cards show — discount against the customer's list per line and in
// total, and the margin on the card of each approver who may see cost (order.margin through can()).
import { inArray } from 'drizzle-orm';
import { users } from '../../db/schema.ts';
import { pricingFacts } from '../../domain/orders/discount.ts';
import type { MarginView, PricingView } from '../../messages/catalogue/orders/pricing-fields.ts';
import { allowed, ownedBy } from '../access/ask.ts';
import type { UnitOfWork } from '../unit-of-work.ts';
import { costOfLine, type LineCosts } from './line-costs.ts';
import type { LoadedOrder } from './load-order.ts';
import { listPricing, pricingFor } from './pricing.ts';

// What one approver's card shows: every approval card is addressed to its approver alone (a DM, their Lark chat, their
// console inbox), so cost is shown or left out per reader, never for the weakest reader of the level.
export type ApprovalPricing = (approverId: string) => PricingView;

// Who of the approvers may see cost (order.margin through can()): the approvers in one read, the owner's managers once.
async function costReaders(
  uow: UnitOfWork,
  loaded: LoadedOrder,
  approverIds: readonly string[],
): Promise<Set<string>> {
  const ids = [...new Set(approverIds)];
  if (ids.length === 0) return new Set();
  const readers = await uow.tx.select().from(users).where(inArray(users.id, ids));
  const owned = await ownedBy(uow.tx, loaded.order.ownerId);
  return new Set(
    readers
      .filter((user) =>
        allowed(uow.deps, { kind: 'user', user }, 'order.margin', { ...owned, involved: [user.id] }),
      )
      .map((user) => user.id),
  );
}

// `costs`: the ones the approval policy's facts were read from, so a card's margin and the chain agree.
export async function approvalPricing(
  uow: UnitOfWork,
  loaded: LoadedOrder,
  costs: LineCosts,
  approverIds: readonly string[],
): Promise<ApprovalPricing> {
  const { tx, deps } = uow;
  const { order, lines } = loaded;
  const listed = await pricingFor(tx, deps.policy, loaded.customer);
  // An order keeps its currency; a list in another currency says nothing about it.
  const pricing = listed.currency === order.currency ? listed : listPricing(deps.policy, order.currency);
  const facts = pricingFacts(
    lines.map((l) => {
      const p = l.productId ? costs.products.get(l.productId) : undefined;
      return {
        quantity: l.quantity,
        amountMinor: l.amountMinor,
        listUnitMinor: p
          ? (pricing.prices.get(p.sku.toLowerCase()) ??
            (p.currency === order.currency ? p.unitPriceMinor : null))
          : null,
        unitCostMinor: costOfLine(costs, l.productId),
      };
    }),
  );
  const margin: MarginView =
    facts.marginBp !== null
      ? { bp: facts.marginBp }
      : costs.noRate.length > 0
        ? { unknown: 'no_rate', missing: costs.noRate }
        : { unknown: 'no_cost' };
  const view: PricingView = {
    lines: lines.map((l, i) => ({ description: l.description, discountBp: facts.lineDiscountBp[i] ?? null })),
    totalDiscountBp: facts.totalDiscountBp,
  };
  const seeCost = await costReaders(uow, loaded, approverIds);
  return (approverId) => (seeCost.has(approverId) ? { ...view, margin } : view);
}

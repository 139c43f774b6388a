// Use case part: the price facts an order's approval cards show — discount against the customer's list per line and in
// total, and the margin on the card of each approver who may see cost (order.margin through can()).
import { eq } from 'drizzle-orm';
import { users } from '../../db/schema.ts';
import { pricingFacts } from '../../domain/orders/discount.ts';
import type { MarginView, PricingView } from '../../messages/catalogue/orders/pricing-fields.ts';
import { allowed, ownedBy } from '../access/ask.ts';
import type { UnitOfWork } from '../unit-of-work.ts';
import { costOfLine, lineCosts } from './line-costs.ts';
import type { LoadedOrder } from './load-order.ts';
import { listPricing, pricingFor } from './pricing.ts';

// What one approver's card shows: every approval card is addressed to its approver alone (a DM, their Lark chat, their
// console inbox), so cost is shown or left out per reader, never for the weakest reader of the level.
export type ApprovalPricing = (approverId: string) => Promise<PricingView>;

async function maySeeCost(uow: UnitOfWork, loaded: LoadedOrder, approverId: string): Promise<boolean> {
  const [user] = await uow.tx.select().from(users).where(eq(users.id, approverId));
  if (!user) return false;
  const resource = await ownedBy(uow.tx, loaded.order.ownerId, { involved: [user.id] });
  return allowed(uow.deps, { kind: 'user', user }, 'order.margin', resource);
}

export async function approvalPricing(uow: UnitOfWork, loaded: LoadedOrder): Promise<ApprovalPricing> {
  const { tx, deps } = uow;
  const { order, lines } = loaded;
  const costs = await lineCosts(tx, deps.policy.org.timezone, loaded);
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
  return async (approverId) => ((await maySeeCost(uow, loaded, approverId)) ? { ...view, margin } : view);
}

// Use case: a rep copies an order into a new draft of their own; the copy carries nothing of the original's approvals.
import { inArray } from 'drizzle-orm';
import { products } from '../../db/schema.ts';
import type { AppDeps, UserRow } from '../deps.ts';
import { type CreateOrderResult, createOrder } from './create-order.ts';
import { getOrderStatus } from './get-order-status.ts';

export async function duplicateOrder(
  deps: AppDeps,
  actor: { kind: 'user'; user: UserRow },
  number: string,
): Promise<CreateOrderResult & { copyOf: string }> {
  // Only someone who may see the order may copy it.
  const { loaded } = await getOrderStatus(deps, actor, number);
  const productIds = loaded.lines.flatMap((l) => (l.productId ? [l.productId] : []));
  const skus =
    productIds.length === 0
      ? new Map<string, string>()
      : new Map(
          (
            await deps.db
              .select({ id: products.id, sku: products.sku })
              .from(products)
              .where(inArray(products.id, productIds))
          ).map((p) => [p.id, p.sku]),
        );
  const created = await createOrder(deps, actor, {
    source: { customerId: loaded.customer.id },
    lines: loaded.lines.map((l) => ({
      ...(l.productId && skus.has(l.productId) ? { sku: skus.get(l.productId) } : {}),
      description: l.description,
      quantity: l.quantity,
      unitPriceMinor: l.unitPriceMinor,
      discountBp: l.discountBp,
    })),
    paymentPlan: loaded.order.paymentPlan,
    terms: loaded.order.terms,
    nonStandardTerms: loaded.order.nonStandardTerms,
    copyOf: loaded.order.number,
    submit: false,
  });
  return { ...created, copyOf: loaded.order.number };
}

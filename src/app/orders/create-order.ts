// Use case: a rep (or the ERP on a rep's behalf) creates an order from their lead or for a customer, optionally submitting it.
import { eq } from 'drizzle-orm';
import { activeProductsBySkus } from '../../db/product-lookups.ts';
import { leadActivities, orderLines, orders, orderVersions, users } from '../../db/schema.ts';
import { invalid } from '../../domain/errors.ts';
import { decimalsOf, parseAmount } from '../../domain/money.ts';
import { lineAmount, lineTax, orderTotal } from '../../domain/orders/order-lines.ts';
import { own } from '../../domain/own.ts';
import { demand } from '../access/ask.ts';
import { type Actor, type AppDeps, actorId, type UserRow } from '../deps.ts';
import { inTransaction, type UnitOfWork } from '../unit-of-work.ts';
import { allocateOrderNumbers } from './allocate-order-numbers.ts';
import { customerFor, leadOrderOwner } from './order-customer.ts';
import { showOrderCard } from './owner-card.ts';
import { paymentPlanNamed, unknownPaymentPlan } from './payment-plan-named.ts';
import { type Pricing, pricingFor } from './pricing.ts';
import { type SubmitOutcome, submitInTransaction } from './submit-order.ts';

export interface LineRequest {
  sku?: string;
  description?: string;
  quantity: number;
  // Overrides the product's price; required for a line without a SKU.
  unitPriceMinor?: number;
  // The same as written (major units), read in the order's currency: what API callers send.
  unitPrice?: string | undefined;
  // The currency the caller means unitPrice in; anything but the order's is refused, never converted silently.
  currency?: string | undefined;
  discountBp?: number;
}

export type OrderSource = { lead: string } | { customerId: string } | { customerName: string };

export interface CreateOrderInput {
  source: OrderSource;
  lines: LineRequest[];
  // Omitted: the customer's default plan, else the first plan of closeloop.yaml.
  paymentPlan?: string;
  terms?: string | null;
  nonStandardTerms?: boolean;
  // The rep who owns the order; a chat user always creates their own, an API caller names one.
  ownerEmail?: string;
  submit?: boolean;
  // The order this one was copied from, kept in the first snapshot and the audit.
  copyOf?: string;
}

export interface CreateOrderResult {
  id: string;
  number: string;
  status: string;
  version: number;
  totalMinor: number;
  currency: string;
  submitted: SubmitOutcome | null;
}

export async function createOrder(
  deps: AppDeps,
  actor: Actor,
  input: CreateOrderInput,
): Promise<CreateOrderResult> {
  const requestedPlan =
    input.paymentPlan === undefined ? undefined : paymentPlanNamed(deps, input.paymentPlan);
  if (input.lines.length === 0) throw invalid('order_no_lines', 'lines');
  demand(deps, actor, 'order.create', {}, 'order_create_forbidden');
  return inTransaction(deps, actor, async (uow) => {
    const owner =
      ('lead' in input.source ? await leadOrderOwner(uow, input.source.lead) : null) ??
      (await ownerOf(uow, input.ownerEmail));
    // Who did it (a manager converting a rep's lead) is kept apart from who owns the order.
    const by = actorId(actor) ?? owner.id;
    const customer = await customerFor(uow, owner, input.source);
    const paymentPlan = planFor(deps, requestedPlan, customer.defaultPaymentPlan);
    const pricing = await pricingFor(uow.tx, deps.policy, customer);
    const lines = await resolveLines(uow, input.lines, pricing);
    const { taxMinor, totalMinor } = amountsOf(lines);
    const currency = pricing.currency;
    const terms = input.terms?.trim() ? input.terms.trim() : null;
    const nonStandardTerms = input.nonStandardTerms ?? terms !== null;

    const [allocated] = await allocateOrderNumbers(uow.tx, deps.policy.org.timezone, [uow.now]);
    if (!allocated) throw new Error('no order number allocated');
    const { seq, number } = allocated;

    const [order] = await uow.tx
      .insert(orders)
      .values({
        seq,
        number,
        customerId: customer.id,
        leadId: customer.leadId,
        ownerId: owner.id,
        status: 'draft',
        currency,
        totalMinor,
        taxMinor,
        paymentPlan,
        nonStandardTerms,
        terms,
        version: 1,
        createdAt: uow.now,
        updatedAt: uow.now,
      })
      .returning();
    if (!order) throw new Error('order insert returned no row');
    await uow.tx
      .insert(orderLines)
      .values(lines.map((l, i) => ({ ...l, orderId: order.id, position: i + 1 })));
    const snapshot = {
      number,
      version: 1,
      customer: { id: customer.id, name: customer.name },
      ownerId: owner.id,
      currency,
      totalMinor,
      taxMinor,
      paymentPlan,
      terms,
      nonStandardTerms,
      lines: lines.map((l, i) => ({ position: i + 1, ...l })),
      ...(input.copyOf ? { copyOf: input.copyOf } : {}),
    };
    await uow.tx
      .insert(orderVersions)
      .values({ orderId: order.id, version: 1, snapshot, createdBy: by, createdAt: uow.now });
    await uow.audit({ action: 'order.create', entityType: 'order', entityId: order.id, after: snapshot });
    if (customer.leadId) {
      await uow.tx.insert(leadActivities).values({
        leadId: customer.leadId,
        actorId: by,
        kind: 'order',
        note: number,
        data: { orderId: order.id },
        at: uow.now,
      });
    }

    const submitted = input.submit ? await submitInTransaction(uow, order.id, owner) : null;
    await showOrderCard(uow, order.id);
    return {
      id: order.id,
      number,
      status: submitted ? submitted.status : 'draft',
      version: 1,
      totalMinor,
      currency,
      submitted,
    };
  });
}

// The rep's choice, else the customer's default when closeloop.yaml still has it, else the first plan.
function planFor(deps: AppDeps, requested: string | undefined, customerDefault: string | null): string {
  if (requested !== undefined) return requested;
  if (customerDefault && own(deps.policy.paymentPlans, customerDefault)) return customerDefault;
  const first = Object.keys(deps.policy.paymentPlans)[0];
  if (!first) throw unknownPaymentPlan(deps, '(none)');
  return first;
}

// Subtotal, tax and the total installments add up to.
export function amountsOf(lines: readonly { amountMinor: number; taxMinor: number }[]): {
  subtotalMinor: number;
  taxMinor: number;
  totalMinor: number;
} {
  const subtotalMinor = orderTotal(lines.map((l) => l.amountMinor));
  const taxMinor = orderTotal(lines.map((l) => l.taxMinor));
  const totalMinor = subtotalMinor + taxMinor;
  if (!Number.isSafeInteger(totalMinor))
    throw invalid('order_line_overflow', 'lines', { line: lines.length });
  return { subtotalMinor, taxMinor, totalMinor };
}

async function ownerOf(uow: UnitOfWork, ownerEmail: string | undefined): Promise<UserRow> {
  if (uow.actor.kind === 'user') return uow.actor.user;
  const email = ownerEmail?.trim().toLowerCase();
  if (!email) throw invalid('order_requester_unknown', 'ownerEmail', { email: '(none)' });
  const [user] = await uow.tx.select().from(users).where(eq(users.email, email));
  if (!user?.active) throw invalid('order_requester_unknown', 'ownerEmail', { email });
  return user;
}

export interface ResolvedLine {
  productId: string | null;
  description: string;
  quantity: number;
  unitPriceMinor: number;
  discountBp: number;
  amountMinor: number;
  taxRateBp: number;
  taxMinor: number;
}

function priceIn(text: string, currency: string, field: string): number {
  const minor = parseAmount(text, currency);
  if (minor === null || minor < 0)
    throw invalid('order_line_price_currency', field, {
      field,
      price: text,
      currency,
      decimals: decimalsOf(currency),
    });
  return minor;
}

export async function resolveLines(
  uow: UnitOfWork,
  requested: LineRequest[],
  pricing: Pricing,
): Promise<ResolvedLine[]> {
  const skus = [...new Set(requested.flatMap((l) => (l.sku?.trim() ? [l.sku.trim().toLowerCase()] : [])))];
  const found = await activeProductsBySkus(uow.tx, skus);
  const bySku = new Map(found.map((p) => [p.sku.toLowerCase(), p]));
  const currency = pricing.currency;
  return requested.map((line, i) => {
    const at = (f: string) => `lines.${i}.${f}`;
    const lineNo = i + 1;
    let productId: string | null = null;
    let description = line.description?.trim() ?? '';
    if (line.currency !== undefined && line.currency !== currency)
      throw invalid('order_line_currency_differs', at('currency'), {
        field: at('currency'),
        currency: line.currency,
        orderCurrency: currency,
      });
    let unitPriceMinor =
      line.unitPrice === undefined ? line.unitPriceMinor : priceIn(line.unitPrice, currency, at('unitPrice'));
    let taxRateBp = pricing.defaultTaxRateBp;
    if (line.sku?.trim()) {
      const product = bySku.get(line.sku.trim().toLowerCase());
      if (!product) throw invalid('order_unknown_sku', at('sku'), { sku: line.sku.trim() });
      productId = product.id;
      description ||= product.name;
      taxRateBp = product.taxRateBp ?? pricing.defaultTaxRateBp;
      unitPriceMinor ??= pricing.prices.get(product.sku.toLowerCase());
      if (unitPriceMinor === undefined) {
        if (product.currency !== currency) {
          throw invalid('order_line_currency', at('unitPrice'), {
            sku: product.sku,
            productCurrency: product.currency,
            currency,
          });
        }
        unitPriceMinor = product.unitPriceMinor;
      }
    } else if (!description || unitPriceMinor === undefined) {
      throw invalid('order_line_needs_price', at(description ? 'unitPrice' : 'description'), {
        line: lineNo,
      });
    }
    const discountBp = line.discountBp ?? 0;
    const amount = lineAmount({ quantity: line.quantity, unitPriceMinor, discountBp });
    if (!amount.ok) {
      const field = amount.error === 'overflow' ? 'quantity' : amount.error;
      throw invalid(`order_line_${amount.error}`, at(field), { line: lineNo });
    }
    return {
      productId,
      description,
      quantity: line.quantity,
      unitPriceMinor,
      discountBp,
      amountMinor: amount.amountMinor,
      taxRateBp,
      taxMinor: lineTax(amount.amountMinor, taxRateBp),
    };
  });
}

// Owns reading a customer's credit facts (exposure, payment history, limit) and judging one order against the policy.
import { and, desc, eq, gt, gte, inArray, ne, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { creditOverrides, customers, dunningEvents, installments, orders } from '../../db/schema.ts';
import {
  assessCredit,
  type CreditAssessment,
  type CreditFlag,
  type CreditRules,
  type Exposure,
} from '../../domain/credit/risk.ts';
import { type CreditScore, creditScore } from '../../domain/credit/score.ts';
import { type AppliedRate, convertOn } from '../../domain/fx/convert.ts';
import { maxDiscountPercent } from '../../domain/orders/order-lines.ts';
import { localDate } from '../../domain/time.ts';
import type { CreditView } from '../../messages/catalogue/orders.ts';
import type { AppDeps } from '../deps.ts';
import { ratesInto } from '../fx/read-rates.ts';
import type { LoadedOrder } from './load-order.ts';

export interface CreditCheck {
  assessment: CreditAssessment;
  score: CreditScore;
  // In `currency`: the customer's (its credit limit's); amounts in others are converted at the latest rate.
  exposure: Exposure;
  limitMinor: number | null;
  currency: string;
  // Pairs with no rate on or before today: their amounts are left out of the exposure, and the card says so.
  missingRates: { from: string; to: string; on: string }[];
  ratesUsed: AppliedRate[];
}

function rulesOf(deps: AppDeps): CreditRules {
  const c = deps.policy.credit;
  const actions: Record<CreditFlag, CreditRules['actions'][CreditFlag]> = {
    over_limit: c.flags.overLimit,
    near_limit: c.flags.nearLimit,
    overdue_balance: c.flags.overdueBalance,
    low_grade: c.flags.lowGrade,
    unusual_discount: c.flags.unusualDiscount,
    new_customer_large_order: c.flags.newCustomerLargeOrder,
    on_credit_hold: c.flags.onCreditHold,
  };
  return {
    warnAt: c.warnAt,
    holdAt: c.holdAt,
    unusualDiscountOver: c.unusualDiscountOver,
    newCustomerDays: c.newCustomerDays,
    largeOrderOver: c.largeOrderOver,
    lowGrades: c.lowGrades,
    actions,
  };
}

// Read fresh on every submit and every decision, so the gate sees payments and other orders since the last look.
export async function checkCredit(
  db: Executor,
  deps: AppDeps,
  loaded: LoadedOrder,
  now: Date,
): Promise<CreditCheck> {
  const { order } = loaded;
  const tz = deps.policy.org.timezone;
  const today = localDate(now, tz);
  const [customer] = await db
    .select({
      createdAt: customers.createdAt,
      limit: customers.creditLimitMinor,
      currency: customers.currency,
    })
    .from(customers)
    .where(eq(customers.id, order.customerId));
  const plan = await db
    .select({
      dueOn: installments.dueOn,
      amountMinor: installments.amountMinor,
      paidMinor: installments.paidMinor,
      paidAt: installments.paidAt,
      currency: installments.currency,
    })
    .from(installments)
    .innerJoin(orders, eq(orders.id, installments.orderId))
    .where(and(eq(orders.customerId, order.customerId), eq(orders.status, 'approved')));
  const waiting = await db
    .select({ currency: orders.currency, minor: sql<string>`coalesce(sum(${orders.totalMinor}), 0)` })
    .from(orders)
    .where(
      and(
        eq(orders.customerId, order.customerId),
        inArray(orders.status, ['pending_approval', 'on_hold']),
        ne(orders.id, order.id),
      ),
    )
    .groupBy(orders.currency);
  // Exposure is counted in the limit's currency; never CNY and USD minor units added together.
  const currency = customer?.currency ?? order.currency;
  const used = [...plan.map((i) => i.currency), ...waiting.map((w) => w.currency), order.currency];
  const known = await ratesInto(db, used, currency, today);
  const missing = new Map<string, { from: string; to: string; on: string }>();
  const ratesUsed = new Map<string, AppliedRate>();
  const inLimitCurrency = (minor: number, from: string): number => {
    const c = convertOn(known, minor, from, currency, today);
    if (!c.ok) {
      missing.set(from, { from, to: currency, on: today });
      return 0;
    }
    if (c.rate) ratesUsed.set(from, c.rate);
    return c.minor;
  };
  const converted = plan.map((i) => ({
    ...i,
    amountMinor: inLimitCurrency(i.amountMinor, i.currency),
    paidMinor: inLimitCurrency(i.paidMinor, i.currency),
  }));
  const open = (dueToday: boolean) =>
    converted
      .filter((i) => i.dueOn <= today === dueToday)
      .reduce((s, i) => s + Math.max(0, i.amountMinor - i.paidMinor), 0);
  const exposure: Exposure = {
    openReceivablesMinor: open(true),
    approvedNotInvoicedMinor: open(false),
    inApprovalMinor:
      waiting.reduce((s, w) => s + inLimitCurrency(Number(w.minor), w.currency), 0) +
      inLimitCurrency(order.totalMinor, order.currency),
  };
  const score = creditScore({
    today,
    customerSince: localDate(customer?.createdAt ?? now, tz),
    installments: converted.map((i) => ({
      dueOn: i.dueOn,
      amountMinor: i.amountMinor,
      paidMinor: i.paidMinor,
      paidOn: i.paidAt && i.paidMinor >= i.amountMinor ? localDate(i.paidAt, tz) : null,
    })),
  });
  const limitMinor = customer?.limit ?? null;
  const onCreditHold = await onCreditHoldOf(db, deps, order.customerId);
  const assessment = assessCredit(
    {
      exposure,
      limitMinor,
      score,
      orderTotalMinor: order.totalMinor,
      currency: order.currency,
      maxDiscountPercent: maxDiscountPercent(loaded.lines),
      onCreditHold,
    },
    rulesOf(deps),
  );
  return {
    assessment,
    score,
    exposure,
    limitMinor,
    currency,
    missingRates: [...missing.values()],
    ratesUsed: [...ratesUsed.values()],
  };
}

// What the approval card shows about credit, in the limit's currency (the order's may differ).
export function creditView(check: CreditCheck): CreditView {
  return {
    currency: check.currency,
    missingRates: check.missingRates,
    ratesUsed: check.ratesUsed,
    exposureMinor: check.assessment.exposureMinor,
    exposure: check.exposure,
    limitMinor: check.limitMinor,
    overdueMinor: check.score.overdueMinor,
    maxDaysOverdue: check.score.maxDaysOverdue,
    score: check.score.score,
    grade: check.score.grade,
    flags: check.assessment.flags,
  };
}

// An approved override releases a hold until it expires, and only for an order no larger than the one it was
// approved for: raising the total after the override brings the hold back.
export async function validOverrideOf(
  db: Executor,
  order: { id: string; totalMinor: number },
  now: Date,
): Promise<{ id: string; expiresAt: Date } | null> {
  const [row] = await db
    .select({ id: creditOverrides.id, expiresAt: creditOverrides.expiresAt })
    .from(creditOverrides)
    .where(
      and(
        eq(creditOverrides.orderId, order.id),
        eq(creditOverrides.status, 'approved'),
        gt(creditOverrides.expiresAt, now),
        gte(creditOverrides.totalMinor, order.totalMinor),
      ),
    )
    .orderBy(desc(creditOverrides.expiresAt))
    .limit(1);
  return row?.expiresAt ? { id: row.id, expiresAt: row.expiresAt } : null;
}

// Derived, never a flag someone must remember to clear: a credit_hold step fired for an installment of the customer
// that still owes (paid or written off releases it by itself).
export async function onCreditHoldOf(db: Executor, deps: AppDeps, customerId: string): Promise<boolean> {
  const offsets = deps.policy.dunning.filter((s) => s.creditHold).map((s) => s.offsetDays);
  if (offsets.length === 0) return false;
  const [row] = await db
    .select({ id: installments.id })
    .from(dunningEvents)
    .innerJoin(installments, eq(installments.id, dunningEvents.installmentId))
    .innerJoin(orders, eq(orders.id, installments.orderId))
    .where(
      and(
        eq(orders.customerId, customerId),
        eq(orders.status, 'approved'),
        inArray(dunningEvents.offsetDays, offsets),
        sql`${installments.paidMinor} < ${installments.amountMinor}`,
      ),
    )
    .limit(1);
  return row !== undefined;
}

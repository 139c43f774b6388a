// Owns the credit gate of an order: the customer's exposure, the risk flags it raises and what the policy does about them.
import { decimalsOf } from '../money.ts';
import type { CreditRisk } from '../orders/approval-policy.ts';
import type { CreditScore, Grade } from './score.ts';

export type CreditFlag =
  | 'over_limit'
  | 'near_limit'
  | 'overdue_balance'
  | 'low_grade'
  | 'unusual_discount'
  | 'new_customer_large_order'
  | 'on_credit_hold';

// warn: shown on the approval card; level: the chain gets the credit level(s); hold: no approval until it clears.
export type FlagAction = 'warn' | 'level' | 'hold';

export interface Exposure {
  // Due and unpaid installments of approved orders.
  openReceivablesMinor: number;
  // Not yet due installments of approved orders: sold, not yet invoiced.
  approvedNotInvoicedMinor: number;
  // The customer's orders waiting for approval, this one included.
  inApprovalMinor: number;
}

export interface CreditRules {
  // Share of the limit at which near_limit (warnAt) and over_limit (holdAt) are raised.
  warnAt: number;
  holdAt: number;
  unusualDiscountOver: number;
  newCustomerDays: number;
  // Major units of the order currency.
  largeOrderOver: number;
  lowGrades: readonly Grade[];
  actions: Record<CreditFlag, FlagAction>;
}

export interface CreditCase {
  exposure: Exposure;
  limitMinor: number | null;
  score: CreditScore;
  orderTotalMinor: number;
  currency: string;
  maxDiscountPercent: number;
  // The dunning ladder's credit_hold step fired for an installment of this customer that is still unpaid.
  onCreditHold?: boolean;
}

export interface CreditAssessment {
  exposureMinor: number;
  flags: { flag: CreditFlag; action: FlagAction }[];
  // The strongest action any flag asks for.
  action: 'none' | FlagAction;
  // What approval levels with `when.creditRisk` compare against.
  risk: CreditRisk;
}

const strength: Record<'none' | FlagAction, number> = { none: 0, warn: 1, level: 2, hold: 3 };

export function totalExposure(e: Exposure): number {
  return e.openReceivablesMinor + e.approvedNotInvoicedMinor + e.inApprovalMinor;
}

export function assessCredit(c: CreditCase, rules: CreditRules): CreditAssessment {
  const exposureMinor = totalExposure(c.exposure);
  const raised: CreditFlag[] = [];
  if (c.limitMinor !== null) {
    // Compare exposure/limit ≥ share without dividing, so a zero limit means "no credit at all".
    const over = exposureMinor > 0 && exposureMinor >= c.limitMinor * rules.holdAt;
    if (over) raised.push('over_limit');
    else if (exposureMinor > 0 && exposureMinor >= c.limitMinor * rules.warnAt) raised.push('near_limit');
  }
  if (c.score.overdueMinor > 0) raised.push('overdue_balance');
  if (rules.lowGrades.includes(c.score.grade)) raised.push('low_grade');
  if (c.maxDiscountPercent > rules.unusualDiscountOver) raised.push('unusual_discount');
  const largeMinor = Math.round(rules.largeOrderOver * 10 ** decimalsOf(c.currency));
  if (c.score.tenureDays < rules.newCustomerDays && c.orderTotalMinor > largeMinor)
    raised.push('new_customer_large_order');
  if (c.onCreditHold) raised.push('on_credit_hold');

  const flags = raised.map((flag) => ({ flag, action: rules.actions[flag] }));
  const action = flags.reduce<'none' | FlagAction>(
    (max, f) => (strength[f.action] > strength[max] ? f.action : max),
    'none',
  );
  const risk: CreditRisk = action === 'none' ? 'low' : action === 'warn' ? 'medium' : 'high';
  return { exposureMinor, flags, action, risk };
}

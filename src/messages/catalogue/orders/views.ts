// Catalogue (orders): the shapes an order card is built from, and the chain line under an order.
import type { CreditFlag, Exposure, FlagAction } from '../../../domain/credit/risk.ts';
import type { Grade } from '../../../domain/credit/score.ts';
import type { AppliedRate } from '../../../domain/fx/convert.ts';
import type { LabelBook, Labels } from '../../../domain/labels.ts';
import type { Change } from '../../../domain/orders/order-diff.ts';
import type { Locale } from '../../model.ts';
import { nameText } from '../names.ts';
import type { PricingView } from './pricing-fields.ts';

export interface OrderSummary {
  number: string;
  version: number;
  customer: string;
  totalMinor: number;
  currency: string;
  lines: { description: string; quantity: number; amountMinor: number }[];
  paymentPlan: string;
  terms: string | null;
  nonStandardTerms: boolean;
  requester: string;
  // Included in totalMinor; an order without tax shows the total alone, as before tax existed.
  taxMinor?: number;
  // The customer's primary contact and billing details, when known.
  contact?: { name: string; phone: string | null; email: string | null } | null;
  billing?: { legalName: string; taxId: string | null } | null;
  // closeloop.yaml labels: the payment plan and its step names are shown as the reader's language has them.
  labels?: LabelBook;
}

// Where an approval sits in the chain: position is 1-based ("2/3 finance").
export interface LevelInfo {
  position: number;
  count: number;
  name: string;
  // The level's zh-CN / en labels from closeloop.yaml, when it has any.
  labels?: Labels;
}

export interface InstallmentLine {
  label: string;
  dueOn: string;
  amountMinor: number;
}

// Who decided: a name, or a stand-in with the policy's approver they decided for (null when it was that approver).
export type Decider = string | { name: string; standingInFor: string | null };

export type Outcome = { kind: 'approved'; by: Decider } | { kind: 'rejected'; by: Decider; reason: string };

export interface StatusStep {
  position: number;
  name: string;
  mode: 'any' | 'all';
  approvers: {
    name: string;
    // The away approver this one stands in for.
    standingInFor?: string | null;
    status: string;
    reason: string | null;
    decidedAt: string | null;
  }[];
}

export interface StatusView {
  order: OrderSummary;
  status: string;
  // Set when the viewer may change the order: the card gets an Edit button that opens the edit form.
  editable?: { orderId: string };
  steps: StatusStep[];
  installments: (InstallmentLine & { paidMinor: number })[];
}

// The credit facts an approval card spells out: why the gate said what it said.
export interface CreditView {
  // The credit limit's currency; every amount below is in it.
  currency: string;
  // Pairs with no exchange rate: their amounts are not in the exposure (the card says which).
  missingRates?: readonly { from: string; to: string; on: string }[];
  ratesUsed?: readonly AppliedRate[];
  exposureMinor: number;
  exposure: Exposure;
  limitMinor: number | null;
  overdueMinor: number;
  maxDaysOverdue: number;
  score: number;
  grade: Grade;
  flags: { flag: CreditFlag; action: FlagAction }[];
}

export interface ApprovalExtras {
  changes?: { fromVersion: number; items: Change[] } | null;
  credit?: CreditView;
  // The card goes to a stand-in: it names them and the away approver they approve for.
  standIn?: { name: string; standingInFor: string };
  // Discount against list, and margin when the card's reader may see cost.
  pricing?: PricingView;
}

export interface OrderListItem {
  id: string;
  // The asker's open approval of the order ("order waiting"), for its Approve / Reject buttons.
  approvalId?: string;
  number: string;
  version: number;
  status: string;
  totalMinor: number;
  currency: string;
  customer: string;
  // The open approval level, "2/3 director"; null when no level is open.
  step: string | null;
  requester: string | null;
  // Every level of the current version's chain in order, for the progress line; absent or empty before submit.
  steps?: { name: string; state: ListStepState }[];
}

export type ListStepState = 'done' | 'open' | 'waiting' | 'rejected';

// Marks that read the same in both languages: ✓ approved, ▶ deciding now, ○ not reached yet, ✗ rejected there.
export const stepMarks: Record<ListStepState, string> = { done: '✓', open: '▶', waiting: '○', rejected: '✗' };

// "✓ manager → ▶ finance → ○ legal": where the whole chain stands, under the order's line.
export function stepsLine(
  steps: readonly { name: string; state: ListStepState }[],
  locale: Locale = 'en',
  book?: LabelBook,
): string {
  return steps
    .map((s) => {
      const name = nameText('levels', s.name, locale, book);
      return s.state === 'open' ? `${stepMarks[s.state]} **${name}**` : `${stepMarks[s.state]} ${name}`;
    })
    .join(' → ');
}

export interface AttachmentView {
  id: string;
  fileName: string;
  sizeBytes: number;
  contentType: string | null;
  by: string | null;
  at: Date;
}

export interface HistoryView {
  number: string;
  currency: string;
  currentVersion: number;
  status: string;
  timezone: string;
  comments: { by: string | null; at: Date; body: string }[];
  attachments: AttachmentView[];
  versions: {
    version: number;
    by: string | null;
    at: Date;
    totalMinor: number;
    changes: Change[];
    decisions: { level: string; status: string; by: string; reason: string | null; at: Date | null }[];
  }[];
}

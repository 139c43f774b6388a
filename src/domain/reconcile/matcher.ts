// Owns deciding what one bank line pays: which open installments, how much each, with what confidence and why.
import { type Candidate, oldestFirst, outstanding, searchCombinations } from './combination-search.ts';
import { referenceCandidates, referenceKey, unknownReference } from './memo-references.ts';
import { highestConfidenceFirst } from './suggestion-order.ts';

// What callers and the matcher's tests knew from here before the memo reading and the search had modules of their own.
export { type Candidate, matcherLimits, outstanding, searchCombinations } from './combination-search.ts';
export { referenceCandidates, referenceKey, unknownReference } from './memo-references.ts';

export type ExceptionKind =
  | 'unknown_reference'
  // The memo names an invoice number no installment carries (INV-2026-9999): not an order number.
  | 'unknown_invoice'
  | 'amount_mismatch'
  | 'currency_mismatch'
  | 'no_reference'
  | 'ambiguous'
  | 'low_confidence'
  | 'overpayment'
  // The line repeats money already imported (an earlier line under another bank id) or pays an order already paid.
  | 'duplicate'
  // No order named and a payer no customer is mapped to (no_reference is the same with a known or no payer).
  | 'unknown_payer';

export interface BankLine {
  amountMinor: number;
  currency: string;
  memo: string | null;
  payer?: string | null;
}

export interface OpenInstallment {
  id: string;
  orderId: string;
  orderNumber: string;
  customerId: string;
  position: number;
  label: string;
  dueOn: string;
  amountMinor: number;
  // Everything already settled against it (cash and write-offs, manual or automatic): never taken back here.
  settledMinor: number;
  currency: string;
  // The invoice finance issued for it, when one was: a memo naming it names this installment alone.
  invoiceNo: string | null;
}

// A receipt recorded before its bank line arrived (the ERP through POST /api/payments, or finance in chat): it has
// paid its installments already, so the bank line that later brings that money confirms it instead of paying again.
export interface OpenReceipt {
  id: string;
  customerId: string;
  orderNumber: string;
  amountMinor: number;
  currency: string;
  // The ERP's document number, when it gave one.
  reference: string | null;
  receivedOn: string;
}

// Both sides, each as the smaller of a percent of what is owed and an absolute cap in minor units.
export interface Tolerance {
  under: { percent: number; maxMinor: number };
  over: { percent: number; maxMinor: number };
}

export const noTolerance: Tolerance = {
  under: { percent: 0, maxMinor: 0 },
  over: { percent: 0, maxMinor: 0 },
};

// Where the candidates came from, strongest first: the memo names the order, the payer is a known customer,
// or only the amount equals what one installment still owes.
export type Basis = 'reference' | 'payer' | 'amount';

export type Fit = 'exact' | 'combination' | 'under' | 'over' | 'partial' | 'overpayment';

export interface MatchContext {
  // Orders the memo names (referenceKey of the order number, or of an installment's invoiceNo, among
  // referenceCandidates(memo)), with every installment, open or not.
  referenced: readonly { orderNumber: string; installments: readonly OpenInstallment[] }[];
  // Open installments of the customer the payer is mapped to (learned from confirmed matches); empty when unknown.
  payerInstallments: readonly OpenInstallment[];
  payerCustomer: string | null;
  // Open installments whose outstanding amount equals the line's, when neither reference nor payer is known.
  sameAmount: readonly OpenInstallment[];
  // Receipts not yet confirmed by a bank line, of the line's amount and currency (the matcher checks who and what).
  receipts: readonly OpenReceipt[];
  toleranceFor: (customerId: string) => Tolerance;
  // Confidence at or above which a match posts without a person; below it is a suggestion.
  autoConfirmAbove: number;
  // An already imported line with this line's amount, currency, payer and memo, booked within a few days,
  // under another bank transaction id: the same money reported twice (the app finds it; null when none).
  twin?: { bankTxnId: string | null; bookedOn: string } | null;
  // referenceCandidates(memo), when the caller has read them already (the candidate book does, for each line).
  memoKeys?: readonly string[];
}

export interface Allocation {
  installmentId: string;
  orderNumber: string;
  dueOn: string;
  amountMinor: number;
  // Shown beside the order on the exception card once finance has issued it.
  invoiceNo?: string | null;
}

export interface Proposal {
  basis: Basis;
  fit: Fit;
  customerId: string;
  allocations: Allocation[];
  // Shortfall within tolerance, closed on the installment it belongs to.
  writeOffs: { installmentId: string; amountMinor: number }[];
  // Paid above what was owed: within tolerance it is a small gain; beyond, a credit for the customer (a task).
  excessMinor: number;
  confidence: number;
  // True when another proposal is exactly as good: a person has to choose.
  tied: boolean;
}

export type MatchOutcome =
  | { kind: 'auto'; proposal: Proposal; reference: string | null }
  // The line is the money of a receipt already recorded: link it, pay nothing again.
  | { kind: 'receipt'; receiptId: string; by: 'reference' | 'payer'; reference: string | null }
  | { kind: 'exception'; exception: ExceptionKind; reference: string | null; suggestions: Proposal[] };

const confidence: Record<Basis, Record<Fit, number>> = {
  reference: { exact: 0.99, combination: 0.97, under: 0.95, over: 0.95, partial: 0.93, overpayment: 0.92 },
  payer: { exact: 0.92, combination: 0.85, under: 0.82, over: 0.82, partial: 0.6, overpayment: 0.55 },
  amount: { exact: 0.6, combination: 0.4, under: 0.4, over: 0.4, partial: 0.2, overpayment: 0.2 },
};
const tiedConfidence = 0.5;
// The customer is known and exactly one set of its open installments fits the amount within tolerance (the search
// saw every set): as sure as the payer paying one installment exactly.
const uniqueFitConfidence = confidence.payer.exact;

// Best first: closest to the amount, then the oldest installments (compared due date by due date), then fewer; a
// full order (order number, position) among sets equal on those, so the result does not depend on search order.
function compareCandidates(a: Candidate, b: Candidate): number {
  const d = Math.abs(a.difference) - Math.abs(b.difference);
  if (d !== 0) return d;
  const n = Math.min(a.set.length, b.set.length);
  for (let k = 0; k < n; k++) {
    const c = (a.set[k] as OpenInstallment).dueOn.localeCompare((b.set[k] as OpenInstallment).dueOn);
    if (c !== 0) return c;
  }
  if (a.set.length !== b.set.length) return a.set.length - b.set.length;
  for (let k = 0; k < n; k++) {
    const c = oldestFirst(a.set[k] as OpenInstallment, b.set[k] as OpenInstallment);
    if (c !== 0) return c;
  }
  return 0;
}

function sameRank(a: Candidate, b: Candidate): boolean {
  return (
    Math.abs(a.difference) === Math.abs(b.difference) &&
    a.set.length === b.set.length &&
    a.set.every((x, k) => x.dueOn === (b.set[k] as OpenInstallment).dueOn)
  );
}

function proposalOf(basis: Basis, c: Candidate, tied: boolean): Proposal {
  const fit: Fit =
    c.difference === 0 ? (c.set.length === 1 ? 'exact' : 'combination') : c.difference < 0 ? 'under' : 'over';
  const first = c.set[0] as OpenInstallment;
  const allocations = c.set.map((i) => ({
    installmentId: i.id,
    orderNumber: i.orderNumber,
    dueOn: i.dueOn,
    amountMinor: outstanding(i),
    ...(i.invoiceNo ? { invoiceNo: i.invoiceNo } : {}),
  }));
  const writeOffs: Proposal['writeOffs'] = [];
  if (c.difference < 0) {
    // The shortfall comes off the newest installment of the set: the older ones count as paid in full.
    let short = -c.difference;
    for (let k = allocations.length - 1; k >= 0 && short > 0; k--) {
      const a = allocations[k] as Allocation;
      const take = Math.min(short, a.amountMinor);
      a.amountMinor -= take;
      writeOffs.push({ installmentId: a.installmentId, amountMinor: take });
      short -= take;
    }
  }
  return {
    basis,
    fit,
    customerId: first.customerId,
    allocations: allocations.filter((a) => a.amountMinor > 0),
    writeOffs,
    excessMinor: Math.max(0, c.difference),
    confidence: tied ? tiedConfidence : confidence[basis][fit],
    tied,
  };
}

// Oldest first until the money runs out (a partial payment) or the installments do (an overpayment).
function fill(basis: Basis, open: OpenInstallment[], amount: number): Proposal {
  let left = amount;
  const allocations: Allocation[] = [];
  for (const i of open) {
    if (left === 0) break;
    const take = Math.min(left, outstanding(i));
    allocations.push({
      installmentId: i.id,
      orderNumber: i.orderNumber,
      dueOn: i.dueOn,
      amountMinor: take,
      ...(i.invoiceNo ? { invoiceNo: i.invoiceNo } : {}),
    });
    left -= take;
  }
  const fit: Fit = left > 0 ? 'overpayment' : 'partial';
  return {
    basis,
    fit,
    customerId: (open[0] as OpenInstallment).customerId,
    allocations,
    writeOffs: [],
    excessMinor: left,
    confidence: confidence[basis][fit],
    tied: false,
  };
}

// Proposals for one pool of open installments (one customer's, or those the memo names), best first.
function proposalsFor(basis: Basis, pool: readonly OpenInstallment[], line: BankLine, ctx: MatchContext) {
  const open = pool.filter((i) => outstanding(i) > 0 && i.currency === line.currency).sort(oldestFirst);
  if (open.length === 0) return [];
  const tolerance = ctx.toleranceFor((open[0] as OpenInstallment).customerId);
  const search = searchCombinations(open, line.amountMinor, tolerance);
  const found = search.found.sort(compareCandidates);
  const best = found[0];
  if (best) {
    const tied = found.length > 1 && sameRank(best, found[1] as Candidate);
    const proposals = found
      .slice(0, 3)
      .map((c, k) => proposalOf(basis, c, k === 0 ? tied : sameRank(best, c)));
    // The payer's customer owes exactly one set that fits: nothing for a person to choose between.
    const only = proposals[0];
    if (basis === 'payer' && found.length === 1 && search.complete && only)
      only.confidence = Math.max(only.confidence, uniqueFitConfidence);
    return proposals;
  }
  return [fill(basis, open, line.amountMinor)];
}

function decide(
  suggestions: Proposal[],
  reference: string | null,
  ctx: MatchContext,
  fallback: ExceptionKind,
): MatchOutcome {
  const best = suggestions[0];
  if (!best) return { kind: 'exception', exception: fallback, reference, suggestions: [] };
  if (!best.tied && best.confidence >= ctx.autoConfirmAbove)
    return { kind: 'auto', proposal: best, reference };
  const exception: ExceptionKind = best.tied
    ? 'ambiguous'
    : best.fit === 'overpayment'
      ? 'overpayment'
      : best.fit === 'partial'
        ? 'amount_mismatch'
        : 'low_confidence';
  return {
    kind: 'exception',
    exception,
    reference,
    suggestions: highestConfidenceFirst(suggestions).slice(0, 3),
  };
}

// The receipt this line is the money of: same amount and currency, and the memo names its order, invoice or ERP
// document, or the payer is its customer. Named beats payer; the oldest receipt first among equals.
function receiptOf(line: BankLine, ctx: MatchContext, keys: Set<string>) {
  const fits = ctx.receipts.filter((r) => r.amountMinor === line.amountMinor && r.currency === line.currency);
  if (fits.length === 0) return null;
  const invoicesOf = new Map<string, string[]>();
  for (const o of ctx.referenced)
    for (const i of o.installments)
      if (i.invoiceNo) invoicesOf.set(o.orderNumber, [...(invoicesOf.get(o.orderNumber) ?? []), i.invoiceNo]);
  const named = (r: OpenReceipt) =>
    [r.orderNumber, r.reference ?? '', ...(invoicesOf.get(r.orderNumber) ?? [])].some(
      (text) => text !== '' && keys.has(referenceKey(text)),
    );
  const oldest = (a: OpenReceipt, b: OpenReceipt) =>
    a.receivedOn.localeCompare(b.receivedOn) || a.id.localeCompare(b.id);
  const byName = fits.filter(named).sort(oldest)[0];
  if (byName) return { receipt: byName, by: 'reference' as const };
  const byPayer = fits.filter((r) => r.customerId === ctx.payerCustomer).sort(oldest)[0];
  return byPayer ? { receipt: byPayer, by: 'payer' as const } : null;
}

export function matchLine(line: BankLine, ctx: MatchContext): MatchOutcome {
  const firstRef = ctx.referenced[0]?.orderNumber ?? null;
  if (line.amountMinor <= 0) {
    // Money going out (a refund, a fee) never pays an installment.
    return { kind: 'exception', exception: 'amount_mismatch', reference: firstRef, suggestions: [] };
  }
  if (ctx.twin) return { kind: 'exception', exception: 'duplicate', reference: firstRef, suggestions: [] };
  const keys = new Set(ctx.memoKeys ?? referenceCandidates(line.memo));
  const receipt = receiptOf(line, ctx, keys);
  if (receipt)
    return {
      kind: 'receipt',
      receiptId: receipt.receipt.id,
      by: receipt.by,
      reference: receipt.receipt.orderNumber,
    };
  if (ctx.referenced.length > 0) {
    const every = ctx.referenced.flatMap((o) => o.installments);
    // An invoice number names its installment alone: the payment is for it, not for the order's oldest.
    const invoiced = every.filter((i) => i.invoiceNo !== null && keys.has(referenceKey(i.invoiceNo)));
    const all = invoiced.length > 0 ? invoiced : every;
    const open = all.filter((i) => outstanding(i) > 0);
    // Everything the memo names is paid already: a second payment for it, not a new one.
    if (open.length === 0 && all.length > 0)
      return { kind: 'exception', exception: 'duplicate', reference: firstRef, suggestions: [] };
    if (open.length > 0 && !open.some((i) => i.currency === line.currency)) {
      return { kind: 'exception', exception: 'currency_mismatch', reference: firstRef, suggestions: [] };
    }
    // Orders of one customer form one pool (a payment may cover several of them); several customers, several pools.
    const byCustomer = new Map<string, OpenInstallment[]>();
    for (const i of open) {
      const pool = byCustomer.get(i.customerId);
      if (pool) pool.push(i);
      else byCustomer.set(i.customerId, [i]);
    }
    const pools = [...byCustomer.values()].map((p) => proposalsFor('reference', p, line, ctx));
    const suggestions = pools.flat().sort((a, b) => b.confidence - a.confidence);
    const best = suggestions[0];
    // Two customers' orders both fitting exactly is as ambiguous as two combinations of one customer.
    if (best && pools.filter((p) => p[0]?.fit === best.fit && p[0].confidence === best.confidence).length > 1)
      best.tied = true;
    if (best?.tied) best.confidence = tiedConfidence;
    return decide(suggestions, firstRef, ctx, 'amount_mismatch');
  }
  if (ctx.payerCustomer !== null) {
    const pool = ctx.payerInstallments.filter((i) => i.customerId === ctx.payerCustomer);
    const open = pool.filter((i) => outstanding(i) > 0);
    if (open.length > 0 && !open.some((i) => i.currency === line.currency)) {
      return { kind: 'exception', exception: 'currency_mismatch', reference: null, suggestions: [] };
    }
    const suggestions = proposalsFor('payer', pool, line, ctx);
    return decide(suggestions, null, ctx, 'no_reference');
  }
  const named = unknownReference(line.memo);
  const unknown = named?.key ?? null;
  const single = ctx.sameAmount
    .filter((i) => i.currency === line.currency && outstanding(i) === line.amountMinor)
    .sort(oldestFirst)
    .slice(0, 3)
    .map((i) => proposalOf('amount', { set: [i], difference: 0 }, ctx.sameAmount.length > 1));
  const kind: ExceptionKind = named
    ? named.kind === 'invoice'
      ? 'unknown_invoice'
      : 'unknown_reference'
    : line.payer?.trim()
      ? 'unknown_payer'
      : 'no_reference';
  // The amount alone never posts: at best it is a hint for the person who works the exception.
  return { kind: 'exception', exception: kind, reference: unknown, suggestions: single };
}

// Owns the file-wide view of what a statement can pay: candidate installments indexed by order number, customer and
// outstanding amount, the payer mappings, and both kept current as the file's lines are matched one after another.
import { foldCompanyName } from '../leads/normalise.ts';
import {
  type MatchContext,
  type OpenInstallment,
  type OpenReceipt,
  outstanding,
  type Proposal,
  referenceCandidates,
  referenceKey,
} from './matcher.ts';

// A payer name reduced to what survives punctuation, width and case: "ACME Tools Co., Ltd." → "acmetoolscoltd".
export function payerNameKey(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
}

export function payerAccountKey(account: string): string {
  return account
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '');
}

// A payer's or customer's name as lead dedupe compares companies (full-width, case, 有限公司 / Co., Ltd. forms):
// "ＡＣＭＥ Tools Co., Ltd." and "Acme Tools" meet.
export function customerNameKey(name: string): string {
  return foldCompanyName(name);
}

export interface CustomerNames {
  id: string;
  name: string;
  legalName: string | null;
  aliases: readonly string[];
}

// Each name key and the one customer it names; a key two customers share names neither (a person decides).
export function customerNameIndex(customers: readonly CustomerNames[]): Map<string, string> {
  const owners = new Map<string, string | null>();
  for (const c of customers) {
    const keys = new Set(
      [c.name, c.legalName ?? '', ...c.aliases].map(customerNameKey).filter((k) => k !== ''),
    );
    for (const key of keys) {
      const owner = owners.get(key);
      owners.set(key, owner === undefined || owner === c.id ? c.id : null);
    }
  }
  const index = new Map<string, string>();
  for (const [key, owner] of owners) if (owner !== null) index.set(key, owner);
  return index;
}

export type PayerKind = 'account' | 'name';

export interface PayerKey {
  kind: PayerKind;
  key: string;
}

// Account number before name, the order a payer is looked up in; blanks dropped.
export function payerKeys(payer: { name: string | null; account: string | null }): PayerKey[] {
  const keys: PayerKey[] = [
    { kind: 'account', key: payer.account ? payerAccountKey(payer.account) : '' },
    { kind: 'name', key: payer.name ? payerNameKey(payer.name) : '' },
  ];
  return keys.filter((k) => k.key !== '');
}

export interface CandidateOrder {
  id: string;
  number: string;
  // Only an approved order owes anything; any other named order is still "named" (an amount mismatch for finance).
  approved: boolean;
  // The invoice numbers of its installments, as referenceKey compacts them: a memo naming one names the order.
  invoiceKeys: readonly string[];
}

export interface CandidateRows {
  // Every order a memo of the file may name, whatever its status.
  orders: readonly CandidateOrder[];
  // Every installment of the approved named orders, and every open installment of approved orders of every customer
  // a payer of the file is (or may become) mapped to. Settling changes only these.
  installments: readonly OpenInstallment[];
  payers: readonly (PayerKey & { customerId: string })[];
  // Customers named by the file's payers (customerNameKey of a name, legal name or alias), for a payer no mapping
  // knows yet: the first payment of a customer is known by its name.
  customerNames: readonly { key: string; customerId: string }[];
  // For lines naming nobody: the oldest few open installments per currency and outstanding amount among those NOT in
  // `installments` (which cannot change while the file is matched, so they stay the oldest).
  amountHints: readonly OpenInstallment[];
  // Receipts recorded before their bank line (ERP, chat) of the amounts and currencies the file's lines carry.
  receipts: readonly OpenReceipt[];
}

export interface SettledRow {
  installmentId: string;
  amountMinor: number;
  writeOff: boolean;
  settledBefore: number;
  settledAfter: number;
  // True when this row leaves the installment owing nothing.
  paidOff: boolean;
}

export type LineContext = Pick<
  MatchContext,
  'referenced' | 'payerCustomer' | 'payerInstallments' | 'sameAmount' | 'receipts' | 'memoKeys'
>;

export interface CandidateBook {
  // The matcher's view for one line, as the database would answer it after every earlier line of the file.
  context(line: {
    amountMinor: number;
    currency: string;
    memo: string | null;
    payer: string | null;
    payerAccount: string | null;
  }): LineContext;
  // Applies a proposal to the in-memory amounts; throws when it would take more than an installment owes.
  settle(proposal: Proposal): SettledRow[];
  // The line turned out to be this receipt's money: no later line can be it as well.
  claimReceipt(id: string): void;
  // Remembers the payer as this customer's, as a confirmed match teaches it; returns the keys it was learned under.
  learn(payer: { name: string | null; account: string | null }, customerId: string): PayerKey[];
  installment(id: string): OpenInstallment | undefined;
}

// The same window the per-line query used: a payer's oldest 60 open installments.
export const payerWindow = 60;
const hintCount = 3;

const byDueThenId = (a: OpenInstallment, b: OpenInstallment) =>
  a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

// Values by currency and amount, without building a "currency|amount" string per look-up (one per line and per
// installment settled, each garbage at once).
class ByAmount<T> {
  private readonly byCurrency = new Map<string, Map<number, T>>();
  constructor(private readonly empty: () => T) {}
  get(currency: string, amount: number): T | undefined {
    return this.byCurrency.get(currency)?.get(amount);
  }
  at(currency: string, amount: number): T {
    let amounts = this.byCurrency.get(currency);
    if (!amounts) {
      amounts = new Map();
      this.byCurrency.set(currency, amounts);
    }
    let value = amounts.get(amount);
    if (value === undefined) {
      value = this.empty();
      amounts.set(amount, value);
    }
    return value;
  }
  set(currency: string, amount: number, value: T): void {
    this.at(currency, amount);
    this.byCurrency.get(currency)?.set(amount, value);
  }
  *entries(): IterableIterator<[string, number, T]> {
    for (const [currency, amounts] of this.byCurrency)
      for (const [amount, value] of amounts) yield [currency, amount, value];
  }
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

// The reference keys of one memo, read once however often the file's lines and the book ask (memoKeys below).
export type MemoKeys = (memo: string | null) => readonly string[];

// referenceCandidates, remembered per memo text for one file: the loader, the book and the matcher each need a
// line's keys, and a memo repeated across lines is read once.
export function memoKeyReader(): MemoKeys {
  const read = remembered(referenceCandidates);
  return (memo) => (memo ? read(memo) : []);
}

// fn of a text, worked out once per distinct text for the life of the returned function (one file).
function remembered<T>(fn: (text: string) => T): (text: string) => T {
  const known = new Map<string, T>();
  return (text) => {
    let value = known.get(text);
    if (value === undefined) {
      value = fn(text);
      known.set(text, value);
    }
    return value;
  };
}

export function candidateBook(rows: CandidateRows, memoKeys: MemoKeys = referenceCandidates): CandidateBook {
  // Mutable copies: the matcher reads them through each line's context, settle() moves their settled amounts.
  // Copied field by field: a loaded row may carry more (paidAt) than the matcher is given.
  const installments = new Map<string, OpenInstallment>();
  for (const i of rows.installments)
    installments.set(i.id, {
      id: i.id,
      orderId: i.orderId,
      orderNumber: i.orderNumber,
      customerId: i.customerId,
      position: i.position,
      label: i.label,
      dueOn: i.dueOn,
      amountMinor: i.amountMinor,
      settledMinor: i.settledMinor,
      currency: i.currency,
      invoiceNo: i.invoiceNo,
    });

  const ordersByKey = new Map<string, CandidateOrder[]>();
  for (const o of rows.orders) {
    for (const key of new Set([referenceKey(o.number), ...o.invoiceKeys])) pushTo(ordersByKey, key, o);
  }
  const ofOrder = new Map<string, OpenInstallment[]>();
  const ofCustomer = new Map<string, OpenInstallment[]>();
  const owing = new ByAmount<Set<OpenInstallment>>(() => new Set());
  for (const i of installments.values()) {
    pushTo(ofOrder, i.orderId, i);
    if (outstanding(i) <= 0) continue;
    pushTo(ofCustomer, i.customerId, i);
    owing.at(i.currency, outstanding(i)).add(i);
  }
  for (const list of ofCustomer.values()) list.sort(byDueThenId);
  const hints = new ByAmount<OpenInstallment[]>(() => []);
  for (const h of rows.amountHints) hints.at(h.currency, outstanding(h)).push(h);
  const receipts = new ByAmount<OpenReceipt[]>(() => []);
  for (const r of rows.receipts) receipts.at(r.currency, r.amountMinor).push(r);
  // Learned payers by kind: account keys and name keys never meet.
  // A Map by kind: a stored kind the code does not know is skipped, never an index into an object.
  const payers = new Map<PayerKind, Map<string, string>>([
    ['account', new Map()],
    ['name', new Map()],
  ]);
  for (const p of rows.payers) payers.get(p.kind)?.set(p.key, p.customerId);
  const byName = new Map(rows.customerNames.map((n) => [n.key, n.customerId]));
  // A payer's keys, normalised once per name and account text for the file (lines of one payer repeat them).
  const nameKeyOf = remembered(customerNameKey);
  const payerNameKeyOf = remembered(payerNameKey);
  const accountKeyOf = remembered(payerAccountKey);
  const keysOf = (payer: { name: string | null; account: string | null }): PayerKey[] => {
    const keys: PayerKey[] = [];
    const account = payer.account ? accountKeyOf(payer.account) : '';
    if (account !== '') keys.push({ kind: 'account', key: account });
    const name = payer.name ? payerNameKeyOf(payer.name) : '';
    if (name !== '') keys.push({ kind: 'name', key: name });
    return keys;
  };

  // What confirmed matches taught first (account, then name), then the customer the name is.
  function customerOf(payer: { name: string | null; account: string | null }): string | null {
    for (const k of keysOf(payer)) {
      const found = payers.get(k.kind)?.get(k.key);
      if (found) return found;
    }
    if (!payer.name || byName.size === 0) return null;
    const key = nameKeyOf(payer.name);
    return byName.get(key) ?? null;
  }

  return {
    context(line) {
      const referenced: MatchContext['referenced'][number][] = [];
      const seen = new Set<string>();
      const keys = memoKeys(line.memo);
      for (const key of keys) {
        for (const o of ordersByKey.get(key) ?? []) {
          if (seen.has(o.id)) continue;
          seen.add(o.id);
          referenced.push({
            orderNumber: o.number,
            installments: o.approved ? (ofOrder.get(o.id) ?? []) : [],
          });
        }
      }
      const payerCustomer =
        referenced.length > 0 ? null : customerOf({ name: line.payer, account: line.payerAccount });
      const payerInstallments: OpenInstallment[] = [];
      if (payerCustomer !== null) {
        for (const i of ofCustomer.get(payerCustomer) ?? []) {
          if (payerInstallments.length === payerWindow) break;
          if (outstanding(i) > 0) payerInstallments.push(i);
        }
      }
      const sameAmount =
        referenced.length > 0 || payerCustomer !== null
          ? []
          : [
              ...(hints.get(line.currency, line.amountMinor) ?? []),
              ...(owing.get(line.currency, line.amountMinor) ?? []),
            ]
              .sort(byDueThenId)
              .slice(0, hintCount);
      return {
        referenced,
        payerCustomer,
        payerInstallments,
        sameAmount,
        receipts: receipts.get(line.currency, line.amountMinor) ?? [],
        memoKeys: keys,
      };
    },

    settle(proposal) {
      const rows: SettledRow[] = [];
      const take = (installmentId: string, amountMinor: number, writeOff: boolean) => {
        const i = installments.get(installmentId);
        if (!i || amountMinor > outstanding(i))
          throw new Error(`installment ${installmentId} does not owe ${amountMinor}`);
        owing.get(i.currency, outstanding(i))?.delete(i);
        const settledBefore = i.settledMinor;
        i.settledMinor += amountMinor;
        if (outstanding(i) > 0) owing.at(i.currency, outstanding(i)).add(i);
        rows.push({
          installmentId,
          amountMinor,
          writeOff,
          settledBefore,
          settledAfter: i.settledMinor,
          paidOff: outstanding(i) <= 0,
        });
      };
      for (const a of proposal.allocations) take(a.installmentId, a.amountMinor, false);
      for (const w of proposal.writeOffs) take(w.installmentId, w.amountMinor, true);
      return rows;
    },

    claimReceipt(id) {
      // A new list rather than one changed in place: a context handed out before keeps what it saw.
      for (const [currency, amount, list] of receipts.entries())
        if (list.some((r) => r.id === id))
          receipts.set(
            currency,
            amount,
            list.filter((r) => r.id !== id),
          );
    },

    learn(payer, customerId) {
      const keys = keysOf(payer);
      for (const k of keys) payers.get(k.kind)?.set(k.key, customerId);
      return keys;
    },

    installment: (id) => installments.get(id),
  };
}

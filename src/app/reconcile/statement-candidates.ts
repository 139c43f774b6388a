// Owns loading, in a handful of queries, everything a statement file can pay or name — and locking what it can pay.
import {
  allCustomerNames,
  customerTiers,
  lockCandidateInstallments,
  lockUnconfirmedReceipts,
  oldestOwing,
  ordersInvoiced,
  ordersNumbered,
  payerMappingsOf,
} from '../../db/statement-candidates.ts';
import { isUuid } from '../../domain/ids.ts';
import {
  type CandidateRows,
  customerNameIndex,
  customerNameKey,
  type MemoKeys,
  payerKeys,
} from '../../domain/reconcile/candidate-book.ts';
import { type OpenReceipt, referenceCandidates, referenceKey } from '../../domain/reconcile/matcher.ts';
import type { StatementLine } from '../../domain/reconcile/statement-csv.ts';
import type { UnitOfWork } from '../unit-of-work.ts';

// statement-writes.ts still imports it from here.
export { arrayParam } from '../../db/statement-candidates.ts';

export interface StatementCandidates {
  rows: CandidateRows;
  // When each loaded installment already paid off was; one without an entry has not been (most of them).
  paidAt: Map<string, Date>;
  tiers: Map<string, string | null>;
}

export async function loadStatementCandidates(
  uow: UnitOfWork,
  lines: readonly StatementLine[],
  memoKeys: MemoKeys = referenceCandidates,
): Promise<StatementCandidates> {
  const tx = uow.tx;
  const keys = new Set<string>();
  // Each payer's name and account normalised once, however many lines it paid.
  const payerNames = new Set<string>();
  const payerAccounts = new Set<string>();
  for (const line of lines) {
    for (const k of memoKeys(line.memo)) keys.add(k);
    if (line.payer) payerNames.add(line.payer);
    if (line.payerAccount) payerAccounts.add(line.payerAccount);
  }
  const payerKeysOfFile = [
    ...[...payerAccounts].flatMap((account) => payerKeys({ name: null, account })),
    ...[...payerNames].flatMap((name) => payerKeys({ name, account: null })),
  ];

  const byNumber = await ordersNumbered(tx, [...keys]);
  // An invoice number in the memo names its installment's order as well.
  const byInvoice = await ordersInvoiced(tx, [...keys]);
  const namedById = new Map<string, (typeof byNumber)[number] & { invoiceKeys: string[] }>();
  const entryOf = (o: (typeof byNumber)[number]) => {
    const entry = namedById.get(o.id) ?? { ...o, invoiceKeys: [] };
    namedById.set(o.id, entry);
    return entry;
  };
  for (const o of byNumber) entryOf(o);
  for (const { invoiceNo, ...o } of byInvoice)
    if (invoiceNo) entryOf(o).invoiceKeys.push(referenceKey(invoiceNo));
  const named = [...namedById.values()];

  const accounts = [...new Set(payerKeysOfFile.filter((k) => k.kind === 'account').map((k) => k.key))];
  const names = [...new Set(payerKeysOfFile.filter((k) => k.kind === 'name').map((k) => k.key))];
  // Accounts are stored as blind indexes; plain ones are mappings learned before encryption, not yet backfilled.
  const ring = uow.deps.keyring;
  const plainOf = new Map(accounts.map((a) => [ring.blindIndex('account', a), a]));
  const storedAccounts = [...plainOf.keys(), ...accounts];
  const found = await payerMappingsOf(tx, storedAccounts, names);

  const payers = found.map((p) => (p.kind === 'account' ? { ...p, key: plainOf.get(p.key) ?? p.key } : p));

  const customerNames = await customersNamedBy(uow, payerNames);

  const approvedNamed = named.filter((o) => o.status === 'approved');
  // A payer learned from a match in this very file maps to a named order's customer: load those customers too.
  const customerIds = [
    ...new Set([
      ...payers.map((p) => p.customerId),
      ...customerNames.map((n) => n.customerId),
      ...approvedNamed.map((o) => o.customerId),
    ]),
  ];

  // Why row locks, taken here in one id-ordered statement: confirmations, manual matches and ERP receipts lock just
  // the installments they pay (FOR UPDATE, id order) and may run during an import. Holding every candidate the
  // file can pay, locked in one sorted sweep, makes them wait (or us wait for them) without a deadlock, and the
  // amounts read here stay true until commit. Imports among themselves are serialised by an advisory lock instead.
  const loaded = await lockCandidateInstallments(
    tx,
    approvedNamed.map((o) => o.id),
    customerIds,
  );

  // The amount-only hint, for lines that name no order: the oldest three per amount outside the loaded set.
  const namedKeys = new Set(named.flatMap((o) => [referenceKey(o.number), ...o.invoiceKeys]));
  const buckets = new Map<string, { amount: number; currency: string }>();
  for (const line of lines) {
    if (memoKeys(line.memo).some((k) => namedKeys.has(k))) continue;
    buckets.set(`${line.currency}|${line.amountMinor}`, {
      amount: line.amountMinor,
      currency: line.currency,
    });
  }
  const amountHints = await oldestOwing(
    tx,
    [...buckets.values()],
    loaded.map((i) => i.id),
  );

  const tierIds = [...new Set(loaded.map((i) => i.customerId))];
  const tierRows = await customerTiers(tx, tierIds);

  return {
    rows: {
      orders: named.map((o) => ({
        id: o.id,
        number: o.number,
        approved: o.status === 'approved',
        invoiceKeys: o.invoiceKeys,
      })),
      // With their paidAt, which the book does not copy.
      installments: loaded,
      payers: payers.map((p) => ({
        kind: p.kind === 'account' ? 'account' : 'name',
        key: p.key,
        customerId: p.customerId,
      })),
      customerNames,
      amountHints,
      receipts: await openReceiptsOf(uow, lines),
    },
    paidAt: new Map(loaded.flatMap((i) => (i.paidAt === null ? [] : [[i.id, i.paidAt]]))),
    tiers: new Map(tierRows.map((c) => [c.id, c.tier])),
  };
}

// The customers the file's payer names are (name, legal name or alias, compared as lead dedupe compares companies).
// Every customer's names are read and folded here rather than kept folded in a column, so a name or alias edited
// anywhere counts at once; a few thousand customers fold in milliseconds.
async function customersNamedBy(
  uow: UnitOfWork,
  payers: ReadonlySet<string>,
): Promise<{ key: string; customerId: string }[]> {
  const keys = new Set([...payers].map(customerNameKey).filter((k) => k !== ''));
  if (keys.size === 0) return [];
  const rows = await allCustomerNames(uow.tx);
  const index = customerNameIndex(rows);
  return [...keys].flatMap((key) => {
    const customerId = index.get(key);
    return customerId ? [{ key, customerId }] : [];
  });
}

// record-receipt.ts keys a receipt "erp:<reference>" or "manual:<reference>" (a random id when none was given).
const receiptKey = /^(erp|manual):(.+)$/;

// Receipts no bank line has confirmed yet, of any amount and currency a line of the file carries; locked (id order)
// so a concurrent receipt decision cannot hand one out twice.
async function openReceiptsOf(uow: UnitOfWork, lines: readonly StatementLine[]): Promise<OpenReceipt[]> {
  if (lines.length === 0) return [];
  const pairs = new Map(lines.map((l) => [`${l.currency}|${l.amountMinor}`, l]));
  const rows = await lockUnconfirmedReceipts(uow.tx, [...pairs.values()]);
  return rows.flatMap((r) => {
    const reference = receiptKey.exec(r.bankTxnId)?.[2] ?? null;
    if (r.customerId === null || r.orderNumber === null) return [];
    return [
      {
        id: r.id,
        customerId: r.customerId,
        orderNumber: r.orderNumber,
        amountMinor: r.amountMinor,
        currency: r.currency,
        reference: reference === null || isUuid(reference) ? null : reference,
        receivedOn: r.receivedOn,
      },
    ];
  });
}

// Owns loading, in a handful of queries, everything a statement file can pay or name — and locking what it can pay.
import { and, eq, isNull, type SQL, sql } from 'drizzle-orm';
import { bankTransactions, customers, installments, orders, payerMappings } from '../../db/schema.ts';
import { isUuid } from '../../domain/ids.ts';
import {
  type CandidateRows,
  customerNameIndex,
  customerNameKey,
  type PayerKey,
  payerKeys,
} from '../../domain/reconcile/candidate-book.ts';
import {
  type OpenInstallment,
  type OpenReceipt,
  referenceCandidates,
  referenceKey,
} from '../../domain/reconcile/matcher.ts';
import type { StatementLine } from '../../domain/reconcile/statement-csv.ts';
import type { UnitOfWork } from '../unit-of-work.ts';

// One bound parameter holding the whole list (node-postgres sends it as an array literal), not one per element.
export function arrayParam(values: readonly unknown[], type: 'text' | 'uuid' | 'bigint'): SQL {
  return sql`${sql.param(values)}::${sql.raw(type)}[]`;
}

const candidateColumns = {
  id: installments.id,
  orderId: installments.orderId,
  orderNumber: orders.number,
  customerId: orders.customerId,
  position: installments.position,
  label: installments.label,
  dueOn: installments.dueOn,
  amountMinor: installments.amountMinor,
  settledMinor: installments.paidMinor,
  currency: installments.currency,
  invoiceNo: installments.invoiceNo,
  paidAt: installments.paidAt,
};

export interface StatementCandidates {
  rows: CandidateRows;
  paidAt: Map<string, Date | null>;
  tiers: Map<string, string | null>;
}

export async function loadStatementCandidates(
  uow: UnitOfWork,
  lines: readonly StatementLine[],
): Promise<StatementCandidates> {
  const tx = uow.tx;
  const keys = new Set<string>();
  const payerKeysOfFile: PayerKey[] = [];
  for (const line of lines) {
    for (const k of referenceCandidates(line.memo)) keys.add(k);
    payerKeysOfFile.push(...payerKeys({ name: line.payer, account: line.payerAccount }));
  }

  const keyList = arrayParam([...keys], 'text');
  const orderColumns = {
    id: orders.id,
    number: orders.number,
    status: orders.status,
    customerId: orders.customerId,
  };
  const byNumber =
    keys.size === 0
      ? []
      : await tx
          .select(orderColumns)
          .from(orders)
          // Spelled as orders_number_key_idx is, so the index answers it.
          .where(sql`upper(regexp_replace(${orders.number}, '[^A-Za-z0-9]', '', 'g')) = any(${keyList})`);
  // An invoice number in the memo names its installment's order as well.
  const byInvoice =
    keys.size === 0
      ? []
      : await tx
          .select({ ...orderColumns, invoiceNo: installments.invoiceNo })
          .from(installments)
          .innerJoin(orders, eq(orders.id, installments.orderId))
          .where(
            sql`${installments.invoiceNo} is not null and upper(regexp_replace(${installments.invoiceNo}, '[^A-Za-z0-9]', '', 'g')) = any(${keyList})`,
          );
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
  const found =
    accounts.length + names.length === 0
      ? []
      : await tx
          .select({ kind: payerMappings.kind, key: payerMappings.key, customerId: payerMappings.customerId })
          .from(payerMappings)
          .where(
            sql`(${payerMappings.kind} = 'account' and ${payerMappings.key} = any(${arrayParam(storedAccounts, 'text')}))
              or (${payerMappings.kind} = 'name' and ${payerMappings.key} = any(${arrayParam(names, 'text')}))`,
          );

  const payers = found.map((p) => (p.kind === 'account' ? { ...p, key: plainOf.get(p.key) ?? p.key } : p));

  const customerNames = await customersNamedBy(uow, lines);

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
  const loaded =
    approvedNamed.length + customerIds.length === 0
      ? []
      : await tx
          .select(candidateColumns)
          .from(installments)
          .innerJoin(orders, eq(orders.id, installments.orderId))
          .where(
            and(
              eq(orders.status, 'approved'),
              sql`(${installments.orderId} = any(${arrayParam(
                approvedNamed.map((o) => o.id),
                'uuid',
              )}) or (${orders.customerId} = any(${arrayParam(customerIds, 'uuid')}) and ${installments.paidMinor} < ${installments.amountMinor}))`,
            ),
          )
          .orderBy(installments.id)
          .for('update', { of: installments });

  // The amount-only hint, for lines that name no order: the oldest three per amount outside the loaded set.
  const namedKeys = new Set(named.flatMap((o) => [referenceKey(o.number), ...o.invoiceKeys]));
  const buckets = new Map<string, { amount: number; currency: string }>();
  for (const line of lines) {
    if (referenceCandidates(line.memo).some((k) => namedKeys.has(k))) continue;
    buckets.set(`${line.currency}|${line.amountMinor}`, {
      amount: line.amountMinor,
      currency: line.currency,
    });
  }
  const hintRows =
    buckets.size === 0
      ? []
      : (
          await tx.execute<Record<string, unknown>>(sql`
          select * from (
            select i.id, i.order_id, o.number, o.customer_id, i.position, i.label, i.due_on::text as due_on, i.amount_minor,
              i.paid_minor, i.currency, i.invoice_no,
              row_number() over (partition by i.currency, i.amount_minor - i.paid_minor order by i.due_on, i.id) as rank
            from ${installments} i join ${orders} o on o.id = i.order_id
            where o.status = 'approved' and i.paid_minor < i.amount_minor
              and (i.amount_minor - i.paid_minor, i.currency) in (
                select * from unnest(${arrayParam(
                  [...buckets.values()].map((b) => b.amount),
                  'bigint',
                )}, ${arrayParam(
                  [...buckets.values()].map((b) => b.currency),
                  'text',
                )}))
              and i.id <> all(${arrayParam(
                loaded.map((i) => i.id),
                'uuid',
              )})
          ) hinted where rank <= 3`)
        ).rows;
  const amountHints: OpenInstallment[] = hintRows.map((r) => ({
    id: String(r.id),
    orderId: String(r.order_id),
    orderNumber: String(r.number),
    customerId: String(r.customer_id),
    position: Number(r.position),
    label: String(r.label),
    dueOn: String(r.due_on),
    amountMinor: Number(r.amount_minor),
    settledMinor: Number(r.paid_minor),
    currency: String(r.currency),
    invoiceNo: r.invoice_no === null ? null : String(r.invoice_no),
  }));

  const tierIds = [...new Set(loaded.map((i) => i.customerId))];
  const tierRows =
    tierIds.length === 0
      ? []
      : await tx
          .select({ id: customers.id, tier: customers.tier })
          .from(customers)
          // One array parameter: a 100,000-line file names ~10,000 customers (as many bind parameters took seconds).
          .where(sql`${customers.id} = any(${arrayParam(tierIds, 'uuid')})`);

  return {
    rows: {
      orders: named.map((o) => ({
        id: o.id,
        number: o.number,
        approved: o.status === 'approved',
        invoiceKeys: o.invoiceKeys,
      })),
      installments: loaded.map(({ paidAt: _paidAt, ...i }) => i),
      payers: payers.map((p) => ({
        kind: p.kind === 'account' ? 'account' : 'name',
        key: p.key,
        customerId: p.customerId,
      })),
      customerNames,
      amountHints,
      receipts: await openReceiptsOf(uow, lines),
    },
    paidAt: new Map(loaded.map((i) => [i.id, i.paidAt])),
    tiers: new Map(tierRows.map((c) => [c.id, c.tier])),
  };
}

// The customers the file's payer names are (name, legal name or alias, compared as lead dedupe compares companies).
// Every customer's names are read and folded here rather than kept folded in a column, so a name or alias edited
// anywhere counts at once; a few thousand customers fold in milliseconds.
async function customersNamedBy(
  uow: UnitOfWork,
  lines: readonly StatementLine[],
): Promise<{ key: string; customerId: string }[]> {
  const keys = new Set(
    lines.flatMap((l) => (l.payer ? [customerNameKey(l.payer)] : [])).filter((k) => k !== ''),
  );
  if (keys.size === 0) return [];
  const rows = await uow.tx
    .select({
      id: customers.id,
      name: customers.name,
      legalName: customers.legalName,
      aliases: customers.aliases,
    })
    .from(customers);
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
  const linked = sql`exists (select 1 from ${bankTransactions} l where l.receipt_id = ${bankTransactions.id})`;
  const rows = await uow.tx
    .select({
      id: bankTransactions.id,
      bankTxnId: bankTransactions.bankTxnId,
      customerId: bankTransactions.customerId,
      amountMinor: bankTransactions.amountMinor,
      currency: bankTransactions.currency,
      receivedOn: bankTransactions.bookedOn,
      // Spelled out with aliases: inside a one-table select Drizzle leaves column names unqualified.
      orderNumber: sql<string | null>`(select o.number from allocations a
        join installments i on i.id = a.installment_id join orders o on o.id = i.order_id
        where a.bank_transaction_id = ${bankTransactions}.id limit 1)`,
    })
    .from(bankTransactions)
    .where(
      and(
        isNull(bankTransactions.importId),
        eq(bankTransactions.status, 'matched'),
        sql`${bankTransactions.bankTxnId} ~ '^(erp|manual):'`,
        sql`not ${linked}`,
        sql`(${bankTransactions.amountMinor}, ${bankTransactions.currency}) in (select * from unnest(${arrayParam(
          [...pairs.values()].map((l) => l.amountMinor),
          'bigint',
        )}, ${arrayParam(
          [...pairs.values()].map((l) => l.currency),
          'text',
        )}))`,
      ),
    )
    .orderBy(bankTransactions.id)
    .for('update', { of: bankTransactions });
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

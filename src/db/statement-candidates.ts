// Owns the SQL of what a bank statement can pay or name: orders by number or invoice, payer mappings, the open
// installments it may pay (locked), the amount-only hints, customer names and tiers, and unconfirmed receipts.
import { and, eq, isNull, type SQL, sql } from 'drizzle-orm';
import type { OpenInstallment } from '../domain/reconcile/matcher.ts';
import type { Tx } from './client.ts';
import { bankTransactions, customers, installments, orders, payerMappings } from './schema.ts';

// One bound parameter holding the whole list (node-postgres sends it as an array literal), not one per element.
export function arrayParam(values: readonly unknown[], type: 'text' | 'uuid' | 'bigint'): SQL {
  return sql`${sql.param(values)}::${sql.raw(type)}[]`;
}

// A number folded as a memo's reference key is; spelled as orders_number_key_idx is, so the index answers orders.
const referenceKeyOf = (column: SQL | typeof orders.number) =>
  sql`upper(regexp_replace(${column}, '[^A-Za-z0-9]', '', 'g'))`;

const orderColumns = {
  id: orders.id,
  number: orders.number,
  status: orders.status,
  customerId: orders.customerId,
};

export interface NamedOrderRow {
  id: string;
  number: string;
  status: string;
  customerId: string;
}

// Orders whose number is one of the reference keys. Plain rows: a large file names tens of thousands of orders.
export async function ordersNumbered(tx: Tx, keys: readonly string[]): Promise<NamedOrderRow[]> {
  if (keys.length === 0) return [];
  const { rows } = await tx.execute<{ id: string; number: string; status: string; customer_id: string }>(sql`
    select o.id, o.number, o.status, o.customer_id from ${orders} o
    where ${referenceKeyOf(sql`o.number`)} = any(${arrayParam(keys, 'text')})`);
  return rows.map((r) => ({ id: r.id, number: r.number, status: r.status, customerId: r.customer_id }));
}

// Orders one of whose installments' invoice numbers is one of the reference keys, with that invoice number.
export async function ordersInvoiced(
  tx: Tx,
  keys: readonly string[],
): Promise<(NamedOrderRow & { invoiceNo: string | null })[]> {
  if (keys.length === 0) return [];
  return tx
    .select({ ...orderColumns, invoiceNo: installments.invoiceNo })
    .from(installments)
    .innerJoin(orders, eq(orders.id, installments.orderId))
    .where(
      sql`${installments.invoiceNo} is not null and ${referenceKeyOf(sql`${installments.invoiceNo}`)} = any(${arrayParam(keys, 'text')})`,
    );
}

// The payer mappings stored under any of these account keys or name keys.
export async function payerMappingsOf(
  tx: Tx,
  accounts: readonly string[],
  names: readonly string[],
): Promise<{ kind: string; key: string; customerId: string }[]> {
  if (accounts.length + names.length === 0) return [];
  return tx
    .select({ kind: payerMappings.kind, key: payerMappings.key, customerId: payerMappings.customerId })
    .from(payerMappings)
    .where(
      sql`(${payerMappings.kind} = 'account' and ${payerMappings.key} = any(${arrayParam(accounts, 'text')}))
        or (${payerMappings.kind} = 'name' and ${payerMappings.key} = any(${arrayParam(names, 'text')}))`,
    );
}

export type CandidateInstallmentRow = OpenInstallment & { paidAt: Date | null };

// The approved orders' installments (all of them for the named orders, the unpaid ones for the customers), locked
// FOR UPDATE in one id-ordered statement; the caller says why. Read as plain rows and mapped here: a 100,000-line
// file locks ~200,000 installments, and drizzle's generic row mapping of them was a visible share of the import's CPU.
export async function lockCandidateInstallments(
  tx: Tx,
  orderIds: readonly string[],
  customerIds: readonly string[],
): Promise<CandidateInstallmentRow[]> {
  if (orderIds.length + customerIds.length === 0) return [];
  const { rows } = await tx.execute<{
    id: string;
    order_id: string;
    number: string;
    customer_id: string;
    position: number;
    label: string;
    due_on: string;
    amount_minor: string;
    paid_minor: string;
    currency: string;
    invoice_no: string | null;
    paid_at: string | null;
  }>(sql`
    select i.id, i.order_id, o.number, o.customer_id, i.position, i.label, i.due_on, i.amount_minor, i.paid_minor,
      i.currency, i.invoice_no, i.paid_at
    from ${installments} i join ${orders} o on o.id = i.order_id
    where o.status = 'approved'
      and (i.order_id = any(${arrayParam(orderIds, 'uuid')})
        or (o.customer_id = any(${arrayParam(customerIds, 'uuid')}) and i.paid_minor < i.amount_minor))
    order by i.id
    for update of i`);
  const out: CandidateInstallmentRow[] = new Array(rows.length);
  for (let k = 0; k < rows.length; k++) {
    const r = rows[k] as (typeof rows)[number];
    out[k] = {
      id: r.id,
      orderId: r.order_id,
      orderNumber: r.number,
      customerId: r.customer_id,
      position: r.position,
      label: r.label,
      dueOn: r.due_on,
      amountMinor: Number(r.amount_minor),
      settledMinor: Number(r.paid_minor),
      currency: r.currency,
      invoiceNo: r.invoice_no,
      // As drizzle maps a timestamptz the driver hands over as text.
      paidAt: r.paid_at === null ? null : new Date(r.paid_at),
    };
  }
  return out;
}

// For each (amount, currency) still owed, the oldest three open installments of approved orders owing exactly that,
// leaving out the given ids.
export async function oldestOwing(
  tx: Tx,
  buckets: readonly { amount: number; currency: string }[],
  except: readonly string[],
): Promise<OpenInstallment[]> {
  if (buckets.length === 0) return [];
  const rows = (
    await tx.execute<Record<string, unknown>>(sql`
    select * from (
      select i.id, i.order_id, o.number, o.customer_id, i.position, i.label, i.due_on::text as due_on, i.amount_minor,
        i.paid_minor, i.currency, i.invoice_no,
        row_number() over (partition by i.currency, i.amount_minor - i.paid_minor order by i.due_on, i.id) as rank
      from ${installments} i join ${orders} o on o.id = i.order_id
      where o.status = 'approved' and i.paid_minor < i.amount_minor
        and (i.amount_minor - i.paid_minor, i.currency) in (
          select * from unnest(${arrayParam(
            buckets.map((b) => b.amount),
            'bigint',
          )}, ${arrayParam(
            buckets.map((b) => b.currency),
            'text',
          )}))
        and i.id <> all(${arrayParam(except, 'uuid')})
    ) hinted where rank <= 3`)
  ).rows;
  return rows.map((r) => ({
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
}

// Each customer's tier. One array parameter: a 100,000-line file names ~10,000 customers (as many bind parameters
// took seconds).
export async function customerTiers(
  tx: Tx,
  ids: readonly string[],
): Promise<{ id: string; tier: string | null }[]> {
  if (ids.length === 0) return [];
  return tx
    .select({ id: customers.id, tier: customers.tier })
    .from(customers)
    .where(sql`${customers.id} = any(${arrayParam(ids, 'uuid')})`);
}

// Every customer's names (name, legal name, aliases).
export async function allCustomerNames(
  tx: Tx,
): Promise<{ id: string; name: string; legalName: string | null; aliases: string[] }[]> {
  return tx
    .select({
      id: customers.id,
      name: customers.name,
      legalName: customers.legalName,
      aliases: customers.aliases,
    })
    .from(customers);
}

export interface UnconfirmedReceiptRow {
  id: string;
  bankTxnId: string;
  customerId: string | null;
  amountMinor: number;
  currency: string;
  receivedOn: string;
  orderNumber: string | null;
}

// Receipts recorded outside a statement ("erp:…" or "manual:…"), matched, that no bank line has confirmed yet, of
// any of these (amount, currency) pairs; locked in id order, with the number of an order they paid.
export async function lockUnconfirmedReceipts(
  tx: Tx,
  pairs: readonly { amountMinor: number; currency: string }[],
): Promise<UnconfirmedReceiptRow[]> {
  if (pairs.length === 0) return [];
  const linked = sql`exists (select 1 from ${bankTransactions} l where l.receipt_id = ${bankTransactions.id})`;
  return tx
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
          pairs.map((p) => p.amountMinor),
          'bigint',
        )}, ${arrayParam(
          pairs.map((p) => p.currency),
          'text',
        )}))`,
      ),
    )
    .orderBy(bankTransactions.id)
    .for('update', { of: bankTransactions });
}

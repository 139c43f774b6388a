// Owns what a system reads of one payment (a bank line or a receipt): where its money went, allocation by allocation,
// what was written off beside it, what an undo reversed, and what is left over and as what. Shared by the payments
// feed and the payment webhooks so both book the same thing.
import { type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../client.ts';

// Times as the rest of the API writes them (Date#toISOString), not in the session's time zone.
const iso = (column: SQL) => sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

// One allocation as an ERP books it: which order and installment (position, invoice), how much in which currency,
// who made it and when; an undone one says who undid it and when.
const allocationItem = sql`json_build_object(
    'allocationId', al.id, 'kind', al.kind, 'orderId', o.id, 'orderNumber', o.number,
    'installmentId', i.id, 'position', i.position, 'label', i.label, 'dueOn', i.due_on, 'invoiceNo', i.invoice_no,
    'currency', i.currency, 'allocatedMinor', al.amount_minor,
    'allocatedAt', ${iso(sql`al.created_at`)}, 'allocatedBy', al.created_by,
    'undoneAt', ${iso(sql`al.undone_at`)}, 'undoneBy', al.undone_by)`;

// Oldest first; one posting's rows (one time) by order and installment, as the split or match named them.
const inOrder = sql`x.created_at, x.number, x.position, x.id`;
const live = sql`x.undone_at is null and x.kind <> 'write_off'`;
const writtenOff = sql`x.undone_at is null and x.kind = 'write_off'`;

// Aliased `t` (the sync query's keyset columns). Every use case that adds or undoes an allocation also updates its
// bank line in the same transaction (status), so the line's sync stamp moves with its allocations and a poll never
// shows a line without the allocations its stamp belongs to.
export const paymentsSelect: SQL = sql`select t.id, t.bank_txn_id as "bankReference", t.booked_on as "bookedOn",
      t.currency, t.amount_minor as "amountMinor", t.payer, t.status, t.customer_id as "customerId",
      t.receipt_id as "receiptId", p.allocations, p.write_offs as "writeOffs", p.reversed,
      p.allocated_minor as "allocatedMinor",
      case when t.amount_minor <= 0 or t.receipt_id is not null then 0
        else t.amount_minor - p.allocated_minor end as "unallocatedMinor",
      case when t.amount_minor <= 0 or t.receipt_id is not null or t.amount_minor = p.allocated_minor then null
        when t.status = 'written_off' then 'written_off'
        -- Matched to a customer and not waiting on finance: an overpayment, or a split's rest given as credit.
        when t.status = 'matched' and t.customer_id is not null and not exists (
          select 1 from recon_exceptions e
          where e.bank_transaction_id = t.id and e.kind <> 'credit' and e.status <> 'resolved') then 'credit'
        else 'open' end as "unallocatedAs",
      t.created_at as "createdAt", t.updated_at as "updatedAt", t.sync_txid::text as "syncTxid"
    from bank_transactions t
    cross join lateral (
      select coalesce(json_agg(x.item order by ${inOrder}) filter (where ${live}), '[]') as allocations,
        coalesce(json_agg(x.item order by ${inOrder}) filter (where ${writtenOff}), '[]') as write_offs,
        coalesce(json_agg(x.item order by x.undone_at, ${inOrder}) filter (where x.undone_at is not null),
          '[]') as reversed,
        coalesce(sum(x.amount_minor) filter (where ${live}), 0)::bigint as allocated_minor
      from (
        select al.id, al.kind, al.amount_minor, al.created_at, al.undone_at, o.number, i.position,
          ${allocationItem} as item
        from allocations al
        join installments i on i.id = al.installment_id
        join orders o on o.id = i.order_id
        where al.bank_transaction_id = t.id
      ) x
    ) p`;

// One payment as the feed shows it, for an event about it (read inside the event's own transaction).
export async function readPaymentRecord(
  db: Executor,
  bankTransactionId: string,
): Promise<Record<string, unknown> | null> {
  const result = await db.execute<Record<string, unknown>>(
    sql`${paymentsSelect} where t.id = ${bankTransactionId}::uuid`,
  );
  return result.rows[0] ?? null;
}

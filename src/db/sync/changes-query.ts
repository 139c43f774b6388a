// Owns the sync read: one entity's rows changed since a cursor, in a stable order, never running ahead of a
// transaction still in flight. Each row's sync_txid is its last writer's transaction id (trigger, migration 0036).
import { type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../client.ts';
import { paymentsSelect } from './payment-record-query.ts';

export const syncEntities = ['leads', 'customers', 'orders', 'installments', 'payments', 'products'] as const;
export type SyncEntity = (typeof syncEntities)[number];

// What an ERP reads of each record: ids, numbers, amounts in minor units with their currency. No merge internals,
// routing state or contact details beyond what the record is about; a payment with its allocations.
const selects: Record<SyncEntity, SQL> = {
  leads: sql`select t.id, 'L-' || lpad(t.seq::text, 6, '0') as "number", t.name, t.company, t.email, t.phone,
      t.source, t.campaign, t.region, t.industry, t.status, t.stage, u.email as "ownerEmail",
      t.customer_id as "customerId", t.merged_into_id as "mergedIntoId", t.created_at as "createdAt",
      t.updated_at as "updatedAt", t.sync_txid::text as "syncTxid"
    from leads t left join users u on u.id = t.owner_id`,
  customers: sql`select t.id, t.name, t.legal_name as "legalName", t.email, t.phone, t.invoice_email as "invoiceEmail",
      t.region, t.industry, t.currency, t.tier, t.credit_limit_minor as "creditLimitMinor",
      t.price_list as "priceList", t.default_payment_plan as "defaultPaymentPlan", u.email as "ownerEmail",
      t.external_ids as "externalIds", t.created_at as "createdAt", t.updated_at as "updatedAt", t.sync_txid::text as "syncTxid"
    from customers t left join users u on u.id = t.owner_id`,
  orders: sql`select t.id, t.number, t.status, t.version, t.customer_id as "customerId", c.name as "customerName",
      u.email as "ownerEmail", t.currency, t.total_minor as "totalMinor", t.tax_minor as "taxMinor",
      t.payment_plan as "paymentPlan", t.submitted_at as "submittedAt", t.decided_at as "decidedAt",
      t.created_at as "createdAt", t.updated_at as "updatedAt", t.sync_txid::text as "syncTxid"
    from orders t join customers c on c.id = t.customer_id left join users u on u.id = t.owner_id`,
  installments: sql`select t.id, t.order_id as "orderId", o.number as "orderNumber", t.position, t.label,
      t.due_on as "dueOn", t.currency, t.amount_minor as "amountMinor", t.paid_minor as "paidMinor",
      t.paid_at as "paidAt", t.invoice_no as "invoiceNo", t.invoice_on as "invoiceOn",
      t.created_at as "createdAt", t.updated_at as "updatedAt", t.sync_txid::text as "syncTxid"
    from installments t join orders o on o.id = t.order_id`,
  payments: paymentsSelect,
  products: sql`select t.id, t.sku, t.name, t.currency, t.unit_price_minor as "unitPriceMinor",
      t.tax_rate_bp as "taxRateBp", t.active, t.external_ids as "externalIds", t.updated_at as "updatedAt", t.sync_txid::text as "syncTxid"
    from products t`,
};

export interface SyncCursor {
  txid: string;
  id: string;
}

export interface SyncRows {
  rows: Record<string, unknown>[];
  // Where the next poll starts: after the last row shown, or (nothing new) where this one started.
  next: SyncCursor | null;
  hasMore: boolean;
}

export async function querySyncPage(
  db: Executor,
  entity: SyncEntity,
  q: { after: SyncCursor | null; updatedSince: Date | null; limit: number },
): Promise<SyncRows> {
  const where: SQL[] = [
    // Only transactions older than every one still running: a late commit cannot fall behind a cursor.
    sql`t.sync_txid < pg_snapshot_xmin(pg_current_snapshot())`,
  ];
  if (q.after) where.push(sql`(t.sync_txid, t.id) > (${q.after.txid}::xid8, ${q.after.id}::uuid)`);
  if (q.updatedSince) where.push(sql`t.updated_at >= ${q.updatedSince.toISOString()}::timestamptz`);
  const result = await db.execute<Record<string, unknown>>(sql`
    ${selects[entity]}
    where ${sql.join(where, sql` and `)}
    order by t.sync_txid, t.id
    limit ${q.limit + 1}
  `);
  const shown = result.rows.slice(0, q.limit);
  const last = shown.at(-1);
  return {
    rows: shown,
    next: last ? { txid: String(last.syncTxid), id: String(last.id) } : q.after,
    hasMore: result.rows.length > q.limit,
  };
}

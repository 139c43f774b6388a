// Owns the SQL of every export: one SELECT per kind with its columns in file order, narrowed to the owners the asker
// may see and the period and filters asked for; and reading it through a server-side cursor in batches, so 100,000
// rows never sit in memory at once.
import { type SQL, sql } from 'drizzle-orm';
import type { ExportKind } from '../../domain/exports/export-request.ts';
import type { Db } from '../client.ts';
import { uuidArray } from '../reports/fact-scope.ts';

export interface ExportQuery {
  // null: every owner; else only records of these owners (an empty list reaches nothing).
  ownerIds: readonly string[] | null;
  // [from, to) instants for timestamps and the matching local dates for date columns; null for everything.
  window: { from: Date; to: Date; fromDay: string; toDay: string } | null;
  // Org-local date: receivables are overdue by days before it.
  today: string;
  timezone: string;
  status?: string | undefined;
  source?: string | undefined;
  region?: string | undefined;
}

// Every row is keyed by its column name; money in integer minor units; `_owner` (the record's owner) is for masking
// and is not written out.
export type ExportRow = Record<string, string | number | null>;

const owned = (q: ExportQuery, column: SQL) =>
  q.ownerIds === null ? sql`true` : sql`${column} = any(${uuidArray(q.ownerIds)})`;
const during = (q: ExportQuery, column: SQL) =>
  q.window
    ? sql`${column} >= ${q.window.from}::timestamptz and ${column} < ${q.window.to}::timestamptz`
    : sql`true`;
const onDays = (q: ExportQuery, column: SQL) =>
  q.window ? sql`${column} between ${q.window.fromDay}::date and ${q.window.toDay}::date` : sql`true`;
const equals = (value: string | undefined, column: SQL) =>
  value === undefined ? sql`true` : sql`lower(${column}) = lower(${value})`;
// An order (of an order, installment or receivable row) is from a source when the lead it was made from is.
const fromSource = (q: ExportQuery, leadId: SQL) =>
  q.source === undefined
    ? sql`true`
    : sql`exists (select 1 from leads sl where sl.id = ${leadId} and lower(sl.source) = lower(${q.source}))`;
const local = (q: ExportQuery, column: SQL) =>
  sql`to_char(${column} at time zone ${q.timezone}, 'YYYY-MM-DD HH24:MI')`;
export function exportQuery(kind: ExportKind, q: ExportQuery): SQL {
  switch (kind) {
    case 'leads':
      return sql`select l.seq as "no", ${local(q, sql`l.created_at`)} as "created", l.name, l.company, l.phone,
          l.email, l.source, l.campaign, l.region, l.industry, l.status, l.stage, u.name as "owner",
          l.owner_id as "_owner"
        from leads l left join users u on u.id = l.owner_id
        where ${owned(q, sql`l.owner_id`)} and ${during(q, sql`l.created_at`)}
          and ${equals(q.status, sql`l.status`)} and ${equals(q.source, sql`l.source`)}
          and ${equals(q.region, sql`l.region`)}
        order by l.seq`;
    case 'orders':
      return sql`select o.number, ${local(q, sql`o.created_at`)} as "created", c.name as "customer",
          u.name as "owner", o.status, o.currency, o.total_minor as "total",
          o.tax_minor as "tax", o.payment_plan as "plan",
          ${local(q, sql`o.submitted_at`)} as "submitted", ${local(q, sql`o.decided_at`)} as "decided",
          o.owner_id as "_owner"
        from orders o join customers c on c.id = o.customer_id left join users u on u.id = o.owner_id
        where ${owned(q, sql`o.owner_id`)} and ${during(q, sql`o.created_at`)}
          and ${equals(q.status, sql`o.status`)} and ${equals(q.region, sql`c.region`)}
          and ${fromSource(q, sql`o.lead_id`)}
        order by o.seq`;
    case 'installments':
    case 'receivables': {
      const open = kind === 'receivables';
      return sql`select o.number as "order", c.name as "customer", u.name as "owner", i.position, i.label,
          to_char(i.due_on, 'YYYY-MM-DD') as "due", i.currency,
          i.amount_minor as "amount",
          i.paid_minor as "paid",
          i.amount_minor - i.paid_minor as "owed",
          -- A settled installment is overdue by nothing, however late its due date.
          case when i.paid_minor >= i.amount_minor then 0 else greatest(${q.today}::date - i.due_on, 0) end
            as "days_overdue", i.invoice_no as "invoice",
          o.owner_id as "_owner"
        from installments i join orders o on o.id = i.order_id join customers c on c.id = o.customer_id
          left join users u on u.id = o.owner_id
        where ${owned(q, sql`o.owner_id`)} and ${onDays(q, sql`i.due_on`)} and ${equals(q.region, sql`c.region`)}
          and ${fromSource(q, sql`o.lead_id`)}
          and ${open ? sql`o.status = 'approved' and i.paid_minor < i.amount_minor` : equals(q.status, sql`o.status`)}
        order by i.due_on, o.seq, i.position`;
    }
    case 'audit':
      return sql`select a.id, ${local(q, sql`a.created_at`)} as "at", a.actor_label as "actor", a.platform, a.action,
          a.entity_type as "entity", a.entity_id as "entity_id", a.before::text as "before",
          a.after::text as "after", null as "_owner"
        from audit_log a where ${during(q, sql`a.created_at`)}
        order by a.id`;
  }
}

// Runs the query through a cursor in one read-only transaction, handing each batch to `onBatch` (which may wait, e.g.
// for a slow download) before the next is fetched.
export async function streamQuery(
  db: Db,
  query: SQL,
  onBatch: (rows: ExportRow[]) => Promise<void>,
  batchSize = 2000,
): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`set transaction read only`);
    await tx.execute(sql`declare export_rows no scroll cursor for ${query}`);
    let total = 0;
    for (;;) {
      const batch = await tx.execute<ExportRow>(sql.raw(`fetch ${Math.trunc(batchSize)} from export_rows`));
      if (batch.rows.length === 0) break;
      total += batch.rows.length;
      await onBatch(batch.rows);
    }
    return total;
  });
}

// Owns writing a whole statement's rows in bulk: chunked inserts, one UPDATE for every installment it pays, and the
// payer mappings its matches teach (audit rows and cards go through uow.auditMany / uow.postMany).
import { getTableColumns, type SQL, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Tx } from '../../db/client.ts';
import { payerMappings } from '../../db/schema.ts';
import type { PayerKey } from '../../domain/reconcile/candidate-book.ts';
import type { UnitOfWork } from '../unit-of-work.ts';
import { arrayParam } from './statement-candidates.ts';

// Rows per statement. Each column travels as ONE array parameter (insert … select from unnest), so the statement
// text stays small and PostgreSQL parses it once per chunk instead of once per value: several times faster than a
// multi-row VALUES list for tens of thousands of rows.
const rowsPerStatement = 5_000;

export async function insertMany<T extends PgTable>(
  tx: Tx,
  table: T,
  rows: readonly T['$inferInsert'][],
  options: { onConflictDoNothing?: boolean } = {},
): Promise<void> {
  const first = rows[0];
  if (!first) return;
  const columns = getTableColumns(table) as Record<string, PgColumn>;
  // Every row of one call has the same keys.
  const keys = Object.keys(first).filter((k) => columns[k] !== undefined);
  const names = sql.join(
    keys.map((k) => sql.identifier((columns[k] as PgColumn).name)),
    sql`, `,
  );
  for (let at = 0; at < rows.length; at += rowsPerStatement) {
    const chunk = rows.slice(at, at + rowsPerStatement) as Record<string, unknown>[];
    const arrays = keys.map((k) => {
      const column = columns[k] as PgColumn;
      const values = chunk.map((r) => {
        const v = r[k];
        return v === null || v === undefined ? null : column.mapToDriverValue(v);
      });
      return sql`${sql.param(values)}::${sql.raw(column.getSQLType())}[]`;
    });
    await tx.execute(
      sql`insert into ${table} (${names}) select * from unnest(${sql.join(arrays, sql`, `)})${
        options.onConflictDoNothing ? sql` on conflict do nothing` : sql``
      }`,
    );
  }
}

// Adds what each installment is paid in one statement; throws (rolling the import back) if any no longer owes it.
export async function payInstallments(uow: UnitOfWork, paid: ReadonlyMap<string, number>): Promise<void> {
  if (paid.size === 0) return;
  const ids = [...paid.keys()];
  const amounts = ids.map((id) => paid.get(id) ?? 0);
  const result = await uow.tx.execute(sql`
    update installments i
    set paid_minor = i.paid_minor + v.amount,
      paid_at = case when i.paid_minor + v.amount >= i.amount_minor then ${uow.now.toISOString()}::timestamptz else i.paid_at end
    from unnest(${arrayParam(ids, 'uuid')}, ${arrayParam(amounts, 'bigint')}) as v(id, amount)
    where i.id = v.id and i.amount_minor - i.paid_minor >= v.amount`);
  if (result.rowCount !== ids.length)
    throw new Error(
      `${ids.length - (result.rowCount ?? 0)} installment(s) no longer owe what the statement pays`,
    );
}

export interface LearnedPayer {
  key: PayerKey;
  customerId: string;
}

// The payer mappings a file's matches teach, in file order, written as learnPayer would have one by one: the same
// customer again adds confirmations, another customer starts over at one (and is audited, as a new mapping is).
export async function learnPayers(
  uow: UnitOfWork,
  learned: readonly LearnedPayer[],
  known: ReadonlyMap<string, string>,
): Promise<void> {
  const byKey = new Map<string, { key: PayerKey; customers: string[] }>();
  for (const l of learned) {
    const id = `${l.key.kind}|${l.key.key}`;
    const entry = byKey.get(id) ?? { key: l.key, customers: [] };
    entry.customers.push(l.customerId);
    byKey.set(id, entry);
  }
  const audits: { id: string; key: PayerKey; customerId: string }[] = [];
  const steady: (typeof payerMappings.$inferInsert)[] = [];
  const switched: (typeof payerMappings.$inferInsert)[] = [];
  for (const [id, { key, customers }] of byKey) {
    let previous = known.get(id);
    for (const c of customers) {
      if (c !== previous) audits.push({ id, key, customerId: c });
      previous = c;
    }
    const last = customers[customers.length - 1] as string;
    let run = 0;
    for (let k = customers.length - 1; k >= 0 && customers[k] === last; k--) run++;
    const row = { ...key, customerId: last, confirmations: run, createdAt: uow.now, updatedAt: uow.now };
    if (run === customers.length) steady.push(row);
    else switched.push(row);
  }
  const ids = new Map<string, string>();
  const upsert = async (rows: (typeof payerMappings.$inferInsert)[], confirmations: SQL) => {
    if (rows.length === 0) return;
    const written = await uow.tx
      .insert(payerMappings)
      .values(rows)
      .onConflictDoUpdate({
        target: [payerMappings.kind, payerMappings.key],
        set: { customerId: sql`excluded.customer_id`, confirmations, updatedAt: uow.now },
      })
      .returning({ id: payerMappings.id, kind: payerMappings.kind, key: payerMappings.key });
    for (const w of written) ids.set(`${w.kind}|${w.key}`, w.id);
  };
  await upsert(
    steady,
    sql`case when ${payerMappings.customerId} = excluded.customer_id then ${payerMappings.confirmations} + excluded.confirmations else excluded.confirmations end`,
  );
  await upsert(switched, sql`excluded.confirmations`);
  await uow.auditMany(
    audits.map((a) => ({
      action: 'payer_mapping.learn',
      entityType: 'payer_mapping',
      entityId: ids.get(a.id) ?? a.id,
      after: { ...a.key, customerId: a.customerId },
    })),
  );
}

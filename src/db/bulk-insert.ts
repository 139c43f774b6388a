// Owns multi-row inserts of thousands of rows: one JSON parameter read by json_to_recordset, in row order.
import { getTableColumns, type SQL, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Tx } from './client.ts';

// Drizzle spends about half a second building the SQL of a 1,000-row VALUES list (and PostgreSQL parses thousands
// of bind parameters); one JSON document per statement costs a few milliseconds to build and send.
const rowsPerStatement = 5000;

export interface InsertManyOptions {
  // ON CONFLICT DO NOTHING: rows an existing (or earlier) row conflicts with are skipped.
  onConflictDoNothing?: boolean;
  // ON CONFLICT (target) DO UPDATE SET …, as drizzle's onConflictDoUpdate writes it (`excluded.` names the new row).
  onConflictDoUpdate?: { target: readonly PgColumn[]; set: SQL };
  // What the statement returns: the ids (the default), or whole rows, so nothing is read back after the insert.
  returning?: 'id' | 'row';
}

// Inserts rows as drizzle's insert(...).values(rows) would, returning the ids (the table's `id` column) of the rows
// written, in row order.
// A column left out of a row is NULL; a column with a default must then be left out of every row (or given in all).
export async function insertMany<T extends PgTable>(
  tx: Tx,
  table: T,
  rows: readonly T['$inferInsert'][],
  options: InsertManyOptions = {},
): Promise<string[]> {
  if (rows.length === 0) return [];
  const ids: string[] = [];
  for (let i = 0; i < rows.length; i += rowsPerStatement) {
    const result = await tx.execute<{ id: string | number }>(
      insertRows(table, rows.slice(i, i + rowsPerStatement), options),
    );
    for (const r of result.rows) ids.push(String(r.id));
  }
  return ids;
}

// Inserts rows as insertMany does and returns them whole, as a select of the table would (defaults and serials filled
// in), in row order: the insert's RETURNING instead of a second read.
export async function insertManyReturning<T extends PgTable>(
  tx: Tx,
  table: T,
  rows: readonly T['$inferInsert'][],
  options: Omit<InsertManyOptions, 'returning'> = {},
): Promise<T['$inferSelect'][]> {
  if (rows.length === 0) return [];
  const columns = Object.entries(getTableColumns(table)) as [string, PgColumn][];
  const out: T['$inferSelect'][] = [];
  for (let i = 0; i < rows.length; i += rowsPerStatement) {
    const result = await tx.execute<Record<string, unknown>>(
      insertRows(table, rows.slice(i, i + rowsPerStatement), { ...options, returning: 'row' }),
    );
    for (const raw of result.rows) {
      const row: Record<string, unknown> = {};
      // The driver hands back what a select would map: the column's own mapping turns it into the row's value.
      for (const [key, column] of columns) {
        const value = raw[column.name];
        row[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
      }
      out.push(row as T['$inferSelect']);
    }
  }
  return out;
}

// The statement insertMany sends for one batch of rows (returning their ids), for a caller that writes it together
// with others (a data-modifying WITH part). Rows must not be empty.
export function insertRows<T extends PgTable>(
  table: T,
  rows: readonly T['$inferInsert'][],
  options: InsertManyOptions = {},
): SQL {
  const columns = Object.entries(getTableColumns(table)) as [string, PgColumn][];
  const present = columns.filter(([key]) =>
    rows.some((r) => (r as Record<string, unknown>)[key] !== undefined),
  );
  for (const [key, column] of present) {
    if (!column.hasDefault) continue;
    if (rows.some((r) => (r as Record<string, unknown>)[key] === undefined))
      throw new Error(`insertMany: ${column.name} has a default, so give it in every row or in none`);
  }
  const names = sql.join(
    present.map(([, c]) => sql.identifier(c.name)),
    sql`, `,
  );
  const types = sql.join(
    present.map(([, c]) => sql`${sql.identifier(c.name)} ${sql.raw(recordType(c))}`),
    sql`, `,
  );
  // Numbered so the rows are written (and serial ids handed out) in the order given.
  const numbered = sql.join([...present.map(([, c]) => sql.identifier(c.name)), sql`n`], sql`, `);
  // Each column's encoding decided once, not once per value.
  const encoders = present.map(([key, c]) => [key, c.name, encoderOf(c)] as const);
  const json = JSON.stringify(
    rows.map((r) => {
      const out: Record<string, unknown> = {};
      for (const [key, name, encode] of encoders) out[name] = encode((r as Record<string, unknown>)[key]);
      return out;
    }),
  );
  const upsert = options.onConflictDoUpdate;
  const conflict: SQL = upsert
    ? sql`on conflict (${sql.join(
        upsert.target.map((c) => sql.identifier(c.name)),
        sql`, `,
      )}) do update set ${upsert.set}`
    : options.onConflictDoNothing
      ? sql`on conflict do nothing`
      : sql``;
  // As json, not jsonb: the document is read once row by row instead of first being built whole as jsonb (about a
  // fifth of a 4,000-row audit insert's time went to that conversion).
  return sql`
      insert into ${table} (${names})
      select ${names} from rows from (json_to_recordset(${json}::json) as (${types})) with ordinality as v(${numbered})
      order by n
      ${conflict}
      returning ${options.returning === 'row' ? sql`*` : sql`id`}`;
}

function recordType(column: PgColumn): string {
  const type = column.getSQLType();
  return type === 'bigserial' ? 'bigint' : type === 'serial' ? 'integer' : type;
}

// jsonb columns keep the value as JSON; every other value goes as the JSON scalar PostgreSQL casts to the column.
function encoderOf(column: PgColumn): (value: unknown) => unknown {
  const json = column.getSQLType() === 'jsonb';
  return (value) => {
    if (value === undefined || value === null) return null;
    if (value instanceof Date) return value.toISOString();
    return json ? value : column.mapToDriverValue(value);
  };
}

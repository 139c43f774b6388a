// Owns multi-row inserts of thousands of rows: one JSON parameter read by json_to_recordset, or COPY, in row order.
import { pipeline } from 'node:stream/promises';
import { getTableColumns, getTableName, type SQL, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
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

// Inserts rows as insertMany does, returning nothing, through COPY FROM STDIN on the transaction's own connection:
// the server reads each value once as text instead of parsing a JSON document and converting it field by field
// (about a third of an import's audit, bank line and allocation inserts went to that). Rows are written in the order
// given, so serial ids are handed out in that order as insertMany's are.
export async function copyMany<T extends PgTable>(
  tx: Tx,
  table: T,
  rows: readonly T['$inferInsert'][],
): Promise<void> {
  if (rows.length === 0) return;
  const present = presentColumns(table, rows);
  const encoders = present.map(([key, c]) => [key, copyEncoderOf(c)] as const);
  const names = present.map(([, c]) => quoteIdentifier(c.name)).join(', ');
  const target = `${quoteIdentifier(getTableName(table))} (${names})`;
  for (let i = 0; i < rows.length; i += rowsPerStatement) {
    const text = copyLines(encoders, rows.slice(i, i + rowsPerStatement));
    const stream = transactionClient(tx).query(copyFrom(`copy ${target} from stdin`));
    await pipeline([text], stream);
  }
}

// The rows as COPY's text format reads them: a line each, values separated by tabs.
function copyLines(
  encoders: readonly (readonly [string, (value: unknown) => string])[],
  rows: readonly object[],
): string {
  const lines: string[] = new Array(rows.length);
  const values: string[] = new Array(encoders.length);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r] as Record<string, unknown>;
    for (let c = 0; c < encoders.length; c++) {
      const [key, encode] = encoders[c] as readonly [string, (value: unknown) => string];
      values[c] = encode(row[key]);
    }
    lines[r] = values.join('\t');
  }
  return `${lines.join('\n')}\n`;
}

// The connection drizzle runs the transaction on: COPY is a protocol of its own, which drizzle's query API does not
// speak, and it must run inside the transaction, so on that very client (drizzle keeps it as the session's client).
function transactionClient(tx: Tx): pg.ClientBase {
  const client = (tx as unknown as { session?: { client?: pg.ClientBase } }).session?.client;
  if (!client || typeof client.query !== 'function')
    throw new Error('copyMany: the transaction does not expose its connection');
  return client;
}

const quoteIdentifier = (name: string) => `"${name.replaceAll('"', '""')}"`;

// COPY's text format: \N is NULL; backslash, tab, newline and carriage return are escaped.
function copyEncoderOf(column: PgColumn): (value: unknown) => string {
  const encode = encoderOf(column);
  const json = column.getSQLType() === 'jsonb';
  return (value) => {
    const v = encode(value);
    if (v === null || v === undefined) return '\\N';
    const text = json ? JSON.stringify(v) : String(v);
    return needsEscape.test(text) ? text.replace(escaped, copyEscape) : text;
  };
}

const needsEscape = /[\\\t\n\r]/;
const escaped = /[\\\t\n\r]/g;
const copyEscape = (c: string) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r');

// The columns any row gives, in the table's order; a column with a default must be given in every row or in none.
function presentColumns<T extends PgTable>(
  table: T,
  rows: readonly T['$inferInsert'][],
): [string, PgColumn][] {
  const columns = Object.entries(getTableColumns(table)) as [string, PgColumn][];
  const present = columns.filter(([key]) =>
    rows.some((r) => (r as Record<string, unknown>)[key] !== undefined),
  );
  for (const [key, column] of present) {
    if (!column.hasDefault) continue;
    if (rows.some((r) => (r as Record<string, unknown>)[key] === undefined))
      throw new Error(`insertMany: ${column.name} has a default, so give it in every row or in none`);
  }
  return present;
}

// The statement insertMany sends for one batch of rows (returning their ids), for a caller that writes it together
// with others (a data-modifying WITH part). Rows must not be empty.
export function insertRows<T extends PgTable>(
  table: T,
  rows: readonly T['$inferInsert'][],
  options: InsertManyOptions = {},
): SQL {
  const present = presentColumns(table, rows);
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

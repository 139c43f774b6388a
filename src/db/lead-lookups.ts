// Owns the SQL of looking leads up for dedupe: an array-parameter `= any`, the alike-company bound on the leads table,
// and the one-query look-up of every row's alike candidates.
import { type SQL, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { Tx } from './client.ts';
import { leads } from './schema.ts';

// One array parameter for a whole chunk's values: drizzle's inArray binds (and builds) one parameter per value.
export const anyOf = (column: PgColumn | SQL, values: readonly string[], type: 'text' | 'uuid'): SQL =>
  sql`${column} = any(${sql.param([...values])}::${sql.raw(type)}[])`;

// Where an open lead alike to a company can be: its first two characters and, when the company has bigrams, one of
// them (the prefix index's own expression, migration 0135; the grams column, migration 0175).
const alikeWhere = (prefix: SQL, grams: SQL): SQL =>
  sql`substr(${leads.companyKey}, 1, 2) = ${prefix} and (${grams}::text[] is null or company_grams && ${grams}::text[])`;

// The open leads each row's bound allows, in one statement: one look-up per row through the prefix index, never one
// pass over every open lead.
export async function queryAlikeLeads(
  tx: Tx,
  bounds: readonly { line: number; prefix: string; grams: readonly string[] | null }[],
): Promise<{ line: number; id: string; company_key: string; name: string }[]> {
  if (bounds.length === 0) return [];
  const found = await tx.execute<{ line: number; id: string; company_key: string; name: string }>(sql`
    select q.line, l.id, l.company_key, l.name
    from json_to_recordset(${JSON.stringify(bounds)}::json) as q(line int, prefix text, grams text[])
    cross join lateral (
      select id, company_key, name from ${leads}
      where closed_at is null and ${alikeWhere(sql`q.prefix`, sql`q.grams`)}
      offset 0) l`);
  return found.rows;
}

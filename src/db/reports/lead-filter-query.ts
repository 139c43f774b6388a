// Owns looking up the sources and routing rules leads carry, for checking a report's lead filter: one value as stored
// (case-insensitive), or the values there are (only when a name was not found, to list them).
import { type SQL, sql } from 'drizzle-orm';
import type { LeadFilter } from '../../domain/reports/scope.ts';
import type { Executor } from '../client.ts';

const column = (kind: LeadFilter['kind']): SQL => (kind === 'source' ? sql`source` : sql`routing_rule`);

export async function findLeadValue(
  db: Executor,
  kind: LeadFilter['kind'],
  value: string,
): Promise<string | null> {
  const result = await db.execute<{ v: string }>(sql`
    select ${column(kind)} as v from leads where lower(${column(kind)}) = lower(${value}) limit 1`);
  return result.rows[0]?.v ?? null;
}

export async function listLeadValues(
  db: Executor,
  kind: LeadFilter['kind'],
  limit: number,
): Promise<string[]> {
  const result = await db.execute<{ v: string }>(sql`
    select distinct ${column(kind)} as v from leads where ${column(kind)} is not null order by 1 limit ${limit}`);
  return result.rows.map((r) => r.v);
}

// Owns the SQL that finds master data (customers, products) by the ids an external system knows it by.
import { type AnyColumn, or, type SQL, sql } from 'drizzle-orm';

// The row answers to this system's id in its `external_ids` jsonb column. Written as containment so the column's GIN
// index (jsonb_ops: @>, ?) answers it; `->> system = id` read every row. Ids are stored as strings, so the two agree.
export function externalIdIs(column: AnyColumn, system: string, id: string): SQL {
  return sql`${column} @> ${JSON.stringify({ [system]: id })}::jsonb`;
}

// The row answers to any of these ids; undefined (no condition) for none.
export function anyExternalIdIs(column: AnyColumn, ids: Readonly<Record<string, string>>): SQL | undefined {
  return or(...Object.entries(ids).map(([system, id]) => externalIdIs(column, system, id)));
}

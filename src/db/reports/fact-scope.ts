// Owns the SQL every report shares: the manager a person had at an instant, a report's scope as a WHERE clause, and
// the lead filter (source or routing rule) as a condition or as a join from an order to its lead.
import { type SQL, sql } from 'drizzle-orm';
import type { FactScope, LeadFilter } from '../../domain/reports/scope.ts';

// Joins `u` (users) and `h` (user_manager_history) for owner `ownerExpr` at instant `atExpr`; select managerAt() after.
export function managerJoin(ownerExpr: SQL, atExpr: SQL): SQL {
  return sql`left join users u on u.id = ${ownerExpr}
    left join user_manager_history h on h.user_id = u.id and h.valid_from <= ${atExpr}
      and (h.valid_to is null or h.valid_to > ${atExpr})`;
}

// The join scopeWhere needs for `scope`: none unless the scope is a tree (decided by the manager at the time).
export function scopeJoin(scope: FactScope, ownerExpr: SQL, atExpr: SQL): SQL {
  return scope.kind === 'tree' ? managerJoin(ownerExpr, atExpr) : sql``;
}

// The manager at the time when a history row covers it, else the current manager.
export const managerAt = sql`(case when h.id is not null then h.manager_id else u.manager_id end)`;

const uuids = (ids: readonly string[]) => sql`${`{${ids.join(',')}}`}::uuid[]`;

export function scopeWhere(scope: FactScope, ownerExpr: SQL, managerExpr: SQL = managerAt): SQL {
  if (scope.kind === 'org') return sql`true`;
  if (scope.kind === 'owners') return sql`${ownerExpr} = any(${uuids(scope.ownerIds)})`;
  return sql`(${ownerExpr} = ${scope.rootId}::uuid or ${managerExpr} = any(${uuids(scope.memberIds)}))`;
}

export const uuidArray = uuids;

// A lead filter as a condition on a row's source and routing rule columns.
export function leadWhere(leads: LeadFilter | null | undefined, source: SQL, rule: SQL): SQL {
  if (!leads) return sql`true`;
  return sql`${leads.kind === 'source' ? source : rule} = ${leads.value}`;
}

// Keeps only the rows whose lead (`leadIdExpr`: an order's or an activity's lead_id) is of the filter: a row without a
// lead (an order typed in without one) is in no source or rule. Nothing without a filter.
export function leadJoin(leads: LeadFilter | null | undefined, leadIdExpr: SQL): SQL {
  if (!leads) return sql``;
  return sql`join leads lf on lf.id = ${leadIdExpr} and ${leadWhere(leads, sql`lf.source`, sql`lf.routing_rule`)}`;
}

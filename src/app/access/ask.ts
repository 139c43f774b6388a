// Owns asking src/domain/access from a use case: the facts a decision needs (an owner's managers) read once, and a
// refusal turned into the typed error every adapter already maps.
import type { Db, Tx } from '../../db/client.ts';
import { queryReportingLines } from '../../db/reporting-lines.ts';
import type { Action } from '../../domain/access/actions.ts';
import { type AccessActor, decide, type Resource } from '../../domain/access/can.ts';
import { forbidden } from '../../domain/errors.ts';
import { ancestorsByPerson } from '../../domain/roster/ancestors.ts';
import type { Actor, AppDeps } from '../deps.ts';

export function accessActor(actor: Actor): AccessActor {
  if (actor.kind === 'user') return { kind: 'user', user: actor.user };
  if (actor.kind === 'api') return { kind: 'api', scopes: actor.scopes };
  return { kind: 'system' };
}

// Each person's managers, nearest first, read in one statement however many people and levels; a loop in the roster
// stops where it closes.
export async function managersOfAll(
  db: Db | Tx,
  userIds: readonly string[],
): Promise<Map<string, readonly string[]>> {
  const lines = await queryReportingLines(db, [...new Set(userIds)]);
  const chains = ancestorsByPerson(lines);
  return new Map(userIds.map((id) => [id, chains.get(id) ?? []]));
}

// The owner's managers, nearest first.
export async function managersOf(db: Db | Tx, userId: string | null): Promise<string[]> {
  if (!userId) return [];
  return [...((await managersOfAll(db, [userId])).get(userId) ?? [])];
}

// A resource owned by someone: its owner, their managers and whatever else the caller knows.
export async function ownedBy(
  db: Db | Tx,
  ownerId: string | null,
  extra: Omit<Resource, 'ownerId' | 'ownerManagers'> = {},
): Promise<Resource> {
  return { ownerId, ownerManagers: await managersOf(db, ownerId), ...extra };
}

export function allowed(deps: AppDeps, actor: Actor, action: Action, resource: Resource = {}): boolean {
  return decide(deps.policy.access, accessActor(actor), action, resource).allowed;
}

// Refuses with the catalogue key the use case already uses, so every adapter says it as before.
export function demand(
  deps: AppDeps,
  actor: Actor,
  action: Action,
  resource: Resource,
  code: string,
  vars: Record<string, string | number> = {},
): void {
  const d = decide(deps.policy.access, accessActor(actor), action, resource);
  if (d.allowed) return;
  if (d.why === 'missing_api_scope') throw forbidden('api_scope_missing', { scope: d.scope, action });
  throw forbidden(code, vars);
}

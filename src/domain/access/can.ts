// Owns the one permission decision: may this actor take this action on this resource. Each action is named once here,
// with the roles it is granted to; use cases ask, nothing else compares a role.

export type AccessActor =
  | { kind: 'user'; id: string; roles: readonly string[] }
  // API keys and the app's own jobs: systems act on the whole org (API key scopes narrow this later).
  | { kind: 'api' | 'system' };

export type Action =
  // Read the audit log.
  | 'audit.read'
  // See every team's reports; without it a person sees their own reporting tree.
  | 'report.read_org'
  // Set a rep's monthly target (beside the rep's own managers, who always may).
  | 'target.set';

export interface Resource {
  // The managers above the person the action is about, nearest first.
  managers?: readonly string[];
}

const grants: ReadonlyMap<Action, ReadonlySet<string>> = new Map<Action, ReadonlySet<string>>([
  ['audit.read', new Set(['admin', 'finance', 'cfo'])],
  ['report.read_org', new Set(['admin', 'finance', 'cfo'])],
  ['target.set', new Set(['admin'])],
]);

// Actions a system (an API key, a job) may take without a role.
const systemActions: ReadonlySet<Action> = new Set<Action>(['audit.read', 'report.read_org']);

export function can(actor: AccessActor, action: Action, resource: Resource = {}): boolean {
  if (actor.kind !== 'user') return systemActions.has(action);
  if (action === 'target.set' && resource.managers?.includes(actor.id)) return true;
  const roles = grants.get(action);
  return roles !== undefined && actor.roles.some((r) => roles.has(r));
}

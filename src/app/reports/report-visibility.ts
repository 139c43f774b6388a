// Owns who may see which reports until src/domain/access's can() lands: the one place a role decides a report's reach.
import type { Actor } from '../deps.ts';

// Roles that see the whole org's numbers; everyone else sees their own reporting tree.
const orgWideRoles = new Set(['admin', 'cfo', 'finance']);

// 'org' for admin, cfo, finance, API keys and jobs; 'tree' (the asker and everyone below them) otherwise.
export function reportVisibility(actor: Actor): 'org' | 'tree' {
  if (actor.kind !== 'user') return 'org';
  return actor.user.roles.some((r) => orgWideRoles.has(r)) ? 'org' : 'tree';
}

// Setting a rep's target: their manager's chain (anyone above them), or an admin.
export function maySetTarget(actor: Actor, repAncestors: readonly string[]): boolean {
  if (actor.kind !== 'user') return false;
  return actor.user.roles.includes('admin') || repAncestors.includes(actor.user.id);
}

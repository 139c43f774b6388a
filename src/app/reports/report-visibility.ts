// Owns how far a report reaches for its asker, and who may set a target, as the permission decision answers them.
import { orgWide } from '../../domain/access/can.ts';
import { allowed } from '../access/ask.ts';
import type { Actor, AppDeps } from '../deps.ts';

// 'org' for an org-wide report.read grant (admin, cfo, finance, keys with reports:read, jobs); 'tree' (the asker and
// below) otherwise.
export function reportVisibility(deps: AppDeps, actor: Actor): 'org' | 'tree' {
  return allowed(deps, actor, 'report.read', orgWide) ? 'org' : 'tree';
}

// Setting a rep's target: target.set reaching the rep — a team grant when I am above them, an org grant otherwise
// (nobody sets their own target with a team grant: the rep is not below themself).
export function maySetTarget(deps: AppDeps, actor: Actor, repAncestors: readonly string[]): boolean {
  return allowed(deps, actor, 'target.set', { ownerId: null, ownerManagers: repAncestors, region: null });
}

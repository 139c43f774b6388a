// Owns how far a report reaches for its asker, and who may set a target, as the permission decision answers them.
import { can } from '../../domain/access/can.ts';
import { accessActorOf } from '../access/access-actor.ts';
import type { Actor } from '../deps.ts';

// 'org' for those granted report.read_org (admin, cfo, finance, API keys, jobs); 'tree' (the asker and below) otherwise.
export function reportVisibility(actor: Actor): 'org' | 'tree' {
  return can(accessActorOf(actor), 'report.read_org') ? 'org' : 'tree';
}

// Setting a rep's target: anyone in the rep's manager chain, or a role granted target.set.
export function maySetTarget(actor: Actor, repAncestors: readonly string[]): boolean {
  return can(accessActorOf(actor), 'target.set', { managers: repAncestors });
}

// Owns whom the demo hands its customers, leads and sales targets: the people the access policy gives the lead.sell
// duty (reps, by default), decided by can() like every other question of who may do what.
import type { Tx } from '../../db/client.ts';
import { activePeopleWhoMay } from '../access/people-who-may.ts';
import type { AppDeps } from '../deps.ts';

export async function demoSellerIds(deps: AppDeps, tx: Tx): Promise<Set<string>> {
  return new Set((await activePeopleWhoMay(deps, tx, 'lead.sell')).map((u) => u.id));
}

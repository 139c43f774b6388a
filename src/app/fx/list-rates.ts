// Use case: finance (or a key with fx:read) reads the latest exchange rate of every pair.
import type { FxRate } from '../../domain/fx/rate.ts';
import { demand } from '../access/ask.ts';
import type { Actor, AppDeps } from '../deps.ts';
import { latestRates } from './read-rates.ts';

export async function listRates(
  deps: AppDeps,
  actor: Actor,
  filter: { currency?: string | undefined; on?: string | undefined } = {},
): Promise<FxRate[]> {
  demand(deps, actor, 'fx.read', {}, 'fx_forbidden');
  return latestRates(deps.db, filter);
}

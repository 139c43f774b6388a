// Owns what an approval card knows of a level: where it stands in the chain, its name and its closeloop.yaml labels.
import type { Policy } from '../../config/policy.ts';
import { own } from '../../domain/own.ts';
import type { LevelInfo } from '../../messages/catalogue/orders.ts';

export function levelInfo(policy: Policy, position: number, count: number, name: string): LevelInfo {
  const labels = own(policy.labels.levels ?? {}, name);
  return { position, count, name, ...(labels ? { labels } : {}) };
}

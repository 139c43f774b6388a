// Use case: turn a presented API key into the API actor it belongs to, or nothing.
import { and, eq, isNull } from 'drizzle-orm';
import { apiKeys } from '../../db/schema.ts';
import type { Actor, AppDeps } from '../deps.ts';
import { hashApiKey } from './create-api-key.ts';

export async function authenticateApiKey(deps: AppDeps, presented: string): Promise<Actor | null> {
  const [row] = await deps.db
    .update(apiKeys)
    .set({ lastUsedAt: deps.clock.now() })
    .where(and(eq(apiKeys.hash, hashApiKey(presented)), isNull(apiKeys.revokedAt)))
    .returning({ name: apiKeys.name });
  return row ? { kind: 'api', keyName: row.name } : null;
}

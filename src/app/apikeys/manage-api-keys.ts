// Use cases: list the API keys (never the key or its hash) and revoke one by name or id.
import { and, asc, eq, isNull, or } from 'drizzle-orm';
import { apiKeys } from '../../db/schema.ts';
import { isUuid } from '../../domain/ids.ts';
import { demand } from '../access/ask.ts';
import type { Actor, AppDeps } from '../deps.ts';
import { inTransaction } from '../unit-of-work.ts';

export interface ApiKeyListing {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
}

export async function listApiKeys(deps: AppDeps, actor: Actor): Promise<ApiKeyListing[]> {
  demand(deps, actor, 'apikey.manage', {}, 'apikey_not_allowed');
  return deps.db
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      prefix: apiKeys.prefix,
      scopes: apiKeys.scopes,
      createdAt: apiKeys.createdAt,
      lastUsedAt: apiKeys.lastUsedAt,
      expiresAt: apiKeys.expiresAt,
      revokedAt: apiKeys.revokedAt,
    })
    .from(apiKeys)
    .orderBy(asc(apiKeys.name), asc(apiKeys.createdAt));
}

export type RevokeOutcome =
  | { revoked: true; id: string; name: string; prefix: string }
  | { revoked: false; reason: 'not_found' }
  | { revoked: false; reason: 'ambiguous'; ids: string[] };

// A second revoke of the same key finds nothing live and says so; it changes nothing.
export async function revokeApiKey(deps: AppDeps, actor: Actor, nameOrId: string): Promise<RevokeOutcome> {
  demand(deps, actor, 'apikey.manage', {}, 'apikey_not_allowed');
  const ref = nameOrId.trim();
  return inTransaction(deps, actor, async (uow) => {
    const live = await uow.tx
      .select({ id: apiKeys.id, name: apiKeys.name, prefix: apiKeys.prefix })
      .from(apiKeys)
      .where(
        and(
          isNull(apiKeys.revokedAt),
          isUuid(ref)
            ? or(eq(apiKeys.id, ref), eq(apiKeys.name, ref))
            : or(eq(apiKeys.name, ref), eq(apiKeys.prefix, ref)),
        ),
      )
      .for('update');
    const [only] = live;
    if (!only) return { revoked: false, reason: 'not_found' };
    if (live.length > 1) return { revoked: false, reason: 'ambiguous', ids: live.map((k) => k.id) };
    await uow.tx.update(apiKeys).set({ revokedAt: uow.now }).where(eq(apiKeys.id, only.id));
    await uow.audit({
      action: 'apikey.revoke',
      entityType: 'api_key',
      entityId: only.id,
      before: { revokedAt: null },
      after: { name: only.name, prefix: only.prefix, revokedAt: uow.now.toISOString() },
    });
    return { revoked: true, ...only };
  });
}

// Use case: turn a presented API key into the API actor it belongs to (with its scopes), or say why not.
import { createHash, timingSafeEqual } from 'node:crypto';
import { and, eq, inArray, isNull, lt, or } from 'drizzle-orm';
import { apiKeys } from '../../db/schema.ts';
import { type ApiScope, isApiScope } from '../../domain/access/actions.ts';
import type { Actor, AppDeps } from '../deps.ts';
import { hashApiKey, prefixLength } from './create-api-key.ts';

export type ApiKeyCheck = { ok: true; actor: Actor } | { ok: false; why: 'unknown' | 'revoked' | 'expired' };

const legacyPrefixLength = 7;
const lastUsedEvery = 60_000;

const sameHex = (a: string, b: string) => {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
};

export async function checkApiKey(deps: AppDeps, presented: string): Promise<ApiKeyCheck> {
  if (presented.length < legacyPrefixLength || presented.length > 200) return { ok: false, why: 'unknown' };
  const candidates = await deps.db
    .select()
    .from(apiKeys)
    .where(
      inArray(apiKeys.prefix, [presented.slice(0, prefixLength), presented.slice(0, legacyPrefixLength)]),
    );
  const legacy = createHash('sha256').update(presented).digest('hex');
  const row = candidates.find((k) =>
    sameHex(k.salt === null ? legacy : hashApiKey(presented, k.salt), k.hash),
  );
  if (!row) return { ok: false, why: 'unknown' };
  if (row.revokedAt) return { ok: false, why: 'revoked' };
  const now = deps.clock.now();
  if (row.expiresAt && row.expiresAt.getTime() <= now.getTime()) return { ok: false, why: 'expired' };
  // At most one write a minute per key: the condition makes concurrent requests skip it.
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= lastUsedEvery)
    await deps.db
      .update(apiKeys)
      .set({ lastUsedAt: now })
      .where(
        and(
          eq(apiKeys.id, row.id),
          or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, new Date(now.getTime() - lastUsedEvery))),
        ),
      );
  const scopes = row.scopes.filter((s): s is ApiScope => isApiScope(s));
  return { ok: true, actor: { kind: 'api', keyName: row.name, scopes } };
}

export async function authenticateApiKey(deps: AppDeps, presented: string): Promise<Actor | null> {
  const check = await checkApiKey(deps, presented);
  return check.ok ? check.actor : null;
}

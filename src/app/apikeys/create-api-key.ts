// Use case: issue an API key for a system (website, ERP, bank feed) with the scopes it may use; only a salted hash is
// stored, and the key itself is shown once.
import { createHmac, randomBytes } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import { apiKeys } from '../../db/schema.ts';
import { type ApiScope, apiScopes, isApiScope } from '../../domain/access/actions.ts';
import { conflict, invalid } from '../../domain/errors.ts';
import { demand } from '../access/ask.ts';
import type { Actor, AppDeps } from '../deps.ts';
import { inTransaction } from '../unit-of-work.ts';

// HMAC-SHA-256 under the key's own random salt (hex). A key is 192 random bits, so speed does not help a guesser.
export function hashApiKey(key: string, salt: string): string {
  return createHmac('sha256', salt).update(key).digest('hex');
}

// `cl_` and 8 characters: enough for people to tell keys apart, far too little to use one.
export const prefixLength = 11;

export interface NewApiKey {
  name: string;
  // "leads:write,orders:read" or a list.
  scopes: string | readonly string[];
  // "90d", "12h"; left out, the key does not expire.
  expires?: string | undefined;
}

export interface CreatedApiKey {
  id: string;
  name: string;
  key: string;
  prefix: string;
  scopes: ApiScope[];
  expiresAt: Date | null;
}

export function parseScopes(raw: string | readonly string[]): ApiScope[] {
  const words = (typeof raw === 'string' ? raw.split(',') : raw).map((s) => s.trim()).filter((s) => s !== '');
  if (words.length === 0) throw invalid('apikey_scopes_missing', 'scopes', { known: apiScopes.join(', ') });
  const unknown = words.find((w) => !isApiScope(w));
  if (unknown !== undefined)
    throw invalid('apikey_scope_unknown', 'scopes', { scope: unknown, known: apiScopes.join(', ') });
  return [...new Set(words as ApiScope[])];
}

export function parseExpiry(raw: string | undefined, now: Date): Date | null {
  if (raw === undefined || raw.trim() === '') return null;
  const m = /^(\d{1,4})(d|h)$/.exec(raw.trim());
  const n = m ? Number(m[1]) : 0;
  if (!m || n < 1) throw invalid('apikey_expires', 'expires', { value: raw });
  return new Date(now.getTime() + n * (m[2] === 'd' ? 86_400_000 : 3_600_000));
}

export async function issueApiKey(deps: AppDeps, actor: Actor, input: NewApiKey): Promise<CreatedApiKey> {
  demand(deps, actor, 'apikey.manage', {}, 'apikey_not_allowed');
  const name = input.name.trim();
  if (!/^[\w.-]{1,64}$/.test(name)) throw invalid('apikey_name', 'name');
  const scopes = parseScopes(input.scopes);
  const now = deps.clock.now();
  const expiresAt = parseExpiry(input.expires, now);
  const key = `cl_${randomBytes(24).toString('base64url')}`;
  const salt = randomBytes(16).toString('hex');
  return inTransaction(deps, actor, async (uow) => {
    // One live key per name, so `apikey revoke <name>` means one key; rotating = create another name, then revoke.
    const [clash] = await uow.tx
      .select({ id: apiKeys.id })
      .from(apiKeys)
      .where(and(eq(apiKeys.name, name), isNull(apiKeys.revokedAt)))
      .for('update');
    if (clash) throw conflict('apikey_name_taken', { name });
    const prefix = key.slice(0, prefixLength);
    const [row] = await uow.tx
      .insert(apiKeys)
      .values({
        name,
        prefix,
        hash: hashApiKey(key, salt),
        salt,
        scopes,
        expiresAt,
        createdBy:
          actor.kind === 'user' ? actor.user.email : actor.kind === 'system' ? actor.name : actor.keyName,
        createdAt: now,
      })
      .returning({ id: apiKeys.id });
    if (!row) throw new Error('insert returned no row');
    await uow.audit({
      action: 'apikey.create',
      entityType: 'api_key',
      entityId: row.id,
      after: { name, prefix, scopes, expiresAt: expiresAt?.toISOString() ?? null },
    });
    return { id: row.id, name, key, prefix, scopes, expiresAt };
  });
}

// A key with every scope, issued by the system (the demo, tests, scripts that predate scopes).
export async function createApiKey(deps: AppDeps, name: string): Promise<{ id: string; key: string }> {
  const { id, key } = await issueApiKey(deps, { kind: 'system', name: 'cli' }, { name, scopes: apiScopes });
  return { id, key };
}

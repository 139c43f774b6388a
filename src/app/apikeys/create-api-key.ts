// Use case: issue an API key for a system (website, ERP, bank feed); only its hash is stored.
import { createHash, randomBytes } from 'node:crypto';
import { apiKeys } from '../../db/schema.ts';
import { invalid } from '../../domain/errors.ts';
import type { AppDeps } from '../deps.ts';
import { inTransaction } from '../unit-of-work.ts';

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export async function createApiKey(deps: AppDeps, name: string): Promise<{ id: string; key: string }> {
  const trimmed = name.trim();
  if (!/^[\w.-]{1,64}$/.test(trimmed)) throw invalid('apikey_name', 'name');
  const key = `cl_${randomBytes(24).toString('base64url')}`;
  return inTransaction(deps, { kind: 'system', name: 'cli' }, async (uow) => {
    const [row] = await uow.tx
      .insert(apiKeys)
      .values({ name: trimmed, prefix: key.slice(0, 7), hash: hashApiKey(key) })
      .returning({ id: apiKeys.id });
    if (!row) throw new Error('insert returned no row');
    await uow.audit({
      action: 'apikey.create',
      entityType: 'api_key',
      entityId: row.id,
      after: { name: trimmed },
    });
    return { id: row.id, key };
  });
}

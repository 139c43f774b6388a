// Use case: one page of an entity's changes for a polling system (GET /api/<entity>?updatedSince=&cursor=), in a
// stable order that a concurrent or late-committing write cannot break (see src/db/sync/changes-query.ts).

import type { Keyring } from '../../crypto/keyring.ts';
import { querySyncPage, type SyncCursor, type SyncEntity } from '../../db/sync/changes-query.ts';
import type { Action } from '../../domain/access/actions.ts';
import { invalid } from '../../domain/errors.ts';
import { demand } from '../access/ask.ts';
import type { Actor, AppDeps } from '../deps.ts';

const actionOf: Record<SyncEntity, Action> = {
  leads: 'lead.read',
  customers: 'customer.sync',
  orders: 'order.read',
  installments: 'order.read',
  payments: 'payment.sync',
  products: 'product.sync',
};

export interface ChangesPage {
  items: Record<string, unknown>[];
  // Pass back as `cursor` on the next poll (also when this page was empty).
  nextCursor: string | null;
  hasMore: boolean;
}

export function encodeCursor(c: SyncCursor): string {
  return Buffer.from(`${c.txid}.${c.id}`, 'utf8').toString('base64url');
}

export function decodeCursor(raw: string): SyncCursor {
  const m = /^(\d{1,20})\.([0-9a-f-]{36})$/i.exec(Buffer.from(raw, 'base64url').toString('utf8'));
  if (!m) throw invalid('sync_cursor_invalid', 'cursor');
  return { txid: m[1] as string, id: m[2] as string };
}

// The record's own contact details, sealed at rest (ownerEmail is a roster address, not sealed).
const sealedKeys = new Set(['email', 'phone', 'invoiceEmail', 'taxId']);

// Money columns are bigint (strings from the driver): numbers of minor units, as everywhere else in the API; sealed
// personal data is opened for the polling system. Also what a webhook carries of a record the feed shows.
export function syncRecord(ring: Keyring, row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    if (k === 'syncTxid') continue;
    out[k] =
      v instanceof Date
        ? v.toISOString()
        : k.endsWith('Minor') && v !== null
          ? Number(v)
          : sealedKeys.has(k) && typeof v === 'string'
            ? ring.decrypt(v)
            : v;
  }
  return out;
}

export async function readChanges(
  deps: AppDeps,
  actor: Actor,
  entity: SyncEntity,
  q: { cursor?: string | undefined; updatedSince?: Date | undefined; limit: number },
): Promise<ChangesPage> {
  demand(deps, actor, actionOf[entity], {}, 'sync_not_allowed', { entity });
  const after = q.cursor ? decodeCursor(q.cursor) : null;
  const page = await querySyncPage(deps.db, entity, {
    after,
    updatedSince: q.updatedSince ?? null,
    limit: q.limit,
  });
  return {
    items: page.rows.map((r) => syncRecord(deps.keyring, r)),
    nextCursor: page.next ? encodeCursor(page.next) : null,
    hasMore: page.hasMore,
  };
}

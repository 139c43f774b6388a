// The sync APIs on the real database: cursor paging, changes seen again, scopes, and the case keyset paging on
// updated_at gets wrong — a transaction that commits after a newer one — never skips a record.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueApiKey } from '../../src/app/apikeys/create-api-key.ts';
import { leadsApi } from '../../src/http/api/leads.ts';
import { syncApi } from '../../src/http/api/sync.ts';
import { settleSyncHorizon } from '../helpers/db.ts';
import { type ApiWorld, openApiWorld } from './api-world.ts';

let world: ApiWorld;
const get = (url: string, headers = world.auth) => world.app.inject({ method: 'GET', url, headers });

// Polls until a page says there is no more, as an ERP would; answers what it saw and where to continue.
async function drain(entity: string, cursor: string | null, limit = 2) {
  const seen: Record<string, unknown>[] = [];
  let next = cursor;
  for (let i = 0; i < 50; i++) {
    const res = await get(`/api/${entity}?limit=${limit}${next ? `&cursor=${next}` : ''}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    seen.push(...body.items);
    next = body.nextCursor;
    if (!body.hasMore) break;
  }
  return { seen, cursor: next };
}

// The feed holds back changes newer than the oldest transaction still open on the server — in a full run, another test
// file's database on the same server — so, as an ERP would, poll until `want` records have come (and no more).
async function drainUntil(entity: string, cursor: string | null, want: number) {
  const seen: Record<string, unknown>[] = [];
  let next = cursor;
  for (let i = 0; i < 40 && seen.length < want; i++) {
    if (i > 0) await new Promise((resolve) => setTimeout(resolve, 250));
    const page = await drain(entity, next);
    seen.push(...page.seen);
    next = page.cursor;
  }
  return { seen, cursor: next };
}

beforeAll(async () => {
  world = await openApiWorld([leadsApi, syncApi]);
}, 60_000);
afterAll(async () => {
  await world?.close();
});

describe('GET /api/leads as a sync feed', () => {
  let cursor: string | null = null;
  it('pages every lead once, oldest change first, then shows nothing new', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await world.app.inject({
        method: 'POST',
        url: '/api/leads',
        headers: world.auth,
        payload: { name: `Sync ${i}`, email: `sync${i}@erp.cn`, region: 'east' },
      });
      ids.push(res.json().id);
    }
    const first = await drainUntil('leads', null, ids.length);
    expect(first.seen.map((l) => l.id)).toEqual(ids);
    expect(first.seen[0]).toMatchObject({
      name: 'Sync 0',
      email: 'sync0@erp.cn',
      number: expect.stringMatching(/^L-\d{6}$/),
    });
    cursor = first.cursor;
    const again = await drain('leads', cursor);
    expect(again.seen).toEqual([]);
    expect(again.cursor).toBe(cursor);
  });

  it('a lead changed after the cursor comes again, once', async () => {
    const [row] = (
      await world.database.pool.query(
        `update leads set stage = 'qualified' where name = 'Sync 1' returning id`,
      )
    ).rows;
    const next = await drainUntil('leads', cursor, 1);
    expect(next.seen.map((l) => [l.id, l.stage])).toEqual([[row.id, 'qualified']]);
    expect((await drain('leads', next.cursor)).seen).toEqual([]);
  });

  it('updatedSince leaves out older changes; a cursor it did not give out is refused naming the field', async () => {
    const later = await get('/api/leads?updatedSince=2099-01-01T00:00:00Z');
    expect(later.json()).toMatchObject({ items: [], hasMore: false });
    const bad = await get('/api/leads?cursor=bm9wZQ');
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: 'sync_cursor_invalid', field: 'cursor' });
    const badTime = await get('/api/leads?updatedSince=yesterday');
    expect(badTime.statusCode).toBe(400);
    expect(badTime.json().message).toContain('updatedSince');
  });
});

describe('GET /api/payments as a sync feed', () => {
  it('a bank line is shown once written, and again once it changes', async () => {
    // Written as the statement import writes them: neither sync column named (0166: the defaults stamp a new line).
    await world.database.pool.query(
      `insert into bank_transactions (bank_txn_id, booked_on, amount_minor, currency)
       values ('SYNC-1', '2026-11-02', 100, 'CNY'), ('SYNC-2', '2026-11-02', 200, 'CNY')`,
    );
    const first = await drainUntil('payments', null, 2);
    // One transaction's rows share its stamp; among them the feed's order is the row id's, not the insert order.
    expect(first.seen.map((p) => p.bankReference).sort()).toEqual(['SYNC-1', 'SYNC-2']);
    expect(first.seen[0]?.updatedAt).toEqual(expect.any(String));
    await world.database.pool.query(
      `update bank_transactions set status = 'matched' where bank_txn_id = 'SYNC-1'`,
    );
    const next = await drainUntil('payments', first.cursor, 1);
    expect(next.seen.map((p) => [p.bankReference, p.status])).toEqual([['SYNC-1', 'matched']]);
  });
});

describe('a transaction that commits late', () => {
  it('is not skipped: the feed waits for it instead of running past it', async () => {
    await settleSyncHorizon(world.database);
    const start = await drain('products', null, 10);
    expect(start.seen.map((p) => p.sku)).toEqual(['B200']);
    const slow = await world.database.pool.connect();
    try {
      // The slow transaction writes first (older transaction id) and commits last.
      await slow.query('begin');
      await slow.query(
        `insert into products (sku, name, unit_price_minor, currency) values ('SLOW', 'Slow', 100, 'CNY')`,
      );
      await world.database.pool.query(
        `insert into products (sku, name, unit_price_minor, currency) values ('FAST', 'Fast', 100, 'CNY')`,
      );
      const during = await drain('products', start.cursor, 10);
      // FAST is committed but behind SLOW's still-open transaction: not shown yet, so the cursor stays put.
      expect(during.seen).toEqual([]);
      expect(during.cursor).toBe(start.cursor);
      await slow.query('commit');
    } finally {
      slow.release();
    }
    await settleSyncHorizon(world.database);
    const after = await drain('products', start.cursor, 10);
    expect(after.seen.map((p) => p.sku)).toEqual(['SLOW', 'FAST']);
    expect(after.seen[0]).toMatchObject({ unitPriceMinor: 100, currency: 'CNY', active: true });
  });
});

describe('scopes', () => {
  it('each feed needs its read scope', async () => {
    const key = await issueApiKey(
      world.deps,
      { kind: 'system', name: 'test' },
      { name: 'leads-only', scopes: 'leads:read' },
    );
    const headers = { authorization: `Bearer ${key.key}` };
    expect((await get('/api/leads', headers)).statusCode).toBe(200);
    for (const [entity, scope] of [
      ['customers', 'customers:read'],
      ['products', 'products:read'],
      ['payments', 'payments:read'],
      ['orders', 'orders:read'],
      ['installments', 'orders:read'],
    ]) {
      const res = await get(`/api/${entity}`, headers);
      expect(res.statusCode, entity).toBe(403);
      expect(res.json().scope, entity).toBe(scope);
    }
    expect((await get('/api/customers')).json().items.map((c: { name: string }) => c.name)).toEqual(['ACME']);
  });
});

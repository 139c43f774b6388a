// An ERP that is the master of the catalogue sends each product with its own id (`externalIds: { erp: … }`): sending
// it again brings that product up to date, even under a new SKU, and the id shows in the record and in the poll.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, products } from '../../src/db/schema.ts';
import { productsApi } from '../../src/http/api/products.ts';
import { settleSyncHorizon } from '../helpers/db.ts';
import { type ApiWorld, openApiWorld } from './api-world.ts';

let world: ApiWorld;
const call = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: Record<string, unknown>) =>
  world.app.inject({ method, url, headers: world.auth, ...(payload ? { payload } : {}) });

beforeAll(async () => {
  world = await openApiWorld([productsApi]);
});
afterAll(async () => {
  await world?.close();
});

describe('products upserted by their ERP id', () => {
  it('the same ERP id again updates the one product, also when the ERP renamed its SKU', async () => {
    const first = await call('POST', '/api/products', {
      sku: 'VALVE-1',
      name: 'Valve',
      currency: 'CNY',
      price: '100',
      externalIds: { erp: 'P-1001' },
    });
    expect(first.statusCode).toBe(201);
    expect(first.json().externalIds).toEqual({ erp: 'P-1001' });

    const renamed = await call('POST', '/api/products', {
      sku: 'VALVE-2',
      name: 'Valve, brass',
      currency: 'CNY',
      price: '120',
      externalIds: { erp: 'P-1001' },
    });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({ sku: 'VALVE-2', name: 'Valve, brass', price: '120.00' });
    const rows = await world.database.db
      .select()
      .from(products)
      .where(eq(products.externalIds, { erp: 'P-1001' }));
    expect(rows.map((r) => r.sku)).toEqual(['VALVE-2']);
    const audits = await world.database.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(eq(auditLog.entityId, rows[0]?.id ?? ''));
    expect(audits.map((a) => a.action).sort()).toEqual(['product.create', 'product.edit']);

    await settleSyncHorizon(world.database);
    const poll = await call('GET', '/api/products?updatedSince=2000-01-01T00:00:00Z');
    const polled = (poll.json().items as { sku: string; externalIds: unknown }[]).find(
      (p) => p.sku === 'VALVE-2',
    );
    expect(polled?.externalIds).toEqual({ erp: 'P-1001' });
  });

  it('refuses an ERP id another product has, and a SKU rename onto another product, naming it; nothing changes', async () => {
    const other = await call('POST', '/api/products', {
      sku: 'GAUGE-1',
      name: 'Gauge',
      currency: 'CNY',
      price: '50',
      externalIds: { erp: 'P-2002' },
    });
    expect(other.statusCode).toBe(201);
    const taken = await call('PATCH', '/api/products/GAUGE-1', { externalIds: { erp: 'P-1001' } });
    expect(taken.statusCode).toBe(409);
    expect(taken.json()).toMatchObject({ error: 'product_external_taken' });
    expect(taken.json().message).toContain('VALVE-2');

    const clash = await call('POST', '/api/products', {
      sku: 'VALVE-2',
      name: 'Gauge',
      currency: 'CNY',
      price: '50',
      externalIds: { erp: 'P-2002' },
    });
    expect(clash.statusCode).toBe(409);
    expect(clash.json()).toMatchObject({ error: 'product_sku_taken' });
    const [gauge] = await world.database.db.select().from(products).where(eq(products.sku, 'GAUGE-1'));
    expect(gauge?.externalIds).toEqual({ erp: 'P-2002' });

    const bad = await call('PATCH', '/api/products/GAUGE-1', { externalIds: { ERP: 'x' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: 'product_external_system', field: 'externalIds.ERP' });
  });

  it('an ERP id sent with stray spaces finds its product as it was stored, not a clash with itself', async () => {
    const first = await call('POST', '/api/products', {
      sku: 'PUMP-1',
      name: 'Pump',
      currency: 'CNY',
      price: '300',
      externalIds: { erp: 'P 3003' },
    });
    expect(first.statusCode).toBe(201);
    const again = await call('POST', '/api/products', {
      sku: 'PUMP-2',
      name: 'Pump, steel',
      currency: 'CNY',
      price: '320',
      externalIds: { erp: ' P  3003 ' },
    });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ sku: 'PUMP-2', externalIds: { erp: 'P 3003' } });
    const rows = await world.database.db
      .select()
      .from(products)
      .where(eq(products.externalIds, { erp: 'P 3003' }));
    expect(rows.map((r) => r.sku)).toEqual(['PUMP-2']);
  });
});

// /api/fx-rates on a real database with real keys: rates recorded exactly and read back, a re-post changes nothing,
// hostile input refused with the field named and nothing written, scopes enforced, OpenAPI describes both routes.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueApiKey } from '../../src/app/apikeys/create-api-key.ts';
import { auditLog, fxRates } from '../../src/db/schema.ts';
import { fxRatesApi } from '../../src/http/api/fx-rates.ts';
import { type ApiWorld, openApiWorld } from './api-world.ts';

let world: ApiWorld;
const call = (method: 'GET' | 'POST', url: string, payload?: unknown, headers = {}) =>
  world.app.inject({
    method,
    url,
    headers: { ...world.auth, ...headers },
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });
const count = async () => (await world.database.db.select().from(fxRates)).length;

beforeAll(async () => {
  world = await openApiWorld([fxRatesApi]);
});

afterAll(async () => {
  await world?.close();
});

describe('POST /api/fx-rates', () => {
  const body = {
    rates: [
      { base: 'USD', quote: 'CNY', rate: '7.1234', date: '2026-11-01' },
      { base: 'JPY', quote: 'CNY', rate: 0.0483, date: '2026-11-01' },
    ],
  };

  it('records exact rates, and posting them again changes nothing', async () => {
    const first = await call('POST', '/api/fx-rates', body);
    expect(first.statusCode).toBe(200);
    expect(first.json().rates.map((r: { outcome: string; rate: string }) => [r.rate, r.outcome])).toEqual([
      ['7.1234', 'created'],
      ['0.0483', 'created'],
    ]);
    const audits = await world.database.db.select().from(auditLog).where(eq(auditLog.entityType, 'fx_rate'));
    const again = await call('POST', '/api/fx-rates', body);
    expect(again.json().rates.map((r: { outcome: string }) => r.outcome)).toEqual(['unchanged', 'unchanged']);
    expect(await count()).toBe(2);
    const auditsAfter = await world.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.entityType, 'fx_rate'));
    expect(auditsAfter.length).toBe(audits.length);
  });

  it('a corrected rate for the same day and source replaces the old one, audited with before and after', async () => {
    const res = await call('POST', '/api/fx-rates', {
      rates: [{ base: 'USD', quote: 'CNY', rate: '7.2', date: '2026-11-01' }],
    });
    expect(res.json().rates[0]).toMatchObject({ outcome: 'changed', rate: '7.2' });
    const [audit] = await world.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'fx.rate.change'));
    expect(audit?.before).toMatchObject({ rate: '7.1234' });
    expect(audit?.after).toMatchObject({ rate: '7.2' });
  });

  it('GET returns the latest rate per pair, on or before a date', async () => {
    await call('POST', '/api/fx-rates', {
      rates: [{ base: 'USD', quote: 'CNY', rate: '7.3', date: '2026-11-02' }],
    });
    const latest = (await call('GET', '/api/fx-rates?currency=USD')).json();
    expect(latest.rates).toEqual([
      { base: 'USD', quote: 'CNY', rate: '7.3', date: '2026-11-02', source: 'api' },
    ]);
    const before = (await call('GET', '/api/fx-rates?currency=USD&on=2026-11-01')).json();
    expect(before.rates[0]).toMatchObject({ rate: '7.2', date: '2026-11-01' });
  });

  it.each<[string, Record<string, unknown>, string, string]>([
    ['bad currency code', { base: 'usd' }, 'rates.0.base', 'fx_currency'],
    ['__proto__ as currency', { quote: '__proto__' }, 'rates.0.quote', 'fx_currency'],
    ['constructor as currency', { base: 'constructor' }, 'rates.0.base', 'fx_currency'],
    ['zero rate', { rate: '0' }, 'rates.0.rate', 'fx_rate_zero'],
    ['negative rate', { rate: -7.1 }, 'rates.0.rate', 'fx_rate_format'],
    ['huge rate', { rate: '99999999' }, 'rates.0.rate', 'fx_rate_format'],
    ['rate just over the maximum', { rate: '1000000.5' }, 'rates.0.rate', 'fx_rate_range'],
    ['exponent rate', { rate: 1e21 }, 'rates.0.rate', 'fx_rate_format'],
    ['same currency', { quote: 'EUR' }, 'rates.0.quote', 'fx_same_currency'],
    ['bad date', { date: '2026-02-30x' }, 'rates.0.date', 'fx_date'],
  ])('%s is a 400 naming the field, and nothing is written', async (_name, change, field, error) => {
    const before = await count();
    const ok = { base: 'EUR', quote: 'CNY', rate: '7.8', date: '2026-11-01' };
    const res = await call('POST', '/api/fx-rates', { rates: [ok, { ...ok, ...change }] });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error, field: field.replace('rates.0', 'rates.1') });
    expect(await count()).toBe(before);
  });

  it.each(['2026-02-30', '6700-94-06', '2026-13-01'])(
    'GET ?on=%s (no such day) is a 400 naming on',
    async (on) => {
      const res = await call('GET', `/api/fx-rates?currency=USD&on=${on}`);
      expect(res.statusCode).toBe(400);
      expect(JSON.stringify(res.json())).toContain('calendar date');
    },
  );

  it('an unknown body field is a 400 naming it', async () => {
    const res = await call('POST', '/api/fx-rates', {
      rates: [{ base: 'USD', quote: 'CNY', rate: '7', price: 1 }],
    });
    expect(res.statusCode).toBe(400);
    expect(JSON.stringify(res.json())).toContain('price');
  });

  it('a key with fx:read may read but not write; without it may not read', async () => {
    const reader = await issueApiKey(
      world.deps,
      { kind: 'system', name: 'test' },
      { name: 'bi', scopes: 'fx:read' },
    );
    const asReader = { authorization: `Bearer ${reader.key}` };
    expect((await call('GET', '/api/fx-rates', undefined, asReader)).statusCode).toBe(200);
    const write = await call('POST', '/api/fx-rates', body, asReader);
    expect(write.statusCode).toBe(403);
    expect(write.json()).toMatchObject({ error: 'missing_scope', scope: 'fx:write' });
    const other = await issueApiKey(
      world.deps,
      { kind: 'system', name: 'test' },
      { name: 'shop', scopes: 'orders:read' },
    );
    expect(
      (await call('GET', '/api/fx-rates', undefined, { authorization: `Bearer ${other.key}` })).statusCode,
    ).toBe(403);
  });

  it('the OpenAPI document describes both routes', async () => {
    const doc = (await world.app.inject({ method: 'GET', url: '/docs/json' })).json();
    expect(Object.keys(doc.paths['/api/fx-rates'] ?? {}).sort()).toEqual(['get', 'post']);
  });
});

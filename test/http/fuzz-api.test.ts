// Property test over every REST route in the OpenAPI document: random and hostile requests never get a 5xx, and a
// refused request (4xx) writes nothing to any table.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderAttachmentsApi } from '../../src/http/api/order-attachments.ts';
import { apiPlugins } from '../../src/main.ts';
import { type ApiWorld, openApiWorld } from './api-world.ts';

// A fixed seed keeps CI repeatable; FUZZ_SEED=<n> FUZZ_RUNS=<n> explore further.
const seed = Number(process.env.FUZZ_SEED ?? 20261205);
const numRuns = Number(process.env.FUZZ_RUNS ?? 40);

interface Schema {
  type?: string | string[];
  enum?: unknown[];
  format?: string;
  pattern?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
}

interface Operation {
  parameters?: { name: string; in: string; schema?: Schema }[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}

// Names and numbers that broke closeloop before, or break naive code: prototype keys, overflow, markup, control bytes.
const hostileStrings = [
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'prototype',
  '',
  ' ',
  'L-000001',
  'L-999999999999999999999',
  'SO-2026-00001',
  'SO-9999-99999999999',
  '00000000-0000-0000-0000-000000000000',
  '3000000000',
  '-1',
  '1e309',
  'NaN',
  '../../etc/passwd',
  '%00',
  '\u0000',
  '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
  '[点此查看报价](http://evil.example/pay)',
  "'; drop table leads; --",
  '=cmd|/c calc!A1',
  'x'.repeat(5000),
  '2026-02-30',
  '明天',
];
const hostileNumbers = [0, -1, 1, 3_000_000_000, 2 ** 53, -(2 ** 53), 1e308, 0.1, -0.000001, 1e9 + 1];

const hostileString = fc.oneof(fc.constantFrom(...hostileStrings), fc.string({ maxLength: 40 }));
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.constantFrom<unknown>(...hostileNumbers, null, true, [], {}),
  fc.jsonValue({ maxDepth: 3 }),
);

// Values that name things the world has (the seeded lead, order, customer, product, people), so requests get past
// validation into the use cases, where the interesting failures are.
const plausibleStrings = [
  'ACME',
  'B200',
  'rep@demo.test',
  'boss@demo.test',
  'L-000001',
  'SO-2026-00001',
  '2026-11-02',
  '2026-11-30',
  'east',
  'CNY',
  'USD',
  '100.00',
  '1',
  'call',
  'website',
  'manufacturing',
  'json',
  'csv',
  'rep',
  'month',
];
const plausibleString = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...plausibleStrings) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
);
// Mostly plausible, sometimes hostile: one bad part in an otherwise good request.
const mostly = <T>(good: fc.Arbitrary<T>): fc.Arbitrary<unknown> =>
  fc.oneof({ weight: 12, arbitrary: good }, { weight: 1, arbitrary: hostileValue });

// A body the document does not describe (a route that parses it itself): fields closeloop's bodies use.
const plausibleObject = fc.dictionary(
  fc.constantFrom(
    'name',
    'phone',
    'email',
    'company',
    'region',
    'industry',
    'source',
    'customerName',
    'ownerEmail',
    'amount',
    'currency',
    'receivedOn',
    'note',
    'plan',
    'leads',
    'format',
  ),
  plausibleString,
  { minKeys: 1, maxKeys: 8 },
);
const plausibleLines = fc.array(
  fc.record({ sku: mostly(fc.constant('B200')), quantity: mostly(fc.integer({ min: 1, max: 5 })) }),
  { minLength: 1, maxLength: 2 },
);

// Strings a pattern accepts: the plausible ones it matches (real dates, refs), else whatever the pattern generates.
function matching(pattern: string): fc.Arbitrary<string> {
  const re = new RegExp(pattern);
  const known = plausibleStrings.filter((v) => re.test(v));
  const generated = fc.stringMatching(re);
  return known.length > 0
    ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...known) }, generated)
    : generated;
}

function typesOf(schema: Schema): string[] {
  return Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
}

// Near-valid values from the route's own schema, each part sometimes swapped for a hostile one.
function fromSchema(schema: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 4) return hostileValue;
  if (Object.keys(schema).length === 0)
    return mostly(fc.oneof(plausibleObject, fc.record({ lines: plausibleLines })));
  const variants = [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])];
  if (variants.length > 0) return fc.oneof(...variants.map((v) => fromSchema(v, depth + 1)), hostileValue);
  if (schema.enum) return mostly(fc.constantFrom(...schema.enum));
  const own: fc.Arbitrary<unknown>[] = [];
  for (const type of typesOf(schema)) {
    if (type === 'string') {
      const formatted =
        schema.format === 'date'
          ? fc.constantFrom('2026-11-02', '2026-13-01', '0000-00-00')
          : schema.format === 'date-time'
            ? fc.constantFrom('2026-11-02T02:00:00Z', '2026-11-02T25:00:00Z')
            : schema.format === 'email'
              ? fc.constantFrom('rep@demo.test', 'a@b', 'nobody@example.invalid')
              : plausibleString;
      own.push(schema.pattern ? matching(schema.pattern) : formatted);
    } else if (type === 'integer' || type === 'number') {
      own.push(fc.integer({ min: 0, max: 1000 }), fc.constantFrom(...hostileNumbers));
    } else if (type === 'boolean') {
      own.push(fc.boolean());
    } else if (type === 'array') {
      own.push(fc.array(fromSchema(schema.items, depth + 1), { minLength: 1, maxLength: 3 }));
    } else if (type === 'object') {
      const props = Object.entries(schema.properties ?? {});
      own.push(
        fc.record(Object.fromEntries(props.map(([k, s]) => [k, fromSchema(s, depth + 1)])), {
          requiredKeys: [],
        }),
      );
    } else if (type === 'null') {
      own.push(fc.constant(null));
    }
  }
  return own.length > 0 ? mostly(fc.oneof(...own)) : hostileValue;
}

// Raw bodies JSON.stringify cannot make: prototype keys as own properties, deep nesting, bad JSON, huge literals.
const rawBodies = [
  '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}',
  `${'['.repeat(5000)}${']'.repeat(5000)}`,
  '{',
  '1e999',
  '"just a string"',
  'null',
  `{"lines":[{"sku":"B200","quantity":1e999}]}`,
];

interface Route {
  method: string;
  path: string;
  op: Operation;
  body: Schema | undefined;
  json: boolean;
}

function routesOf(spec: { paths?: Record<string, Record<string, Operation>> }): Route[] {
  const routes: Route[] = [];
  for (const [path, methods] of Object.entries(spec.paths ?? {})) {
    for (const [method, op] of Object.entries(methods)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const content = op.requestBody?.content ?? {};
      const json = content['application/json'];
      routes.push({
        method: method.toUpperCase(),
        path,
        op,
        body: json?.schema,
        // Routes that take files (multipart, CSV) are fuzzed through their query and path only.
        json: json !== undefined || Object.keys(content).length === 0,
      });
    }
  }
  return routes;
}

function requestArb(route: Route) {
  const params = route.op.parameters ?? [];
  const pathParams = params.filter((p) => p.in === 'path');
  const queryParams = params.filter((p) => p.in === 'query');
  // Without bias: fast-check's bias toward small and edge values would make the rare hostile branch the common one.
  return fc.noBias(
    fc.record({
      path: fc.tuple(
        ...pathParams.map(() =>
          mostly(fc.oneof(fc.constantFrom('L-000001', 'SO-2026-00001', '1'), plausibleString)),
        ),
        fc.constant(null),
      ),
      query: fc.record(Object.fromEntries(queryParams.map((p) => [p.name, fromSchema(p.schema)])), {
        requiredKeys: [],
      }),
      body: route.json && route.method !== 'GET' ? fromSchema(route.body) : fc.constant(undefined),
      raw:
        route.json && route.method !== 'GET'
          ? fc.oneof(
              { weight: 8, arbitrary: fc.constant(null) },
              { weight: 1, arbitrary: fc.constantFrom(...rawBodies) },
            )
          : fc.constant(null),
    }),
  );
}

let world: ApiWorld;
let tables: string[];

async function countAll(): Promise<Record<string, number>> {
  const sql = tables.map((t) => `select '${t}' t, count(*)::int n from "${t}"`).join(' union all ');
  const { rows } = await world.database.pool.query<{ t: string; n: number }>(sql);
  return Object.fromEntries(rows.map((r) => [r.t, r.n]));
}

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'closeloop-fuzz-'));
  world = await openApiWorld([...apiPlugins, orderAttachmentsApi({ dataDir })]);
  // Something for path references to find: lead L-000001 and order SO-2026-00001.
  const lead = await world.app.inject({
    method: 'POST',
    url: '/api/leads',
    headers: world.auth,
    payload: { name: 'Fuzz Lead', phone: '13800138000', company: 'ACME', region: 'east' },
  });
  expect(lead.statusCode).toBe(201);
  expect((await world.newOrder()).statusCode).toBe(201);
  const { rows } = await world.database.pool.query<{ tablename: string }>(
    `select tablename from pg_tables where schemaname = 'public' order by tablename`,
  );
  // The migrations' bookkeeping is not the API's to write.
  tables = rows.map((r) => r.tablename).filter((t) => !t.startsWith('__drizzle'));
}, 120_000);

afterAll(async () => {
  await world?.close();
});

describe('every JSON route in the OpenAPI document under random and hostile input', () => {
  it('lists the routes it fuzzes (a route added later is covered without editing this test)', async () => {
    await world.app.ready();
    const routes = routesOf(world.app.swagger() as never);
    expect(routes.length).toBeGreaterThanOrEqual(15);
    expect(routes.map((r) => `${r.method} ${r.path}`)).toEqual(
      expect.arrayContaining(['POST /api/orders', 'POST /api/leads', 'POST /api/payments']),
    );
  });

  it('never answers 5xx, and a refused request writes no row anywhere', async () => {
    await world.app.ready();
    const routes = routesOf(world.app.swagger() as never);
    const failures: string[] = [];
    for (const route of routes) {
      await fc.assert(
        fc.asyncProperty(requestArb(route), async (req) => {
          let i = 0;
          const url = route.path.replace(/\{[^}]+\}/g, () =>
            encodeURIComponent(String(req.path[i++] ?? 'x')),
          );
          const query = Object.entries(req.query)
            .filter(([, v]) => v !== undefined)
            .map(
              ([k, v]) =>
                `${encodeURIComponent(k)}=${encodeURIComponent(typeof v === 'string' ? v : JSON.stringify(v))}`,
            )
            .join('&');
          const before = await countAll();
          const response = await world.app.inject({
            method: route.method as 'GET',
            url: query ? `${url}?${query}` : url,
            headers: {
              ...world.auth,
              ...(req.body !== undefined || req.raw ? { 'content-type': 'application/json' } : {}),
            },
            ...(req.raw
              ? { payload: req.raw }
              : req.body !== undefined
                ? { payload: JSON.stringify(req.body) }
                : {}),
          });
          const what =
            `${route.method} ${url}${query ? `?${query}` : ''} ${req.raw ?? JSON.stringify(req.body) ?? ''}`.slice(
              0,
              400,
            );
          if (response.statusCode >= 500)
            failures.push(`${response.statusCode} ${what} → ${response.body.slice(0, 200)}`);
          if (response.statusCode >= 400 && response.statusCode < 500) {
            const after = await countAll();
            const changed = tables.filter((t) => after[t] !== before[t]);
            if (changed.length > 0)
              failures.push(`${response.statusCode} wrote ${changed.join(', ')}: ${what}`);
          }
          return true;
        }),
        { seed, numRuns },
      );
    }
    expect(failures).toEqual([]);
  }, 600_000);
});

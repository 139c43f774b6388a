// The fx-provider job reads a Frankfurter-style answer from the provider in closeloop.yaml and records its rates under
// the provider's source; the same answer again changes nothing; a private host, an error status or a malformed answer
// records nothing and says why.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AppDeps } from '../../../src/app/deps.ts';
import { fetchProviderRates } from '../../../src/app/fx/fetch-provider-rates.ts';
import { fxSchema } from '../../../src/config/fx-policy.ts';
import { auditLog, fxRates } from '../../../src/db/schema.ts';
import { errorText } from '../../../src/messages/catalogue/errors.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { examplePolicy, testDeps } from '../../helpers/deps.ts';

let database: TestDatabase;
let server: Server;
let base: string;
let answer: { status: number; body: string };

beforeAll(async () => {
  database = await createTestDatabase();
  server = createServer((_req, res) => {
    res.writeHead(answer.status, { 'content-type': 'application/json' });
    res.end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 120_000);
afterAll(async () => {
  server.close();
  await database.close();
});
beforeEach(() => {
  answer = {
    status: 200,
    body: JSON.stringify({ amount: 1, base: 'USD', date: '2026-12-04', rates: { CNY: 7.1234, EUR: 0.9231 } }),
  };
});

function depsWith(provider: Record<string, unknown>): AppDeps {
  const policy = examplePolicy();
  return testDeps(database, {
    policy: { ...policy, fx: fxSchema.parse({ provider: { source: 'ecb', ...provider } }) },
  });
}

const rows = async () =>
  (await database.db.select().from(fxRates)).map(
    (r) => `${r.base}/${r.quote} ${r.rateDate} ${r.source} ${Number(r.rate)}`,
  );

describe('fx provider', () => {
  it('records the rates of the answer under its source, and the same answer again changes nothing', async () => {
    const deps = depsWith({ url: `${base}/latest?from=USD`, allowPrivate: true });
    const first = await fetchProviderRates(deps);
    expect(first).toMatchObject({ fetched: true });
    expect((await rows()).sort()).toEqual(['USD/CNY 2026-12-04 ecb 7.1234', 'USD/EUR 2026-12-04 ecb 0.9231']);
    const audited = (await database.db.select().from(auditLog)).length;
    const again = await fetchProviderRates(deps);
    expect(again.fetched && again.recorded.map((r) => r.outcome)).toEqual(['unchanged', 'unchanged']);
    expect(await database.db.select().from(auditLog)).toHaveLength(audited);
  });

  it('refuses a host that resolves to a private address unless allowed, before asking it anything', async () => {
    let asked = 0;
    server.once('request', () => {
      asked += 1;
    });
    const deps = depsWith({ url: 'http://rates.example.test/latest' });
    const outcome = await fetchProviderRates(deps, async () => ['10.1.2.3']);
    expect(outcome.fetched).toBe(false);
    if (outcome.fetched || outcome.why !== 'refused') throw new Error('expected a refusal');
    expect(errorText(outcome.problem, 'en')).toContain('private address (10.1.2.3)');
    expect(asked).toBe(0);
  });

  it('a literal private address is refused when closeloop.yaml is read, naming the key to set', () => {
    const parsed = fxSchema.safeParse({ provider: { url: 'http://127.0.0.1:9/latest' } });
    expect(parsed.success).toBe(false);
    expect(JSON.stringify(parsed.error?.issues)).toContain('fx.provider.allowPrivate: true');
  });

  it.each([
    ['an error status', 503, '{"error":"down"}', 'answered 503'],
    ['no JSON', 200, '<html>', 'answered no JSON'],
    [
      'a rate that is not a number',
      200,
      '{"base":"USD","date":"2026-12-04","rates":{"CNY":"abc"}}',
      'The rate "abc"',
    ],
    [
      'a prototype key as currency',
      200,
      '{"base":"USD","date":"2026-12-04","rates":{"__proto__":7}}',
      'rates',
    ],
    ['no date', 200, '{"base":"USD","rates":{"CNY":7}}', 'date'],
  ])('%s records nothing and says why', async (_what, status, body, says) => {
    answer = { status, body };
    const before = await rows();
    const outcome = await fetchProviderRates(
      depsWith({ url: `${base}/latest`, allowPrivate: true, source: 'other' }),
    );
    if (outcome.fetched || outcome.why !== 'refused') throw new Error('expected a refusal');
    expect(errorText(outcome.problem, 'en')).toContain(says);
    expect(await rows()).toEqual(before);
  });
});

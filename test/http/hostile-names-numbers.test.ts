// Names every object answers to (constructor, __proto__…) and numbers past a column's range: a 400 naming the field,
// never a 500, never a wedged order, nothing written.
import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PolicyError, parsePolicy } from '../../src/config/load-policy.ts';
import { orders } from '../../src/db/schema.ts';
import { own } from '../../src/domain/own.ts';
import { installmentInvoicesApi } from '../../src/http/api/installment-invoices.ts';
import { ordersApi } from '../../src/http/api/orders.ts';
import { orderTables } from '../app/orders/people.ts';
import { rowCounts, type TestDatabase } from '../helpers/db.ts';
import { examplePolicyFile } from '../helpers/deps.ts';
import { type ApiWorld, openApiWorld } from './api-world.ts';

const prototypeNames = ['constructor', '__proto__', 'toString', 'hasOwnProperty'];

let world: ApiWorld;
let database: TestDatabase;
let app: FastifyInstance;
let auth: { authorization: string };

beforeAll(async () => {
  world = await openApiWorld([ordersApi, installmentInvoicesApi]);
  ({ database, app, auth } = world);
});

afterAll(async () => {
  await world?.close();
});

const counts = () => rowCounts(database, orderTables);

const newOrder = (extra: Record<string, unknown>) => world.newOrder(extra);

describe('a payment plan named like an object property', () => {
  it.each(prototypeNames)(
    'POST /api/orders with paymentPlan %s is 400 listing the plans; nothing written',
    async (plan) => {
      const before = await counts();
      const res = await newOrder({ paymentPlan: plan });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toEqual({
        error: 'order_unknown_plan',
        field: 'paymentPlan',
        message: `No payment plan "${plan}". Use one of: Net 30, 30/60/10.`,
      });
      expect(await counts()).toEqual(before);
    },
  );

  it('PATCH with paymentPlan constructor is 400 too, and the order can still be approved with a real plan', async () => {
    const created = await newOrder({ submit: false });
    expect(created.statusCode).toBe(201);
    const { number } = created.json();
    for (const plan of prototypeNames) {
      const res = await app.inject({
        method: 'PATCH',
        url: `/api/orders/${number}`,
        headers: auth,
        payload: { paymentPlan: plan },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ error: 'order_unknown_plan', field: 'paymentPlan' });
    }
    const [row] = await database.db.select().from(orders).where(eq(orders.number, number));
    expect(row?.paymentPlan).toBe('net-30');
  });

  it('closeloop.yaml refuses a plan, channel or price list named like an object property, naming the path', () => {
    const example = readFileSync(examplePolicyFile, 'utf8');
    const problems = (text: string) => {
      try {
        parsePolicy(text, 'closeloop.yaml');
        return [];
      } catch (e) {
        if (e instanceof PolicyError) return e.problems;
        throw e;
      }
    };
    const withPlan = example.replace(
      'paymentPlans:\n',
      'paymentPlans:\n  constructor:\n    - { label: All, percent: 100, dueDays: 0 }\n',
    );
    expect(problems(withPlan)).toEqual([
      expect.stringMatching(
        /at paymentPlans\.constructor: "constructor" is a reserved word .*pick another name/,
      ),
    ]);
    const withList = `${example}\norders:\n  priceLists:\n    toString: { currency: CNY }\n`;
    expect(problems(withList)).toEqual([
      expect.stringMatching(/at orders\.priceLists\.toString: "toString" is a reserved word/),
    ]);
    // A routing rule named __proto__ would key its turn-taking cursor on the prototype.
    const withRule = example.replace('    - name: East manufacturing', '    - name: __proto__');
    expect(problems(withRule)).toEqual([
      expect.stringMatching(/at routing\.rules\["__proto__"\]\.name: "__proto__" is a reserved word/),
      // Its label now names no rule.
      expect.stringMatching(
        /at labels\.rules\.East manufacturing: no routing rule .* is named "East manufacturing"/,
      ),
    ]);
  });

  it('the parsed policy answers only its own names, even to a bare index', () => {
    const policy = parsePolicy(readFileSync(examplePolicyFile, 'utf8'), 'closeloop.yaml');
    for (const name of prototypeNames) {
      expect((policy.paymentPlans as Record<string, unknown>)[name]).toBeUndefined();
      expect((policy.channels as Record<string, unknown>)[name]).toBeUndefined();
      expect(own(policy.paymentPlans, name)).toBeUndefined();
    }
    expect(own(policy.paymentPlans, 'net-30')).toHaveLength(1);
    expect(own({ a: 1 }, 'constructor')).toBeUndefined();
  });
});

describe('numbers past what a column holds', () => {
  it('a line quantity of 3,000,000,000 is 400 naming lines.0.quantity; nothing written', async () => {
    const before = await counts();
    const res = await newOrder({ lines: [{ sku: 'B200', quantity: 3_000_000_000 }] });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      error: 'invalid_request',
      issues: [{ field: 'lines.0.quantity', message: 'the quantity is at most 1,000,000,000' }],
    });
    const huge = await newOrder({ lines: [{ description: 'x', unitPrice: '1e400', quantity: 1 }] });
    expect(huge.statusCode).toBe(400);
    const unsafe = await newOrder({
      lines: [{ description: 'x', unitPrice: '90071992547409930', quantity: 1 }],
    });
    expect(unsafe.statusCode).toBe(400);
    expect(unsafe.json().issues[0].field).toBe('lines.0.unitPrice');
    expect(await counts()).toEqual(before);
  });

  it('an installment position of 3,000,000,000 in the invoice path is 400 naming position', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/orders/SO-2026-00001/installments/3000000000/invoice',
      headers: auth,
      payload: { invoiceNo: 'INV-2026-0101' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      error: 'invalid_request',
      issues: [{ field: 'position', message: 'an order has at most 1000 installments' }],
    });
  });
});

describe('keys that reach an object prototype, and bodies that are not JSON', () => {
  const raw = (payload: string) =>
    app.inject({
      method: 'POST',
      url: '/api/orders',
      headers: { ...auth, 'content-type': 'application/json' },
      payload,
    });
  const order = '"customerName":"ACME","ownerEmail":"rep@demo.test","lines":[{"sku":"B200","quantity":1}]';

  it.each([
    [`{"__proto__":{"isAdmin":true},${order}}`, '__proto__', '__proto__'],
    [`{${order},"meta":{"a":[{"__proto__":{}}]}}`, 'meta.a.0.__proto__', '__proto__'],
    // The same key spelled with a JSON escape is the same key once parsed.
    [`{"\\u005f_proto__":{},${order}}`, '__proto__', '__proto__'],
    [`{"constructor":{"prototype":{"x":1}},${order}}`, 'constructor.prototype', 'prototype'],
  ])('%s is 400 naming %s; nothing written', async (payload, field, key) => {
    const before = await counts();
    const res = await raw(payload);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'body_forbidden_key', field });
    expect(res.json().message).toContain(`"${key}"`);
    expect(await counts()).toEqual(before);
  });

  it('a body cut short is 400 saying where JSON broke; nothing written', async () => {
    const before = await counts();
    const res = await raw(`{${order}`);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'body_not_json', field: '(body)' });
    expect(res.json().message).toMatch(/^The body is not valid JSON \(.*position \d+/);
    expect(await counts()).toEqual(before);
  });

  it('a body nested 100,000 deep with an escape in it is a 400, not a stack overflow', async () => {
    const deep = `${'['.repeat(100_000)}"\\u0041"${']'.repeat(100_000)}`;
    const res = await raw(deep);
    expect(res.statusCode).toBe(400);
    // Deep and poisoned: found, and named by its whole path.
    const poisoned = await raw(`${'{"a":'.repeat(50_000)}{"__proto__":1}${'}'.repeat(50_000)}`);
    expect(poisoned.json()).toMatchObject({ error: 'body_forbidden_key' });
    expect(poisoned.json().field).toBe(`${'a.'.repeat(50_000)}__proto__`);
  });

  it('a body that starts with a byte-order mark is read as the JSON after it', async () => {
    const res = await raw(`\uFEFF{${order},"paymentPlan":"constructor"}`);
    expect(res.json().error).toBe('order_unknown_plan');
  });

  it('"constructor" and "prototype" as plain names and values are data, not refused', async () => {
    const res = await newOrder({ paymentPlan: 'constructor', note: 'the prototype, __proto__ and all' });
    expect(res.json().error).toBe('order_unknown_plan');
  });
});

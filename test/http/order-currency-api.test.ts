// An order's currency follows its customer's price list, and API order lines are read in it: a USD customer's line
// with three decimals or in another currency is a 400 naming the line's field, and nothing is written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customers, productPrices, products } from '../../src/db/schema.ts';
import { foldCompanyName } from '../../src/domain/leads/normalise.ts';
import { ordersApi } from '../../src/http/api/orders.ts';
import { countRows } from '../helpers/db.ts';
import { type ApiWorld, openApiWorld } from './api-world.ts';

let world: ApiWorld;

beforeAll(async () => {
  world = await openApiWorld([ordersApi]);
  const [b200] = await world.database.db.select().from(products);
  await world.database.db
    .insert(productPrices)
    .values({ productId: b200?.id ?? '', priceList: 'export-usd', currency: 'USD', unitPriceMinor: 15_000 });
  await world.database.db.insert(customers).values({
    name: 'Pacific Imports',
    normalizedName: foldCompanyName('Pacific Imports'),
    currency: 'USD',
    priceList: 'export-usd',
    ownerId: world.people.rep?.id,
  });
});

afterAll(async () => {
  await world?.close();
});

const order = (line: Record<string, unknown>) =>
  world.newOrder({ customerName: 'Pacific Imports', lines: [{ quantity: 2, ...line }], submit: false });

describe('API order lines in the order currency', () => {
  it('prices a USD customer in USD, and reads a line price in USD', async () => {
    const bySku = await order({ sku: 'B200' });
    expect(bySku.statusCode).toBe(201);
    expect(bySku.json()).toMatchObject({ currency: 'USD' });
    const priced = await order({ description: 'Install', unitPrice: '1234.50', currency: 'USD' });
    expect(priced.statusCode).toBe(201);
    expect(priced.json()).toMatchObject({ currency: 'USD', totalMinor: expect.any(Number) });
  });

  it.each<[string, Record<string, unknown>, string, string]>([
    [
      'a line in another currency',
      { description: 'Install', unitPrice: '100', currency: 'CNY' },
      'lines.0.currency',
      'order_line_currency_differs',
    ],
    [
      'more decimals than USD has',
      { description: 'Install', unitPrice: '12.345' },
      'lines.0.unitPrice',
      'order_line_price_currency',
    ],
  ])('%s is a 400 naming the field, nothing written', async (_name, line, field, error) => {
    const before = await countRows(world.database, 'orders');
    const res = await order(line);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error, field });
    expect(res.json().message).toContain(field);
    expect(await countRows(world.database, 'orders')).toBe(before);
  });

  it('a CNY customer still takes two-decimal CNY prices', async () => {
    const res = await world.newOrder({
      lines: [{ description: 'Setup', quantity: 1, unitPrice: '99.99' }],
      submit: false,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ currency: 'CNY', totalMinor: expect.any(Number) });
  });
});

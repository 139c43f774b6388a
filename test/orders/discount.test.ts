// Discount against list and margin, table-driven: typed prices, line discounts, lines without a list price or cost.
import { describe, expect, it } from 'vitest';
import { type PricedLine, type PricingFacts, pricingFacts } from '../../src/domain/orders/discount.ts';

const line = (
  quantity: number,
  amountMinor: number,
  list: number | null,
  cost: number | null,
): PricedLine => ({
  quantity,
  amountMinor,
  listUnitMinor: list,
  unitCostMinor: cost,
});

const cases: [string, PricedLine[], PricingFacts][] = [
  [
    'at list, cost known',
    [line(2, 2_000, 1_000, 600)],
    { lineDiscountBp: [0], totalDiscountBp: 0, marginBp: 4_000 },
  ],
  [
    '10% line discount and a typed-in lower price',
    [line(1, 900, 1_000, 500), line(2, 1_500, 1_000, 500)],
    { lineDiscountBp: [1_000, 2_500], totalDiscountBp: 2_000, marginBp: 3_750 },
  ],
  [
    'a service without list price or cost: no line discount, no margin',
    [line(1, 900, 1_000, 500), line(1, 500, null, null)],
    { lineDiscountBp: [1_000, null], totalDiscountBp: 1_000, marginBp: null },
  ],
  [
    'above list reads negative',
    [line(1, 1_100, 1_000, null)],
    { lineDiscountBp: [-1_000], totalDiscountBp: -1_000, marginBp: null },
  ],
  [
    'sold below cost',
    [line(1, 400, 1_000, 500)],
    { lineDiscountBp: [6_000], totalDiscountBp: 6_000, marginBp: -2_500 },
  ],
  ['nothing priced', [], { lineDiscountBp: [], totalDiscountBp: null, marginBp: null }],
];

describe('pricingFacts', () => {
  for (const [name, lines, want] of cases) it(name, () => expect(pricingFacts(lines)).toEqual(want));
});

import { describe, expect, it } from 'vitest';
import { diffVersions, type SnapshotLine, type VersionContent } from '../../src/domain/orders/order-diff.ts';

const press: SnapshotLine = {
  productId: 'p1',
  description: 'Press',
  quantity: 2,
  unitPriceMinor: 100,
  discountBp: 0,
  amountMinor: 200,
};
const install: SnapshotLine = {
  productId: null,
  description: 'Installation',
  quantity: 1,
  unitPriceMinor: 50,
  discountBp: 0,
  amountMinor: 50,
};
const v1: VersionContent = {
  totalMinor: 250,
  paymentPlan: 'net-30',
  terms: null,
  nonStandardTerms: false,
  lines: [press, install],
};

describe('diffVersions', () => {
  it('an identical version has no changes', () => {
    expect(diffVersions(v1, structuredClone(v1))).toEqual([]);
  });

  it('header fields: old → new', () => {
    expect(
      diffVersions(v1, { ...v1, paymentPlan: '30-60-10', terms: 'pay later', nonStandardTerms: true }),
    ).toEqual([
      { kind: 'paymentPlan', from: 'net-30', to: '30-60-10' },
      { kind: 'terms', from: null, to: 'pay later' },
      { kind: 'nonStandardTerms', from: false, to: true },
    ]);
  });

  it('a changed line lists only the fields that changed; added and removed lines are named', () => {
    const discounted = { ...press, discountBp: 2000, amountMinor: 160 };
    const extra = { ...install, description: 'Training', amountMinor: 30, unitPriceMinor: 30 };
    expect(diffVersions(v1, { ...v1, totalMinor: 190, lines: [discounted, extra] })).toEqual([
      { kind: 'total', from: 250, to: 190 },
      {
        kind: 'lineChanged',
        description: 'Press',
        fields: [
          { field: 'discountBp', from: 0, to: 2000 },
          { field: 'amountMinor', from: 200, to: 160 },
        ],
      },
      { kind: 'lineAdded', line: extra },
      { kind: 'lineRemoved', line: install },
    ]);
  });

  it('a second copy of the same product is an added line', () => {
    const changes = diffVersions(v1, { ...v1, totalMinor: 450, lines: [press, install, press] });
    expect(changes.map((c) => c.kind)).toEqual(['total', 'lineAdded']);
  });
});

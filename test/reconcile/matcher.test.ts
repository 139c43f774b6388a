import { describe, expect, it } from 'vitest';
import { findTwin, type SeenLine } from '../../src/domain/reconcile/duplicates.ts';
import {
  type MatchContext,
  type MatchOutcome,
  matcherLimits,
  matchLine,
  noTolerance,
  type OpenInstallment,
  type OpenReceipt,
  referenceCandidates,
  referenceKey,
  searchCombinations,
  type Tolerance,
} from '../../src/domain/reconcile/matcher.ts';

const inst = (over: Partial<OpenInstallment> & { id: string }): OpenInstallment => ({
  orderId: 'o12',
  orderNumber: 'SO-2026-00012',
  customerId: 'acme',
  position: 1,
  label: 'Part',
  dueOn: '2026-11-01',
  amountMinor: 30_000,
  settledMinor: 0,
  currency: 'CNY',
  invoiceNo: null,
  ...over,
});

const order12 = [
  inst({ id: 'i3', position: 3, dueOn: '2027-01-01', amountMinor: 10_000 }),
  inst({ id: 'i1', position: 1, dueOn: '2026-11-01', amountMinor: 30_000, settledMinor: 30_000 }),
  inst({ id: 'i2', position: 2, dueOn: '2026-12-01', amountMinor: 60_000 }),
  inst({ id: 'i4', position: 4, dueOn: '2027-02-01', amountMinor: 10_000 }),
];
const usd7 = [
  inst({ id: 'u1', orderId: 'o7', orderNumber: 'SO-2026-00007', amountMinor: 5_000, currency: 'USD' }),
];

// Acme owes on three orders; greedy oldest-first (a1 + b1 = 400, then nothing fits) misses 100 + 250 + 150.
const acme = [
  inst({ id: 'a1', orderId: 'oa', orderNumber: 'SO-2026-00021', dueOn: '2026-09-01', amountMinor: 10_000 }),
  inst({ id: 'b1', orderId: 'ob', orderNumber: 'SO-2026-00022', dueOn: '2026-10-01', amountMinor: 30_000 }),
  inst({ id: 'c1', orderId: 'oc', orderNumber: 'SO-2026-00023', dueOn: '2026-10-15', amountMinor: 25_000 }),
  inst({ id: 'd1', orderId: 'oa', orderNumber: 'SO-2026-00021', dueOn: '2026-11-01', amountMinor: 15_000 }),
];

const gold: Tolerance = {
  under: { percent: 1, maxMinor: 500 },
  over: { percent: 0.5, maxMinor: 200 },
};

function ctx(over: Partial<MatchContext> = {}): MatchContext {
  return {
    referenced: [],
    payerInstallments: [],
    payerCustomer: null,
    sameAmount: [],
    receipts: [],
    toleranceFor: () => noTolerance,
    autoConfirmAbove: 0.9,
    ...over,
  };
}

const byRef = (...groups: OpenInstallment[][]) =>
  groups.map((g) => ({ orderNumber: (g[0] as OpenInstallment).orderNumber, installments: g }));

// A compact picture of an outcome: auto/exception, the allocations and what is left over.
function summary(r: MatchOutcome): string {
  if (r.kind === 'receipt') return `receipt:${r.receiptId}:${r.by}`;
  if (r.kind === 'auto') {
    const p = r.proposal;
    const parts = p.allocations.map((a) => `${a.installmentId}=${a.amountMinor}`).join(',');
    const off = p.writeOffs.map((w) => ` off:${w.installmentId}=${w.amountMinor}`).join('');
    return `auto:${p.basis}:${p.fit}:${parts}${off}${p.excessMinor ? ` excess=${p.excessMinor}` : ''}`;
  }
  const s = r.suggestions[0];
  const hint = s ? ` ${s.fit}:${s.allocations.map((a) => a.installmentId).join(',')}` : '';
  return `exception:${r.exception}:${r.reference ?? ''}${hint}`;
}

describe('referenceCandidates', () => {
  it.each([
    ['SO-2026-00012', 'SO202600012'],
    ['ＳＯ－2026－00012', 'SO202600012'],
    ['ＳＯ－２０２６　０００１２', 'SO202600012'],
    ['so 2026 00012', 'SO202600012'],
    ['货款SO2026-00012。谢谢', 'SO202600012'],
    ['Payment for order so_2026_00012 thanks', 'SO202600012'],
    ['SO\u30002026\u201400012', 'SO202600012'],
  ])('%s contains %s', (memo, key) => {
    expect(referenceCandidates(memo)).toContain(key);
  });

  it.each([
    ['SO-2026-000123', 'SO202600012'],
    ['XSO-2026-00012', 'SO202600012'],
    ['SO-2026-00012X', 'SO202600012'],
    ['SO,2026,00012', 'SO202600012'],
  ])('%s does not name %s (whole tokens only)', (memo, key) => {
    expect(referenceCandidates(memo)).not.toContain(key);
  });

  it('compacts order numbers the same way', () => {
    expect(referenceKey('ＳＯ－2026－00012')).toBe(referenceKey('so-2026-00012'));
  });
});

describe('matchLine', () => {
  const cases: [string, number, string, Partial<MatchContext>, string][] = [
    [
      'reference + exact amount of one installment',
      60_000,
      'CNY',
      { referenced: byRef(order12) },
      'auto:reference:exact:i2=60000',
    ],
    [
      'two installments of one order owe the same: the oldest',
      10_000,
      'CNY',
      { referenced: byRef(order12) },
      'auto:reference:exact:i3=10000',
    ],
    [
      'reference + two installments together',
      70_000,
      'CNY',
      { referenced: byRef(order12) },
      'auto:reference:combination:i2=60000,i3=10000',
    ],
    [
      'one payment for three installments of different orders, found where greedy would fail: the only set, posted',
      50_000,
      'CNY',
      { payerCustomer: 'acme', payerInstallments: acme },
      'auto:payer:combination:a1=10000,c1=25000,d1=15000',
    ],
    [
      'the same payment naming the three orders posts automatically',
      50_000,
      'CNY',
      {
        referenced: byRef(
          acme.filter((i) => i.orderId === 'oa'),
          acme.filter((i) => i.orderId === 'ob'),
          acme.filter((i) => i.orderId === 'oc'),
        ),
      },
      'auto:reference:combination:a1=10000,c1=25000,d1=15000',
    ],
    [
      'a partial payment of one installment leaves it partly paid',
      25_000,
      'CNY',
      { referenced: byRef(order12) },
      'auto:reference:partial:i2=25000',
    ],
    [
      'an overpayment pays everything and leaves the rest as a credit',
      100_000,
      'CNY',
      { referenced: byRef(order12) },
      'auto:reference:overpayment:i2=60000,i3=10000,i4=10000 excess=20000',
    ],
    [
      'under by 3.00 on 600.00, within 1% / 5.00: the shortfall is written off',
      59_700,
      'CNY',
      { referenced: byRef(order12), toleranceFor: () => gold },
      'auto:reference:under:i2=59700 off:i2=300',
    ],
    [
      'over by 2.00 on 600.00, within 0.5% / 2.00: paid, the excess noted',
      60_200,
      'CNY',
      { referenced: byRef(order12), toleranceFor: () => gold },
      'auto:reference:over:i2=60000 excess=200',
    ],
    [
      'under by 6.00: beyond the 5.00 cap, a partial payment',
      59_400,
      'CNY',
      { referenced: byRef(order12), toleranceFor: () => gold },
      'auto:reference:partial:i2=59400',
    ],
    [
      'under by 3.00 without tolerance: a partial payment',
      59_700,
      'CNY',
      { referenced: byRef(order12) },
      'auto:reference:partial:i2=59700',
    ],
    [
      'currency mismatch refused',
      5_000,
      'CNY',
      { referenced: byRef(usd7) },
      'exception:currency_mismatch:SO-2026-00007',
    ],
    [
      'payer mapped to a customer owing only USD: refused',
      5_000,
      'CNY',
      { payerCustomer: 'acme', payerInstallments: usd7 },
      'exception:currency_mismatch:',
    ],
    [
      'payer mapped + exact amount of one installment posts',
      30_000,
      'CNY',
      { payerCustomer: 'acme', payerInstallments: acme },
      'auto:payer:exact:b1=30000',
    ],
    [
      'fully settled installment is not open',
      30_000,
      'CNY',
      { referenced: byRef(order12.filter((i) => i.id === 'i1')) },
      'exception:duplicate:SO-2026-00012',
    ],
    [
      'a refund never pays',
      -60_000,
      'CNY',
      { referenced: byRef(order12) },
      'exception:amount_mismatch:SO-2026-00012',
    ],
    ['unknown order number', 60_000, 'CNY', {}, 'exception:no_reference:'],
    [
      'nothing but the amount: a hint, never automatic',
      60_000,
      'CNY',
      { sameAmount: order12.filter((i) => i.id === 'i2') },
      'exception:no_reference: exact:i2',
    ],
  ];

  it.each(cases)('%s', (_name, amountMinor, currency, over, expected) => {
    expect(summary(matchLine({ amountMinor, currency, memo: 'x' }, ctx(over)))).toBe(expected);
  });

  it('names an unknown order number in full', () => {
    const r = matchLine({ amountMinor: 1, currency: 'CNY', memo: 'SO-2026-99999' }, ctx());
    expect(r).toMatchObject({ kind: 'exception', exception: 'unknown_reference', reference: 'SO202699999' });
  });

  it('two equally good combinations → a suggestion listing both, not an automatic match', () => {
    const twins = [
      inst({ id: 'x1', orderNumber: 'SO-1', dueOn: '2026-10-01', amountMinor: 40_000 }),
      inst({ id: 'y1', orderNumber: 'SO-2', dueOn: '2026-11-01', amountMinor: 20_000 }),
      inst({ id: 'y2', orderNumber: 'SO-3', dueOn: '2026-11-01', amountMinor: 20_000 }),
    ];
    const r = matchLine(
      { amountMinor: 60_000, currency: 'CNY', memo: null },
      ctx({ referenced: byRef(twins) }),
    );
    expect(r.kind).toBe('exception');
    if (r.kind !== 'exception') return;
    expect(r.exception).toBe('ambiguous');
    expect(r.suggestions.map((s) => s.allocations.map((a) => a.installmentId).join('+'))).toEqual([
      'x1+y1',
      'x1+y2',
    ]);
    expect(r.suggestions.every((s) => s.tied && s.confidence < 0.9)).toBe(true);
  });

  it('ties on amount go to the oldest installments (a strict order is not a tie)', () => {
    const r = matchLine(
      { amountMinor: 20_000, currency: 'CNY', memo: null },
      ctx({
        referenced: byRef([
          inst({ id: 'late', dueOn: '2026-12-01', amountMinor: 20_000 }),
          inst({ id: 'early', dueOn: '2026-10-01', amountMinor: 20_000 }),
        ]),
      }),
    );
    expect(summary(r)).toBe('auto:reference:exact:early=20000');
  });

  it('a manual partial allocation is respected: only what is still owed can be paid', () => {
    const partly = [inst({ id: 'p', amountMinor: 60_000, settledMinor: 20_000 })];
    const r = matchLine(
      { amountMinor: 40_000, currency: 'CNY', memo: null },
      ctx({ referenced: byRef(partly) }),
    );
    expect(summary(r)).toBe('auto:reference:exact:p=40000');
  });

  it('a wide search stays bounded and still prefers the oldest exact combination', () => {
    const many = Array.from({ length: 200 }, (_, k) =>
      inst({
        id: `m${k}`,
        orderNumber: `SO-${k}`,
        dueOn: `2026-${String(1 + (k % 12)).padStart(2, '0')}-${String(1 + (k % 28)).padStart(2, '0')}`,
        amountMinor: 1_000 + k * 7,
      }),
    );
    const amount = 2_000 + 7 * 13;
    // The search is cut by its step budget (and its window of the oldest installments), not by how many are open.
    const search = searchCombinations(
      [...many].sort((a, b) => a.dueOn.localeCompare(b.dueOn)),
      amount,
      noTolerance,
    );
    expect(search.steps).toBeGreaterThan(0);
    expect(search.steps).toBeLessThanOrEqual(matcherLimits.searchBudget);
    expect(search.found.every((c) => c.set.length <= matcherLimits.maxCombination)).toBe(true);
    const r = matchLine(
      { amountMinor: amount, currency: 'CNY', memo: null },
      ctx({ payerCustomer: 'acme', payerInstallments: many }),
    );
    expect(r.kind).toBe('exception');
  });
});

describe('a known payer: one fitting set of its open installments posts, several are suggested', () => {
  // 26 installments of 10,000.00 + k: only the two oldest add up to 20,001.00, nothing else comes near.
  const spread = (count: number) =>
    Array.from({ length: count }, (_, k) =>
      inst({
        id: `s${k}`,
        orderNumber: `SO-2026-${String(100 + k).padStart(5, '0')}`,
        dueOn: `2026-${String(1 + Math.floor(k / 28)).padStart(2, '0')}-${String(1 + (k % 28)).padStart(2, '0')}`,
        amountMinor: 1_000_000 + k * 100,
      }),
    );
  const cases: [string, number, Partial<MatchContext>, string][] = [
    [
      'the only exact combination posts',
      50_000,
      { payerInstallments: acme },
      'auto:payer:combination:a1=10000,c1=25000,d1=15000',
    ],
    [
      'two combinations fit: the oldest is suggested, nothing posts',
      40_000,
      { payerInstallments: acme },
      'exception:low_confidence: combination:a1,b1',
    ],
    [
      'the only set within tolerance posts, the shortfall written off',
      49_700,
      { payerInstallments: acme, toleranceFor: () => gold },
      'auto:payer:under:a1=10000,c1=25000,d1=14700 off:d1=300',
    ],
    [
      'a single installment within tolerance, the only fit, posts',
      29_900,
      { payerInstallments: acme, toleranceFor: () => gold },
      'auto:payer:under:b1=29900 off:b1=100',
    ],
    [
      'the only pair among 24 open installments (all searched) posts',
      2_000_100,
      { payerInstallments: spread(24) },
      'auto:payer:combination:s0=1000000,s1=1000100',
    ],
    [
      'among 26 the search sees only the oldest 24: one found is not "the only one", suggested',
      2_000_100,
      { payerInstallments: spread(26) },
      'exception:low_confidence: combination:s0,s1',
    ],
  ];
  it.each(cases)('%s', (_name, amountMinor, over, expected) => {
    expect(
      summary(
        matchLine(
          { amountMinor, currency: 'CNY', memo: 'transfer' },
          ctx({ payerCustomer: 'acme', ...over }),
        ),
      ),
    ).toBe(expected);
  });
});

describe('invoice numbers in the memo', () => {
  // Two installments of SO-2026-00012 owe 100.00 each; only the invoice number tells which one was paid.
  const invoiced = [
    inst({ id: 'v1', position: 1, dueOn: '2026-10-01', amountMinor: 10_000, invoiceNo: 'INV-2026-0101' }),
    inst({ id: 'v2', position: 2, dueOn: '2026-11-01', amountMinor: 10_000, invoiceNo: 'INV-2026-0102' }),
    inst({ id: 'v3', position: 3, dueOn: '2026-12-01', amountMinor: 30_000, invoiceNo: null }),
  ];
  const cases: [string, number, string, string][] = [
    [
      'the invoice names the newer installment, not the oldest',
      10_000,
      'INV-2026-0102',
      'auto:reference:exact:v2=10000',
    ],
    [
      'full-width, spaced invoice number',
      10_000,
      '货款 ＩＮＶ　２０２６－０１０２。',
      'auto:reference:exact:v2=10000',
    ],
    ['lower case with spaces instead of dashes', 10_000, 'inv 2026 0102', 'auto:reference:exact:v2=10000'],
    [
      'two invoices named pay both',
      20_000,
      'INV-2026-0101, INV-2026-0102',
      'auto:reference:combination:v1=10000,v2=10000',
    ],
    [
      'short on the named invoice: a partial payment of it alone',
      6_000,
      'INV20260102',
      'auto:reference:partial:v2=6000',
    ],
    ['a longer token is not the invoice', 10_000, 'INV-2026-01021', 'auto:reference:exact:v1=10000'],
    [
      'the order number alone: the oldest as before',
      10_000,
      'SO-2026-00012',
      'auto:reference:exact:v1=10000',
    ],
  ];
  it.each(cases)('%s', (_name, amountMinor, memo, expected) => {
    expect(
      summary(matchLine({ amountMinor, currency: 'CNY', memo }, ctx({ referenced: byRef(invoiced) }))),
    ).toBe(expected);
  });

  // Nothing in the file's candidates carries the number the memo names.
  it.each([
    [
      'an unknown invoice number is an unknown invoice, not an order',
      'INV 2026 9999',
      'unknown_invoice:INV20269999',
    ],
    ['full-width, dashed', '货款 ＩＮＶ－２０２６－９９９９', 'unknown_invoice:INV20269999'],
    ['Invoice spelled out', 'Invoice 2026/9999', 'unknown_invoice:INVOICE20269999'],
    [
      'an unknown order beside it is the order',
      'SO-2026-99999 INV 2026 9999',
      'unknown_reference:SO202699999',
    ],
  ])('%s', (_name, memo, expected) => {
    expect(summary(matchLine({ amountMinor: 10_000, currency: 'CNY', memo, payer: 'Someone' }, ctx()))).toBe(
      `exception:${expected}`,
    );
  });
});

describe('receipts recorded before their bank line', () => {
  const receipt = (over: Partial<OpenReceipt> & { id: string }): OpenReceipt => ({
    customerId: 'acme',
    orderNumber: 'SO-2026-00012',
    amountMinor: 60_000,
    currency: 'CNY',
    reference: 'ERP-778',
    receivedOn: '2026-11-02',
    ...over,
  });
  // The ERP already paid i2: the order now owes only i3 and i4.
  const paid12 = order12.map((i) => (i.id === 'i2' ? { ...i, settledMinor: 60_000 } : i));
  const cases: [string, number, string, string | null, Partial<MatchContext>, string][] = [
    [
      'memo names the order: the line is the receipt, not an exception',
      60_000,
      'CNY',
      'SO-2026-00012',
      { referenced: byRef(paid12), receipts: [receipt({ id: 'r1' })] },
      'receipt:r1:reference',
    ],
    [
      "memo carries the ERP's document number",
      60_000,
      'CNY',
      'payment erp 778',
      { receipts: [receipt({ id: 'r1' })] },
      'receipt:r1:reference',
    ],
    [
      'memo names the invoice of the order',
      60_000,
      'CNY',
      'INV-9',
      {
        referenced: byRef(paid12.map((i) => (i.id === 'i2' ? { ...i, invoiceNo: 'INV-9' } : i))),
        receipts: [receipt({ id: 'r1', reference: null })],
      },
      'receipt:r1:reference',
    ],
    [
      'no reference, the payer is the customer',
      60_000,
      'CNY',
      null,
      { payerCustomer: 'acme', payerInstallments: paid12, receipts: [receipt({ id: 'r1' })] },
      'receipt:r1:payer',
    ],
    [
      'the named receipt wins over an older one of the payer',
      60_000,
      'CNY',
      'ERP-779',
      {
        payerCustomer: 'acme',
        receipts: [
          receipt({ id: 'r0', reference: 'ERP-700', receivedOn: '2026-10-01' }),
          receipt({ id: 'r1', reference: 'ERP-779' }),
        ],
      },
      'receipt:r1:reference',
    ],
    [
      'two receipts of the payer with the amount: the oldest',
      60_000,
      'CNY',
      null,
      {
        payerCustomer: 'acme',
        receipts: [
          receipt({ id: 'r2', receivedOn: '2026-11-05' }),
          receipt({ id: 'r1', receivedOn: '2026-11-01' }),
        ],
      },
      'receipt:r1:payer',
    ],
    [
      'another amount is not the receipt: it pays the order',
      10_000,
      'CNY',
      'SO-2026-00012',
      { referenced: byRef(paid12), receipts: [receipt({ id: 'r1' })] },
      'auto:reference:exact:i3=10000',
    ],
    [
      'another currency is not the receipt',
      60_000,
      'USD',
      'SO-2026-00012',
      { receipts: [receipt({ id: 'r1' })] },
      'exception:unknown_reference:SO202600012',
    ],
    [
      "another customer's receipt of the same amount is not this line's",
      60_000,
      'CNY',
      null,
      { payerCustomer: 'globex', receipts: [receipt({ id: 'r1' })] },
      'exception:no_reference:',
    ],
    [
      'an unknown payer naming nothing does not take a receipt on the amount alone',
      60_000,
      'CNY',
      'thanks',
      { receipts: [receipt({ id: 'r1' })] },
      'exception:no_reference:',
    ],
  ];
  it.each(cases)('%s', (_name, amountMinor, currency, memo, over, expected) => {
    expect(summary(matchLine({ amountMinor, currency, memo }, ctx(over)))).toBe(expected);
  });
});

describe('invoice numbers travel with the proposal', () => {
  it('each allocation names its invoice, and the reason says it', async () => {
    const { proposalReason } = await import('../../src/messages/catalogue/reconcile.ts');
    const r = matchLine(
      { amountMinor: 20_000, currency: 'CNY', memo: null },
      ctx({
        payerCustomer: 'acme',
        payerInstallments: [
          inst({ id: 'w1', dueOn: '2026-10-01', amountMinor: 20_000, invoiceNo: 'INV-2026-0201' }),
          inst({ id: 'w2', dueOn: '2026-11-01', amountMinor: 5_000 }),
        ],
      }),
    );
    if (r.kind !== 'auto') throw new Error(`expected an automatic match, got ${r.kind}`);
    expect(r.proposal.allocations).toEqual([
      {
        installmentId: 'w1',
        orderNumber: 'SO-2026-00012',
        dueOn: '2026-10-01',
        amountMinor: 20_000,
        invoiceNo: 'INV-2026-0201',
      },
    ]);
    expect(proposalReason(r.proposal, 'CNY', 'en')).toContain(
      'SO-2026-00012 due 2026-10-01 (CNY 200.00), invoice INV-2026-0201',
    );
    expect(proposalReason(r.proposal, 'CNY', 'zh-CN')).toContain('，发票 INV-2026-0201');
  });

  // The reason is stored on the allocation and sent to the ERP as is: an invoice numbered with marks keeps them
  // exactly, with no invisible character a card would add to keep them from formatting.
  it('keeps an invoice number with underscores and stars exactly in the stored reason', async () => {
    const { proposalReason } = await import('../../src/messages/catalogue/reconcile.ts');
    const r = matchLine(
      { amountMinor: 20_000, currency: 'CNY', memo: null },
      ctx({
        payerCustomer: 'acme',
        payerInstallments: [
          inst({ id: 'w1', dueOn: '2026-10-01', amountMinor: 20_000, invoiceNo: 'INV_2026*7_' }),
        ],
      }),
    );
    if (r.kind !== 'auto') throw new Error(`expected an automatic match, got ${r.kind}`);
    expect(proposalReason(r.proposal, 'CNY', 'en')).toContain('invoice INV_2026*7_');
    expect(proposalReason(r.proposal, 'CNY', 'zh-CN')).not.toContain('\u200B');
  });
});

describe('duplicates and unknown payers', () => {
  const paid = [inst({ id: 'p1', amountMinor: 30_000, settledMinor: 30_000 })];
  const cases: [string, { memo: string | null; payer?: string | null }, Partial<MatchContext>, string][] = [
    [
      'a twin already imported under another bank id',
      { memo: 'SO-2026-00012', payer: 'Acme' },
      { referenced: byRef(order12), twin: { bankTxnId: 'B-1', bookedOn: '2026-11-01' } },
      'exception:duplicate:SO-2026-00012',
    ],
    [
      'a second payment naming an order already paid in full',
      { memo: 'SO-2026-00012', payer: 'Acme' },
      { referenced: byRef(paid) },
      'exception:duplicate:SO-2026-00012',
    ],
    [
      'an order with something still open is not a duplicate',
      { memo: 'SO-2026-00012', payer: 'Acme' },
      { referenced: byRef([...paid, inst({ id: 'p2', position: 2, amountMinor: 30_000 })]) },
      'auto:reference:exact:p2=30000',
    ],
    [
      'no reference and a payer mapped to nobody',
      { memo: 'thanks', payer: 'Foo Ltd' },
      {},
      'exception:unknown_payer:',
    ],
    ['no reference and no payer at all', { memo: 'thanks', payer: null }, {}, 'exception:no_reference:'],
    [
      'no reference and a known payer whose installments do not fit',
      { memo: 'thanks', payer: 'Acme' },
      { payerCustomer: 'acme', payerInstallments: [] },
      'exception:no_reference:',
    ],
    [
      'an unknown order number stays unknown_reference even from an unknown payer',
      { memo: 'SO-2026-99999', payer: 'Foo Ltd' },
      {},
      'exception:unknown_reference:SO202699999',
    ],
  ];
  it.each(cases)('%s', (_name, line, over, expected) => {
    expect(summary(matchLine({ amountMinor: 30_000, currency: 'CNY', ...line }, ctx(over)))).toBe(expected);
  });

  const seen = (over: Partial<SeenLine>): SeenLine => ({
    bankTxnId: 'B-1',
    bookedOn: '2026-11-01',
    amountMinor: 30_000,
    currency: 'CNY',
    payer: 'Acme Tools',
    memo: 'SO-2026-00012',
    ...over,
  });
  const twinCases: [string, Partial<SeenLine>, string | null][] = [
    ['same money under another id two days later', { bankTxnId: 'B-2', bookedOn: '2026-11-03' }, 'B-1'],
    ['payer and memo compared without case and spaces', { bankTxnId: 'B-2', payer: ' ACME tools ' }, 'B-1'],
    ['past the window', { bankTxnId: 'B-2', bookedOn: '2026-11-05' }, null],
    ['another amount', { bankTxnId: 'B-2', amountMinor: 30_001 }, null],
    ['another currency', { bankTxnId: 'B-2', currency: 'USD' }, null],
    ['another payer', { bankTxnId: 'B-2', payer: 'Globex' }, null],
    ['another memo', { bankTxnId: 'B-2', memo: 'SO-2026-00013' }, null],
    ['the same bank id is the same line, not a twin', {}, null],
    ['nothing to compare by', { bankTxnId: 'B-2', payer: null, memo: null }, null],
  ];
  it.each(twinCases)('%s', (_name, over, expected) => {
    const earlier = [seen({}), ...(over.payer === null ? [seen({ payer: null, memo: null })] : [])];
    expect(findTwin(seen(over), earlier)?.bankTxnId ?? null).toBe(expected);
  });
});

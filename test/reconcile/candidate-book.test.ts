// The statement file's in-memory candidate view: each line's context as the database would answer it after the
// earlier lines, without scanning every candidate.
import { describe, expect, it } from 'vitest';
import {
  type CandidateRows,
  candidateBook,
  customerNameIndex,
  customerNameKey,
  payerKeys,
  payerWindow,
} from '../../src/domain/reconcile/candidate-book.ts';
import {
  matchLine,
  noTolerance,
  type OpenInstallment,
  type OpenReceipt,
  type Proposal,
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

const rows = (over: Partial<CandidateRows> = {}): CandidateRows => ({
  orders: [{ id: 'o12', number: 'SO-2026-00012', approved: true, invoiceKeys: [] }],
  installments: [
    inst({ id: 'i1', position: 1, dueOn: '2026-11-01', amountMinor: 30_000, settledMinor: 30_000 }),
    inst({ id: 'i2', position: 2, dueOn: '2026-12-01', amountMinor: 60_000 }),
  ],
  payers: [],
  customerNames: [],
  amountHints: [],
  receipts: [],
  ...over,
});

const line = (over: Partial<Parameters<ReturnType<typeof candidateBook>['context']>[0]> = {}) => ({
  amountMinor: 60_000,
  currency: 'CNY',
  memo: null,
  payer: null,
  payerAccount: null,
  ...over,
});

const pays = (installmentId: string, amountMinor: number, customerId = 'acme'): Proposal => ({
  basis: 'reference',
  fit: 'exact',
  customerId,
  allocations: [{ installmentId, orderNumber: 'x', dueOn: 'x', amountMinor }],
  writeOffs: [],
  excessMinor: 0,
  confidence: 0.99,
  tied: false,
});

describe('payer keys', () => {
  it.each([
    [{ name: 'ACME Tools Co., Ltd.', account: null }, [{ kind: 'name', key: 'acmetoolscoltd' }]],
    [
      { name: '星辰精密', account: '6225 8802-1234' },
      [
        { kind: 'account', key: '622588021234' },
        { kind: 'name', key: '星辰精密' },
      ],
    ],
    [{ name: ' , ', account: '' }, []],
  ])('%j → %j (account first, blanks dropped)', (payer, expected) => {
    expect(payerKeys(payer)).toEqual(expected);
  });
});

describe('candidate book: each line sees what the earlier lines left', () => {
  it.each([
    ['the order number as the payer typed it', 'so 2026 00012', ['SO-2026-00012']],
    ['in full-width characters', '货款ＳＯ－２０２６－０００１２', ['SO-2026-00012']],
    ['an invoice number of one of its installments', 'INV 2026/0042', ['SO-2026-00012']],
    ['an order nobody loaded', 'SO-2026-99999', []],
    ['no memo', null, []],
  ])('a memo naming %s → referenced %j', (_what, memo, expected) => {
    const book = candidateBook(
      rows({
        orders: [{ id: 'o12', number: 'SO-2026-00012', approved: true, invoiceKeys: ['INV20260042'] }],
      }),
    );
    expect(book.context(line({ memo })).referenced.map((r) => r.orderNumber)).toEqual(expected);
  });

  it('a named order that is not approved is named but owes nothing', () => {
    const book = candidateBook(
      rows({
        orders: [{ id: 'o9', number: 'SO-2026-00009', approved: false, invoiceKeys: [] }],
        installments: [],
      }),
    );
    expect(book.context(line({ memo: 'SO-2026-00009' })).referenced).toEqual([
      { orderNumber: 'SO-2026-00009', installments: [] },
    ]);
  });

  it('two lines paying one installment: the second sees it settled and cannot over-allocate it', () => {
    const book = candidateBook(rows());
    const first = matchLine(line({ memo: 'SO-2026-00012' }), {
      ...book.context(line({ memo: 'SO-2026-00012' })),
      toleranceFor: () => noTolerance,
      autoConfirmAbove: 0.9,
    });
    expect(first.kind).toBe('auto');
    if (first.kind !== 'auto') return;
    expect(book.settle(first.proposal)).toEqual([
      {
        installmentId: 'i2',
        amountMinor: 60_000,
        writeOff: false,
        settledBefore: 0,
        settledAfter: 60_000,
        paidOff: true,
      },
    ]);
    const second = matchLine(line({ memo: 'SO-2026-00012' }), {
      ...book.context(line({ memo: 'SO-2026-00012' })),
      toleranceFor: () => noTolerance,
      autoConfirmAbove: 0.9,
    });
    expect(second).toMatchObject({ kind: 'exception', exception: 'duplicate', suggestions: [] });
    expect(() => book.settle(pays('i2', 1))).toThrow('installment i2 does not owe 1');
    expect(book.installment('i2')?.settledMinor).toBe(60_000);
  });

  it.each([
    ['an allocation and a write-off of the same installment', [pays('i2', 59_500)], 500, true],
    ['part of it', [pays('i2', 20_000)], 0, false],
  ])('settle: %s', (_what, proposals, writeOff, paidOff) => {
    const book = candidateBook(rows());
    const [p] = proposals as [Proposal];
    const proposal = writeOff > 0 ? { ...p, writeOffs: [{ installmentId: 'i2', amountMinor: writeOff }] } : p;
    const settled = book.settle(proposal);
    expect(settled.at(-1)).toMatchObject({ paidOff, settledAfter: p.allocations[0]!.amountMinor + writeOff });
    expect(settled.map((r) => r.writeOff)).toEqual(writeOff > 0 ? [false, true] : [false]);
  });

  it('payer: account before name; a learned payer maps at once; the window is the oldest 60 still open', () => {
    const many = Array.from({ length: payerWindow + 5 }, (_, k) =>
      inst({
        id: `c${String(k).padStart(3, '0')}`,
        orderId: `oc${k}`,
        orderNumber: `SO-2026-1${String(k).padStart(4, '0')}`,
        customerId: 'cosmo',
        dueOn: `2026-${String(1 + Math.floor(k / 28)).padStart(2, '0')}-${String(1 + (k % 28)).padStart(2, '0')}`,
        amountMinor: 1_000 + k,
      }),
    );
    const book = candidateBook(
      rows({
        installments: many,
        orders: [],
        payers: [
          { kind: 'name', key: 'acme', customerId: 'acme' },
          { kind: 'account', key: '6225', customerId: 'cosmo' },
        ],
      }),
    );
    const both = book.context(line({ payer: 'Acme', payerAccount: '62-25' }));
    expect(both.payerCustomer).toBe('cosmo');
    expect(both.payerInstallments.map((i) => i.id)).toEqual(many.slice(0, payerWindow).map((i) => i.id));

    book.settle(pays('c000', 1_000, 'cosmo'));
    const after = book.context(line({ payerAccount: '6225' }));
    expect(after.payerInstallments.map((i) => i.id)).toEqual(many.slice(1, payerWindow + 1).map((i) => i.id));

    expect(book.context(line({ payer: 'Nova Ltd' })).payerCustomer).toBeNull();
    book.learn({ name: 'Nova Ltd', account: null }, 'cosmo');
    expect(book.context(line({ payer: 'NOVA, Ltd' })).payerCustomer).toBe('cosmo');
  });

  it('a payer no mapping knows is the customer its name, legal name or alias is; a learned mapping comes first', () => {
    const book = candidateBook(
      rows({
        customerNames: [
          { key: customerNameKey('Acme Tools'), customerId: 'acme' },
          { key: customerNameKey('星辰精密制造'), customerId: 'star' },
        ],
        payers: [{ kind: 'name', key: 'acmetoolscoltd', customerId: 'cosmo' }],
      }),
    );
    expect(book.context(line({ payer: 'ＡＣＭＥ ＴＯＯＬＳ' })).payerCustomer).toBe('acme');
    expect(book.context(line({ payer: '星辰精密制造有限公司' })).payerCustomer).toBe('star');
    // Finance confirmed this exact spelling as another customer's: that is what counts.
    expect(book.context(line({ payer: 'Acme Tools Co., Ltd.' })).payerCustomer).toBe('cosmo');
    expect(book.context(line({ payer: 'Acme Trading' })).payerCustomer).toBeNull();
  });

  it('a line naming an order is never looked up by payer or amount', () => {
    const book = candidateBook(rows({ payers: [{ kind: 'name', key: 'acme', customerId: 'acme' }] }));
    const c = book.context(line({ memo: 'SO-2026-00012', payer: 'Acme' }));
    expect(c.payerCustomer).toBeNull();
    expect(c.sameAmount).toEqual([]);
  });

  it('amount hints: the oldest three of the loaded and the unchangeable ones; a settled one drops out', () => {
    const hint = (id: string, dueOn: string) =>
      inst({
        id,
        orderId: `h${id}`,
        orderNumber: `SO-H-${id}`,
        customerId: 'other',
        dueOn,
        amountMinor: 60_000,
      });
    const book = candidateBook(
      rows({
        amountHints: [hint('h1', '2026-10-01'), hint('h2', '2027-03-01'), hint('h3', '2027-04-01')],
      }),
    );
    expect(book.context(line()).sameAmount.map((i) => i.id)).toEqual(['h1', 'i2', 'h2']);
    expect(book.context(line({ currency: 'USD' })).sameAmount).toEqual([]);
    book.settle(pays('i2', 10_000));
    expect(book.context(line()).sameAmount.map((i) => i.id)).toEqual(['h1', 'h2', 'h3']);
    // Now owing 500.00, it is the hint for a line of that amount.
    expect(book.context(line({ amountMinor: 50_000 })).sameAmount.map((i) => i.id)).toEqual(['i2']);
  });

  it('receipts: offered to lines of their amount and currency until one line claims them', () => {
    const receipt: OpenReceipt = {
      id: 'r1',
      customerId: 'acme',
      orderNumber: 'SO-2026-00012',
      amountMinor: 60_000,
      currency: 'CNY',
      reference: 'ERP-77',
      receivedOn: '2026-11-01',
    };
    const book = candidateBook(rows({ receipts: [receipt] }));
    expect(book.context(line()).receipts).toEqual([receipt]);
    expect(book.context(line({ amountMinor: 59_999 })).receipts).toEqual([]);
    book.claimReceipt('r1');
    expect(book.context(line()).receipts).toEqual([]);
  });
});

describe('customer names as payers write them', () => {
  const index = customerNameIndex([
    { id: 'acme', name: 'Acme Tools', legalName: 'ACME Tools Co., Ltd.', aliases: ['艾克米工具'] },
    { id: 'star', name: '星辰精密', legalName: '上海星辰精密制造有限公司', aliases: [] },
    { id: 'twin1', name: 'Nova Trading', legalName: null, aliases: [] },
    { id: 'twin2', name: 'NOVA TRADING LIMITED', legalName: null, aliases: [] },
    { id: 'proto', name: 'constructor', legalName: null, aliases: ['__proto__'] },
  ]);
  it.each([
    ['Acme Tools', 'acme'],
    ['ACME TOOLS CO., LTD.', 'acme'],
    ['ａｃｍｅ　ｔｏｏｌｓ　有限公司', 'acme'],
    ['acme tools company limited', 'acme'],
    ['艾克米工具有限公司', 'acme'],
    ['上海星辰精密制造有限公司', 'star'],
    ['上海星辰精密制造股份有限公司', 'star'],
    ['星辰精密（上海）', undefined],
    ['Nova Trading Ltd', undefined],
    ['Acme', undefined],
    ['constructor', 'proto'],
    ['__proto__', 'proto'],
    ['toString', undefined],
  ])('%s → %s', (payer, customer) => {
    expect(index.get(customerNameKey(payer))).toBe(customer);
  });
});

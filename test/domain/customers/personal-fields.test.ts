import { describe, expect, it } from 'vitest';
import { maskPersonalFields } from '../../../src/domain/customers/personal-fields.ts';

describe('maskPersonalFields', () => {
  it.each([
    [{ email: 'zhou@hengda.cn' }, { email: 'z***@hengda.cn' }],
    [{ invoiceEmail: 'ap@hengda.cn' }, { invoiceEmail: 'a***@hengda.cn' }],
    [{ phone: '13912340001' }, { phone: '139****0001' }],
    [{ taxId: '91320500MA1MHD0001' }, { taxId: '****0001' }],
    [
      { email: null, phone: '' },
      { email: null, phone: '' },
    ],
    [
      { name: 'Zhou', region: 'east' },
      { name: 'Zhou', region: 'east' },
    ],
    [{ taxIdBidx: 'abc', emailBidx: 'x', phoneBidx: 'y', id: '1' }, { id: '1' }],
  ])('%o → %o', (input, expected) => {
    expect(maskPersonalFields(input)).toEqual(expected);
  });
});

// The permission table through the use cases (issue 12), customers and products: reading, billing details, editing,
// credit, merging, creating, the catalogue and the sync API's reads. Harness and positions: ./table.ts.
import { describe } from 'vitest';
import { createCustomer } from '../../../src/app/customers/create-customer.ts';
import { editCustomer } from '../../../src/app/customers/edit-customer.ts';
import { getCustomer } from '../../../src/app/customers/get-customer.ts';
import { mergeCustomers } from '../../../src/app/customers/merge-customers.ts';
import type { UserRow } from '../../../src/app/deps.ts';
import { findProducts } from '../../../src/app/products/find-products.ts';
import { saveProduct } from '../../../src/app/products/save-product.ts';
import { readChanges } from '../../../src/app/sync/read-changes.ts';
import { orgRows, scopedRows, system, user, useTable } from './table.ts';

const table = useTable();

// A customer of `owner` made through the use case (so its sealed fields are sealed as in life).
async function customerOf(owner: UserRow, fields: { taxId?: string } = {}): Promise<string> {
  const { customer } = await createCustomer(table.deps, system, {
    fields: { name: `Customer ${table.next()}`, ...fields },
    ownerEmail: owner.email,
  });
  return customer.id;
}

describe('customers and products: every role × position through the use cases', () => {
  scopedRows(table, {
    'customer.read': async (a, o) => getCustomer(table.deps, user(a), await customerOf(o)),
    // Everyone may read the customer; its tax ID comes back only to finance and admins.
    'customer.billing': async (a, o) => {
      const view = await getCustomer(table.deps, user(a), await customerOf(o, { taxId: '91310000MA1TAX' }));
      return view.customer.taxId === '91310000MA1TAX' ? view : { forbidden: true };
    },
    'customer.edit': async (a, o) =>
      editCustomer(table.deps, user(a), await customerOf(o), { fields: { billingAddress: 'Road 1' } }),
    // The limit is the only field the edit changes.
    'customer.credit': async (a, o) =>
      editCustomer(table.deps, user(a), await customerOf(o), { fields: { creditLimit: '5000' } }),
    'customer.merge': async (a, o) =>
      mergeCustomers(table.deps, user(a), await customerOf(o), await customerOf(o)),
  });

  orgRows(table, {
    'customer.create': (a) =>
      createCustomer(table.deps, user(a), { fields: { name: `Walk-in Co ${table.next()}` } }),
    'product.read': (a) => findProducts(table.deps, user(a), { text: 'pump' }),
    'product.edit': (a) =>
      saveProduct(table.deps, user(a), {
        sku: `P-${table.next()}`,
        name: 'Pump',
        price: '100',
        currency: 'CNY',
      }),
    'customer.sync': (a) => readChanges(table.deps, user(a), 'customers', { limit: 5 }),
    'product.sync': (a) => readChanges(table.deps, user(a), 'products', { limit: 5 }),
    'payment.sync': (a) => readChanges(table.deps, user(a), 'payments', { limit: 5 }),
  });
});

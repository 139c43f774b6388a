// Use case: import customers (and a contact each) from a sheet. Each row is upserted through the same inner
// functions as a single create or edit — by ERP id, else by the folded name — so it is checked, permitted, audited
// and published exactly as they are; a row the sheet already matches changes nothing.

import {
  type CustomerColumn,
  type CustomerRowInput,
  customerErrorColumn,
  customerRowInput,
  customerSheet,
} from '../../domain/customers/customer-import.ts';
import { DomainError } from '../../domain/errors.ts';
import type { SheetRow } from '../../domain/imports/csv-records.ts';
import { cellOf } from '../../domain/imports/sheet-columns.ts';
import type { Actor, AppDeps } from '../deps.ts';
import { type ImportedRow, importSheetRows, type SheetImportReport } from '../imports/import-sheet-rows.ts';
import { inTransaction, type UnitOfWork } from '../unit-of-work.ts';
import { addContactInTransaction, cleanContact, customerForContacts } from './add-contact.ts';
import { upsertInTransaction } from './create-customer.ts';
import { loadContacts } from './customer-record.ts';
import { editContactInTransaction } from './edit-contact.ts';

export type { ImportedRow, SheetImportReport };

export async function importCustomers(
  deps: AppDeps,
  actor: Actor,
  rows: AsyncIterable<SheetRow>,
): Promise<SheetImportReport> {
  return importSheetRows<CustomerColumn>(rows, {
    spec: customerSheet,
    keyOf: (columns, row) => cellOf(columns, row, 'name'),
    save: async (columns, row) => {
      const input = customerRowInput(columns, row);
      return inTransaction(deps, actor, async (uow) => {
        const saved = await upsertInTransaction(
          uow,
          {
            fields: input.fields,
            ...(input.ownerEmail !== undefined ? { ownerEmail: input.ownerEmail } : {}),
          },
          { byName: true },
        );
        const contactChanged = input.contact
          ? await saveImportedContact(uow, saved.customer.id, input.contact)
          : false;
        const outcome = saved.outcome === 'unchanged' && contactChanged ? 'updated' : saved.outcome;
        return { outcome, key: saved.customer.name };
      });
    },
    columnOf: (error) => {
      const column = customerErrorColumn(error.code, error.field);
      return column ? { column } : null;
    },
  });
}

// The row's contact joins the customer, or (same name or email) brings that contact up to date.
async function saveImportedContact(
  uow: UnitOfWork,
  customerId: string,
  contact: NonNullable<CustomerRowInput['contact']>,
): Promise<boolean> {
  let fields: ReturnType<typeof cleanContact>;
  try {
    fields = cleanContact(contact, true);
  } catch (error) {
    // Its fields are the contact's, not the customer's: name the contact column.
    if (error instanceof DomainError)
      throw new DomainError(error.kind, error.code, error.vars, `contact.${error.field ?? 'name'}`);
    throw error;
  }
  const name = fields.name?.toLowerCase();
  const email = fields.email?.toLowerCase();
  const existing = (await loadContacts(uow.tx, uow.deps.keyring, customerId)).find(
    (c) => c.name.toLowerCase() === name || (email !== undefined && c.email?.toLowerCase() === email),
  );
  if (existing && Object.entries(fields).every(([k, v]) => existing[k as keyof typeof existing] === v))
    return false;
  const customer = await customerForContacts(uow, customerId);
  if (existing) await editContactInTransaction(uow, customer, existing, fields);
  else await addContactInTransaction(uow, customer, fields);
  return true;
}

// Use case: change a customer's contact; making one primary makes the previous primary an ordinary contact.
import { maskPersonalFields } from '../../domain/customers/personal-fields.ts';
import type { Actor, AppDeps } from '../deps.ts';
import { inTransaction, type UnitOfWork } from '../unit-of-work.ts';
import { type ContactInput, cleanContact, customerForContacts } from './add-contact.ts';
import {
  type ContactFields,
  type ContactRow,
  type CustomerRow,
  keepOnePrimary,
  loadContact,
  saveContact,
} from './customer-record.ts';

export async function editContact(
  deps: AppDeps,
  actor: Actor,
  customerRef: string,
  contactId: string,
  input: ContactInput,
): Promise<ContactRow> {
  const fields = cleanContact(input, false);
  return inTransaction(deps, actor, async (uow) => {
    const customer = await customerForContacts(uow, customerRef);
    const before = await loadContact(uow.tx, deps.keyring, customer.id, contactId);
    return editContactInTransaction(uow, customer, before, fields);
  });
}

// Writes (and audits) only the fields that differ; the contact as it is when none do.
export async function editContactInTransaction(
  uow: UnitOfWork,
  customer: CustomerRow,
  before: ContactRow,
  fields: Partial<ContactFields>,
): Promise<ContactRow> {
  const changed = Object.entries(fields).filter(([k, v]) => before[k as keyof ContactRow] !== v);
  if (changed.length === 0) return before;
  const after = await saveContact(uow.tx, uow.deps, customer.id, { ...fields, id: before.id });
  // Unmarking the only primary would leave none: another (the oldest) takes its place.
  if (fields.isPrimary === false) await keepOnePrimary(uow.tx, uow.deps, customer.id);
  await uow.audit({
    action: 'customer.contact.edit',
    entityType: 'customer',
    entityId: customer.id,
    before: maskPersonalFields(Object.fromEntries(changed.map(([k]) => [k, before[k as keyof ContactRow]]))),
    after: maskPersonalFields({ id: after.id, ...Object.fromEntries(changed) }),
  });
  return after;
}

// Use case: add a contact person to a customer; the first one (or one marked primary) is the primary contact.
import { maskPersonalFields } from '../../domain/customers/personal-fields.ts';
import { invalid } from '../../domain/errors.ts';
import { demand, ownedBy } from '../access/ask.ts';
import type { Actor, AppDeps } from '../deps.ts';
import { inTransaction, type UnitOfWork } from '../unit-of-work.ts';
import {
  type ContactFields,
  type ContactRow,
  type CustomerRow,
  loadContacts,
  loadCustomer,
  saveContact,
} from './customer-record.ts';

export interface ContactInput {
  name?: string;
  role?: string | null;
  email?: string | null;
  phone?: string | null;
  isPrimary?: boolean;
}

// The customer whose contacts the actor may change, locked for the change.
export async function customerForContacts(uow: UnitOfWork, ref: string): Promise<CustomerRow> {
  const customer = await loadCustomer(uow.tx, uow.deps.keyring, ref, { lock: true });
  const resource = await ownedBy(uow.tx, customer.ownerId, { region: customer.region });
  demand(uow.deps, uow.actor, 'customer.edit', resource, 'customer_contact_forbidden', {
    name: customer.name,
  });
  return customer;
}

// Trimmed fields, empty ones null; a name when the contact needs one.
export function cleanContact(input: ContactInput, needName: boolean): Partial<ContactFields> {
  const out: Partial<Record<'name' | 'role' | 'email' | 'phone', string | null>> & { isPrimary?: boolean } =
    {};
  for (const k of ['name', 'role', 'email', 'phone'] as const) {
    const v = input[k];
    if (v === undefined) continue;
    const t = v?.replace(/\s+/g, ' ').trim() ?? '';
    if (t.length > 254) throw invalid('customer_too_long', k, { field: k, max: 254 });
    if (k === 'email' && t && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(t))
      throw invalid('customer_email', 'email', { field: 'email', value: t });
    out[k] = t === '' ? null : t;
  }
  if ((needName || input.name !== undefined) && !out.name) throw invalid('customer_contact_name', 'name');
  if (input.isPrimary !== undefined) out.isPrimary = input.isPrimary;
  const { name, ...rest } = out;
  return name ? { ...rest, name } : rest;
}

export async function addContact(
  deps: AppDeps,
  actor: Actor,
  customerRef: string,
  input: ContactInput,
): Promise<ContactRow> {
  const fields = cleanContact(input, true);
  return inTransaction(deps, actor, async (uow) =>
    addContactInTransaction(uow, await customerForContacts(uow, customerRef), fields),
  );
}

// The customer must come from customerForContacts (locked, the actor allowed); fields from cleanContact.
export async function addContactInTransaction(
  uow: UnitOfWork,
  customer: CustomerRow,
  fields: Partial<ContactFields>,
): Promise<ContactRow> {
  const first = (await loadContacts(uow.tx, uow.deps.keyring, customer.id)).length === 0;
  const contact = await saveContact(uow.tx, uow.deps, customer.id, {
    ...fields,
    isPrimary: first || fields.isPrimary === true,
    createdAt: uow.now,
  });
  await uow.audit({
    action: 'customer.contact.add',
    entityType: 'customer',
    entityId: customer.id,
    after: maskPersonalFields(contact),
  });
  return contact;
}

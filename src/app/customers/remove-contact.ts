// Use case: remove a customer's contact; when it was the primary one, the oldest remaining contact becomes primary.
import { maskPersonalFields } from '../../domain/customers/personal-fields.ts';
import type { Actor, AppDeps } from '../deps.ts';
import { inTransaction } from '../unit-of-work.ts';
import { customerForContacts } from './add-contact.ts';
import { deleteContact, keepOnePrimary, loadContact } from './customer-record.ts';

export async function removeContact(
  deps: AppDeps,
  actor: Actor,
  customerRef: string,
  contactId: string,
): Promise<void> {
  await inTransaction(deps, actor, async (uow) => {
    const customer = await customerForContacts(uow, customerRef);
    const contact = await loadContact(uow.tx, deps.keyring, customer.id, contactId);
    await deleteContact(uow.tx, contact.id);
    await keepOnePrimary(uow.tx, deps, customer.id);
    await uow.audit({
      action: 'customer.contact.remove',
      entityType: 'customer',
      entityId: customer.id,
      before: maskPersonalFields(contact),
    });
  });
}

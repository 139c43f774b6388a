// Use case: change a customer's master data. A credit limit or tier change needs `customer.credit` (finance), is
// audited with before and after, and tells the owner; other fields need `customer.edit` (owner, their managers, admin).

import { and, eq, ne } from 'drizzle-orm';
import { customers, users } from '../../db/schema.ts';
import {
  applyCustomerFields,
  type CustomerColumns,
  type CustomerFields,
  changedColumns,
  creditFields,
} from '../../domain/customers/customer-fields.ts';
import { maskPersonalFields } from '../../domain/customers/personal-fields.ts';
import { conflict, invalid } from '../../domain/errors.ts';
import { creditChangedCard } from '../../messages/catalogue/customers.ts';
import { demand, ownedBy } from '../access/ask.ts';
import type { Actor, AppDeps } from '../deps.ts';
import { inTransaction, type UnitOfWork } from '../unit-of-work.ts';
import { publishCustomerEvent } from '../webhooks/publish-record-event.ts';
import { configuredNames } from './configured-names.ts';
import { type CustomerRow, columnsOf, findCustomer, loadCustomer, saveCustomer } from './customer-record.ts';

export interface CustomerInput {
  fields: CustomerFields;
  // The owner's roster email; null leaves the customer without an owner.
  ownerEmail?: string | null;
}

export interface EditOutcome {
  customer: CustomerRow;
  // The fields that changed (empty: the customer already had these details; nothing was written).
  changed: string[];
}

export async function editCustomer(
  deps: AppDeps,
  actor: Actor,
  ref: string,
  input: CustomerInput,
): Promise<EditOutcome> {
  return inTransaction(deps, actor, (uow) => editInTransaction(uow, ref, input));
}

export async function editInTransaction(
  uow: UnitOfWork,
  ref: string,
  input: CustomerInput,
): Promise<EditOutcome> {
  const { tx, deps, actor } = uow;
  const row = await loadCustomer(tx, deps.keyring, ref, { lock: true });
  const before = columnsOf(row);
  const after = applyCustomerFields(
    before,
    input.fields,
    await configuredNames(tx, deps),
    deps.policy.org.currency,
  );
  const ownerId = input.ownerEmail === undefined ? row.ownerId : await ownerIdOf(uow, input.ownerEmail);
  const changes = changedColumns(before, after);
  if (ownerId !== row.ownerId)
    changes.push({ field: 'ownerId' as keyof CustomerColumns, before: row.ownerId, after: ownerId });
  if (changes.length === 0) return { customer: row, changed: [] };

  const resource = await ownedBy(tx, row.ownerId, { region: row.region });
  const credit = changes.filter((c) => creditFields.has(c.field));
  if (credit.length > 0)
    demand(deps, actor, 'customer.credit', resource, 'customer_credit_forbidden', { name: row.name });
  if (changes.length > credit.length)
    demand(deps, actor, 'customer.edit', resource, 'customer_edit_forbidden', { name: row.name });
  if (after.normalizedName !== before.normalizedName) await assertNameFree(uow, row.id, after);
  await assertExternalIdsFree(uow, row.id, after.externalIds);

  const saved = await saveCustomer(tx, deps.keyring, row.id, { ...after, ownerId });
  const pick = (list: typeof changes, side: 'before' | 'after') =>
    maskPersonalFields(Object.fromEntries(list.map((c) => [c.field, c[side]])));
  const other = changes.filter((c) => !creditFields.has(c.field));
  if (other.length > 0)
    await uow.audit({
      action: 'customer.edit',
      entityType: 'customer',
      entityId: row.id,
      before: pick(other, 'before'),
      after: pick(other, 'after'),
    });
  if (credit.length > 0) {
    await uow.audit({
      action: 'customer.credit',
      entityType: 'customer',
      entityId: row.id,
      before: pick(credit, 'before'),
      after: pick(credit, 'after'),
    });
    await tellOwner(uow, saved, before);
  }
  await publishCustomerEvent(uow, 'customer.updated', saved.id);
  return { customer: saved, changed: changes.map((c) => c.field) };
}

// The owner hears of a new limit or tier on their customer, whoever changed it.
export async function tellOwner(
  uow: UnitOfWork,
  saved: CustomerRow,
  before: CustomerColumns | null,
): Promise<void> {
  if (!saved.ownerId) return;
  const by =
    uow.actor.kind === 'user'
      ? uow.actor.user.name
      : uow.actor.kind === 'api'
        ? uow.actor.keyName
        : uow.actor.name;
  const limitChanged = (before?.creditLimitMinor ?? null) !== saved.creditLimitMinor;
  const tierChanged = (before?.tier ?? null) !== saved.tier;
  await uow.post(
    { kind: 'user', userId: saved.ownerId },
    `customer:${saved.id}:credit:${uow.now.getTime()}`,
    (locale) =>
      creditChangedCard(
        {
          name: saved.name,
          by,
          currency: saved.currency,
          labels: uow.deps.policy.labels.book,
          ...(limitChanged
            ? { limit: { before: before?.creditLimitMinor ?? null, after: saved.creditLimitMinor } }
            : {}),
          ...(tierChanged ? { tier: { before: before?.tier ?? null, after: saved.tier } } : {}),
        },
        locale,
      ),
  );
}

export async function ownerIdOf(uow: UnitOfWork, email: string | null): Promise<string | null> {
  if (email === null || email.trim() === '') return null;
  const wanted = email.trim().toLowerCase();
  const [user] = await uow.tx
    .select({ id: users.id, active: users.active })
    .from(users)
    .where(eq(users.email, wanted));
  if (!user?.active) throw invalid('customer_owner_unknown', 'ownerEmail', { email: wanted.slice(0, 254) });
  return user.id;
}

export async function assertNameFree(
  uow: UnitOfWork,
  selfId: string | null,
  c: CustomerColumns,
): Promise<void> {
  const [other] = await uow.tx
    .select({ name: customers.name })
    .from(customers)
    .where(
      selfId
        ? and(eq(customers.normalizedName, c.normalizedName), ne(customers.id, selfId))
        : eq(customers.normalizedName, c.normalizedName),
    );
  if (other) throw conflict('customer_exists', { name: c.name, existing: other.name });
}

export async function assertExternalIdsFree(
  uow: UnitOfWork,
  selfId: string | null,
  ids: Readonly<Record<string, string>>,
): Promise<void> {
  for (const [system, id] of Object.entries(ids)) {
    const other = await findCustomer(uow.tx, uow.deps.keyring, `${system}:${id}`, { followMerge: false });
    if (other && other.id !== selfId)
      throw conflict('customer_external_taken', { system, id, existing: other.name });
  }
}

// Use case: create a customer (chat form, REST, import), or — when an external system names one it already sent
// (`externalIds: { erp: … }`) — bring that customer up to date instead, so an ERP can send the same record again.
import { applyCustomerFields } from '../../domain/customers/customer-fields.ts';
import { maskPersonalFields } from '../../domain/customers/personal-fields.ts';
import { conflict } from '../../domain/errors.ts';
import { demand } from '../access/ask.ts';
import type { Actor, AppDeps } from '../deps.ts';
import { inTransaction, type UnitOfWork } from '../unit-of-work.ts';
import { publishCustomerEvent } from '../webhooks/publish-record-event.ts';
import { configuredNames } from './configured-names.ts';
import { type CustomerRow, findCustomer, insertCustomer } from './customer-record.ts';
import {
  assertExternalIdsFree,
  assertNameFree,
  type CustomerInput,
  editInTransaction,
  ownerIdOf,
  tellOwner,
} from './edit-customer.ts';

export interface SaveOutcome {
  customer: CustomerRow;
  // created: a new customer; updated: an existing one changed; unchanged: it already had these details.
  outcome: 'created' | 'updated' | 'unchanged';
  changed: string[];
}

export async function createCustomer(
  deps: AppDeps,
  actor: Actor,
  input: CustomerInput,
): Promise<SaveOutcome> {
  return inTransaction(deps, actor, (uow) => createInTransaction(uow, input));
}

// By external id first, else (`byName`, an import) by the folded name; a new customer when neither finds one.
export async function upsertCustomer(
  deps: AppDeps,
  actor: Actor,
  input: CustomerInput,
  options: { byName?: boolean } = {},
): Promise<SaveOutcome> {
  return inTransaction(deps, actor, (uow) => upsertInTransaction(uow, input, options));
}

export async function upsertInTransaction(
  uow: UnitOfWork,
  input: CustomerInput,
  options: { byName?: boolean } = {},
): Promise<SaveOutcome> {
  const refs = [
    ...Object.entries(input.fields.externalIds ?? {}).map(([system, id]) => `${system}:${id.trim()}`),
    ...(options.byName && input.fields.name ? [input.fields.name] : []),
  ];
  for (const ref of refs) {
    const existing = await findCustomer(uow.tx, uow.deps.keyring, ref);
    if (existing) {
      const edited = await editInTransaction(uow, existing.id, input);
      return { ...edited, outcome: edited.changed.length > 0 ? 'updated' : 'unchanged' };
    }
  }
  return createInTransaction(uow, input);
}

async function createInTransaction(uow: UnitOfWork, input: CustomerInput): Promise<SaveOutcome> {
  const { tx, deps, actor } = uow;
  demand(deps, actor, 'customer.create', {}, 'customer_create_forbidden');
  const columns = applyCustomerFields(
    null,
    input.fields,
    await configuredNames(tx, deps),
    deps.policy.org.currency,
  );
  const ownerId =
    input.ownerEmail !== undefined
      ? await ownerIdOf(uow, input.ownerEmail)
      : actor.kind === 'user'
        ? actor.user.id
        : null;
  // A limit or a tier set at creation is still a credit decision.
  if (columns.creditLimitMinor !== null || columns.tier !== null)
    demand(deps, actor, 'customer.credit', { ownerId }, 'customer_credit_forbidden', { name: columns.name });
  await assertNameFree(uow, null, columns);
  await assertExternalIdsFree(uow, null, columns.externalIds);
  const row = await insertCustomer(tx, deps.keyring, { ...columns, ownerId, createdAt: uow.now });
  // Two creations of one name at once: the unique folded name lets one in.
  if (!row) throw conflict('customer_exists', { name: columns.name, existing: columns.name });
  await uow.audit({
    action: 'customer.create',
    entityType: 'customer',
    entityId: row.id,
    after: maskPersonalFields(row),
  });
  if (row.creditLimitMinor !== null || row.tier !== null) await tellOwner(uow, row, null);
  await publishCustomerEvent(uow, 'customer.created', row.id);
  return { customer: row, outcome: 'created', changed: [] };
}

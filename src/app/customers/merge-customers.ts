// Use case: merge a duplicate customer into another — its orders, contacts, leads, bank lines, payer mappings and
// emails move, its names become aliases, its external ids carry over; the duplicate stays as a row pointing at the
// customer it was merged into, so old references still find it. One transaction, audited on both.
import { and, eq, inArray } from 'drizzle-orm';
import {
  bankTransactions,
  customerContacts,
  customerEmails,
  leads,
  orders,
  payerMappings,
} from '../../db/schema.ts';
import { mergedAliases } from '../../domain/customers/customer-fields.ts';
import { conflict, invalid } from '../../domain/errors.ts';
import { demand, ownedBy } from '../access/ask.ts';
import type { Actor, AppDeps } from '../deps.ts';
import { inTransaction } from '../unit-of-work.ts';
import { publishCustomerEvent } from '../webhooks/publish-record-event.ts';
import {
  type CustomerRow,
  keepOnePrimary,
  loadContacts,
  loadCustomer,
  saveCustomer,
} from './customer-record.ts';

export interface MergeOutcome {
  winner: CustomerRow;
  loser: CustomerRow;
  moved: { orders: number; contacts: number; leads: number; bankLines: number; payerMappings: number };
}

export async function mergeCustomers(
  deps: AppDeps,
  actor: Actor,
  loserRef: string,
  intoRef: string,
): Promise<MergeOutcome> {
  return inTransaction(deps, actor, async (uow) => {
    const { tx } = uow;
    const loser = await loadCustomer(tx, deps.keyring, loserRef, { lock: true, followMerge: false });
    if (loser.mergedIntoId) {
      const into = await loadCustomer(tx, deps.keyring, loser.mergedIntoId);
      throw conflict('customer_merge_merged', { name: loser.name, into: into.name });
    }
    const winner = await loadCustomer(tx, deps.keyring, intoRef, { lock: true });
    if (winner.id === loser.id) throw invalid('customer_merge_same', 'into', { name: loser.name });
    for (const c of [loser, winner])
      demand(
        deps,
        actor,
        'customer.merge',
        await ownedBy(tx, c.ownerId, { region: c.region }),
        'customer_merge_forbidden',
      );
    if (winner.currency !== loser.currency)
      throw invalid('customer_merge_currency', 'into', {
        loser: loser.name,
        winner: winner.name,
        loserCurrency: loser.currency,
        winnerCurrency: winner.currency,
      });

    const move = async <
      T extends
        | typeof orders
        | typeof leads
        | typeof bankTransactions
        | typeof payerMappings
        | typeof customerEmails,
    >(
      table: T,
    ) => {
      const rows = await tx
        .update(table)
        .set({ customerId: winner.id } as never)
        .where(eq(table.customerId, loser.id))
        .returning({ id: table.id });
      return rows.length;
    };
    const moved = {
      orders: await move(orders),
      leads: await move(leads),
      bankLines: await move(bankTransactions),
      payerMappings: await move(payerMappings),
      contacts: 0,
    };
    await move(customerEmails);
    // The winner's primary contact stays primary; the duplicate's contacts join as ordinary ones.
    const theirs = await loadContacts(tx, deps.keyring, loser.id);
    if (theirs.length > 0) {
      await tx
        .update(customerContacts)
        .set({ customerId: winner.id, isPrimary: false })
        .where(
          and(
            eq(customerContacts.customerId, loser.id),
            inArray(
              customerContacts.id,
              theirs.map((c) => c.id),
            ),
          ),
        );
      await keepOnePrimary(tx, deps, winner.id);
    }
    moved.contacts = theirs.length;

    const externalIds = { ...loser.externalIds, ...winner.externalIds };
    // The duplicate gives up its external ids first: each is unique to one customer.
    const parked = await saveCustomer(tx, deps.keyring, loser.id, {
      mergedIntoId: winner.id,
      externalIds: {},
    });
    const kept = await saveCustomer(tx, deps.keyring, winner.id, {
      aliases: mergedAliases(winner, loser),
      externalIds,
    });
    const after = { mergedInto: winner.id, moved };
    await uow.audit({
      action: 'customer.merge',
      entityType: 'customer',
      entityId: loser.id,
      before: { mergedIntoId: null, externalIds: loser.externalIds },
      after,
    });
    await uow.audit({
      action: 'customer.merge',
      entityType: 'customer',
      entityId: winner.id,
      before: { aliases: winner.aliases, externalIds: winner.externalIds },
      after: { aliases: kept.aliases, externalIds: kept.externalIds, mergedFrom: loser.id, moved },
    });
    await publishCustomerEvent(uow, 'customer.updated', kept.id);
    return { winner: kept, loser: parked, moved };
  });
}

// Use case (part of the dunning job): installments the ladder leaves alone today — a suggested match would pay them,
// or their order is under a promise to pay not yet due.
import { installmentsPromised, installmentsSuggested } from '../../db/held-installments-query.ts';
import type { AppDeps } from '../deps.ts';

// Installments the ladder leaves alone today: one a suggested (unconfirmed) match would pay, or one of an order
// whose customer promised to pay by a date not yet passed.
export async function heldInstallments(
  deps: AppDeps,
  ids: string[],
  orderIds: string[],
  today: string,
): Promise<Set<string>> {
  return new Set([
    ...(await installmentsSuggested(deps.db, ids)),
    ...(await installmentsPromised(deps.db, ids, orderIds, today)),
  ]);
}

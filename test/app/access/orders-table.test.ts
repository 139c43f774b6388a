// The permission table through the use cases (issue 12), orders: drafting, reading, editing, cancelling, approving,
// asking for a credit override and seeing cost. Harness and positions: ./table.ts.
import { eq } from 'drizzle-orm';
import { describe } from 'vitest';
import type { UserRow } from '../../../src/app/deps.ts';
import { approvalPricing } from '../../../src/app/orders/approval-pricing.ts';
import { cancelOrder } from '../../../src/app/orders/cancel-order.ts';
import { createOrder } from '../../../src/app/orders/create-order.ts';
import { decideApproval } from '../../../src/app/orders/decide-approval.ts';
import { editOrder } from '../../../src/app/orders/edit-order.ts';
import { getOrderStatus } from '../../../src/app/orders/get-order-status.ts';
import { lineCosts } from '../../../src/app/orders/line-costs.ts';
import { loadOrder } from '../../../src/app/orders/load-order.ts';
import { requestCreditOverride } from '../../../src/app/orders/request-credit-override.ts';
import { inTransaction } from '../../../src/app/unit-of-work.ts';
import { approvals, orders } from '../../../src/db/schema.ts';
import { addCustomer } from '../leads/fixtures.ts';
import { orgRows, scopedRows, system, user, useTable } from './table.ts';

const table = useTable();

// An order of `owner` waiting on `approver` at its first level.
async function waitingOn(
  owner: UserRow,
  approver: UserRow,
): Promise<{ orderId: string; approvalId: string }> {
  const { id } = await table.order(owner, 'pending_approval');
  // A plan of closeloop.yaml, so approving can go on to the next level.
  await table.database.db.update(orders).set({ paymentPlan: 'net-30' }).where(eq(orders.id, id));
  const [row] = await table.database.db
    .insert(approvals)
    .values({
      orderId: id,
      orderVersion: 1,
      levelIndex: 0,
      levelName: 'manager',
      approverId: approver.id,
      status: 'pending',
    })
    .returning({ id: approvals.id });
  return { orderId: id, approvalId: row?.id ?? '' };
}

describe('orders: every role × position through the use cases', () => {
  scopedRows(table, {
    'order.read': async (a, o) => getOrderStatus(table.deps, user(a), (await table.order(o)).number),
    'order.cancel': async (a, o) =>
      cancelOrder(table.deps, user(a), (await table.order(o, 'pending_approval')).number, null),
    'order.edit': async (a, o) =>
      editOrder(table.deps, user(a), (await table.order(o, 'draft')).number, {
        lines: [{ description: 'Survey', quantity: 1, unitPriceMinor: 5_000 }],
      }),
    // An approval is its approver's own: deciding one sent to someone else takes an org-wide grant.
    'order.approve': async (a, o) =>
      decideApproval(table.deps, user(a), {
        approvalId: (await waitingOn(o, o)).approvalId,
        decision: 'approve',
      }),
    'order.override': async (a, o) =>
      requestCreditOverride(table.deps, user(a), (await table.order(o, 'on_hold')).number, 'paid by Friday'),
  });

  orgRows(table, {
    'order.create': async (a) => {
      const n = table.next();
      const customer = await addCustomer(table.database, `Client ${n}`, `client ${n}`, a.id);
      return createOrder(table.deps, user(a), {
        source: { customerId: customer.id },
        lines: [{ description: 'Install', quantity: 1, unitPriceMinor: 10_000 }],
      });
    },
    // Cost is on the approval cards of orders sent to the asker, whoever's order it is.
    'order.margin': async (a) => {
      const { orderId } = await waitingOn(table.ownerFor('rep', 'other region'), a);
      const view = await inTransaction(table.deps, system, async (uow) => {
        const loaded = await loadOrder(uow.tx, { id: orderId }, table.deps);
        if (!loaded) throw new Error('order vanished');
        // The asker's own approval card: cost is decided per reader.
        const costs = await lineCosts(uow.tx, table.deps.policy.org.timezone, loaded);
        return (await approvalPricing(uow, loaded, costs, [a.id]))(a.id);
      });
      return view.margin !== undefined ? view : { forbidden: true };
    },
  });
});

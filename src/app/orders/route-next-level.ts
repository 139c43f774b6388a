// Owns where a chain goes once a level is done: credit levels that joined since submit, and the next level's cards.
import { and, eq } from 'drizzle-orm';
import { approvals, users } from '../../db/schema.ts';
import type { LevelInfo } from '../../messages/catalogue/orders.ts';
import type { UnitOfWork } from '../unit-of-work.ts';
import { approvalRows } from './approval-rows.ts';
import type { CreditCheck } from './credit-check.ts';
import { lineCosts } from './line-costs.ts';
import type { ApprovalRow, LoadedOrder } from './load-order.ts';
import { postApprovalCards } from './post-approval-cards.ts';
import { policyChain } from './submit-order.ts';

// Levels the policy now asks for (with the credit risk as it is today) that the chain of this version lacks
// join it at the end, waiting; a level that resolves to nobody is left to the submit-time check.
export async function appendMissingLevels(
  uow: UnitOfWork,
  loaded: LoadedOrder,
  all: ApprovalRow[],
  creditRisk: 'medium' | 'high',
): Promise<number> {
  const { tx } = uow;
  const { order } = loaded;
  const [requester] = await tx.select().from(users).where(eq(users.id, order.ownerId));
  if (!requester) return 0;
  const costs = await lineCosts(tx, uow.deps.policy.org.timezone, loaded);
  const { result } = await policyChain(uow, loaded, requester, creditRisk, costs);

  if (!result.ok) return 0;
  const have = new Set(all.map((a) => a.levelName));
  const missing = result.chain.filter((l) => !have.has(l.name));
  if (missing.length === 0) return 0;
  const base = Math.max(...all.map((a) => a.levelIndex)) + 1;
  await tx.insert(approvals).values(approvalRows(order, missing, { from: base, open: false, now: uow.now }));
  await uow.audit({
    action: 'order.credit_levels',
    entityType: 'order',
    entityId: order.id,
    before: { levels: [...have] },
    after: { added: missing.map((l) => l.name), creditRisk },
  });
  return missing.length;
}

// The next level's approvals open and each approver gets their card.
export async function openNextLevel(
  uow: UnitOfWork,
  loaded: LoadedOrder,
  check: CreditCheck,
  nextIndex: number,
  levelOf: (a: ApprovalRow) => LevelInfo,
): Promise<void> {
  const { tx } = uow;
  const { order } = loaded;
  const opened = await tx
    .update(approvals)
    .set({ status: 'pending' })
    .where(
      and(
        eq(approvals.orderId, order.id),
        eq(approvals.orderVersion, order.version),
        eq(approvals.levelIndex, nextIndex),
        eq(approvals.status, 'waiting'),
      ),
    )
    .returning();
  const costs = await lineCosts(tx, uow.deps.policy.org.timezone, loaded);
  await postApprovalCards(uow, loaded, check, costs, opened, levelOf);
}

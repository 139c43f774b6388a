// Owns the cards a level's approvers get as it opens: one per approver, with the version's diff, the credit gate, the
// pricing they may see and the person they stand in for.
import { type ApprovalExtras, approvalCard, type LevelInfo } from '../../messages/catalogue/orders.ts';
import type { UnitOfWork } from '../unit-of-work.ts';
import { approvalPricing } from './approval-pricing.ts';
import { standInsOf } from './approval-stand-ins.ts';
import { type CreditCheck, creditView } from './credit-check.ts';
import type { LineCosts } from './line-costs.ts';
import { approvalRefKey, type LoadedOrder } from './load-order.ts';
import { changesOf } from './order-versions.ts';

export interface OpenedApproval {
  id: string;
  approverId: string;
  standingInFor: string | null;
  levelIndex: number;
}

export async function postApprovalCards<A extends OpenedApproval>(
  uow: UnitOfWork,
  loaded: LoadedOrder,
  check: CreditCheck,
  costs: LineCosts,
  opened: readonly A[],
  levelOf: (a: A) => LevelInfo,
): Promise<void> {
  const { order } = loaded;
  const extrasFor = await approvalExtras(
    uow,
    loaded,
    check,
    costs,
    opened.map((a) => a.approverId),
  );
  const standIns = await standInsOf(uow.tx, opened);
  for (const a of opened) {
    const standIn = standIns.get(a.id);
    const extras = extrasFor(a.approverId);
    await uow.post(
      { kind: 'user', userId: a.approverId },
      approvalRefKey(order.id, order.version, a),
      (locale) =>
        approvalCard(loaded.summary, levelOf(a), a.id, locale, standIn ? { ...extras, standIn } : extras),
    );
  }
}

// What an approval card of the order's current version shows beside the order, per approver: the diff, the credit
// gate, and the discount against list (with margin for those of `approverIds` who may see cost).
async function approvalExtras(
  uow: UnitOfWork,
  loaded: LoadedOrder,
  check: CreditCheck,
  costs: LineCosts,
  approverIds: readonly string[],
): Promise<(approverId: string) => ApprovalExtras> {
  const changes = await changesOf(uow.tx, loaded.order.id, loaded.order.version);
  const pricingOf = await approvalPricing(uow, loaded, costs, approverIds);
  const credit = creditView(check);
  return (approverId) => ({ changes, credit, pricing: pricingOf(approverId) });
}

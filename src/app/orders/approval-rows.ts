// Owns the approvals rows a chain's levels become: one per approver of each level, at the chain's next positions.
import type { approvals } from '../../db/schema.ts';
import type { ChainLevel } from '../../domain/orders/approval-policy.ts';
import { own } from '../../domain/own.ts';

// `from` is the position of the first of `levels`; with `open` that level's approvals are pending at once (a fresh
// chain), otherwise every level waits its turn.
export function approvalRows(
  order: { id: string; version: number },
  levels: readonly ChainLevel[],
  at: { from: number; open: boolean; now: Date },
): (typeof approvals.$inferInsert)[] {
  return levels.flatMap((level, i) =>
    level.approverIds.map((approverId) => ({
      orderId: order.id,
      orderVersion: order.version,
      levelIndex: at.from + i,
      levelName: level.name,
      mode: level.mode,
      approverId,
      standingInFor: own(level.standIns, approverId) ?? null,
      status: at.open && i === 0 ? 'pending' : 'waiting',
      createdAt: at.now,
    })),
  );
}

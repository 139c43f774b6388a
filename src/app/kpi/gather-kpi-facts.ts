// Use case (query): the raw facts behind a KPI — leads, approved orders, collections, overdue installments — for a set of owners.
import { and, eq, gte, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { allocations, installments, leads, orders } from '../../db/schema.ts';
import type { DigestInput } from '../../domain/kpi/digest.ts';

export type KpiFacts = Pick<DigestInput, 'leads' | 'approvedOrders' | 'allocations' | 'installments'>;

export const noKpiFacts: KpiFacts = { leads: [], approvedOrders: [], allocations: [], installments: [] };

// Everything since `from` that computeDigest windows further; overdue is as of `today` (a local date).
export async function gatherKpiFacts(
  db: Executor,
  ownerIds: readonly string[],
  from: Date,
  today: string,
): Promise<KpiFacts> {
  if (ownerIds.length === 0) return noKpiFacts;
  const ids = [...ownerIds];
  const ofOwners = or(inArray(leads.ownerId, ids), inArray(leads.offeredToId, ids));
  const ownedLeads = await db
    .select({ createdAt: leads.createdAt, offeredAt: leads.offeredAt, acceptedAt: leads.acceptedAt })
    .from(leads)
    .where(and(ofOwners, or(gte(leads.createdAt, from), gte(leads.acceptedAt, from))));
  const approvedOrders = await db
    .select({ decidedAt: orders.decidedAt, totalMinor: orders.totalMinor, currency: orders.currency })
    .from(orders)
    .where(and(inArray(orders.ownerId, ids), eq(orders.status, 'approved'), gte(orders.decidedAt, from)));
  const collected = await db
    .select({
      createdAt: allocations.createdAt,
      amountMinor: allocations.amountMinor,
      currency: installments.currency,
    })
    .from(allocations)
    .innerJoin(installments, eq(installments.id, allocations.installmentId))
    .innerJoin(orders, eq(orders.id, installments.orderId))
    .where(and(inArray(orders.ownerId, ids), gte(allocations.createdAt, from), isNull(allocations.undoneAt)));
  const open = await db
    .select({
      dueOn: installments.dueOn,
      amountMinor: installments.amountMinor,
      paidMinor: installments.paidMinor,
      currency: installments.currency,
    })
    .from(installments)
    .innerJoin(orders, eq(orders.id, installments.orderId))
    .where(
      and(
        inArray(orders.ownerId, ids),
        eq(orders.status, 'approved'),
        sql`${installments.paidMinor} < ${installments.amountMinor}`,
        lt(installments.dueOn, today),
      ),
    );
  return {
    leads: ownedLeads,
    approvedOrders: approvedOrders.flatMap((o) => (o.decidedAt ? [{ ...o, decidedAt: o.decidedAt }] : [])),
    allocations: collected,
    installments: open,
  };
}

// Use case (job): post each manager their team's daily digest once per local day, however many workers run it.
import { and, arrayContains, eq, gte, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { allocations, digestRuns, installments, leads, orders, users } from '../../db/schema.ts';
import { computeDigest, digestDue } from '../../domain/kpi/digest.ts';
import { localDate, localTime } from '../../domain/time.ts';
import { digestCard } from '../../messages/catalogue/kpi.ts';
import type { AppDeps } from '../deps.ts';
import { inTransaction } from '../unit-of-work.ts';

export interface DigestRunResult {
  sent: string[];
}

export async function sendDailyDigest(deps: AppDeps): Promise<DigestRunResult> {
  const now = deps.clock.now();
  const managers = await deps.db
    .select({ id: users.id, timezone: users.timezone })
    .from(users)
    .where(and(arrayContains(users.roles, ['manager']), eq(users.active, true)))
    .orderBy(users.id);
  const sent: string[] = [];
  for (const manager of managers) {
    const timezone = manager.timezone ?? deps.policy.org.timezone;
    if (!digestDue(localTime(now, timezone), deps.policy.digest.at)) continue;
    const day = localDate(now, timezone);
    const posted = await inTransaction(deps, { kind: 'system', name: 'daily-digest' }, async (uow) => {
      // The run row is the claim: a second worker (or a rerun after a crash) finds it and sends nothing.
      const claimed = await uow.tx
        .insert(digestRuns)
        .values({ managerId: manager.id, day, at: uow.now })
        .onConflictDoNothing()
        .returning({ id: digestRuns.id });
      if (claimed.length === 0) return false;
      const from = new Date(uow.now.getTime() - 86_400_000);
      const team = await uow.tx
        .select({ id: users.id })
        .from(users)
        .where(and(eq(users.managerId, manager.id), eq(users.active, true)));
      const teamIds = team.map((u) => u.id);
      const data = teamIds.length > 0 ? await teamFacts(uow.tx, teamIds, from, day) : emptyFacts;
      const digest = computeDigest({
        from,
        to: uow.now,
        today: day,
        acceptSlaMinutes: deps.policy.routing.sla.accept,
        ...data,
      });
      await uow.post({ kind: 'user', userId: manager.id }, `digest:${manager.id}:${day}`, (locale) =>
        digestCard(
          {
            day,
            teamSize: teamIds.length,
            digest,
            acceptSlaMinutes: deps.policy.routing.sla.accept,
            at: deps.policy.digest.at,
            currency: deps.policy.org.currency,
          },
          locale,
        ),
      );
      await uow.audit({
        action: 'digest.send',
        entityType: 'user',
        entityId: manager.id,
        after: { day, teamSize: teamIds.length, digest },
      });
      return true;
    });
    if (posted) sent.push(manager.id);
  }
  return { sent };
}

const emptyFacts = { leads: [], approvedOrders: [], allocations: [], installments: [] };

async function teamFacts(tx: Tx, teamIds: string[], from: Date, today: string) {
  const ofTeam = or(inArray(leads.ownerId, teamIds), inArray(leads.offeredToId, teamIds));
  const teamLeads = await tx
    .select({ createdAt: leads.createdAt, offeredAt: leads.offeredAt, acceptedAt: leads.acceptedAt })
    .from(leads)
    .where(and(ofTeam, or(gte(leads.createdAt, from), gte(leads.acceptedAt, from))));
  const approvedOrders = await tx
    .select({ decidedAt: orders.decidedAt, totalMinor: orders.totalMinor, currency: orders.currency })
    .from(orders)
    .where(and(inArray(orders.ownerId, teamIds), eq(orders.status, 'approved'), gte(orders.decidedAt, from)));
  const collected = await tx
    .select({
      createdAt: allocations.createdAt,
      amountMinor: allocations.amountMinor,
      currency: installments.currency,
    })
    .from(allocations)
    .innerJoin(installments, eq(installments.id, allocations.installmentId))
    .innerJoin(orders, eq(orders.id, installments.orderId))
    .where(
      and(inArray(orders.ownerId, teamIds), gte(allocations.createdAt, from), isNull(allocations.undoneAt)),
    );
  const open = await tx
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
        inArray(orders.ownerId, teamIds),
        eq(orders.status, 'approved'),
        sql`${installments.paidMinor} < ${installments.amountMinor}`,
        lt(installments.dueOn, today),
      ),
    );
  return {
    leads: teamLeads,
    approvedOrders: approvedOrders.flatMap((o) => (o.decidedAt ? [{ ...o, decidedAt: o.decidedAt }] : [])),
    allocations: collected,
    installments: open,
  };
}

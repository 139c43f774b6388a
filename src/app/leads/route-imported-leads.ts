// Owns routing an import chunk's new leads: one roster read and one cursor lock, loads and turns kept in memory.
import { inArray, sql } from 'drizzle-orm';
import { customers, routingCursors } from '../../db/schema.ts';
import type { LeadImportRow } from '../../domain/leads/lead-import.ts';
import { leadNumber } from '../../domain/leads/normalise.ts';
import { type RoutingDecision, routeLead, routingTakesTurns } from '../../domain/leads/routing.ts';
import { claimCard, offerCard } from '../../messages/catalogue/leads.ts';
import { actorId } from '../deps.ts';
import type { UnitOfWork } from '../unit-of-work.ts';
import type { LeadImportReport, Writes } from './import-leads.ts';
import {
  cardDataOf,
  claimRef,
  type LeadRow,
  leadFacts,
  loadRoster,
  offerRef,
  peopleOf,
  routingActivity,
  takeTurn,
} from './route-lead.ts';

// Routes every new lead of the chunk with one roster read and, when one of them is offered to a person, one cursor
// lock; loads and turns are kept in memory. Nothing is written here: the lead updates and cursor moves join the
// chunk's other writes (Writes), so the lock is held for as few round trips as possible. Returns the leads as routed.
export async function routeCreated(
  uow: UnitOfWork,
  created: readonly { row: LeadImportRow; lead: LeadRow }[],
  report: LeadImportReport,
  writes: Writes,
): Promise<Map<string, LeadRow>> {
  const out = new Map<string, LeadRow>();
  if (created.length === 0) return out;
  const { tx, now, deps } = uow;
  const rules = deps.policy.routing.rules;
  const customerIds = [...new Set(created.flatMap((c) => (c.lead.customerId ? [c.lead.customerId] : [])))];
  const customerRows = customerIds.length
    ? await tx
        .select({ id: customers.id, name: customers.name, ownerId: customers.ownerId })
        .from(customers)
        .where(inArray(customers.id, customerIds))
    : [];
  const customerOf = new Map(customerRows.map((c) => [c.id, c]));
  const facts = new Map(
    created.map(({ lead }) => [
      lead.id,
      leadFacts(lead, (lead.customerId && customerOf.get(lead.customerId)) || null),
    ]),
  );
  // Leads that only go to claim channels take no turn: they neither read the roster nor wait for the lock.
  const turns = [...facts.values()].some((f) => routingTakesTurns(rules, f));
  const roster = turns ? await loadRoster(tx) : [];
  const { cursors, weighted, candidates } = turns
    ? await takeTurn(uow, roster)
    : { cursors: {}, weighted: {}, candidates: [] };
  for (const [id, person] of peopleOf(roster)) writes.people.set(id, person);
  const byId = new Map(candidates.map((c) => [c.id, c]));
  const moved = new Set<string>();
  const decisions: { line: number; lead: LeadRow; decision: RoutingDecision; routed: LeadRow }[] = [];
  for (const { row, lead } of created) {
    const leadIs = facts.get(lead.id);
    if (!leadIs) throw new Error(`no routing facts for lead ${lead.id}`);
    const decision = routeLead({
      lead: leadIs,
      rules,
      candidates,
      cursors,
      weighted,
      now,
    });
    // The lead as the update below leaves it: its card and audit need no second read.
    const routed: LeadRow = {
      ...lead,
      status: decision.kind === 'unrouted' ? 'new' : 'offered',
      offeredToId: decision.kind === 'offer' ? decision.userId : null,
      claimChannel: decision.kind === 'claim' ? decision.channel : null,
      routingRule: decision.reason.rule,
      routingStrategy: decision.reason.strategy,
      routingReason: decision.reason,
      offeredAt: decision.kind === 'unrouted' ? lead.offeredAt : now,
      updatedAt: now,
    };
    decisions.push({ line: row.line, lead, decision, routed });
    if (decision.kind !== 'offer') continue;
    const taker = byId.get(decision.userId);
    if (taker) {
      taker.openLeads++;
      taker.offeredToday++;
    }
    if (decision.cursor) {
      cursors[decision.cursor.rule] = decision.cursor.userId;
      moved.add(decision.cursor.rule);
    }
    if (decision.weighted) {
      weighted[decision.weighted.rule] = decision.weighted.state;
      cursors[decision.weighted.rule] = decision.userId;
      moved.add(decision.weighted.rule);
    }
  }

  const changes = decisions.map(({ routed }) => ({
    id: routed.id,
    status: routed.status,
    offered_to_id: routed.offeredToId,
    claim_channel: routed.claimChannel,
    routing_rule: routed.routingRule,
    routing_strategy: routed.routingStrategy,
    routing_reason: routed.routingReason,
  }));
  writes.statements.push(sql`
    update leads as l set
      status = v.status, offered_to_id = v.offered_to_id, claim_channel = v.claim_channel,
      routing_rule = v.routing_rule, routing_strategy = v.routing_strategy, routing_reason = v.routing_reason,
      offered_at = case when v.status = 'offered' then ${now.toISOString()}::timestamptz else l.offered_at end,
      updated_at = ${now.toISOString()}::timestamptz
    from jsonb_to_recordset(${JSON.stringify(changes)}::jsonb) as v(
      id uuid, status text, offered_to_id uuid, claim_channel text,
      routing_rule text, routing_strategy text, routing_reason jsonb)
    where l.id = v.id`);

  for (const rule of moved) {
    const state = weighted[rule];
    const values = { lastUserId: cursors[rule] ?? null, ...(state ? { state } : {}), updatedAt: now };
    writes.statements.push(
      tx
        .insert(routingCursors)
        .values({ rule, ...values })
        .onConflictDoUpdate({ target: routingCursors.rule, set: values }),
    );
  }
  for (const { line, lead, decision, routed } of decisions) {
    out.set(lead.id, routed);
    const taker = decision.kind === 'offer' ? byId.get(decision.userId) : undefined;
    report.createdLeads.push({
      line,
      id: lead.id,
      number: leadNumber(lead.seq),
      status: routed.status,
      ...(taker ? { owner: { id: taker.id, name: taker.name } } : {}),
      ...(decision.kind === 'claim' ? { channel: decision.channel } : {}),
    });
    writes.activities.push(routingActivity(lead.id, decision, actorId(uow.actor), now));
    writes.audits.push({
      action: 'lead.route',
      entityType: 'lead',
      entityId: lead.id,
      before: { status: lead.status, offeredToId: lead.offeredToId, claimChannel: lead.claimChannel },
      after: {
        status: routed.status,
        offeredToId: routed.offeredToId,
        claimChannel: routed.claimChannel,
        reason: decision.reason,
      },
    });
    const card = cardDataOf(routed, uow.deps);
    if (decision.kind === 'offer') {
      report.routed.offered++;
      writes.posts.push({
        target: { kind: 'user', userId: decision.userId },
        refKey: offerRef(lead.id, decision.userId),
        build: (locale) => offerCard(card, locale),
      });
    } else if (decision.kind === 'claim') {
      report.routed.posted++;
      writes.posts.push({
        target: { kind: 'channel', name: decision.channel },
        refKey: claimRef(lead.id),
        build: (locale) => claimCard(card, locale),
      });
    } else report.routed.unrouted++;
  }
  return out;
}

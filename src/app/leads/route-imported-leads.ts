// Owns routing an import chunk's new leads: leads that take no turn are decided before they are inserted (and go in
// routed), the rest with one roster read and one cursor lock, loads and turns kept in memory.
import { sql } from 'drizzle-orm';
import { routingCursors } from '../../db/schema.ts';
import type { LeadImportRow } from '../../domain/leads/lead-import.ts';
import { leadNumber } from '../../domain/leads/normalise.ts';
import {
  type LeadFacts,
  type RoutingDecision,
  routeLead,
  routingTakesTurns,
} from '../../domain/leads/routing.ts';
import { claimCard, offerCard } from '../../messages/catalogue/leads.ts';
import { actorId } from '../deps.ts';
import type { UnitOfWork } from '../unit-of-work.ts';
import type { LeadImportReport, Writes } from './import-leads.ts';
import {
  cardDataOf,
  claimRef,
  type LeadRow,
  loadRoster,
  offerRef,
  peopleOf,
  routingActivity,
  takeTurn,
} from './route-lead.ts';

// The routing columns a decision sets on a new lead.
export function routingColumns(decision: RoutingDecision, now: Date) {
  return {
    status: decision.kind === 'unrouted' ? 'new' : 'offered',
    offeredToId: decision.kind === 'offer' ? decision.userId : null,
    claimChannel: decision.kind === 'claim' ? decision.channel : null,
    routingRule: decision.reason.rule,
    routingStrategy: decision.reason.strategy,
    routingReason: decision.reason,
    offeredAt: decision.kind === 'unrouted' ? null : now,
  };
}

// The decision for a lead whose first matching rule posts it to a claim channel: it reads no roster, load or cursor,
// so it is made before the lead is inserted. Null for a lead that takes a turn.
export function decideWithoutTurn(uow: UnitOfWork, facts: LeadFacts): RoutingDecision | null {
  const rules = uow.deps.policy.routing.rules;
  if (routingTakesTurns(rules, facts)) return null;
  return routeLead({ lead: facts, rules, candidates: [], cursors: {}, weighted: {}, now: uow.now });
}

export interface RoutedLead {
  line: number;
  // The lead as it was before routing (just made: new, offered to no one).
  lead: LeadRow;
  decision: RoutingDecision;
  routed: LeadRow;
  owner?: { id: string; name: string };
}

// Routes the chunk's new leads that take turns: one roster read, then the cursors' lock (held to commit, so the
// caller writes everything else before this), decisions in memory, and the lead updates and cursor moves added to
// `writes`. Returns the leads as routed.
export async function routeTurns(
  uow: UnitOfWork,
  created: readonly { row: LeadImportRow; lead: LeadRow; facts: LeadFacts }[],
  writes: Writes,
): Promise<RoutedLead[]> {
  if (created.length === 0) return [];
  const { tx, now, deps } = uow;
  const rules = deps.policy.routing.rules;
  const roster = await loadRoster(tx);
  const { cursors, weighted, candidates } = await takeTurn(uow, roster);
  for (const [id, person] of peopleOf(roster)) writes.people.set(id, person);
  const byId = new Map(candidates.map((c) => [c.id, c]));
  const moved = new Set<string>();
  const decisions: RoutedLead[] = [];
  for (const { row, lead, facts } of created) {
    const decision = routeLead({ lead: facts, rules, candidates, cursors, weighted, now });
    // The lead as the update below leaves it: its card and audit need no second read.
    const routed: LeadRow = {
      ...lead,
      ...routingColumns(decision, now),
      offeredAt: decision.kind === 'unrouted' ? lead.offeredAt : now,
      updatedAt: now,
    };
    const taker = decision.kind === 'offer' ? byId.get(decision.userId) : undefined;
    decisions.push({
      line: row.line,
      lead,
      decision,
      routed,
      ...(taker ? { owner: { id: taker.id, name: taker.name } } : {}),
    });
    if (decision.kind !== 'offer') continue;
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
  return decisions;
}

// What routing leaves besides the lead's own columns: the report's line, the routing activity and audit row, and the
// offer or claim card.
export function recordRouted(
  uow: UnitOfWork,
  decisions: readonly RoutedLead[],
  report: LeadImportReport,
  writes: Writes,
): void {
  const { now } = uow;
  for (const { line, lead, decision, routed, owner } of decisions) {
    report.createdLeads.push({
      line,
      id: lead.id,
      number: leadNumber(lead.seq),
      status: routed.status,
      ...(owner ? { owner } : {}),
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
}

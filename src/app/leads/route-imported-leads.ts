// Owns routing an import chunk's new leads: leads that take no turn are decided before they are inserted (and go in
// routed), the rest with one roster read and one cursor lock taken just before they go in, also routed.
import { routingCursors } from '../../db/schema.ts';
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
import type { Writes } from './import-lead-chunk.ts';
import type { LeadImportReport } from './import-leads.ts';
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

// A turn-taking lead's decision, made before the lead is inserted (it goes in routed), with the rep offered it.
export interface TurnDecision {
  decision: RoutingDecision;
  owner?: { id: string; name: string };
}

// Decides the chunk's leads that take turns, before they are inserted: one roster read, then the cursors' lock (held
// to commit, so the caller writes everything else before this), decisions in memory, and the cursor moves added to
// `writes`. Returns each line's decision, in the order given.
export async function routeTurns(
  uow: UnitOfWork,
  turning: readonly { line: number; facts: LeadFacts }[],
  writes: Writes,
): Promise<Map<number, TurnDecision>> {
  const out = new Map<number, TurnDecision>();
  if (turning.length === 0) return out;
  const { tx, now, deps } = uow;
  const rules = deps.policy.routing.rules;
  const roster = await loadRoster(tx);
  const { cursors, weighted, candidates } = await takeTurn(uow, roster);
  for (const [id, person] of peopleOf(roster)) writes.people.set(id, person);
  const byId = new Map(candidates.map((c) => [c.id, c]));
  const moved = new Set<string>();
  for (const { line, facts } of turning) {
    const decision = routeLead({ lead: facts, rules, candidates, cursors, weighted, now });
    const taker = decision.kind === 'offer' ? byId.get(decision.userId) : undefined;
    out.set(line, { decision, ...(taker ? { owner: { id: taker.id, name: taker.name } } : {}) });
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
  return out;
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

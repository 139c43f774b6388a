// Owns what happens to a lead taken back from a rep who let it lapse: the next eligible rep, or a manager after K re-routes.
import type { RoutingDecision } from '../../domain/leads/routing.ts';
import { escalateToManager, rerouteAfterDecline } from '../../domain/leads/routing.ts';
import type { UnitOfWork } from '../unit-of-work.ts';
import { applyDecision, factsOf, type LeadRow, passedOver, takeTurn } from './route-lead.ts';

// `released` is the lead row as the conditional release left it (reroutes already counted);
// `noContact` names reps who accepted it but never made first contact (passedOver does not record them); they are
// left out, and the next owner's card says why it came to them.
export async function routeOn(
  uow: UnitOfWork,
  released: LeadRow,
  noContact: readonly string[] = [],
): Promise<'rerouted' | 'escalated'> {
  const { tx, deps, now } = uow;
  const { exclude, timedOut } = await passedOver(tx, released.id);
  for (const id of noContact) if (!exclude.includes(id)) exclude.push(id);
  const { cursors, weighted, candidates } = await takeTurn(uow);
  const input = {
    lead: await factsOf(tx, released),
    rules: deps.policy.routing.rules,
    candidates,
    cursors,
    weighted,
    now,
    exclude,
    timedOut,
    noContact,
    rule: released.routingRule,
  };
  const escalate =
    released.reroutes > deps.policy.routing.sla.escalateAfterReroutes ||
    released.routingStrategy === 'manager';
  const decision: RoutingDecision = escalate
    ? escalateToManager({ ...input, reroutes: released.reroutes - 1 })
    : rerouteAfterDecline(input);
  await applyDecision(uow, released, decision);
  return escalate ? 'escalated' : 'rerouted';
}

// Use case (query): the KPI a person asks for — a manager's team, or a rep's own — over today and the last 7 days.
import { and, eq } from 'drizzle-orm';
import { users } from '../../db/schema.ts';
import { forbidden } from '../../domain/errors.ts';
import { computeDigest, type Digest } from '../../domain/kpi/digest.ts';
import { localDate, startOfLocalDay } from '../../domain/time.ts';
import { allowed } from '../access/ask.ts';
import type { UserActor } from '../commands/types.ts';
import type { AppDeps } from '../deps.ts';
import { gatherKpiFacts } from './gather-kpi-facts.ts';

export interface KpiView {
  scope: 'team' | 'own';
  // Direct reports counted, for a team view.
  teamSize: number;
  today: Digest;
  week: Digest;
  // The asker's local date.
  day: string;
}

const weekMs = 7 * 86_400_000;

export async function showKpi(deps: AppDeps, actor: UserActor): Promise<KpiView> {
  const now = deps.clock.now();
  const timezone = actor.user.timezone ?? deps.policy.org.timezone;
  const day = localDate(now, timezone);
  // A team view when report.read reaches someone who reports to the asker (a manager's grant by default), even
  // before anyone does; each direct report is then asked of the policy in turn.
  const manager = allowed(deps, actor, 'report.read', { ownerId: null, ownerManagers: [actor.user.id] });
  if (!manager && !allowed(deps, actor, 'report.read', { ownerId: actor.user.id, region: actor.user.region }))
    throw forbidden('kpi_not_allowed');
  const reports = manager
    ? await deps.db
        .select({ id: users.id, region: users.region })
        .from(users)
        .where(and(eq(users.managerId, actor.user.id), eq(users.active, true)))
    : [];
  const ownerIds = manager
    ? reports
        .filter((u) =>
          allowed(deps, actor, 'report.read', {
            ownerId: u.id,
            ownerManagers: [actor.user.id],
            region: u.region,
          }),
        )
        .map((u) => u.id)
    : [actor.user.id];
  const weekFrom = new Date(now.getTime() - weekMs);
  const dayFrom = startOfLocalDay(now, timezone);
  const facts = await gatherKpiFacts(deps.db, ownerIds, weekFrom < dayFrom ? weekFrom : dayFrom, day);
  // Up to and including this instant: a lead created a moment ago counts.
  const to = new Date(now.getTime() + 1);
  const over = (from: Date) =>
    computeDigest({ from, to, today: day, acceptSlaMinutes: deps.policy.routing.sla.accept, ...facts });
  return {
    scope: manager ? 'team' : 'own',
    teamSize: manager ? ownerIds.length : 1,
    today: over(dayFrom),
    week: over(weekFrom),
    day,
  };
}

// Use case (query): the KPI a person asks for — a manager's team, or a rep's own — over today and the last 7 days.
import { and, eq } from 'drizzle-orm';
import { users } from '../../db/schema.ts';
import { grantOf } from '../../domain/access/can.ts';
import { forbidden } from '../../domain/errors.ts';
import { computeDigest, type Digest } from '../../domain/kpi/digest.ts';
import { localDate, startOfLocalDay } from '../../domain/time.ts';
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
  // Wider than own (a manager's team by default): the people reporting to the asker.
  const reach = grantOf(deps.policy.access, actor.user.roles, 'report.read');
  if (reach === null) throw forbidden('kpi_not_allowed');
  const manager = reach !== 'own';
  const ownerIds = manager
    ? (
        await deps.db
          .select({ id: users.id })
          .from(users)
          .where(and(eq(users.managerId, actor.user.id), eq(users.active, true)))
      ).map((u) => u.id)
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

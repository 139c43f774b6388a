// Use case (job): post each manager their team's daily digest once per local day, however many workers run it.
import { and, arrayContains, eq } from 'drizzle-orm';
import { digestRuns, users } from '../../db/schema.ts';
import { computeDigest, digestDue } from '../../domain/kpi/digest.ts';
import { localDate, localTime } from '../../domain/time.ts';
import { digestCard } from '../../messages/catalogue/kpi.ts';
import type { AppDeps } from '../deps.ts';
import { inTransaction } from '../unit-of-work.ts';
import { gatherKpiFacts } from './gather-kpi-facts.ts';

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
      const data = await gatherKpiFacts(uow.tx, teamIds, from, day);
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

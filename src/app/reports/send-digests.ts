// Use case (job): post each reader their team digest once per local day at their digestAt — and the weekly one on
// Mondays — however many workers run it. Who is a reader is the permission decision's answer (report.read reaching
// past themself: their team, or the org), never a role name.

import { and, eq } from 'drizzle-orm';
import { digestSends, users } from '../../db/schema.ts';
import { orgWide } from '../../domain/access/can.ts';
import { type DigestKind, digestDueAt, digestKindsOn } from '../../domain/reports/digest.ts';
import type { Person } from '../../domain/reports/tree.ts';
import { localDate, localTime } from '../../domain/time.ts';
import { digestCard } from '../../messages/catalogue/digest.ts';
import { allowed } from '../access/ask.ts';
import type { UserActor } from '../commands/types.ts';
import type { AppDeps, UserRow } from '../deps.ts';
import { inTransaction } from '../unit-of-work.ts';
import { loadPeople } from './load-people.ts';
import { readDigest } from './read-digest.ts';

export interface DigestRunResult {
  // "<kind>:<user id>" of every digest this run posted.
  sent: string[];
}

// A reader is whoever may read the org's reports, or the reports of someone reporting to them.
export function readsTeamReports(deps: AppDeps, actor: UserActor, people: readonly Person[]): boolean {
  if (allowed(deps, actor, 'report.read', orgWide)) return true;
  return people.some(
    (p) =>
      p.active &&
      p.managerId === actor.user.id &&
      allowed(deps, actor, 'report.read', {
        ownerId: p.id,
        ownerManagers: [actor.user.id],
        region: p.region,
      }),
  );
}

export async function sendDigests(deps: AppDeps): Promise<DigestRunResult> {
  const now = deps.clock.now();
  const people = await loadPeople(deps.db);
  const everyone = await deps.db.select().from(users).where(eq(users.active, true)).orderBy(users.id);
  const sent: string[] = [];
  for (const user of everyone) {
    const actor: UserActor = { kind: 'user', user };
    const timezone = user.timezone ?? deps.policy.org.timezone;
    if (!digestDueAt(localTime(now, timezone), deps.policy.digest.at)) continue;
    if (!readsTeamReports(deps, actor, people)) continue;
    const day = localDate(now, timezone);
    for (const kind of digestKindsOn(day))
      if (await sendOne(deps, user, kind, day)) sent.push(`${kind}:${user.id}`);
  }
  return { sent };
}

async function sendOne(deps: AppDeps, user: UserRow, kind: DigestKind, day: string): Promise<boolean> {
  const done = await deps.db
    .select({ day: digestSends.day })
    .from(digestSends)
    .where(and(eq(digestSends.userId, user.id), eq(digestSends.kind, kind), eq(digestSends.day, day)));
  // Already sent (by this worker earlier or another one): skip the reading, not just the posting.
  if (done.length > 0) return false;
  const view = await readDigest(deps, { kind: 'user', user }, kind, day);
  return inTransaction(deps, { kind: 'system', name: `${kind}-digest` }, async (uow) => {
    // The send row is the claim: a second worker (or a rerun after a crash) finds it and posts nothing.
    const claimed = await uow.tx
      .insert(digestSends)
      .values({ userId: user.id, kind, day, at: uow.now })
      .onConflictDoNothing()
      .returning({ day: digestSends.day });
    if (claimed.length === 0) return false;
    await uow.post({ kind: 'user', userId: user.id }, `digest:${kind}:${user.id}:${day}`, (locale) =>
      digestCard(view, locale, { at: deps.policy.digest.at, labels: deps.policy.labels.book }),
    );
    await uow.audit({
      action: 'digest.send',
      entityType: 'user',
      entityId: user.id,
      after: {
        kind,
        day,
        period: view.periods.current,
        teamSize: view.teamSize,
        newLeads: view.figures.newLeads.current,
        ordersApproved: view.figures.ordersApproved.current,
        approvedValue: view.figures.approvedValue.current,
        collected: view.figures.collected.current,
      },
    });
    return true;
  });
}

// Use case: a manager pauses a rep (out of office until a time) or resumes them; routing skips a paused rep.
import { and, eq, ilike, or } from 'drizzle-orm';
import { users } from '../../db/schema.ts';
import { invalid } from '../../domain/errors.ts';
import { demand, ownedBy } from '../access/ask.ts';
import type { UserActor } from '../commands/types.ts';
import type { AppDeps, UserRow } from '../deps.ts';
import { inTransaction } from '../unit-of-work.ts';

export type PauseOutcome =
  | { found: true; rep: { id: string; name: string }; until: Date | null }
  | { found: false; who: string }
  | { found: 'ambiguous'; who: string; names: string[] };

// "<@U123>" / "<@U123|amy>" (Slack), "@amy@demo.test" or an e-mail, "@Amy" or a roster name.
export async function findRep(deps: AppDeps, who: string): Promise<UserRow[]> {
  const slack = /^<@([A-Z0-9]+)(?:\|[^>]*)?>$/.exec(who)?.[1];
  const text = who.replace(/^@/, '').trim();
  const where = slack
    ? eq(users.slackUserId, slack)
    : text.includes('@')
      ? eq(users.email, text.toLowerCase())
      : or(ilike(users.name, text.replace(/[%_\\]/g, '\\$&')), eq(users.larkOpenId, text));
  return deps.db
    .select()
    .from(users)
    .where(and(where, eq(users.active, true)));
}

// until null resumes the rep now. A manager or admin may pause anyone; a rep only themself.
export async function pauseRep(
  deps: AppDeps,
  actor: UserActor,
  who: string,
  until: Date | null,
): Promise<PauseOutcome> {
  const found = await findRep(deps, who);
  const [rep] = found;
  if (!rep) return { found: false, who };
  if (found.length > 1) return { found: 'ambiguous', who, names: found.map((u) => u.email) };
  demand(deps, actor, 'roster.pause', await ownedBy(deps.db, rep.id), 'lead_pause_not_allowed');
  return inTransaction(deps, actor, async (uow) => {
    if (until !== null && until.getTime() <= uow.now.getTime())
      throw invalid('lead_pause_past', 'until', { value: until.toISOString() });
    const [updated] = await uow.tx
      .update(users)
      .set({ outOfOfficeUntil: until })
      .where(eq(users.id, rep.id))
      .returning({ id: users.id, name: users.name, outOfOfficeUntil: users.outOfOfficeUntil });
    if (!updated) return { found: false, who };
    await uow.audit({
      action: until ? 'roster.pause' : 'roster.resume',
      entityType: 'user',
      entityId: rep.id,
      before: { outOfOfficeUntil: rep.outOfOfficeUntil },
      after: { outOfOfficeUntil: updated.outOfOfficeUntil },
    });
    return { found: true, rep: { id: updated.id, name: updated.name }, until: updated.outOfOfficeUntil };
  });
}

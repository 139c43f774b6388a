// Use case: tie a chat account (Slack user id, Lark open_id) to its roster user, by id or else by email, and remember it.
import { and, eq, isNull } from 'drizzle-orm';
import { users } from '../../db/schema.ts';
import { DomainError } from '../../domain/errors.ts';
import type { AppDeps, UserRow } from '../deps.ts';
import { inTransaction } from '../unit-of-work.ts';

export type ChatPlatform = 'slack' | 'lark';

const column = { slack: users.slackUserId, lark: users.larkOpenId } as const;

// `lookupEmail` asks the platform for the account's email (users.lookupByEmail / contact API) only when needed.
export async function resolveChatUser(
  deps: AppDeps,
  platform: ChatPlatform,
  accountId: string,
  lookupEmail: () => Promise<string | null>,
): Promise<UserRow> {
  const [known] = await deps.db.select().from(users).where(eq(column[platform], accountId));
  if (known) {
    if (!known.active) throw new DomainError('forbidden', 'not_on_roster');
    return known;
  }
  const email = (await lookupEmail())?.trim().toLowerCase();
  if (!email) throw new DomainError('forbidden', 'not_on_roster');
  return inTransaction(deps, { kind: 'system', name: `${platform}-identity` }, async (uow) => {
    const set = platform === 'slack' ? { slackUserId: accountId } : { larkOpenId: accountId };
    // Only an unlinked roster entry is linked: an account never takes over someone else's identity.
    const [linked] = await uow.tx
      .update(users)
      .set(set)
      .where(and(eq(users.email, email), eq(users.active, true), isNull(column[platform])))
      .returning();
    if (!linked) throw new DomainError('forbidden', 'not_on_roster');
    await uow.audit({
      action: `user.link_${platform}`,
      entityType: 'user',
      entityId: linked.id,
      before: { [platform]: null },
      after: { [platform]: accountId },
    });
    return linked;
  });
}

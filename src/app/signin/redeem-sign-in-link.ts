// Use case: sign in with a one-time link; the first use wins, a used, expired or unknown link opens nothing.
import { and, eq, gt, isNull } from 'drizzle-orm';
import { users, webSignInLinks } from '../../db/schema.ts';
import type { SessionLimits } from '../../domain/signin/session-expiry.ts';
import type { Actor, AppDeps } from '../deps.ts';
import { inTransaction } from '../unit-of-work.ts';
import { tokenHash } from './make-token.ts';
import { type OpenedSession, openSession } from './open-session.ts';

export type LinkSignIn = ({ ok: true } & OpenedSession) | { ok: false };

export async function redeemSignInLink(
  deps: AppDeps,
  token: string,
  limits: SessionLimits,
): Promise<LinkSignIn> {
  const hash = tokenHash(token);
  const [found] = await deps.db
    .select({ user: users })
    .from(webSignInLinks)
    .innerJoin(users, eq(users.id, webSignInLinks.userId))
    .where(eq(webSignInLinks.tokenHash, hash));
  const user = found?.user.active ? found.user : null;
  const actor: Actor = user ? { kind: 'user', user, via: 'web' } : { kind: 'system', name: 'web' };
  return inTransaction(deps, actor, async (uow) => {
    // A conditional UPDATE: of two clicks on one link exactly one finds it unused.
    const used = user
      ? await uow.tx
          .update(webSignInLinks)
          .set({ usedAt: uow.now })
          .where(
            and(
              eq(webSignInLinks.tokenHash, hash),
              isNull(webSignInLinks.usedAt),
              gt(webSignInLinks.expiresAt, uow.now),
            ),
          )
          .returning({ userId: webSignInLinks.userId })
      : [];
    if (!user || used.length === 0) {
      await uow.audit({
        action: 'web.sign_in_failed',
        entityType: 'user',
        entityId: user?.id ?? `link:${hash.slice(0, 12)}`,
        after: { method: 'link', reason: user ? 'used_or_expired' : 'unknown' },
      });
      return { ok: false };
    }
    return { ok: true, ...(await openSession(uow, user, 'link', limits)) };
  });
}

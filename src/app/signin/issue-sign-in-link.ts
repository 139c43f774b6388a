// Use case: a one-time sign-in link for a roster user (`closeloop user link <email>`), e.g. the first admin.
import { webAccounts, webSignInLinks } from '../../db/schema.ts';
import type { Actor, AppDeps } from '../deps.ts';
import { requireUser } from '../roster/find-user.ts';
import { inTransaction } from '../unit-of-work.ts';
import { makeToken, tokenHash } from './make-token.ts';

export const linkLifetimeMs = 15 * 60_000;

export async function issueSignInLink(
  deps: AppDeps,
  actor: Actor,
  email: string,
): Promise<{ token: string; expiresAt: Date; email: string }> {
  const user = await requireUser(deps, { by: 'email', email });
  const token = makeToken();
  return inTransaction(deps, actor, async (uow) => {
    const expiresAt = new Date(uow.now.getTime() + linkLifetimeMs);
    await uow.tx
      .insert(webSignInLinks)
      .values({ tokenHash: tokenHash(token), userId: user.id, createdAt: uow.now, expiresAt });
    // An account without a password: from now on the web app requires sign-in (trial mode ends).
    await uow.tx
      .insert(webAccounts)
      .values({ userId: user.id, createdAt: uow.now, updatedAt: uow.now })
      .onConflictDoNothing();
    await uow.audit({
      action: 'web.link_issued',
      entityType: 'user',
      entityId: user.id,
      after: { email: user.email, expiresAt },
    });
    return { token, expiresAt, email: user.email };
  });
}

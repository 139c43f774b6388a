// Use case: finish a Slack or Lark sign-in — take the state once, map the platform person to the roster (platform
// id first, then a verified email), open a session; anyone not on the roster is refused and audited.
import { and, eq, gt } from 'drizzle-orm';
import { webSignInStates } from '../../db/schema.ts';
import type { SessionLimits } from '../../domain/signin/session-expiry.ts';
import type { Actor, AppDeps } from '../deps.ts';
import { findUser } from '../roster/find-user.ts';
import { inTransaction } from '../unit-of-work.ts';
import type { SignInProviderId } from './begin-platform-sign-in.ts';
import { tokenHash } from './make-token.ts';
import { type OpenedSession, openSession } from './open-session.ts';

// What the platform said about the person, after its token exchange.
export interface PlatformPerson {
  platformUserId: string;
  email: string | null;
  emailVerified: boolean;
}

// The state's stored nonce and where to go next, or null for an unknown, used, expired or other-provider state.
export async function takeSignInState(
  deps: AppDeps,
  provider: SignInProviderId,
  state: string,
): Promise<{ nonce: string; next: string } | null> {
  const [row] = await deps.db
    .delete(webSignInStates)
    .where(
      and(
        eq(webSignInStates.stateHash, tokenHash(state)),
        eq(webSignInStates.provider, provider),
        gt(webSignInStates.expiresAt, deps.clock.now()),
      ),
    )
    .returning({ nonce: webSignInStates.nonce, next: webSignInStates.next });
  return row ?? null;
}

export type PlatformSignIn = ({ ok: true } & OpenedSession) | { ok: false; who: string };

export async function signInWithPlatform(
  deps: AppDeps,
  provider: SignInProviderId,
  person: PlatformPerson,
  limits: SessionLimits,
): Promise<PlatformSignIn> {
  const user =
    (await findUser(deps, { by: provider, id: person.platformUserId })) ??
    (person.email && person.emailVerified
      ? await findUser(deps, { by: 'email', email: person.email })
      : null);
  const actor: Actor = user ? { kind: 'user', user, via: 'web' } : { kind: 'system', name: 'web' };
  return inTransaction(deps, actor, async (uow) => {
    if (!user) {
      await uow.audit({
        action: 'web.sign_in_failed',
        entityType: 'user',
        entityId: `${provider}:${person.platformUserId}`,
        after: { method: provider, reason: 'not_on_roster', email: person.email },
      });
      return { ok: false, who: person.email ?? person.platformUserId };
    }
    return { ok: true, ...(await openSession(uow, user, provider, limits)) };
  });
}

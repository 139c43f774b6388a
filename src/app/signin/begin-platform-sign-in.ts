// Use case: start a Slack or Lark sign-in — a one-use state (stored hashed) and the nonce the id_token must echo.
import { lt } from 'drizzle-orm';
import { webSignInStates } from '../../db/schema.ts';
import type { AppDeps } from '../deps.ts';
import { makeToken, tokenHash } from './make-token.ts';

export type SignInProviderId = 'slack' | 'lark';

// Long enough to read the consent screen; a state older than this is refused.
export const stateLifetimeMs = 10 * 60_000;

export async function beginPlatformSignIn(
  deps: AppDeps,
  provider: SignInProviderId,
  next: string,
): Promise<{ state: string; nonce: string }> {
  const state = makeToken();
  const nonce = makeToken();
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    // Abandoned sign-ins do not pile up.
    await tx.delete(webSignInStates).where(lt(webSignInStates.expiresAt, now));
    await tx.insert(webSignInStates).values({
      stateHash: tokenHash(state),
      provider,
      nonce,
      next,
      expiresAt: new Date(now.getTime() + stateLifetimeMs),
    });
  });
  return { state, nonce };
}

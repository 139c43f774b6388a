// Use case: sign in to the web app with email and password; a wrong pair is an expected outcome, audited either way.
import { eq } from 'drizzle-orm';
import { webAccounts } from '../../db/schema.ts';
import type { SessionLimits } from '../../domain/signin/session-expiry.ts';
import type { AppDeps } from '../deps.ts';
import { findUser } from '../roster/find-user.ts';
import { inTransaction } from '../unit-of-work.ts';
import { decoyHash, verifyPassword } from './hash-password.ts';
import { type OpenedSession, openSession } from './open-session.ts';

export type PasswordSignIn = ({ ok: true } & OpenedSession) | { ok: false };

export async function signInWithPassword(
  deps: AppDeps,
  input: { email: string; password: string },
  limits: SessionLimits,
): Promise<PasswordSignIn> {
  const user = await findUser(deps, { by: 'email', email: input.email });
  const [account] = user
    ? await deps.db.select().from(webAccounts).where(eq(webAccounts.userId, user.id))
    : [];
  // Always one scrypt, so the answer's timing does not tell which emails have accounts.
  const matches = await verifyPassword(input.password, account?.passwordHash ?? decoyHash);
  if (!user || !account?.passwordHash || !matches) {
    // Who tried is recorded, but never the password typed.
    await inTransaction(
      deps,
      user ? { kind: 'user', user, via: 'web' } : { kind: 'system', name: 'web' },
      (uow) =>
        uow.audit({
          action: 'web.sign_in_failed',
          entityType: 'user',
          entityId: user?.id ?? input.email.trim().toLowerCase().slice(0, 200),
          after: { method: 'password' },
        }),
    );
    return { ok: false };
  }
  const session = await inTransaction(deps, { kind: 'user', user, via: 'web' }, (uow) =>
    openSession(uow, user, 'password', limits),
  );
  return { ok: true, ...session };
}

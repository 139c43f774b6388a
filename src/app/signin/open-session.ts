// Owns starting a web session inside a sign-in's transaction: the cookie token (stored hashed), CSRF secret, audit row.
import { webSessions } from '../../db/schema.ts';
import { absoluteEnd, type SessionLimits } from '../../domain/signin/session-expiry.ts';
import type { UserRow } from '../deps.ts';
import type { UnitOfWork } from '../unit-of-work.ts';
import { makeToken, tokenHash } from './make-token.ts';

export type SignInMethod = 'password' | 'link' | 'slack' | 'lark';

export interface OpenedSession {
  // The cookie value; only its hash is stored.
  token: string;
  csrf: string;
  user: UserRow;
}

export async function openSession(
  uow: UnitOfWork,
  user: UserRow,
  method: SignInMethod,
  limits: SessionLimits,
): Promise<OpenedSession> {
  const token = makeToken();
  const csrf = makeToken();
  await uow.tx.insert(webSessions).values({
    idHash: tokenHash(token),
    userId: user.id,
    createdAt: uow.now,
    lastSeenAt: uow.now,
    expiresAt: absoluteEnd(uow.now, limits),
    csrfSecret: csrf,
    method,
  });
  await uow.audit({ action: 'web.sign_in', entityType: 'user', entityId: user.id, after: { method } });
  return { token, csrf, user };
}

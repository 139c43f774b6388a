// Use case: the signed-in person behind a session cookie, or null when it is unknown, idle too long or past its end.
import { eq } from 'drizzle-orm';
import { users, webSessions } from '../../db/schema.ts';
import { needsTouch, type SessionLimits, sessionState } from '../../domain/signin/session-expiry.ts';
import type { AppDeps, UserRow } from '../deps.ts';
import { tokenHash } from './make-token.ts';

export interface WebSession {
  user: UserRow;
  csrf: string;
  method: string;
}

export async function readSession(
  deps: AppDeps,
  token: string,
  limits: SessionLimits,
): Promise<WebSession | null> {
  const idHash = tokenHash(token);
  const [row] = await deps.db
    .select({ session: webSessions, user: users })
    .from(webSessions)
    .innerJoin(users, eq(users.id, webSessions.userId))
    .where(eq(webSessions.idHash, idHash));
  if (!row) return null;
  const now = deps.clock.now();
  if (sessionState(row.session, now, limits) !== 'live' || !row.user.active) {
    // An ended session is removed the first time it is presented again; nothing else may revive it.
    await deps.db.delete(webSessions).where(eq(webSessions.idHash, idHash));
    return null;
  }
  if (needsTouch(row.session, now))
    await deps.db.update(webSessions).set({ lastSeenAt: now }).where(eq(webSessions.idHash, idHash));
  return { user: row.user, csrf: row.session.csrfSecret, method: row.session.method };
}

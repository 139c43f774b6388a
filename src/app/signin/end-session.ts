// Use case: sign out of the web app — the session row is deleted, so the cookie is worthless even if kept.
import { eq } from 'drizzle-orm';
import { webSessions } from '../../db/schema.ts';
import type { AppDeps, UserRow } from '../deps.ts';
import { inTransaction } from '../unit-of-work.ts';
import { tokenHash } from './make-token.ts';

export async function endSession(deps: AppDeps, user: UserRow, token: string): Promise<void> {
  await inTransaction(deps, { kind: 'user', user, via: 'web' }, async (uow) => {
    const ended = await uow.tx
      .delete(webSessions)
      .where(eq(webSessions.idHash, tokenHash(token)))
      .returning({ userId: webSessions.userId });
    if (ended.length > 0) await uow.audit({ action: 'web.sign_out', entityType: 'user', entityId: user.id });
  });
}

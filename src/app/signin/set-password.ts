// Use case: give a roster user a password for the web app (`closeloop user password <email>`).

import { webAccounts } from '../../db/schema.ts';
import { invalid } from '../../domain/errors.ts';
import type { Actor, AppDeps } from '../deps.ts';
import { requireUser } from '../roster/find-user.ts';
import { inTransaction } from '../unit-of-work.ts';
import { hashPassword } from './hash-password.ts';

export const minPasswordLength = 12;

export async function setPassword(
  deps: AppDeps,
  actor: Actor,
  input: { email: string; password: string },
): Promise<{ userId: string; email: string }> {
  if ([...input.password].length < minPasswordLength)
    throw invalid('password_too_short', 'password', { min: minPasswordLength });
  if ([...input.password].length > 1024) throw invalid('password_too_long', 'password', { max: 1024 });
  const user = await requireUser(deps, { by: 'email', email: input.email });
  const passwordHash = await hashPassword(input.password);
  await inTransaction(deps, actor, async (uow) => {
    await uow.tx
      .insert(webAccounts)
      .values({ userId: user.id, passwordHash, createdAt: uow.now, updatedAt: uow.now })
      .onConflictDoUpdate({ target: webAccounts.userId, set: { passwordHash, updatedAt: uow.now } });
    // The hash never goes into the audit log.
    await uow.audit({
      action: 'web.password_set',
      entityType: 'user',
      entityId: user.id,
      after: { email: user.email },
    });
  });
  return { userId: user.id, email: user.email };
}

// Use case: find the roster user behind a chat identity (console id, Slack id, Lark open_id, email).
import { eq } from 'drizzle-orm';
import { users } from '../../db/schema.ts';
import { DomainError } from '../../domain/errors.ts';
import { isUuid } from '../../domain/ids.ts';
import type { AppDeps, UserRow } from '../deps.ts';

export type Identity =
  | { by: 'id'; id: string }
  | { by: 'slack'; id: string }
  | { by: 'lark'; id: string }
  | { by: 'email'; email: string };

export async function findUser(deps: AppDeps, identity: Identity): Promise<UserRow | null> {
  const where =
    identity.by === 'id'
      ? isUuid(identity.id)
        ? eq(users.id, identity.id)
        : undefined
      : identity.by === 'slack'
        ? eq(users.slackUserId, identity.id)
        : identity.by === 'lark'
          ? eq(users.larkOpenId, identity.id)
          : eq(users.email, identity.email.trim().toLowerCase());
  if (!where) return null;
  const [user] = await deps.db.select().from(users).where(where);
  return user?.active ? user : null;
}

export async function requireUser(deps: AppDeps, identity: Identity): Promise<UserRow> {
  const user = await findUser(deps, identity);
  if (!user) throw new DomainError('forbidden', 'not_on_roster');
  return user;
}

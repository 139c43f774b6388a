// Use case: emails of active roster users not yet tied to an account on a chat platform (whom a directory lookup may link).
import { and, asc, eq, isNull } from 'drizzle-orm';
import { users } from '../../db/schema.ts';
import type { AppDeps } from '../deps.ts';
import type { ChatPlatform } from './link-chat-identity.ts';

const column = { slack: users.slackUserId, lark: users.larkOpenId } as const;

export async function listUnlinkedEmails(
  deps: Pick<AppDeps, 'db'>,
  platform: ChatPlatform,
): Promise<string[]> {
  const rows = await deps.db
    .select({ email: users.email })
    .from(users)
    .where(and(eq(users.active, true), isNull(column[platform])))
    .orderBy(asc(users.email));
  return rows.map((r) => r.email);
}

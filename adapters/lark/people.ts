// Owns who a Lark account is: its roster user by open_id, else by email found through the contact API on first contact.
import type { AppDeps, UserRow } from '../../src/app/deps.ts';
import { resolveChatUser } from '../../src/app/roster/link-chat-identity.ts';
import { listUnlinkedEmails } from '../../src/app/roster/list-unlinked-emails.ts';
import { DomainError } from '../../src/domain/errors.ts';
import type { LarkClient } from './client.ts';

// contact batch_get_id answers at most 50 emails per call.
const BATCH = 50;

// open_id is per app (union_id is not): the roster stores the open_id this app sees, learnt from the directory.
export async function emailOfOpenId(
  deps: AppDeps,
  client: LarkClient,
  openId: string,
): Promise<string | null> {
  const emails = await listUnlinkedEmails(deps, 'lark');
  for (let i = 0; i < emails.length; i += BATCH) {
    const reply = await client.contact.v3.user.batchGetId({
      params: { user_id_type: 'open_id' },
      data: { emails: emails.slice(i, i + BATCH) },
    });
    const match = reply.data?.user_list?.find((u) => u.user_id === openId);
    if (match?.email) return match.email;
  }
  return null;
}

export function larkUser(deps: AppDeps, client: LarkClient, openId: string): Promise<UserRow> {
  return resolveChatUser(deps, 'lark', openId, () => emailOfOpenId(deps, client, openId));
}

// Links every unlinked roster user the directory knows by email, so cards reach people before they ever write to the bot.
// Returns how many were linked; an account already linked to someone else is left alone.
export async function linkRosterByLarkEmail(
  deps: AppDeps,
  client: LarkClient,
  options: { stopped?: () => boolean } = {},
): Promise<number> {
  const emails = await listUnlinkedEmails(deps, 'lark');
  let linked = 0;
  for (let i = 0; i < emails.length && !options.stopped?.(); i += BATCH) {
    const reply = await client.contact.v3.user.batchGetId({
      params: { user_id_type: 'open_id' },
      data: { emails: emails.slice(i, i + BATCH) },
    });
    for (const found of reply.data?.user_list ?? []) {
      const { user_id: openId, email } = found;
      if (!openId || !email) continue;
      const ok = await resolveChatUser(deps, 'lark', openId, async () => email).then(
        () => true,
        (error: unknown) => {
          if (error instanceof DomainError) return false;
          throw error;
        },
      );
      if (ok) linked += 1;
    }
  }
  return linked;
}

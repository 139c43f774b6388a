// Use case: the language of the person a sign-in link was made for, so its page and its errors speak to them.
import { eq } from 'drizzle-orm';
import { users, webSignInLinks } from '../../db/schema.ts';
import type { AppDeps } from '../deps.ts';
import { tokenHash } from './make-token.ts';

// A used or expired link still names its person: "this link was already used" is said in their language too. Only
// the language comes back, never who it is.
export async function linkHolderLocale(deps: AppDeps, token: string): Promise<string | null> {
  const [found] = await deps.db
    .select({ locale: users.locale })
    .from(webSignInLinks)
    .innerJoin(users, eq(users.id, webSignInLinks.userId))
    .where(eq(webSignInLinks.tokenHash, tokenHash(token)));
  return found?.locale ?? null;
}

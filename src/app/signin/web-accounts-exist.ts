// Use case: whether anyone has a web account yet (a password or a one-time link) — the end of trial mode.
import { sql } from 'drizzle-orm';
import { webAccounts } from '../../db/schema.ts';
import type { AppDeps } from '../deps.ts';

export async function webAccountsExist(deps: AppDeps): Promise<boolean> {
  const rows = await deps.db.select({ one: sql<number>`1` }).from(webAccounts).limit(1);
  return rows.length > 0;
}

// Use case step for the webhook transport: where a delivery goes and the secret it is signed with, or why it cannot go.
import { eq } from 'drizzle-orm';
import { webhookEndpoints } from '../../db/schema.ts';
import { isUuid } from '../../domain/ids.ts';
import type { AppDeps } from '../deps.ts';

export type Secrets = Readonly<Record<string, string | undefined>>;

export type SendableEndpoint =
  | { ok: true; id: string; url: string; secret: string }
  | { ok: false; why: string };

export async function loadWebhookEndpoint(
  deps: AppDeps,
  id: string,
  secrets: Secrets,
): Promise<SendableEndpoint> {
  const [row] = isUuid(id)
    ? await deps.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id))
    : [];
  if (!row || row.deletedAt) return { ok: false, why: 'the endpoint was removed' };
  if (row.disabledAt) return { ok: false, why: `the endpoint is switched off (${row.disabledReason ?? ''})` };
  const secret = row.secret ?? (row.secretEnv ? secrets[row.secretEnv] : undefined);
  if (!secret)
    return { ok: false, why: `${row.secretEnv} is not set on the server; set it to the endpoint's secret` };
  return { ok: true, id: row.id, url: row.url, secret };
}

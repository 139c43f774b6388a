// Owns what a webhook endpoint looks like to the people managing it: never its secret.
import type { webhookEndpoints } from '../../db/schema.ts';

export interface WebhookEndpointView {
  id: string;
  name: string | null;
  source: 'api' | 'config';
  url: string;
  events: string[];
  enabled: boolean;
  disabledAt: string | null;
  disabledReason: string | null;
  failureStreak: number;
  createdAt: string;
}

export function webhookEndpointView(row: typeof webhookEndpoints.$inferSelect): WebhookEndpointView {
  return {
    id: row.id,
    name: row.configName,
    source: row.configName === null ? 'api' : 'config',
    url: row.url,
    events: row.events,
    enabled: row.disabledAt === null,
    disabledAt: row.disabledAt?.toISOString() ?? null,
    disabledReason: row.disabledReason,
    failureStreak: row.failureStreak,
    createdAt: row.createdAt.toISOString(),
  };
}

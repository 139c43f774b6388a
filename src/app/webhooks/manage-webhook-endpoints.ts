// Use cases: list the webhook endpoints, remove one made over the API, and switch a disabled one back on.
import { and, asc, eq, isNull } from 'drizzle-orm';
import { outbox, webhookEndpoints } from '../../db/schema.ts';
import { conflict, notFound } from '../../domain/errors.ts';
import { isUuid } from '../../domain/ids.ts';
import { demand } from '../access/ask.ts';
import type { Actor, AppDeps } from '../deps.ts';
import { inTransaction, type UnitOfWork } from '../unit-of-work.ts';
import { WEBHOOK_PLATFORM } from './publish-event.ts';
import { type WebhookEndpointView, webhookEndpointView } from './webhook-endpoint-view.ts';

export async function listWebhookEndpoints(deps: AppDeps, actor: Actor): Promise<WebhookEndpointView[]> {
  demand(deps, actor, 'webhook.manage', {}, 'webhook_not_allowed');
  const rows = await deps.db
    .select()
    .from(webhookEndpoints)
    .where(isNull(webhookEndpoints.deletedAt))
    .orderBy(asc(webhookEndpoints.createdAt), asc(webhookEndpoints.id));
  return rows.map(webhookEndpointView);
}

// The live endpoint, locked for the caller's change; a removed or unknown id is not found.
export async function lockEndpoint(uow: UnitOfWork, id: string) {
  const [row] = isUuid(id)
    ? await uow.tx
        .select()
        .from(webhookEndpoints)
        .where(and(eq(webhookEndpoints.id, id), isNull(webhookEndpoints.deletedAt)))
        .for('update')
    : [];
  if (!row) throw notFound('webhook_not_found', { id });
  return row;
}

// Removing stops every delivery still waiting; the delivery log stays readable in the database.
export async function removeWebhookEndpoint(deps: AppDeps, actor: Actor, id: string): Promise<void> {
  demand(deps, actor, 'webhook.manage', {}, 'webhook_not_allowed');
  await inTransaction(deps, actor, async (uow) => {
    const row = await lockEndpoint(uow, id);
    if (row.configName !== null) throw conflict('webhook_configured', { name: row.configName });
    await uow.tx
      .update(webhookEndpoints)
      .set({ deletedAt: uow.now, updatedAt: uow.now })
      .where(eq(webhookEndpoints.id, id));
    await uow.tx
      .update(outbox)
      .set({ status: 'dead', lastError: 'the endpoint was removed', lockedUntil: null })
      .where(
        and(eq(outbox.platform, WEBHOOK_PLATFORM), eq(outbox.destination, id), eq(outbox.status, 'pending')),
      );
    await uow.audit({
      action: 'webhook.remove',
      entityType: 'webhook_endpoint',
      entityId: id,
      before: { url: row.url, events: row.events },
    });
  });
}

// Enabling an enabled endpoint changes nothing; the failure streak starts again from zero.
export async function enableWebhookEndpoint(
  deps: AppDeps,
  actor: Actor,
  id: string,
): Promise<WebhookEndpointView> {
  demand(deps, actor, 'webhook.manage', {}, 'webhook_not_allowed');
  return inTransaction(deps, actor, async (uow) => {
    const row = await lockEndpoint(uow, id);
    if (row.disabledAt === null) return webhookEndpointView(row);
    const [updated] = await uow.tx
      .update(webhookEndpoints)
      .set({ disabledAt: null, disabledReason: null, failureStreak: 0, updatedAt: uow.now })
      .where(eq(webhookEndpoints.id, id))
      .returning();
    await uow.audit({
      action: 'webhook.enable',
      entityType: 'webhook_endpoint',
      entityId: id,
      before: { disabledAt: row.disabledAt, disabledReason: row.disabledReason },
      after: { disabledAt: null },
    });
    return webhookEndpointView(updated ?? row);
  });
}

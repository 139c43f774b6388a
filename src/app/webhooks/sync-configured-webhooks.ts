// Use case: at start, make the endpoints table agree with closeloop.yaml's webhooks.endpoints — new ones added,
// changed ones updated, ones no longer listed removed; API-made endpoints are left alone.
import { and, eq, isNotNull, isNull, notInArray } from 'drizzle-orm';
import { webhookEndpoints } from '../../db/schema.ts';
import type { AppDeps } from '../deps.ts';
import { inTransaction } from '../unit-of-work.ts';

export async function syncConfiguredWebhooks(deps: AppDeps): Promise<void> {
  const configured = deps.policy.webhooks.endpoints;
  await inTransaction(deps, { kind: 'system', name: 'closeloop.yaml' }, async (uow) => {
    for (const e of configured) {
      const [existing] = await uow.tx
        .select()
        .from(webhookEndpoints)
        .where(eq(webhookEndpoints.configName, e.name))
        .for('update');
      const fields = { url: e.url, events: e.events, secretEnv: e.secretEnv, secret: null };
      if (!existing) {
        await uow.tx.insert(webhookEndpoints).values({
          ...fields,
          configName: e.name,
          createdBy: 'closeloop.yaml',
          createdAt: uow.now,
          updatedAt: uow.now,
        });
        continue;
      }
      const same =
        existing.url === e.url &&
        existing.secretEnv === e.secretEnv &&
        existing.deletedAt === null &&
        existing.events.join(',') === e.events.join(',');
      if (same) continue;
      await uow.tx
        .update(webhookEndpoints)
        .set({ ...fields, deletedAt: null, updatedAt: uow.now })
        .where(eq(webhookEndpoints.id, existing.id));
    }
    const names = configured.map((e) => e.name);
    await uow.tx
      .update(webhookEndpoints)
      .set({ deletedAt: uow.now, updatedAt: uow.now })
      .where(
        and(
          isNotNull(webhookEndpoints.configName),
          isNull(webhookEndpoints.deletedAt),
          ...(names.length > 0 ? [notInArray(webhookEndpoints.configName, names)] : []),
        ),
      );
  });
}

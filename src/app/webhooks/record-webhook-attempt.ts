// Use case: remember one delivery attempt's answer in the endpoint's log, keep its failure streak, and switch the
// endpoint off (telling every admin) once the streak reaches closeloop.yaml's webhooks.disableAfterFailures.
import { and, eq, isNull, sql } from 'drizzle-orm';
import { users, webhookAttempts, webhookEndpoints } from '../../db/schema.ts';
import { can, orgWide } from '../../domain/access/can.ts';
import { webhookDisabledCard } from '../../messages/catalogue/webhooks.ts';
import type { AppDeps } from '../deps.ts';
import { inTransaction, type UnitOfWork } from '../unit-of-work.ts';

export interface WebhookAttempt {
  endpointId: string;
  outboxId: number;
  eventId: string;
  attempt: number;
  at: Date;
  ok: boolean;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

export interface AttemptOutcome {
  // True when this attempt switched the endpoint off.
  disabled: boolean;
}

export async function recordWebhookAttempt(deps: AppDeps, attempt: WebhookAttempt): Promise<AttemptOutcome> {
  return inTransaction(deps, { kind: 'system', name: 'webhooks' }, async (uow) => {
    await uow.tx.insert(webhookAttempts).values({
      endpointId: attempt.endpointId,
      outboxId: attempt.outboxId,
      eventId: attempt.eventId,
      attempt: attempt.attempt,
      at: attempt.at,
      statusCode: attempt.statusCode,
      error: attempt.error,
      durationMs: attempt.durationMs,
    });
    if (attempt.ok) {
      await uow.tx
        .update(webhookEndpoints)
        .set({ failureStreak: 0 })
        .where(and(eq(webhookEndpoints.id, attempt.endpointId), sql`${webhookEndpoints.failureStreak} <> 0`));
      return { disabled: false };
    }
    const [row] = await uow.tx
      .update(webhookEndpoints)
      .set({ failureStreak: sql`${webhookEndpoints.failureStreak} + 1` })
      .where(eq(webhookEndpoints.id, attempt.endpointId))
      .returning();
    if (!row || row.failureStreak < deps.policy.webhooks.disableAfterFailures) return { disabled: false };
    // Conditional: of two workers failing at once, exactly one switches it off and tells the admins.
    const switched = await uow.tx
      .update(webhookEndpoints)
      .set({
        disabledAt: uow.now,
        disabledReason: `${row.failureStreak} failed deliveries in a row; last: ${attempt.error ?? 'unknown'}`,
        updatedAt: uow.now,
      })
      .where(and(eq(webhookEndpoints.id, row.id), isNull(webhookEndpoints.disabledAt)))
      .returning({ id: webhookEndpoints.id });
    if (switched.length === 0) return { disabled: false };
    await uow.audit({
      action: 'webhook.disable',
      entityType: 'webhook_endpoint',
      entityId: row.id,
      after: { failureStreak: row.failureStreak, lastError: attempt.error },
    });
    await tellAdmins(uow, {
      id: row.id,
      url: row.url,
      streak: row.failureStreak,
      lastError: attempt.error ?? '',
    });
    return { disabled: true };
  });
}

// Whoever the access policy lets manage webhooks (admins by default) gets the card; no role name is compared here.
async function tellAdmins(
  uow: UnitOfWork,
  facts: { id: string; url: string; streak: number; lastError: string },
): Promise<void> {
  const people = await uow.tx
    .select({ id: users.id, roles: users.roles, region: users.region, skills: users.skills })
    .from(users)
    .where(eq(users.active, true));
  // Webhooks belong to no one: only an org-wide grant reaches them.
  const admins = people.filter((p) =>
    can(uow.deps.policy.access, { kind: 'user', user: p }, 'webhook.manage', orgWide),
  );
  await uow.postMany(
    admins.map((a) => ({
      target: { kind: 'user' as const, userId: a.id },
      refKey: `webhook-disabled:${facts.id}:${uow.now.toISOString()}`,
      build: (locale) => webhookDisabledCard(facts, locale),
    })),
  );
}

// Owns the one-transaction rule: a use case's state change, its audit rows and its outgoing cards commit together.
import { randomUUID } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { auditLog, messageRefs, outbox, users } from '../db/schema.ts';
import { isLocale } from '../messages/i18n.ts';
import type { Card, Locale, Target } from '../messages/model.ts';
import { type Actor, type AppDeps, actorId, actorLabel, type Platform } from './deps.ts';

export const OUTBOX_CHANNEL = 'closeloop_outbox';

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
}

export interface Destination {
  platform: Platform;
  destination: string;
  locale: Locale;
}

export interface UnitOfWork {
  tx: Tx;
  deps: AppDeps;
  actor: Actor;
  now: Date;
  audit(entry: AuditEntry): Promise<void>;
  // Posts a new card, remembered under refKey so later changes edit it in place.
  post(target: Target, refKey: string, build: (locale: Locale) => Card): Promise<void>;
  // Edits every copy of the card posted under refKey, on every platform and destination.
  update(refKey: string, build: (locale: Locale) => Card): Promise<void>;
}

export async function inTransaction<T>(
  deps: AppDeps,
  actor: Actor,
  work: (uow: UnitOfWork) => Promise<T>,
): Promise<T> {
  return deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    let enqueued = 0;
    const uow: UnitOfWork = {
      tx,
      deps,
      actor,
      now,
      audit: async (entry) => {
        await tx.insert(auditLog).values({
          at: now,
          actorId: actorId(actor),
          actorLabel: actorLabel(actor),
          action: entry.action,
          entityType: entry.entityType,
          entityId: entry.entityId,
          before: entry.before ?? null,
          after: entry.after ?? null,
        });
      },
      post: async (target, refKey, build) => {
        const rows = (await resolveTarget(tx, deps, target)).map((d) => ({
          idempotencyKey: `${refKey}|${d.platform}|${d.destination}|post`,
          platform: d.platform,
          destination: d.destination,
          op: 'post',
          refKey,
          locale: d.locale,
          card: build(d.locale),
          nextAttemptAt: now,
          createdAt: now,
        }));
        if (rows.length === 0) return;
        const inserted = await tx
          .insert(outbox)
          .values(rows)
          .onConflictDoNothing()
          .returning({ id: outbox.id });
        enqueued += inserted.length;
      },
      update: async (refKey, build) => {
        const copies = await postedCopies(tx, refKey);
        if (copies.length === 0) return;
        await tx.insert(outbox).values(
          copies.map((c) => ({
            idempotencyKey: `${refKey}|${c.platform}|${c.destination}|update|${randomUUID()}`,
            platform: c.platform,
            destination: c.destination,
            op: 'update',
            refKey,
            locale: c.locale,
            card: build(c.locale),
            nextAttemptAt: now,
            createdAt: now,
          })),
        );
        enqueued += copies.length;
      },
    };
    const result = await work(uow);
    // NOTIFY is transactional: workers wake only once the rows they would read are committed.
    if (enqueued > 0) await tx.execute(sql`select pg_notify(${OUTBOX_CHANNEL}, '')`);
    return result;
  });
}

// Every place the card was posted, or is about to be posted (the post may still sit in the outbox).
async function postedCopies(tx: Tx, refKey: string): Promise<Destination[]> {
  const refs = await tx
    .select({
      platform: messageRefs.platform,
      destination: messageRefs.destination,
      locale: messageRefs.locale,
    })
    .from(messageRefs)
    .where(eq(messageRefs.refKey, refKey));
  const pending = await tx
    .select({ platform: outbox.platform, destination: outbox.destination, locale: outbox.locale })
    .from(outbox)
    .where(and(eq(outbox.refKey, refKey), eq(outbox.op, 'post'), eq(outbox.status, 'pending')));
  const seen = new Map<string, Destination>();
  for (const c of [...refs, ...pending]) {
    seen.set(`${c.platform}|${c.destination}`, {
      platform: c.platform as Platform,
      destination: c.destination,
      locale: isLocale(c.locale) ? c.locale : 'en',
    });
  }
  return [...seen.values()];
}

export async function resolveTarget(tx: Tx, deps: AppDeps, target: Target): Promise<Destination[]> {
  const on = (p: Platform) => deps.platforms.includes(p);
  if (target.kind === 'channel') {
    const channel = deps.policy.channels[target.name];
    const locale = deps.policy.org.locale;
    const out: Destination[] = [{ platform: 'console', destination: `channel:${target.name}`, locale }];
    if (channel?.slack && on('slack')) out.push({ platform: 'slack', destination: channel.slack, locale });
    if (channel?.lark && on('lark')) out.push({ platform: 'lark', destination: channel.lark, locale });
    return out;
  }
  const [user] = await tx
    .select({ id: users.id, slack: users.slackUserId, lark: users.larkOpenId, locale: users.locale })
    .from(users)
    .where(inArray(users.id, [target.userId]));
  if (!user) return [];
  const locale = isLocale(user.locale) ? user.locale : deps.policy.org.locale;
  const out: Destination[] = [{ platform: 'console', destination: `user:${user.id}`, locale }];
  if (user.slack && on('slack')) out.push({ platform: 'slack', destination: user.slack, locale });
  if (user.lark && on('lark')) out.push({ platform: 'lark', destination: user.lark, locale });
  return out;
}

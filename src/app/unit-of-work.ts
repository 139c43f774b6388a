// Owns the one-transaction rule: a use case's state change, its audit rows and its outgoing cards commit together.
import { randomUUID } from 'node:crypto';
import { and, eq, inArray, type SQLWrapper, sql } from 'drizzle-orm';
import { copyMany, insertMany, insertRows } from '../db/bulk-insert.ts';
import type { Tx } from '../db/client.ts';
import { outboxWake, wakeOutbox } from '../db/outbox-wake.ts';
import { auditLog, messageRefs, outbox, users } from '../db/schema.ts';
import { own } from '../domain/own.ts';
import { isLocale } from '../messages/i18n.ts';
import type { Card, Locale, Target } from '../messages/model.ts';
import { sealCard } from './crypto/seal-card.ts';
import { type Actor, type AppDeps, actorId, actorLabel, actorPlatform, type Platform } from './deps.ts';

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

// One card to post, as `post` takes it; `postMany` takes a list of them.
export interface CardPost {
  target: Target;
  refKey: string;
  build: (locale: Locale) => Card;
}

// One card to edit, as `update` takes it.
export interface CardEdit {
  refKey: string;
  build: (locale: Locale) => Card;
}

export interface UnitOfWork {
  tx: Tx;
  deps: AppDeps;
  actor: Actor;
  now: Date;
  audit(entry: AuditEntry): Promise<void>;
  // The same audit rows as one `audit` call each, written in a few statements (bulk use cases such as imports).
  auditMany(entries: readonly AuditEntry[]): Promise<void>;
  // Posts a new card, remembered under refKey so later changes edit it in place.
  post(target: Target, refKey: string, build: (locale: Locale) => Card): Promise<void>;
  // The same outbox rows as one `post` call each, with every user target resolved in one query.
  postMany(posts: readonly CardPost[]): Promise<void>;
  // Edits every copy of the card posted under refKey, on every platform and destination.
  update(refKey: string, build: (locale: Locale) => Card): Promise<void>;
  // The same outbox rows as one `update` call each, every card's copies found in two queries however many cards.
  updateMany(edits: readonly CardEdit[]): Promise<void>;
  // Writes in one statement (each a data-modifying WITH part) what post, auditMany and the given writes would write
  // one by one. For use cases holding a lock (routing's cursors): the lock then costs one round trip, not several.
  // `people` are users already read (their chat ids and locale), so a card to one of them needs no query.
  together(writes: {
    statements?: readonly SQLWrapper[];
    posts?: readonly CardPost[];
    audit?: readonly AuditEntry[];
    people?: ReadonlyMap<string, TargetUser>;
  }): Promise<void>;
  // A step run once the use case's own work is done, still in its transaction: an event that must report what the
  // transaction commits, not what a shared step saw halfway (a payment's rest becomes credit after it is posted).
  atEnd(step: () => Promise<void>): void;
}

export async function inTransaction<T>(
  deps: AppDeps,
  actor: Actor,
  work: (uow: UnitOfWork) => Promise<T>,
): Promise<T> {
  return deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    let enqueued = 0;
    const auditRow = (entry: AuditEntry) => ({
      at: now,
      actorId: actorId(actor),
      actorLabel: actorLabel(actor),
      platform: actorPlatform(actor),
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      before: entry.before ?? null,
      after: entry.after ?? null,
    });
    const postRow = (refKey: string, d: Destination, card: Card) => ({
      idempotencyKey: `${refKey}|${d.platform}|${d.destination}|post`,
      platform: d.platform,
      destination: d.destination,
      op: 'post',
      refKey,
      locale: d.locale,
      // Personal data sealed at rest; only the delivery worker opens it.
      ...sealCard(deps.keyring, card),
      nextAttemptAt: now,
      createdAt: now,
    });
    const together: UnitOfWork['together'] = async ({
      statements = [],
      posts = [],
      audit = [],
      people = new Map(),
    }) => {
      const missing = [
        ...new Set(posts.flatMap((p) => (p.target.kind === 'user' ? [p.target.userId] : []))),
      ].filter((id) => !people.has(id));
      const found =
        missing.length > 0 ? await tx.select(userColumns).from(users).where(inArray(users.id, missing)) : [];
      const byId = new Map([...people, ...found.map((u) => [u.id, u] as const)]);
      const outboxRows = posts.flatMap((p) =>
        destinationsOf(deps, p.target, byId).map((d) => postRow(p.refKey, d, p.build(d.locale))),
      );
      const parts: SQLWrapper[] = [
        ...statements,
        // One JSON parameter per table: drizzle's VALUES lists cost far more to build for a batch's hundreds of rows.
        ...(audit.length > 0 ? [insertRows(auditLog, audit.map(auditRow))] : []),
        ...(outboxRows.length > 0 ? [insertRows(outbox, outboxRows, { onConflictDoNothing: true })] : []),
      ];
      if (parts.length === 0) return;
      const ctes = sql.join(
        parts.map((part, i) => sql`${sql.identifier(`w${i}`)} as (${part.getSQL()})`),
        sql`, `,
      );
      // NOTIFY is transactional, so sending it inside this statement still wakes workers only at commit.
      const wake = outboxRows.length > 0 ? outboxWake() : sql`null`;
      await tx.execute(sql`with ${ctes} select ${wake}`);
    };
    const updateMany: UnitOfWork['updateMany'] = async (edits) => {
      const copiesOf = await postedCopies(
        tx,
        edits.map((e) => e.refKey),
      );
      const rows = edits.flatMap(({ refKey, build }) =>
        (copiesOf.get(refKey) ?? []).map((c) => ({
          idempotencyKey: `${refKey}|${c.platform}|${c.destination}|update|${randomUUID()}`,
          platform: c.platform,
          destination: c.destination,
          op: 'update',
          refKey,
          locale: c.locale,
          ...sealCard(deps.keyring, build(c.locale)),
          nextAttemptAt: now,
          createdAt: now,
        })),
      );
      if (rows.length === 0) return;
      await insertMany(tx, outbox, rows);
      enqueued += rows.length;
    };
    const endSteps: (() => Promise<void>)[] = [];
    const uow: UnitOfWork = {
      tx,
      deps,
      actor,
      now,
      audit: async (entry) => {
        await tx.insert(auditLog).values(auditRow(entry));
      },
      auditMany: async (entries) => {
        await copyMany(tx, auditLog, entries.map(auditRow));
      },
      post: async (target, refKey, build) => {
        const rows = (await resolveTarget(tx, deps, target)).map((d) => postRow(refKey, d, build(d.locale)));
        if (rows.length === 0) return;
        const inserted = await tx
          .insert(outbox)
          .values(rows)
          .onConflictDoNothing()
          .returning({ id: outbox.id });
        enqueued += inserted.length;
      },
      postMany: async (posts) => {
        const userIds = [
          ...new Set(posts.flatMap((p) => (p.target.kind === 'user' ? [p.target.userId] : []))),
        ];
        const found =
          userIds.length > 0
            ? await tx.select(userColumns).from(users).where(inArray(users.id, userIds))
            : [];
        const byId = new Map(found.map((u) => [u.id, u]));
        const rows = posts.flatMap((p) =>
          destinationsOf(deps, p.target, byId).map((d) => postRow(p.refKey, d, p.build(d.locale))),
        );
        enqueued += (await insertMany(tx, outbox, rows, { onConflictDoNothing: true })).length;
      },
      update: async (refKey, build) => updateMany([{ refKey, build }]),
      updateMany,
      together,
      atEnd: (step) => {
        endSteps.push(step);
      },
    };
    const result = await work(uow);
    for (const step of endSteps) await step();
    // NOTIFY is transactional: workers wake only once the rows they would read are committed.
    if (enqueued > 0) await wakeOutbox(tx);
    return result;
  });
}

// Every place each card was posted, or is about to be posted (the post may still sit in the outbox), by refKey.
async function postedCopies(tx: Tx, refKeys: readonly string[]): Promise<Map<string, Destination[]>> {
  const keys = [...new Set(refKeys)];
  if (keys.length === 0) return new Map();
  const refs = await tx
    .select({
      refKey: messageRefs.refKey,
      platform: messageRefs.platform,
      destination: messageRefs.destination,
      locale: messageRefs.locale,
    })
    .from(messageRefs)
    .where(inArray(messageRefs.refKey, keys));
  const pending = await tx
    .select({
      refKey: outbox.refKey,
      platform: outbox.platform,
      destination: outbox.destination,
      locale: outbox.locale,
    })
    .from(outbox)
    .where(and(inArray(outbox.refKey, keys), eq(outbox.op, 'post'), eq(outbox.status, 'pending')));
  const seen = new Map<string, Map<string, Destination>>();
  for (const c of [...refs, ...pending]) {
    const copies = seen.get(c.refKey) ?? new Map<string, Destination>();
    seen.set(c.refKey, copies);
    copies.set(`${c.platform}|${c.destination}`, {
      platform: c.platform as Platform,
      destination: c.destination,
      locale: isLocale(c.locale) ? c.locale : 'en',
    });
  }
  return new Map([...seen].map(([refKey, copies]) => [refKey, [...copies.values()]]));
}

const userColumns = { id: users.id, slack: users.slackUserId, lark: users.larkOpenId, locale: users.locale };
export type TargetUser = { id: string; slack: string | null; lark: string | null; locale: string | null };

export async function resolveTarget(tx: Tx, deps: AppDeps, target: Target): Promise<Destination[]> {
  const found =
    target.kind === 'user'
      ? await tx
          .select(userColumns)
          .from(users)
          .where(inArray(users.id, [target.userId]))
      : [];
  return destinationsOf(deps, target, new Map(found.map((u) => [u.id, u])));
}

// Where a target's copies go: a channel's console room and mapped chats, or a user's console inbox and DMs.
function destinationsOf(
  deps: AppDeps,
  target: Target,
  usersById: ReadonlyMap<string, TargetUser>,
): Destination[] {
  const on = (p: Platform) => deps.platforms.includes(p);
  if (target.kind === 'channel') {
    const channel = own(deps.policy.channels, target.name);
    const locale = deps.policy.org.locale;
    const out: Destination[] = [{ platform: 'console', destination: `channel:${target.name}`, locale }];
    if (channel?.slack && on('slack')) out.push({ platform: 'slack', destination: channel.slack, locale });
    if (channel?.lark && on('lark')) out.push({ platform: 'lark', destination: channel.lark, locale });
    return out;
  }
  const user = usersById.get(target.userId);
  if (!user) return [];
  const locale = isLocale(user.locale) ? user.locale : deps.policy.org.locale;
  const out: Destination[] = [{ platform: 'console', destination: `user:${user.id}`, locale }];
  if (user.slack && on('slack')) out.push({ platform: 'slack', destination: user.slack, locale });
  if (user.lark && on('lark')) out.push({ platform: 'lark', destination: user.lark, locale });
  return out;
}

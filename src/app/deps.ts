// Owns what every use case is given: the database, the policy, the clock and the platforms in use.
import type { Policy } from '../config/policy.ts';
import type { Keyring } from '../crypto/keyring.ts';
import type { Db } from '../db/client.ts';
import type * as schema from '../db/schema.ts';
import type { ApiScope } from '../domain/access/actions.ts';

export type Platform = 'console' | 'slack' | 'lark';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export interface AppDeps {
  db: Db;
  policy: Policy;
  clock: Clock;
  // Platforms with a working transport; the console is always one of them.
  platforms: readonly Platform[];
  // Seals personal data on write, opens it on read, and makes its blind indexes (README "Personal data at rest").
  keyring: Keyring;
}

export type UserRow = typeof schema.users.$inferSelect;

// Who is acting: a roster user (chat, console), an API key (website, ERP, bank) or a job.
export type Actor =
  // `via`: the platform the person acted on, recorded in the audit log ('web': signing in to the web app).
  | { kind: 'user'; user: UserRow; via?: Platform | 'web' }
  // scopes left out: an in-process caller (the demo seed, a test) trusted with every scope; a real key has its list.
  | { kind: 'api'; keyName: string; scopes?: readonly ApiScope[] | undefined }
  | { kind: 'system'; name: string };

export function actorLabel(actor: Actor): string {
  if (actor.kind === 'user') return `user:${actor.user.email}`;
  if (actor.kind === 'api') return `api:${actor.keyName}`;
  return `system:${actor.name}`;
}

// The audit log's platform column: the chat platform a person used, or the kind of caller.
export function actorPlatform(actor: Actor): string | null {
  if (actor.kind === 'user') return actor.via ?? null;
  return actor.kind;
}

export function actorId(actor: Actor): string | null {
  return actor.kind === 'user' ? actor.user.id : null;
}

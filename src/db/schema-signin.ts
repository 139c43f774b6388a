// Owns the tables of web sign-in: local accounts, one-time links, sessions and sign-ins in flight (tokens hashed).
import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './schema.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

// A person who may sign in to the web app; password_hash null: only a one-time link was issued so far.
export const webAccounts = pgTable('web_accounts', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id),
  // "scrypt$N$r$p$salt$hash" (base64): the parameters travel with the hash so they can be raised later.
  passwordHash: text('password_hash'),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export const webSignInLinks = pgTable('web_sign_in_links', {
  tokenHash: text('token_hash').primaryKey(),
  userId: uuid('user_id')
    .notNull()
    .references(() => users.id),
  createdAt: ts('created_at').notNull().defaultNow(),
  expiresAt: ts('expires_at').notNull(),
  usedAt: ts('used_at'),
});

export const webSessions = pgTable(
  'web_sessions',
  {
    // SHA-256 of the cookie's 256-bit token: a leaked table row cannot be replayed as a cookie.
    idHash: text('id_hash').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    createdAt: ts('created_at').notNull(),
    lastSeenAt: ts('last_seen_at').notNull(),
    // The absolute end; idle expiry is counted from last_seen_at.
    expiresAt: ts('expires_at').notNull(),
    csrfSecret: text('csrf_secret').notNull(),
    // password, link, slack or lark: how the person proved who they are.
    method: text('method').notNull(),
  },
  (t) => [index('web_sessions_user_idx').on(t.userId)],
);

// A Slack/Lark sign-in between the redirect out and the callback: state (hashed) and the nonce the id_token must carry.
export const webSignInStates = pgTable('web_sign_in_states', {
  stateHash: text('state_hash').primaryKey(),
  provider: text('provider').notNull(),
  nonce: text('nonce').notNull(),
  next: text('next').notNull(),
  expiresAt: ts('expires_at').notNull(),
});

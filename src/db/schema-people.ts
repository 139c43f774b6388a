// Owns the people tables: the roster (users) and whom each person reported to when.
import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, money, ts } from './schema-columns.ts';

export const users = pgTable('users', {
  id: id(),
  email: text('email').notNull().unique(),
  name: text('name').notNull(),
  roles: text('roles').array().notNull().default(sql`'{rep}'::text[]`),
  region: text('region'),
  industries: text('industries').array().notNull().default(sql`'{}'::text[]`),
  skills: text('skills').array().notNull().default(sql`'{}'::text[]`),
  managerId: uuid('manager_id'),
  slackUserId: text('slack_user_id').unique(),
  larkOpenId: text('lark_open_id').unique(),
  timezone: text('timezone'),
  locale: text('locale'),
  capacity: integer('capacity'),
  // Most leads this person may be offered per local day; null means no limit.
  dailyCapacity: integer('daily_capacity'),
  weight: integer('weight').notNull().default(1),
  // "09:00-18:00 Mon-Fri" in the person's time zone; null means the org's hours.
  workingHours: text('working_hours'),
  active: boolean('active').notNull().default(true),
  outOfOfficeUntil: ts('out_of_office_until'),
  // Own monthly sales target in org-currency minor units (roster target_monthly, `kpi target`); null uses the default.
  targetMonthlyMinor: money('target_monthly_minor'),
  createdAt: createdAt(),
});

// Whom each person reported to and when: reports credit a fact to the manager of its time. A user with no row
// covering an instant falls back to users.manager_id.
export const userManagerHistory = pgTable(
  'user_manager_history',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    managerId: uuid('manager_id').references(() => users.id),
    validFrom: ts('valid_from').notNull(),
    validTo: ts('valid_to'),
  },
  (t) => [
    index('user_manager_history_user_idx').on(t.userId, t.validFrom),
    uniqueIndex('user_manager_history_open_uq').on(t.userId).where(sql`valid_to is null`),
  ],
);

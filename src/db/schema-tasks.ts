// Owns the follow-up tasks table: work the dunning ladder hands to a person (Done / Promise… / Escalate).
import { sql } from 'drizzle-orm';
import {
  bigserial,
  date,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { customers, installments, orders, paymentPromises, users } from './schema.ts';

export type FollowUpTaskStatus = 'open' | 'done' | 'escalated';

export const followUpTasks = pgTable(
  'follow_up_tasks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    // Shown as T-000042.
    seq: bigserial('seq', { mode: 'number' }).notNull().unique(),
    kind: text('kind').$type<'dunning'>().notNull().default('dunning'),
    installmentId: uuid('installment_id')
      .notNull()
      .references(() => installments.id),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id),
    // The dunning step that opened it: with the installment, its unique key.
    offsetDays: integer('offset_days').notNull(),
    assigneeId: uuid('assignee_id')
      .notNull()
      .references(() => users.id),
    // The order's rep when the task opened: still may close it after it is escalated.
    repId: uuid('rep_id')
      .notNull()
      .references(() => users.id),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    status: text('status').$type<FollowUpTaskStatus>().notNull().default('open'),
    promiseId: uuid('promise_id').references(() => paymentPromises.id),
    escalatedFrom: uuid('escalated_from').references(() => users.id),
    closedBy: uuid('closed_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('follow_up_tasks_step_uq').on(t.installmentId, t.offsetDays),
    index('follow_up_tasks_open_idx').on(t.assigneeId, t.dueOn).where(sql`status <> 'done'`),
    index('follow_up_tasks_order_idx').on(t.orderId),
  ],
);

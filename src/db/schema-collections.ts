// Owns the collection tables: installments, dunning steps taken, promises to pay and e-mails to customers.
import { sql } from 'drizzle-orm';
import { date, index, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, money, ts } from './schema-columns.ts';
import { customers } from './schema-customers.ts';
import { orders } from './schema-orders.ts';
import { users } from './schema-people.ts';

export const installments = pgTable(
  'installments',
  {
    id: id(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id),
    position: integer('position').notNull(),
    label: text('label').notNull(),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    amountMinor: money('amount_minor').notNull(),
    currency: text('currency').notNull(),
    paidMinor: money('paid_minor').notNull().default(0),
    paidAt: ts('paid_at'),
    // Set when finance issues the invoice for this installment; the memo of a payment may name it.
    invoiceNo: text('invoice_no'),
    invoiceOn: date('invoice_on', { mode: 'string' }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('installments_uq').on(t.orderId, t.position),
    uniqueIndex('installments_invoice_uq').on(t.invoiceNo).where(sql`${t.invoiceNo} is not null`),
    index('installments_due_idx').on(t.dueOn),
    // Open installments by what they still owe: the amount-only hint for a statement line nobody is named on.
    index('installments_open_amount_idx')
      .on(sql`(${t.amountMinor} - ${t.paidMinor})`, t.currency)
      .where(sql`${t.paidMinor} < ${t.amountMinor}`),
  ],
);

export const dunningEvents = pgTable(
  'dunning_events',
  {
    id: id(),
    installmentId: uuid('installment_id')
      .notNull()
      .references(() => installments.id),
    offsetDays: integer('offset_days').notNull(),
    firedAt: createdAt(),
  },
  // One reminder per installment and step, however many workers race for it.
  (t) => [uniqueIndex('dunning_events_uq').on(t.installmentId, t.offsetDays)],
);

// A customer's promise to pay an order by a date, logged by the rep: the dunning ladder waits until then.
export const paymentPromises = pgTable(
  'payment_promises',
  {
    id: id(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id),
    promisedOn: date('promised_on', { mode: 'string' }).notNull(),
    // open → kept (paid by then) | broken (not paid by then: the ladder resumes) | replaced (a newer promise)
    status: text('status').notNull().default('open'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
    closedAt: ts('closed_at'),
  },
  (t) => [uniqueIndex('payment_promises_open_uq').on(t.orderId).where(sql`status = 'open'`)],
);

// Emails to customers, written in the transaction that decides them and sent by a worker through SMTP.
export const customerEmails = pgTable('customer_emails', {
  id: id(),
  // One per logical email (e.g. the day's consolidated reminder of a customer): a rerun cannot queue it twice.
  idempotencyKey: text('idempotency_key').notNull().unique(),
  customerId: uuid('customer_id').references(() => customers.id),
  to: text('to').notNull(),
  subject: text('subject').notNull(),
  body: text('body').notNull(),
  locale: text('locale').notNull(),
  // The rep who may send it at once or skip it before nextAttemptAt (the review cut-off); null when not reviewed.
  reviewerId: uuid('reviewer_id').references(() => users.id),
  // pending → sent | dead | skipped
  status: text('status').notNull().default('pending'),
  attempts: integer('attempts').notNull().default(0),
  nextAttemptAt: ts('next_attempt_at').notNull().defaultNow(),
  lastError: text('last_error'),
  createdAt: createdAt(),
  sentAt: ts('sent_at'),
});

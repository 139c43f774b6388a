// Owns the record of each order owner's living card: whether it was posted, a fingerprint of what it shows, and the
// orders whose card waits to be shown again.
import { index, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { orders, users } from './schema.ts';

export const orderOwnerCards = pgTable(
  'order_owner_cards',
  {
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => users.id),
    // sha256 of the card as last queued (in English): equal means an edit would change nothing. Empty: the row was
    // claimed to be locked (src/db/owner-card-locks.ts) and the card never posted.
    fingerprint: text('fingerprint').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.orderId, t.ownerId] })],
);

// Queued by a bulk change (a bank statement) in its own transaction; the order-cards job shows each card and deletes
// the row.
export const orderCardRefresh = pgTable(
  'order_card_refresh',
  {
    // No foreign key (0165): checking it locked every queued order inside the statement import's UPDATE.
    orderId: uuid('order_id').primaryKey(),
    queuedAt: timestamp('queued_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [index('order_card_refresh_queued_idx').on(t.queuedAt)],
);

// Owns the record of each order owner's living card: whether it was posted, and a fingerprint of what it shows.
import { pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
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
    // sha256 of the card as last queued (in English): equal means an edit would change nothing.
    fingerprint: text('fingerprint').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.orderId, t.ownerId] })],
);
